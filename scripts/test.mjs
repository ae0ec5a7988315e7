// Runs every test layer and ends with one summary line, "tests: N passed, N failed, N skipped".
//   node scripts/test.mjs                 all layers: unit, integration, vscode, ui
//   node scripts/test.mjs unit vscode     only those
// With CI=true nothing may skip: a skipped (pending) test or a missing tool fails the run.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTools, inCI } from './lib/tools.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CI = inCI();
const ALL = ['unit', 'integration', 'vscode', 'ui'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const layers = wanted.length ? wanted : ALL;
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

const node = process.execPath;
step('typecheck (tsc --noEmit)', () => execFileSync(node, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root], { stdio: 'inherit' }));
const built = step('build (esbuild)', () => execFileSync(node, [join(root, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' }));

for (const layer of layers) {
  console.log(`\n=== ${layer} tests ===`);
  let r;
  if (layer === 'unit') {
    r = await mocha(layer, ['--config', join(root, '.mocharc.json')]);
  } else if (layer === 'integration') {
    if (!hasTests(join(root, 'test/integration'), ['.test.ts'])) { console.log('(no integration tests yet)'); continue; }
    // --no-config: .mocharc.json's spec (the unit tests) would otherwise be added to this run
    r = await mocha(layer, ['--no-config', '--require', 'tsx/cjs', '--node-option', 'import=tsx', '--extension', 'ts',
      '--timeout', '120000', 'test/integration/**/*.test.ts']);
  } else if (layer === 'ui') {
    r = await mocha(layer, ['--no-config', '--timeout', '120000', 'test/ui/**/*.test.mjs']);
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
      if (v.fatal) problems.push(`vscode: ${v.fatal.split('\n')[0]}`);
      if (v.passed === 0) problems.push('vscode: the suite ran no test');
      r = { passed: v.passed, failed: v.failed + (v.fatal || v.passed === 0 ? 1 : 0), skipped: v.pending };
    } catch (err) {
      console.error(String(err?.stack ?? err));
      if (err.consoleLines) console.error('--- page console ---\n' + err.consoleLines.slice(-60).join('\n'));
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
