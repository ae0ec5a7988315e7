// Entry point that VS Code's extension host awaits (extensionTestsPath): runs every
// test/vscode/suite/*.test.js with mocha and reports the results. The same module serves both
// runners: @vscode/test-electron (online) and test/vscode/run-code-server.mjs (offline).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

interface Outcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

function findSuites(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findSuites(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.MSK_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of findSuites(path.join(__dirname, 'suite'))) mocha.addFile(f);

  const outcomes: Outcome[] = [];
  const resultsFile = process.env.MSK_TEST_RESULTS;
  const write = (done: boolean, fatal?: string) => {
    const summary = {
      done,
      fatal,
      // the runner watches this process: if it dies before `done`, the runner says so at once
      pid: process.pid,
      passed: outcomes.filter((o) => o.state === 'passed').length,
      failed: outcomes.filter((o) => o.state === 'failed').length,
      pending: outcomes.filter((o) => o.state === 'pending').length,
      outcomes,
    };
    if (resultsFile) {
      // whole or not at all: the runner polls this file while it is written
      fs.writeFileSync(`${resultsFile}.tmp`, JSON.stringify(summary, null, 2));
      fs.renameSync(`${resultsFile}.tmp`, resultsFile);
    }
    console.log(`[msk-test] ${JSON.stringify({ done, fatal, passed: summary.passed, failed: summary.failed, pending: summary.pending })}`);
    return summary;
  };

  write(false);
  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, err: Error) =>
        outcomes.push({ title: t.fullTitle(), state: 'failed', error: err?.stack ?? String(err) }),
      );
      runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
    });
  } catch (err) {
    write(true, err instanceof Error ? err.stack : String(err));
    throw err;
  }
  const summary = write(true);
  if (summary.failed > 0) throw new Error(`${summary.failed} extension-host test(s) failed`);
}
