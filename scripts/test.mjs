// Runs every test layer and ends with one summary line, "tests: N passed, N failed, N skipped".
//   node scripts/test.mjs                 all layers: unit, integration, vscode, ui
//   node scripts/test.mjs unit vscode     only those
// With CI=true nothing may skip: a skipped (pending) test, a missing tool or a layer that runs no test
// fails the run.
//   --no-checks        skip typecheck, lint and build (the layers use dist/ and out/ as they are)
//   MSK_TEST_DIR=dir   take the layers' tests from dir/unit, dir/integration, dir/ui instead of test/
//                      (the runner's own tests use it)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTools, inCI } from './lib/tools.mjs';
import { suiteProblems } from './lib/suite-results.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CI = inCI();
const ALL = ['unit', 'integration', 'vscode', 'ui'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const layers = wanted.length ? wanted : ALL;
const checks = !process.argv.includes('--no-checks');
const testDir = process.env.MSK_TEST_DIR ? resolve(process.env.MSK_TEST_DIR) : join(root, 'test');
for (const l of layers) if (!ALL.includes(l)) {
  console.error(`unknown test layer "${l}"; choose from ${ALL.join(', ')}`);
  process.exit(2);
}

const mochaBin = join(root, 'node_modules/mocha/bin/mocha.js');
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function hasTests(dir, suffixes) {
  if (!existsSync(dir)) return false;
  const walk = (d) => readdirSync(d, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? walk(join(d, e.name)) : suffixes.some((s) => e.name.endsWith(s)));
  return walk(dir);
}

/** Runs mocha, streaming its output, and reads its "N passing / N failing / N pending" lines. */
function mocha(layer, args) {
  return new Promise((res) => {
    const child = spawn(process.execPath, [mochaBin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('exit', (code) => {
      const num = (re) => Number((out.match(re) || [])[1] || 0);
      const r = { passed: num(/(\d+) passing/), failed: num(/(\d+) failing/), skipped: num(/(\d+) pending/) };
      if (code !== 0 && r.failed === 0) {
        r.failed = 1;
        problems.push(`${layer}: mocha exited with ${code} before reporting failures`);
      }
      res(r);
    });
  });
}

function step(title, fn) {
  console.log(`\n=== ${title} ===`);
  try {
    fn();
    return true;
  } catch (err) {
    problems.push(`${title}: ${err.message.split('\n')[0]}`);
    totals.failed += 1;
    return false;
  }
}

/** mocha's arguments for the unit layer: .mocharc.json, with its spec moved when MSK_TEST_DIR is set. */
function unitArgs() {
  const rcFile = join(root, '.mocharc.json');
  if (!process.env.MSK_TEST_DIR) return ['--config', rcFile];
  const args = ['--no-config'];
  for (const [k, v] of Object.entries(JSON.parse(readFileSync(rcFile, 'utf8')))) {
    if (k !== 'spec') for (const x of [].concat(v)) args.push(`--${k}`, String(x));
  }
  return [...args, join(testDir, 'unit/**/*.test.ts')];
}

/** The mocha layers: the folder under testDir, the test file suffix, and mocha's arguments. */
const MOCHA_LAYERS = {
  unit: { dir: 'unit', suffix: '.test.ts', args: unitArgs },
  // --no-config: .mocharc.json's spec (the unit tests) would otherwise be added to this run
  integration: { dir: 'integration', suffix: '.test.ts', args: () => ['--no-config', '--require', 'tsx/cjs', '--node-option', 'import=tsx',
    '--extension', 'ts', '--timeout', '120000', join(testDir, 'integration/**/*.test.ts')] },
  ui: { dir: 'ui', suffix: '.test.mjs', args: () => ['--no-config', '--timeout', '120000', join(testDir, 'ui/**/*.test.mjs')] },
};

const node = process.execPath;
if (checks) {
  step('typecheck (tsc --noEmit)', () => execFileSync(node, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root], { stdio: 'inherit' }));
  // the viewer's page is browser code, typed with the DOM library in a project of its own
  step('typecheck the viewer page', () => execFileSync(node, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(root, 'src/vscode/viewer/page')], { stdio: 'inherit' }));
  // a finding fails the run as a failing test does (eslint exits 1 on any error-level finding)
  step('lint (eslint)', () => execFileSync(node, [join(root, 'node_modules/eslint/bin/eslint.js'), '--max-warnings', '0', root], { stdio: 'inherit', cwd: root }));
}
const built = !checks || step('build (esbuild)', () => execFileSync(node, [join(root, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' }));

for (const layer of layers) {
  console.log(`\n=== ${layer} tests ===`);
  let r;
  if (MOCHA_LAYERS[layer]) {
    const { dir, suffix, args } = MOCHA_LAYERS[layer];
    // no test file: mocha would stop with an error of its own; this layer simply ran no test
    r = hasTests(join(testDir, dir), [suffix]) ? await mocha(layer, args()) : { passed: 0, failed: 0, skipped: 0 };
    if (r.passed + r.failed === 0) {
      const where = relative(root, join(testDir, dir));
      const msg = `${layer}: ran no test (${r.skipped} skipped) from ${where.startsWith('..') ? join(testDir, dir) : where}`;
      if (CI) {
        problems.push(`${msg}, and CI=true needs every layer to run`);
        r.failed += 1;
      } else {
        console.warn(`\n!!! ${msg.toUpperCase()} !!!\n`);
      }
    }
  } else if (layer === 'vscode') {
    if (!built) { problems.push('vscode: skipped because the build failed'); totals.failed += 1; continue; }
    const { runVsCodeSuite, printOutcomes } = await import('../test/vscode/run-code-server.mjs');
    const { missing } = findTools();
    if (missing.length) {
      const msg = `the extension-host suite needs:\n  ${missing.join('\n  ')}`;
      if (CI) { problems.push(`vscode: ${msg}`); totals.failed += 1; continue; }
      console.warn(`\n!!! SKIPPING THE EXTENSION-HOST SUITE !!!\n${msg}\n`);
      totals.skipped += 1;
      continue;
    }
    try {
      const v = await runVsCodeSuite({ build: false });
      printOutcomes(v);
      // the same judgement as the online runner's (run-electron.mjs): fatal, failing or no test fails
      const vp = suiteProblems(v);
      for (const p of vp) problems.push(`vscode: ${p}`);
      r = { passed: v.passed, failed: Math.max(v.failed, vp.length ? 1 : 0), skipped: v.pending };
    } catch (err) {
      // the message holds the last code-server and workbench log lines
      problems.push(`vscode: ${String(err.message).split('\n')[0]}`);
      r = { passed: 0, failed: 1, skipped: 0 };
    }
  }
  for (const k of Object.keys(totals)) totals[k] += r[k];
}

if (CI && totals.skipped > 0) problems.push(`${totals.skipped} test(s) skipped, and CI=true allows no skip`);
if (problems.length) console.log(`\nproblems:\n  ${problems.join('\n  ')}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || problems.length > 0 ? 1 : 0);
