// `msk-tools sandbox` limit flags and unusable --data-dir contents, through the built CLI.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RawClient } from '../../helpers/kafka-raw';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import * as K from '../../helpers/kafka-codec';

const cli = join(resolve(__dirname, '../../..'), 'dist/cli.js');
const FREE_PORTS = ['--port', '0', '--api-port', '0', '--secrets-port', '0', '--brokers', '1'];

/** Runs `msk-tools sandbox ARGS`; resolves with its ready line, or with its exit code and stderr. */
function runCli(args: string[]): Promise<{ child: ChildProcess; ready?: { bootstrap: string }; code?: number | null; stderr: () => string }> {
  return new Promise((resolveP) => {
    const child = spawn(process.execPath, [cli, 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolveP({ child, ready: JSON.parse(out.split('\n')[0]) as { bootstrap: string }, stderr: () => err });
    });
    child.on('exit', (code) => { clearTimeout(timer); resolveP({ child, code, stderr: () => err }); });
  });
}

describe('msk-tools sandbox: limits and saved state (CLI)', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('--socket-request-max-bytes and --connections-max-idle-ms reach the brokers', async () => {
    const run = await runCli([...FREE_PORTS, '--socket-request-max-bytes', '1048576', '--connections-max-idle-ms', '400']);
    assert.ok(run.ready, run.stderr());
    try {
      const big = await RawClient.connect(run.ready.bootstrap);
      const head = Buffer.alloc(4);
      head.writeInt32BE(1048577);
      big.write(head);
      assert.equal(await big.nextFrame(5000), null);
      assert.ok(big.closed, 'a frame over --socket-request-max-bytes closes the connection');
      const idle = await RawClient.connect(run.ready.bootstrap);
      await idle.request(ApiKey.ApiVersions, 0, K.encApiVersions(0));
      assert.equal(await idle.nextFrame(5000), null);
      assert.ok(idle.closed, 'closed after --connections-max-idle-ms without traffic');
      assert.match(run.stderr(), /idle for 400 ms \(connections\.max\.idle\.ms\)/);
    } finally {
      run.child.kill('SIGTERM');
    }
  });

  it('rejects limit values out of range as usage errors (exit 2)', async () => {
    const run = await runCli([...FREE_PORTS, '--connections-max-idle-ms', '0']);
    assert.equal(run.code, 2);
    assert.match(run.stderr(), /--connections-max-idle-ms must be a whole number from 1/);
  });

  it('a corrupt meta.json in --data-dir: exit 2, names the file and what to do, leaves it as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msk-cli-bad-state-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'meta.json'), '{"format":1,');
    const run = await runCli([...FREE_PORTS, '--data-dir', dir]);
    assert.equal(run.code, 2, run.stderr());
    assert.match(run.stderr(), new RegExp(`msk-tools: cannot load the sandbox state in .*${join(dir, 'meta.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`));
    assert.match(run.stderr(), /move the folder away \(or delete it\) to start empty, or point --data-dir at another folder/);
    assert.equal(readFileSync(join(dir, 'meta.json'), 'utf8'), '{"format":1,');
  });
});
