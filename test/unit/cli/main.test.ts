import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { main, EXIT } from '../../../src/cli/main';

const root = path.resolve(__dirname, '../../..');

describe('msk-tools CLI shell', () => {
  it('prints its version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (out.push(String(s)), true));
    try {
      assert.strictEqual(await main(['--version']), EXIT.ok);
    } finally {
      process.stdout.write = write;
    }
    assert.strictEqual(out.join('').trim(), version);
  });

  it('exits 2 with usage on stderr for an unknown subcommand', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'no-such-command'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /unknown command 'no-such-command'/);
    assert.match(r.stderr, /msk-tools --help/);
  });

  it('exits 2 and prints help when called with no arguments', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js')], { encoding: 'utf8' });
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /Usage: msk-tools/);
  });

  it('lists its subcommands in --help and exits 0', () => {
    const out = execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), '--help'], { encoding: 'utf8' });
    for (const sub of ['clusters', 'peek', 'produce']) assert.match(out, new RegExp(`\\b${sub}\\b`));
  });

  it('exits 2 for an unknown option', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), '--bogus'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /unknown option '--bogus'/);
  });
});
