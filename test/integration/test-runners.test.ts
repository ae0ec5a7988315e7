// The test runners fail when they ran nothing: scripts/test.mjs on a layer that runs no test (with
// CI=true), and the online extension-host runner (run-electron.mjs) on zero tests or no results file.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { pathToFileURL } from 'url';

const root = resolve(__dirname, '../..');

interface Results { done: boolean; passed: number; failed: number; pending: number; fatal?: string; outcomes: unknown[] }
interface RunTestsOptions { extensionTestsEnv: Record<string, string>; extensionTestsPath: string }
interface ElectronRunner {
  runElectronSuite(o: { runTests: (o: RunTestsOptions) => Promise<number>; build: boolean }): Promise<{ results?: Results; problems: string[] }>;
}

describe('scripts/test.mjs on a layer that runs no test', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'msk-runner-'));
    mkdirSync(join(dir, 'empty/integration'), { recursive: true });
    writeFileSync(join(dir, 'empty/integration/nothing.test.ts'), "describe('a suite with no test', () => {});\n");
    mkdirSync(join(dir, 'one/integration'), { recursive: true });
    writeFileSync(join(dir, 'one/integration/one.test.ts'), "import * as assert from 'assert';\ndescribe('one', () => { it('passes', () => assert.ok(true)); });\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (testDir: string, ci: boolean) => {
    const r = spawnSync(process.execPath, [join(root, 'scripts/test.mjs'), 'integration', '--no-checks'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, CI: ci ? 'true' : '', MSK_TEST_DIR: testDir },
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it('fails with CI=true when the layer has test files but no test', () => {
    const r = run(join(dir, 'empty'), true);
    assert.strictEqual(r.code, 1, r.out);
    assert.match(r.out, /integration: ran no test .*CI=true needs every layer to run/);
    assert.match(r.out, /^tests: 0 passed, 1 failed, 0 skipped$/m);
  });

  it('fails with CI=true when the layer has no test file at all', () => {
    const r = run(join(dir, 'missing'), true);
    assert.strictEqual(r.code, 1, r.out);
    assert.match(r.out, /integration: ran no test/);
  });

  it('only warns without CI, and passes a layer that runs a test in CI', () => {
    const warned = run(join(dir, 'empty'), false);
    assert.strictEqual(warned.code, 0, warned.out);
    assert.match(warned.out, /INTEGRATION: RAN NO TEST/);
    const ok = run(join(dir, 'one'), true);
    assert.strictEqual(ok.code, 0, ok.out);
    assert.match(ok.out, /^tests: 1 passed, 0 failed, 0 skipped$/m);
  });
});

describe('the online extension-host runner (run-electron.mjs) judges as the offline one does', function () {
  this.timeout(60_000);
  let runner: ElectronRunner;
  before(async () => {
    runner = (await import(pathToFileURL(join(root, 'test/vscode/run-electron.mjs')).href)) as ElectronRunner;
  });

  // Only the download and launch of VS Code are replaced: the runner gets what the suite would write.
  const withResults = (results: Results | undefined) => runner.runElectronSuite({
    build: false,
    runTests: (o) => {
      assert.ok(o.extensionTestsPath.endsWith(join('out', 'test', 'vscode', 'index.js')));
      if (results) writeFileSync(o.extensionTestsEnv.MSK_TEST_RESULTS, JSON.stringify(results));
      return Promise.resolve(0);
    },
  });

  it('fails when the suite ran zero tests', async () => {
    const { problems } = await withResults({ done: true, passed: 0, failed: 0, pending: 0, outcomes: [] });
    assert.deepStrictEqual(problems, ['the suite ran no test']);
  });

  it('fails when there is no results file', async () => {
    const { problems } = await withResults(undefined);
    assert.strictEqual(problems.length, 1);
    assert.match(problems[0], /no results file/);
  });

  it('fails on an unfinished or fatal run, and passes a finished one with passing tests', async () => {
    assert.match((await withResults({ done: false, passed: 2, failed: 0, pending: 0, outcomes: [] })).problems.join(), /did not finish/);
    assert.match((await withResults({ done: true, fatal: 'Error: boom\n  at x', passed: 2, failed: 0, pending: 0, outcomes: [] })).problems.join(), /^Error: boom$/);
    assert.deepStrictEqual((await withResults({ done: true, passed: 2, failed: 0, pending: 0, outcomes: [] })).problems, []);
  });

  it('reports VS Code ending with an error, as well as what the results say', async () => {
    const { problems } = await runner.runElectronSuite({ build: false, runTests: () => Promise.reject(new Error('Test run failed with code 1')) });
    assert.deepStrictEqual(problems.length, 2);
    assert.match(problems[0], /VS Code ended with an error: Test run failed with code 1/);
    assert.match(problems[1], /no results file/);
  });
});
