// Runs the extension-host suite (test/vscode) inside a real VS Code: code-server 4.139.1 opened in
// headless Chromium. Offline twin of run-electron.mjs; both load the same out/test/vscode/index.js.
//   node test/vscode/run-code-server.mjs [--no-build] [--grep PATTERN]
import { mkdtempSync, readFileSync, existsSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startCodeServer, launchBrowser, workbenchUrl, repoRoot } from '../../scripts/lib/code-server.mjs';

export async function runVsCodeSuite({ build = true, grep, timeoutMs = 240_000 } = {}) {
  if (build) execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' });
  const testsPath = join(repoRoot, 'out/test/vscode/index.js');
  if (!existsSync(testsPath)) throw new Error(`${testsPath} is missing: run "node scripts/build.mjs --tests"`);
  const scratch = mkdtempSync(join(tmpdir(), 'msk-vscode-suite-'));
  const resultsFile = join(scratch, 'results.json');
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  const fixtureWs = join(repoRoot, 'test/fixtures/workspace');
  if (existsSync(fixtureWs)) cpSync(fixtureWs, workspace, { recursive: true });

  const cs = await startCodeServer({ env: { MSK_TEST_RESULTS: resultsFile, MSK_TEST_WORKSPACE: workspace, ...(grep ? { MSK_TEST_GREP: grep } : {}) } });
  const browser = await launchBrowser();
  const consoleLines = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.goto(workbenchUrl(cs, { folder: workspace, testsPath }));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (existsSync(resultsFile)) {
        const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
        if (r.done) return { ...r, consoleLines };
      }
      if (Date.now() > deadline) {
        const err = new Error(`the extension-host suite did not finish within ${timeoutMs / 1000} s`);
        err.consoleLines = consoleLines;
        err.serverLogs = cs.logs;
        throw err;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await browser.close().catch(() => {});
    await cs.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function printOutcomes(r) {
  for (const o of r.outcomes) {
    const mark = o.state === 'passed' ? '  ✔' : o.state === 'failed' ? '  ✗' : '  -';
    console.log(`${mark} ${o.title}${o.durationMs !== undefined ? ` (${o.durationMs} ms)` : ''}`);
    if (o.error) console.log(o.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  if (r.fatal) console.log(`  fatal: ${r.fatal}`);
  console.log(`\n  ${r.passed} passing, ${r.failed} failing, ${r.pending} pending (extension host in code-server)`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const gi = argv.indexOf('--grep');
  try {
    const r = await runVsCodeSuite({ build: !argv.includes('--no-build'), grep: gi >= 0 ? argv[gi + 1] : undefined });
    printOutcomes(r);
    if (process.env.MSK_TEST_VERBOSE) console.log(r.consoleLines.join('\n'));
    process.exit(r.failed || r.fatal || r.passed === 0 ? 1 : 0);
  } catch (err) {
    console.error(String(err?.stack ?? err));
    if (err.consoleLines) console.error('--- page console ---\n' + err.consoleLines.slice(-80).join('\n'));
    if (err.serverLogs) console.error('--- code-server ---\n' + err.serverLogs.join('').slice(-5000));
    process.exit(1);
  }
}
