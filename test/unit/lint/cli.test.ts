import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { runLint as runLintWith, type LintCommandOptions, type LintIo } from '../../../src/cli/lint';
import { UsageError } from '../../../src/cli/main';
import { FIXTURES } from './helpers';
import * as engine from '../../../src/core/lint/index';

// runLint loads the engine with import() (a lazy chunk in the bundle); mocha + tsx/cjs cannot resolve
// a dynamic import of TypeScript, so the tests hand it the engine directly.
const runLint = (paths: string[], opts: LintCommandOptions, o: LintIo) => runLintWith(paths, opts, o, () => Promise.resolve(engine));

/** A row of `--format json`, and the parts of a SARIF log these tests read. */
interface JsonRow { file: string; message: string }
interface SarifResult { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }
interface SarifLog { version: string; runs: { tool: { driver: { name: string; informationUri?: string; rules: { id: string; helpUri?: string; help: { text: string; markdown?: string } }[] } }; results: SarifResult[] }[] }

/**
 * The real CLI in a child process, for reads that fail on permissions. Root reads files and folders
 * of mode 000 anyway, so as root the child runs as nobody (uid 65534), for whom the mode holds: a
 * real EACCES, not a mock. `dir` must be open to that user. So must the CLI's code, and the checkout
 * may sit in a folder nobody cannot enter (mktemp -d makes 0700 folders): the child runs the CLI
 * bundled by esbuild into a folder of its own under the system's temp folder.
 */
let cliBundleDir: string | undefined;
function cliBundle(): string {
  if (!cliBundleDir) {
    cliBundleDir = mkdtempSync(join(tmpdir(), 'msk-lint-cli-bin-'));
    chmodSync(cliBundleDir, 0o755);
    buildSync({
      entryPoints: [resolve(__dirname, '../../../src/cli/main.ts')], outfile: join(cliBundleDir, 'cli.js'),
      bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'error',
      external: ['*.node'], // ssh2's optional native addons: it falls back to JavaScript without them
    });
  }
  return join(cliBundleDir, 'cli.js');
}
after(() => { if (cliBundleDir) rmSync(cliBundleDir, { recursive: true, force: true }); });

function cliAsUser(args: string[], dir: string) {
  chmodSync(dir, 0o755); // mkdtemp makes it 0700
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  return spawnSync(process.execPath, [cliBundle(), ...args], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir }, timeout: 60_000, ...asNobody,
  });
}

function io(cwd: string): LintIo & { stdout: string; stderr: string } {
  const o = { stdout: '', stderr: '', cwd, out: (s: string) => void (o.stdout += s), err: (s: string) => void (o.stderr += s) };
  return o;
}

