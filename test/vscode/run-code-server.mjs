// Runs the extension-host suite (test/vscode) inside a real VS Code: code-server 4.139.1 opened in
// headless Chromium. Offline twin of run-electron.mjs; both load the same out/test/vscode/index.js.
//   node test/vscode/run-code-server.mjs [--no-build] [--grep PATTERN]
import { mkdtempSync, existsSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startCodeServer, launchBrowser, workbenchUrl, repoRoot, lastLines, describeExit } from '../../scripts/lib/code-server.mjs';
import { readResults, suiteProblems } from '../../scripts/lib/suite-results.mjs';

/** How often the runner looks at the results file and at the processes it depends on. */
const POLL_MS = 250;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * Runs the suite and resolves with its results once it is done. Rejects, within a second or so, when
 * code-server, the extension host or the workbench page dies first (with their last log lines), and
 * after `timeoutMs` when the suite hangs. `onStarted({ pid, cs })` is called once the suite has
 * started in the extension host process `pid` (the harness's own test uses it to kill things).
 */
export async function runVsCodeSuite({ build = true, grep, timeoutMs = 240_000, onStarted } = {}) {
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
  const consoleLines = [];
  const fail = (what) => {
    const err = new Error(`${what}\n--- last code-server log lines ---\n${lastLines(cs.logs, 30) || '(none)'}` +
      // a console entry may carry a whole stack: its first line says enough here
      `\n--- last workbench console lines ---\n${consoleLines.slice(-20).map((l) => l.split('\n')[0]).join('\n') || '(none)'}`);
    err.consoleLines = consoleLines;
    err.serverLogs = cs.logs;
    return err;
  };
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage();
    page.on('console', (m) => consoleLines.push(m.text()));
    let pageGone;
    page.on('crash', () => (pageGone ??= 'the workbench page crashed'));
    page.on('close', () => (pageGone ??= 'the workbench page closed'));
    // A development window's workbench calls this when its extension host exits, for any reason
    // (VS Code's own smoke tests use the same hook); after the suite it is the normal end.
    let hostExit;
    await page.exposeFunction('codeAutomationExit', (code) => void (hostExit ??= { code }));
    await page.goto(workbenchUrl(cs, { folder: workspace, testsPath }));
    const deadline = Date.now() + timeoutMs;
    let started;
    for (;;) {
      const r = readResults(resultsFile);
      if (r?.done) return { ...r, consoleLines };
      if (r?.pid && !started) {
        started = r.pid;
        await onStarted?.({ pid: r.pid, cs });
      }
      const death = cs.exit ? `code-server ended (${describeExit(cs.exit)})`
        : started && !alive(started) ? `the extension host (pid ${started}) died`
        : hostExit ? `the extension host exited (code ${hostExit.code})`
        : consoleLines.find((l) => /Extension host .*terminated unexpectedly/.test(l)) ?? pageGone;
      if (death) {
        // it may have finished just before it went: the results file tells
        const last = readResults(resultsFile);
        if (last?.done) return { ...last, consoleLines };
        throw fail(`${death} before the extension-host suite finished (${last ? `${last.passed} passed, ${last.failed} failed so far` : 'the suite had not started'})`);
      }
      if (Date.now() > deadline) throw fail(`the extension-host suite did not finish within ${timeoutMs / 1000} s`);
      await new Promise((res) => setTimeout(res, POLL_MS));
    }
  } finally {
    await browser?.close().catch(() => {});
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
    const problems = suiteProblems(r);
    if (problems.length) console.error(`\nproblems:\n  ${problems.join('\n  ')}`);
    process.exit(problems.length ? 1 : 0);
  } catch (err) {
    console.error(String(err?.stack ?? err));
    if (process.env.MSK_TEST_VERBOSE && err.consoleLines) console.error('--- page console ---\n' + err.consoleLines.join('\n'));
    process.exit(1);
  }
}
