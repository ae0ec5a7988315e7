// The results file of the extension-host suite (written by test/vscode/index.ts) and how a run is
// judged. Both runners use this: code-server offline (test/vscode/run-code-server.mjs, npm test) and
// @vscode/test-electron online (test/vscode/run-electron.mjs), so they fail on the same things.
import { existsSync, readFileSync } from 'node:fs';

/**
 * The results so far, or undefined while the file is absent. The suite writes it whole (a rename),
 * so a file that does not parse is a broken run, not one being written.
 */
export function readResults(file) {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    return { done: false, fatal: `the results file ${file} is not JSON: ${text.slice(0, 200)}`, passed: 0, failed: 0, pending: 0, outcomes: [] };
  }
}

/** One-line problems of a run; none when it passed. A run that ran no test fails, as does one with no results file. */
export function suiteProblems(results) {
  if (!results) return ['the suite wrote no results file: it never started, or the extension host died before it could'];
  const problems = [];
  if (results.fatal) problems.push(String(results.fatal).split('\n')[0]);
  else if (!results.done) problems.push('the suite did not finish: its results file says it is still running');
  if (results.failed > 0) problems.push(`${results.failed} test(s) failed`);
  if (!(results.passed > 0) && !(results.failed > 0)) problems.push('the suite ran no test');
  return problems;
}