describe('msk-tools lint (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'msk-lint-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };

  it('prints json with 1-based positions and the path as found; exit 1 on an error finding', async () => {
    write('conf/producer.properties', 'key.serializer=x\nenable.idempotence=true\nacks=1\n');
    const o = io(dir);
    const code = await runLint([join(dir, 'conf')], { format: 'json' }, o);
    assert.equal(code, 1);
    const rows = JSON.parse(o.stdout) as JsonRow[];
    assert.deepEqual(rows[0], {
      file: join(dir, 'conf', 'producer.properties'), line: 3, column: 6, endLine: 3, endColumn: 7, ruleId: 'MSK002', severity: 'error',
      message: rows[0].message,
    });
    assert.equal(rows.length, 2);
  });

  it('exits 0 when findings are only warnings, via .msk-lint.json in the current folder', async () => {
    write('.msk-lint.json', JSON.stringify({ rules: { MSK002: 'warning', MSK004: 'off' } }));
    write('p.properties', 'key.serializer=x\nenable.idempotence=true\nacks=1\n');
    const o = io(dir);
    assert.equal(await runLint([join(dir, 'p.properties')], {}, o), 0);
    assert.match(o.stdout, /warning MSK002/);
    assert.doesNotMatch(o.stdout, /MSK004/);
  });

  it('takes --max-message-bytes and --config', async () => {
    write('p.properties', 'key.serializer=x\nacks=all\nenable.idempotence=true\nmax.request.size=3000000\n');
    write('cfg.json', JSON.stringify({ maxMessageBytes: 2000000 }));
    assert.equal(await runLint([join(dir, 'p.properties')], { maxMessageBytes: '4000000' }, io(dir)), 0);
    assert.equal(await runLint([join(dir, 'p.properties')], { config: join(dir, 'cfg.json') }, io(dir)), 1);
    await assert.rejects(runLint([join(dir, 'p.properties')], { maxMessageBytes: 'lots' }, io(dir)), UsageError);
    await assert.rejects(runLint([join(dir, 'p.properties')], { config: join(dir, 'missing.json') }, io(dir)), (e: Error) => e instanceof UsageError && e.message.includes('missing.json'));
    await assert.rejects(runLint([join(dir, 'p.properties')], { format: 'xml' }, io(dir)), UsageError);
  });

  it('skips node_modules, .git and git-ignored files', async () => {
    const bad = 'key.serializer=x\nacks=0\n';
    mkdirSync(join(dir, '.git'));
    write('.gitignore', 'build/\n*.local.properties\n');
    write('build/p.properties', bad);
    write('node_modules/lib/p.properties', bad);
    write('.git/p.properties', bad);
    write('src/app.local.properties', bad);
    write('src/.gitignore', 'secret/\n');
    write('src/secret/p.properties', bad);
    write('src/p.properties', bad);
    const o = io(dir);
    await runLint([join(dir, 'src')], { format: 'json' }, o);
    const files = [...new Set((JSON.parse(o.stdout) as JsonRow[]).map((r) => r.file))];
    assert.deepEqual(files, [join(dir, 'src', 'p.properties')]);
  });

  it('exits 2 naming an unreadable or missing input', async () => {
    const o = io(dir);
    assert.equal(await runLint([join(dir, 'nope.properties')], {}, o), 2);
    assert.match(o.stderr, /nope\.properties: no such file/);
    write('locked.properties', 'acks=all\n');
    chmodSync(join(dir, 'locked.properties'), 0);
    const r = cliAsUser(['lint', 'locked.properties'], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /cannot read locked\.properties: permission denied/);
  });

  it('writes SARIF 2.1.0 with rules, relative URIs and regions', async () => {
    const o = io(FIXTURES);
    await runLint(['properties/producer-missing.properties', 'kafkajs'], { format: 'sarif' }, o);
    const log = JSON.parse(o.stdout) as SarifLog;
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'msk-tools');
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['MSK001', 'MSK002', 'MSK003', 'MSK004', 'MSK005', 'MSK006', 'MSK007']);
    for (const r of run.results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(r.level));
      const loc = r.locations[0].physicalLocation;
      assert.ok(!loc.artifactLocation.uri.startsWith('/') && !loc.artifactLocation.uri.includes('\\'));
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    }
    assert.ok(run.results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'properties/producer-missing.properties'));
    // no web address (the project has none yet): each rule's help is its packaged doc page
    assert.equal(run.tool.driver.informationUri, undefined);
    for (const r of run.tool.driver.rules) {
      assert.equal(r.helpUri, undefined);
      assert.match(r.help.text, new RegExp(`docs/rules/${r.id}\\.md`));
      assert.match(r.help.markdown ?? '', new RegExp(`^# ${r.id} \``));
    }
    assert.ok(!o.stdout.includes('example.invalid'));
  });

  it('writes GitHub workflow-command annotations', async () => {
    const o = io(FIXTURES);
    await runLint(['properties/producer-acks1.properties'], { format: 'github' }, o);
    const lines = o.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^::error file=properties\/producer-acks1\.properties,line=5,col=6,endLine=5,endColumn=7,title=MSK002 acks-not-all::acks=1 /);
  });

  it('lints an explicitly named file of any extension as .properties', async () => {
    write('kcat.conf', 'metadata.broker.list=localhost:9092\nrequest.required.acks=0\n');
    const o = io(dir);
    assert.equal(await runLint([join(dir, 'kcat.conf')], {}, o), 1);
    assert.match(o.stdout, /MSK002/);
  });

  it('reports an unreadable subfolder by its own path, lints the rest, and exits 2', function () {
    this.timeout(60_000);
    const bad = 'key.serializer=x\nacks=0\n';
    write('tree/a-locked/p.properties', bad);
    write('tree/b-open/p.properties', bad);
    chmodSync(join(dir, 'tree', 'a-locked'), 0);
    const r = cliAsUser(['lint', '--format', 'json', 'tree'], dir);
    chmodSync(join(dir, 'tree', 'a-locked'), 0o755);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`cannot read ${join('tree', 'a-locked').replace(/\\/g, '\\\\')}: permission denied`));
    assert.doesNotMatch(r.stderr, /cannot read tree:/);
    const files = [...new Set((JSON.parse(r.stdout) as JsonRow[]).map((x) => x.file))];
    assert.deepEqual(files, [join('tree', 'b-open', 'p.properties')]);
  });

  it('follows symbolic links to files inside the walked folder only', async () => {
    const bad = 'key.serializer=x\nacks=0\n';
    write('outside/secret.properties', bad);
    write('repo/conf/p.properties', bad);
    symlinkSync(join(dir, 'outside', 'secret.properties'), join(dir, 'repo', 'conf', 'escape.properties'));
    symlinkSync(join(dir, 'repo', 'conf', 'p.properties'), join(dir, 'repo', 'alias.properties'));
    symlinkSync(join(dir, 'outside'), join(dir, 'repo', 'outside-dir'));
    const o = io(dir);
    await runLint(['repo'], { format: 'json' }, o);
    const files = [...new Set((JSON.parse(o.stdout) as JsonRow[]).map((x) => x.file))].sort();
    assert.deepEqual(files, [join('repo', 'alias.properties'), join('repo', 'conf', 'p.properties')]);
  });

  it('gives SARIF locations outside the working directory as file:// URIs, never ../', async () => {
    write('shared/p.properties', 'key.serializer=x\nacks=0\n');
    write('app/conf/q.properties', 'key.serializer=x\nacks=0\n');
    const o = io(join(dir, 'app'));
    await runLint(['../shared/p.properties', 'conf'], { format: 'sarif' }, o);
    const log = JSON.parse(o.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[] };
    const locs = log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation);
    assert.ok(locs.length >= 2);
    for (const l of locs) assert.ok(!l.uri.includes('../'), l.uri);
    assert.ok(locs.some((l) => l.uri === pathToFileURL(join(dir, 'shared', 'p.properties')).href && l.uriBaseId === undefined));
    assert.ok(locs.some((l) => l.uri === 'conf/q.properties' && l.uriBaseId === 'SRCROOT'));
  });
});
