// The sandbox in a child process of its own (dist/sandbox-host.js, forked by src/sandbox/process.ts
// as the extension does), and the discovery file through which the CLI finds it: real processes,
// real ports, read with kcat.
import * as assert from 'assert';
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { pidAlive } from '../../../src/core/sandbox-discovery';
import { findLocalSandbox as findRunningSandbox } from '../../../src/kafka/local-sandbox';
import { startSandboxProcess, SandboxStartError, type SandboxProcess } from '../../../src/sandbox/process';
import { requireKcat, runKcat } from '../../helpers/kcat';

const root = resolve(__dirname, '../../..');
const hostScript = join(root, 'dist/sandbox-host.js');
const cli = join(root, 'dist/cli.js');

/** Polls until check() holds (a process exiting, a file going), failing with what it waited for. */
async function until(check: () => boolean | Promise<boolean>, what: string, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the sandbox in a child process', function () {
  this.timeout(120_000);
  let dir: string;
  let kcat: string;
  const env = () => ({ MSK_TOOLS_RUNTIME_DIR: dir });

  before(function () {
    kcat = requireKcat(this);
    assert.ok(existsSync(hostScript), `${hostScript} is missing: run node scripts/build.mjs`);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'msk-sbproc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('started and stopped by its parent', () => {
    let sb: SandboxProcess;
    const logs: string[] = [];
    // a folder of its own: the outer beforeEach gives every test a new one
    const own = mkdtempSync(join(tmpdir(), 'msk-sbproc-'));
    before(async () => {
      sb = await startSandboxProcess({ hostScript, options: { seed: 'demo', owner: 'vscode' }, env: { MSK_TOOLS_RUNTIME_DIR: own }, log: (l) => logs.push(l) });
    });
    after(async () => {
      await sb?.stop();
      rmSync(own, { recursive: true, force: true });
    });

    it('runs in another process, serves kcat, and reports its listeners and log lines', async () => {
      assert.notStrictEqual(sb.pid, process.pid);
      assert.ok(pidAlive(sb.pid));
      assert.match(sb.info.bootstrap, /^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}$/);
      assert.deepStrictEqual(Object.keys(sb.info.listeners).sort(), ['plaintext', 'sasl_iam', 'sasl_plain', 'sasl_scram', 'tls']);
      assert.ok(existsSync(sb.info.caFile));
      assert.ok(logs.some((l) => /seeded demo topics/.test(l)), logs.join('\n'));
      const r = await runKcat(kcat, ['-b', sb.info.bootstrap, '-C', '-t', 'orders', '-o', 'beginning', '-e', '-X', 'check.crcs=true', '-f', '%s\n']);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual(r.stdout.trim().split('\n').length, 60);
    });

    it('writes a 0600 discovery file without secrets, which findRunningSandbox reads', async () => {
      assert.ok(sb.discoveryFile);
      assert.strictEqual(sb.discoveryFile, join(own, `sandbox-${sb.pid}.json`));
      if (process.platform !== 'win32') assert.strictEqual(statSync(sb.discoveryFile).mode & 0o777, 0o600);
      const text = readFileSync(sb.discoveryFile, 'utf8');
      // secretsEndpoint is an address; no key, password or token may appear
      assert.ok(!/secretAccessKey|password|sessionToken|"secret"/i.test(text), text);
      assert.ok(!text.includes(sb.info.iamCredentials.user.secretAccessKey));
      const found = await findRunningSandbox({ dir: own });
      assert.ok(found);
      assert.strictEqual(found.bootstrap, sb.info.bootstrap);
      assert.deepStrictEqual(found.listeners, sb.info.listeners);
      assert.strictEqual(found.pid, sb.pid);
      assert.strictEqual(found.owner, 'vscode');
    });

    it('stops on request: the process exits, its ports close and its discovery file goes', async () => {
      const { pid, discoveryFile } = sb;
      await sb.stop();
      assert.ok(!pidAlive(pid));
      assert.ok(!existsSync(discoveryFile!));
      assert.strictEqual(await findRunningSandbox({ dir: own }), null);
      const r = await runKcat(kcat, ['-b', sb.info.bootstrap, '-L', '-m', '2']);
      assert.notStrictEqual(r.code, 0, 'the brokers still answer');
    });
  });

  it('stops by itself when its parent dies (SIGKILL): no orphan, no discovery file left', async () => {
    // a parent of our own that forks the host and is then killed without a chance to clean up
    const parentCode = `
      const { startSandboxProcess } = require(${JSON.stringify(join(root, 'src/sandbox/process.ts'))});
      startSandboxProcess({ hostScript: ${JSON.stringify(hostScript)}, env: { MSK_TOOLS_RUNTIME_DIR: ${JSON.stringify(dir)} } })
        .then((sb) => console.log(JSON.stringify({ child: sb.pid, file: sb.discoveryFile })));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', parentCode], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((res, rej) => {
      let out = '';
      parent.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) res(out.split('\n')[0]);
      });
      parent.once('exit', (code) => rej(new Error(`the parent exited early (${code})`)));
    });
    const { child, file } = JSON.parse(line) as { child: number; file: string };
    assert.ok(pidAlive(child) && existsSync(file));
    parent.kill('SIGKILL');
    await until(() => !pidAlive(child), `the sandbox process ${child} to exit after its parent was killed`);
    assert.ok(!existsSync(file), 'the discovery file was left behind');
  });

  it('reports a port in use as such, with what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(
        startSandboxProcess({ hostScript, options: { port, brokers: 1 }, env: env() }),
        (err: unknown) => {
          assert.ok(err instanceof SandboxStartError);
          assert.strictEqual(err.code, 'EADDRINUSE');
          assert.match(err.message, /already in use.*Stop the program that holds it/);
          return true;
        },
      );
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('is killed when the start is cancelled', async () => {
    const abort = new AbortController();
    const logs: string[] = [];
    const started = startSandboxProcess({ hostScript, options: { seed: 'demo' }, env: env(), signal: abort.signal, log: (l) => logs.push(l) });
    await until(() => logs.length > 0, 'the first log line');
    abort.abort();
    await assert.rejects(started, { name: 'AbortError' });
    assert.strictEqual(await findRunningSandbox({ dir }), null);
  });

  it('tells its parent when it dies, and the stale discovery file is then ignored and removed', async () => {
    const sb = await startSandboxProcess({ hostScript, options: { brokers: 1 }, env: env() });
    process.kill(sb.pid, 'SIGKILL');
    assert.deepStrictEqual(await sb.exited, { code: null, signal: 'SIGKILL' });
    assert.ok(existsSync(sb.discoveryFile!), 'SIGKILL leaves the file (nothing runs in the child)');
    assert.strictEqual(await findRunningSandbox({ dir }), null);
    assert.ok(!existsSync(sb.discoveryFile!));
  });

  it('msk-tools sandbox writes a discovery file while it runs and removes it on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--api-port', '0', '--secrets-port', '0', '--brokers', '1', '--quiet'], {
      env: { ...process.env, ...env() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ready = await new Promise<{ bootstrap: string; listeners: Record<string, string> }>((res, rej) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) res(JSON.parse(out.split('\n')[0]) as { bootstrap: string; listeners: Record<string, string> });
      });
      child.once('exit', (code) => rej(new Error(`msk-tools sandbox exited early (${code})`)));
    });
    // the CLI writes the file just after its ready line: wait for it rather than race it
    await until(async () => (await findRunningSandbox({ dir })) !== null, 'the CLI sandbox\'s discovery file', 10_000);
    const found = await findRunningSandbox({ dir });
    assert.ok(found);
    assert.strictEqual(found.pid, child.pid);
    assert.strictEqual(found.bootstrap, ready.bootstrap);
    assert.deepStrictEqual(found.listeners, ready.listeners);
    assert.strictEqual(found.owner, 'cli');
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
    child.kill('SIGTERM');
    assert.deepStrictEqual(await exited, { code: 0, signal: null });
    assert.ok(!existsSync(join(dir, `sandbox-${child.pid}.json`)));
  });
});
