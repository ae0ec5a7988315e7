// The msk-tools command (dist/cli.js, src/cli/launch.ts) loads the CLI's bundles through V8's code
// cache: real processes of the built CLI, each with a cache folder of its own.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { CLI, requireBuiltCli } from '../../helpers/cli-process';

const dist = resolve(__dirname, '../../../dist');
const { version } = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };

function run(cli: string, args: string[], cacheEnv: NodeJS.ProcessEnv, cwd?: string) {
  const env = { ...process.env, ...cacheEnv };
  delete env.NODE_OPTIONS;
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, cwd, timeout: 60_000 });
}

/** The cache files in dir, by name: inode, size and mode. */
function files(dir: string): Map<string, { ino: number; size: number; mode: number }> {
  if (!existsSync(dir)) return new Map();
  return new Map(readdirSync(dir).map((f) => {
    const st = statSync(join(dir, f));
    return [f, { ino: st.ino, size: st.size, mode: st.mode & 0o777 }];
  }));
}

describe('msk-tools start-up: the code cache of its bundles', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => requireBuiltCli());
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'msk-cc-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes a private cache of the CLI on the first run and reads it, unchanged, on the next', () => {
    const dir = join(tmp, 'cache');
    const first = run(CLI, ['--version'], { MSK_TOOLS_COMPILE_CACHE_DIR: dir });
    assert.strictEqual(first.status, 0, first.stderr);
    assert.strictEqual(first.stdout.trim(), version);
    const written = files(dir);
    const names = [...written.keys()];
    assert.strictEqual(names.length, 1, names.join(', '));
    assert.match(names[0], new RegExp(`^cli-main\\.js\\.[0-9a-z]+\\.\\d+-\\d+-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
    const entry = written.get(names[0])!;
    assert.ok(entry.size > 10_000, `a cache of ${entry.size} bytes`);
    assert.strictEqual(entry.mode, 0o600);
    assert.strictEqual(statSync(dir).mode & 0o777, 0o700);

    const second = run(CLI, ['--version'], { MSK_TOOLS_COMPILE_CACHE_DIR: dir });
    assert.strictEqual(second.status, 0, second.stderr);
    assert.strictEqual(second.stdout.trim(), version);
    // V8 took the cache: a rejected one is written again, by a rename to a new file
    assert.deepStrictEqual(files(dir), written);
  });

  it('caches a chunk that a command loads (lint.js), and the command works the same with and without a cache', () => {
    const dir = join(tmp, 'cache');
    const props = join(tmp, 'producer.properties');
    writeFileSync(props, 'bootstrap.servers=b-1.example.kafka.us-east-1.amazonaws.com:9098\nacks=1\n');
    const runs = [
      run(CLI, ['lint', '--format', 'json', props], { MSK_TOOLS_COMPILE_CACHE: '0' }),
      run(CLI, ['lint', '--format', 'json', props], { MSK_TOOLS_COMPILE_CACHE_DIR: dir }),
      run(CLI, ['lint', '--format', 'json', props], { MSK_TOOLS_COMPILE_CACHE_DIR: dir }),
    ];
    for (const r of runs) assert.notStrictEqual(r.status, null, r.stderr);
    assert.ok(runs[0].stdout.includes('MSK00'), runs[0].stdout);
    assert.deepStrictEqual(runs.map((r) => [r.status, r.stdout]), runs.map(() => [runs[0].status, runs[0].stdout]));
    assert.deepStrictEqual([...files(dir).keys()].map((f) => f.split('.js.')[0]).sort(), ['cli-main', 'lint']);
  });

  it('replaces a cache that V8 rejects, and still runs the command', () => {
    const dir = join(tmp, 'cache');
    assert.strictEqual(run(CLI, ['--version'], { MSK_TOOLS_COMPILE_CACHE_DIR: dir }).status, 0);
    const [name] = [...files(dir).keys()];
    writeFileSync(join(dir, name), Buffer.alloc(4096, 0x5a));
    const before = files(dir).get(name)!;
    const r = run(CLI, ['--version'], { MSK_TOOLS_COMPILE_CACHE_DIR: dir });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stdout.trim(), version);
    const after = files(dir).get(name)!;
    assert.notStrictEqual(after.ino, before.ino);
    assert.notDeepStrictEqual(readFileSync(join(dir, name)), Buffer.alloc(4096, 0x5a));
  });

  it('keys the cache on the file: a rebuilt bundle gets a new cache and the old one is removed', () => {
    // a copy of the CLI's two files, whose bundle can be "rebuilt" (its time changed)
    const copy = join(tmp, 'dist');
    const dir = join(tmp, 'cache');
    mkdirSync(copy);
    for (const f of ['cli.js', 'cli-main.js']) copyFileSync(join(dist, f), join(copy, f));
    assert.strictEqual(run(join(copy, 'cli.js'), ['--version'], { MSK_TOOLS_COMPILE_CACHE_DIR: dir }).status, 0);
    const old = [...files(dir).keys()];
    assert.strictEqual(old.length, 1);
    utimesSync(join(copy, 'cli-main.js'), new Date(), new Date(Date.now() - 86_400_000));
    const r = run(join(copy, 'cli.js'), ['--version'], { MSK_TOOLS_COMPILE_CACHE_DIR: dir });
    assert.strictEqual(r.status, 0, r.stderr);
    const now = [...files(dir).keys()];
    assert.strictEqual(now.length, 1, now.join(', '));
    assert.notStrictEqual(now[0], old[0]);
    // the installation in dist/ has caches of its own: the copy's rebuild leaves them alone
    assert.strictEqual(run(CLI, ['--version'], { MSK_TOOLS_COMPILE_CACHE_DIR: dir }).status, 0);
    assert.strictEqual(files(dir).size, 2);
    assert.strictEqual(run(join(copy, 'cli.js'), ['--version'], { MSK_TOOLS_COMPILE_CACHE_DIR: dir }).status, 0);
    assert.strictEqual(files(dir).size, 2);
  });

  it('writes nothing when turned off, and runs when the cache folder cannot be written', () => {
    const off = run(CLI, ['--version'], { MSK_TOOLS_COMPILE_CACHE: '0', XDG_CACHE_HOME: join(tmp, 'xdg') });
    assert.strictEqual(off.status, 0, off.stderr);
    assert.strictEqual(off.stdout.trim(), version);
    assert.strictEqual(existsSync(join(tmp, 'xdg')), false);

    const onXdg = run(CLI, ['--version'], { XDG_CACHE_HOME: join(tmp, 'xdg') });
    assert.strictEqual(onXdg.status, 0, onXdg.stderr);
    assert.strictEqual(files(join(tmp, 'xdg', 'msk-tools', 'v8')).size, 1);

    const blocked = join(tmp, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder would go');
    const r = run(CLI, ['no-such-command'], { MSK_TOOLS_COMPILE_CACHE_DIR: join(blocked, 'v8') });
    assert.strictEqual(r.status, 2, r.stderr);
    assert.match(r.stderr, /unknown command 'no-such-command'/);
    assert.doesNotMatch(r.stderr, /ENOTDIR|EEXIST|Error:/);
  });
});
