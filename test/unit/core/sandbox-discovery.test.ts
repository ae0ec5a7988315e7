// The discovery files through which the CLI finds a running sandbox: format, permissions, and which
// entry wins. The port check runs against a real listening socket (and a closed port).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'fs';
import { createServer, type Server } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { discoveryDir, discoveryFile, findRunningSandbox as findWith, listDiscoveries, parseDiscovery, removeDiscovery, writeDiscovery } from '../../../src/core/sandbox-discovery';
import { tcpProbe } from '../../../src/kafka/local-sandbox';

/** The real TCP probe of src/kafka against real sockets (the core module takes it as a parameter). */
const findRunningSandbox = (o: { dir: string }) => findWith({ ...o, probe: tcpProbe });

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('sandbox discovery files', () => {
  let dir: string;
  let server: Server;
  let port: number;

  before(async () => {
    server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'msk-disc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entry = (over: Partial<Parameters<typeof writeDiscovery>[0]> = {}) => ({
    pid: process.pid,
    startedAt: '2026-12-02T10:00:00.000Z',
    owner: 'cli' as const,
    bootstrap: `127.0.0.1:${port}`,
    listeners: { plaintext: `127.0.0.1:${port}`, tls: '127.0.0.1:1' },
    caFile: '/tmp/ca.pem',
    ...over,
  });

  it('picks the folder from MSK_TOOLS_RUNTIME_DIR, then XDG_RUNTIME_DIR, then the home folder', () => {
    assert.strictEqual(discoveryDir({ MSK_TOOLS_RUNTIME_DIR: '/x/y', XDG_RUNTIME_DIR: '/run/user/1' }), '/x/y');
    assert.strictEqual(discoveryDir({ XDG_RUNTIME_DIR: '/run/user/1' }), '/run/user/1/msk-tools');
    assert.match(discoveryDir({}), /[/\\]\.msk-tools$/);
  });

  it('writes a 0600 file named after the pid, in a folder it creates, and finds it while the port answers', async () => {
    const sub = join(dir, 'nested');
    const file = writeDiscovery(entry(), sub);
    assert.strictEqual(file, discoveryFile(process.pid, sub));
    if (process.platform !== 'win32') {
      assert.strictEqual(statSync(file).mode & 0o777, 0o600);
      assert.strictEqual(statSync(sub).mode & 0o777, 0o700);
    }
    assert.deepStrictEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 1, ...entry() });
    const found = await findRunningSandbox({ dir: sub });
    assert.ok(found);
    assert.strictEqual(found.bootstrap, `127.0.0.1:${port}`);
    assert.deepStrictEqual(found.listeners, entry().listeners);
    assert.strictEqual(found.pid, process.pid);
    assert.strictEqual(found.caFile, '/tmp/ca.pem');
    assert.deepStrictEqual(readdirSync(sub), [`sandbox-${process.pid}.json`], 'no temp file is left behind');
  });

  it('answers null when nothing is running, when the folder is missing, and when the port does not answer', async () => {
    assert.strictEqual(await findRunningSandbox({ dir: join(dir, 'missing') }), null);
    assert.strictEqual(await findRunningSandbox({ dir }), null);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    writeDiscovery(entry({ bootstrap: `127.0.0.1:${closedPort}` }), dir);
    assert.strictEqual(await findRunningSandbox({ dir }), null);
  });

  it('removes the entry of a process that is gone, and skips files that are not entries', async () => {
    const dead = deadPid();
    writeDiscovery(entry({ pid: dead }), dir);
    writeFileSync(join(dir, 'sandbox-123.json'), '{not json');
    writeFileSync(join(dir, 'sandbox-124.json'), JSON.stringify({ version: 1, pid: 999, bootstrap: 'x:1', startedAt: 'z', listeners: {} })); // pid differs from the name
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    assert.strictEqual(await findRunningSandbox({ dir }), null);
    assert.ok(!readdirSync(dir).includes(`sandbox-${dead}.json`), 'the dead process\'s entry was not removed');
    assert.ok(readdirSync(dir).includes('notes.txt'));
  });

  it('prefers the newest of several live sandboxes', async () => {
    // the parent of this process is alive too (the test runner's shell or mocha)
    writeDiscovery(entry({ pid: process.ppid, startedAt: '2026-12-02T09:00:00.000Z', bootstrap: `127.0.0.1:${port},127.0.0.1:2` }), dir);
    writeDiscovery(entry({ startedAt: '2026-12-02T11:00:00.000Z', owner: 'vscode' }), dir);
    assert.deepStrictEqual(listDiscoveries(dir).map((e) => e.pid), [process.pid, process.ppid]);
    const found = await findRunningSandbox({ dir });
    assert.strictEqual(found?.pid, process.pid);
    assert.strictEqual(found?.owner, 'vscode');
    removeDiscovery(process.pid, dir);
    assert.strictEqual((await findRunningSandbox({ dir }))?.pid, process.ppid);
  });

  it('rejects malformed entries field by field', () => {
    const ok = { version: 1, pid: 5, startedAt: 't', bootstrap: 'h:1,h:2', listeners: { plaintext: 'h:1', bad: 3 } };
    assert.deepStrictEqual(parseDiscovery(JSON.stringify(ok))?.listeners, { plaintext: 'h:1' });
    for (const bad of [{ ...ok, version: 2 }, { ...ok, pid: -1 }, { ...ok, pid: 1.5 }, { ...ok, bootstrap: 'nohost' }, { ...ok, bootstrap: 'h:1, h:2' }, { ...ok, listeners: null }, { ...ok, startedAt: 1 }, null, [], 'x']) {
      assert.strictEqual(parseDiscovery(JSON.stringify(bad)), undefined, JSON.stringify(bad));
    }
  });
});
