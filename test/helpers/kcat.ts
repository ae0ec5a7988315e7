// kcat (librdkafka 2.0.2) as a real peer: locate it, run it, and start librdkafka's mock cluster.
// In CI (CI=true) a missing kcat fails the suite; elsewhere the caller skips with a loud warning.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function findKcat(): string | null {
  for (const p of [process.env.KCAT, '/usr/bin/kcat', '/usr/local/bin/kcat', '/usr/bin/kafkacat']) {
    if (p && existsSync(p)) return p;
  }
  const r = spawnSync('sh', ['-c', 'command -v kcat || command -v kafkacat'], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return found ? found : null;
}

/**
 * For a mocha before(): returns the kcat path. Without kcat: throws in CI, otherwise warns loudly
 * and skips the suite.
 */
export function requireKcat(ctx: Mocha.Context): string {
  const kcat = findKcat();
  if (kcat) return kcat;
  const msg = 'kcat not found: install it with `apt-get install -y kcat` (see shared/testing/real-peers.md)';
  // the same test as scripts/lib/tools.mjs inCI(): CI=true or CI=1
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(msg);
  console.warn(`\n\n  !!! SKIPPING: ${msg}\n\n`);
  ctx.skip();
  throw new Error('unreachable');
}

export interface KcatResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs kcat with args (stdin from `input`), bounded by timeoutMs. */
export function runKcat(kcat: string, args: string[], opts: { input?: string | Buffer; timeoutMs?: number } = {}): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(kcat, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

export interface MockCluster {
  bootstrap: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts librdkafka's mock cluster inside a long-lived `kcat -C` (real-peers.md §2) and returns its
 * bootstrap address. The cluster lives as long as that process.
 */
export async function startMockCluster(kcat: string, brokers = 3, timeoutMs = 10000): Promise<MockCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'rdmock-'));
  const errFile = join(dir, 'mock.err');
  const { openSync, closeSync } = await import('node:fs');
  const fd = openSync(errFile, 'w');
  const child: ChildProcess = spawn(kcat, ['-b', 'ignored:1', '-X', `test.mock.num.brokers=${brokers}`, '-C', '-t', 'keepalive', '-o', 'end', '-q'], {
    stdio: ['ignore', 'ignore', fd],
  });
  closeSync(fd);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = existsSync(errFile) ? readFileSync(errFile, 'utf8') : '';
    const m = /replaced with ([0-9.:,]+)/.exec(text);
    if (m) return { bootstrap: m[1].replace(/,$/, ''), pid: child.pid!, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error('librdkafka mock cluster did not report its brokers');
}
