// Starts a real VS Code (code-server) and opens it in headless Chromium through playwright-core.
// Used by the extension-host suite (test/vscode) and the UI tests (test/ui).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTools } from './tools.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** The last `n` lines of a log kept as chunks. */
export function lastLines(chunks, n = 40) {
  return chunks.join('').split('\n').filter((l) => l.trim()).slice(-n).join('\n');
}

async function waitHttp(url, ms, cs) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (cs.exit) throw new Error(`code-server exited (${describeExit(cs.exit)}) while starting:\n${lastLines(cs.logs)}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${ms} ms:\n${lastLines(cs.logs)}`);
}

export function describeExit({ code, signal }) {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

/**
 * Starts code-server with an isolated user-data and extensions folder.
 * Returns { port, base, env, stop }. `env` extras are passed to code-server and so to the extension host.
 */
export async function startCodeServer({ env = {}, settings = {}, port: wantedPort, extensionsDir } = {}) {
  const tools = findTools();
  if (tools.missing.length) throw new Error(`missing test tools:\n  ${tools.missing.join('\n  ')}`);
  const work = mkdtempSync(join(tmpdir(), 'msk-cs-'));
  const userData = join(work, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    ...settings,
  }, null, 2));
  const port = wantedPort ?? (await freePort());
  const extDir = extensionsDir ?? join(work, 'extensions');
  const logs = [];
  const proc = spawn(tools.node24, [
    tools.codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', userData, '--extensions-dir', extDir,
    '--vscode-option', 'enable-smoke-test-driver',
  ], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => logs.push(String(d)));
  proc.stderr.on('data', (d) => logs.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const cs = {
    port, base, work, logs, proc,
    /** { code, signal } once the process has ended (by a signal, exitCode stays null): watch this, not exitCode. */
    exit: undefined,
    /** Resolves with `exit` when the process ends. */
    exited: undefined,
    async stop() {
      if (!cs.exit) {
        proc.kill('SIGTERM');
        await Promise.race([cs.exited, new Promise((r) => setTimeout(r, 5000))]);
        if (!cs.exit) proc.kill('SIGKILL');
      }
      rmSync(work, { recursive: true, force: true });
    },
  };
  cs.exited = new Promise((r) => proc.once('exit', (code, signal) => r((cs.exit = { code, signal }))));
  try {
    await waitHttp(`${base}/healthz`, 60_000, cs);
  } catch (err) {
    await cs.stop();
    throw err;
  }
  return cs;
}

/** The URL that opens `folder` with our extension loaded for development (and optionally a test module). */
export function workbenchUrl(cs, { folder, extensionPath = repoRoot, testsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)], ['skipWelcome', 'true']];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  q.set('payload', JSON.stringify(payload));
  return `${cs.base}/?${q.toString()}`;
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const tools = findTools();
  return chromium.launch({ executablePath: tools.chromium, args: CHROMIUM_ARGS, headless: true });
}

/** Installs a .vsix into an extensions folder, offline, exactly as a user would. */
export function installVsix(vsix, extensionsDir) {
  const tools = findTools();
  if (tools.missing.length) throw new Error(`missing tools:\n  ${tools.missing.join('\n  ')}`);
  execFileSync(tools.node24, [tools.codeServer, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
}
