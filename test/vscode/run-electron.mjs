// Runs the extension-host suite through @vscode/test-electron, which downloads VS Code: for machines
// with internet. Offline machines (and CI here) use run-code-server.mjs; both load the same suite.
//   npm run test:electron
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readResults, suiteProblems } from '../../scripts/lib/suite-results.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Runs the suite through `runTests` (@vscode/test-electron's by default) and judges it as the
 * offline runner does: no results file, a fatal error, a failure or no test at all is a problem.
 * Resolves with { results, problems }.
 */
export async function runElectronSuite({ runTests, build = true } = {}) {
  runTests ??= (await import('@vscode/test-electron')).runTests;
  if (build) execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' });
  const scratch = mkdtempSync(join(tmpdir(), 'msk-electron-'));
  const resultsFile = join(scratch, 'results.json');
  const problems = [];
  try {
    try {
      await runTests({
        version: process.env.VSCODE_VERSION || 'stable',
        extensionDevelopmentPath: root,
        extensionTestsPath: join(root, 'out/test/vscode/index.js'),
        launchArgs: [scratch, '--disable-extensions', '--disable-workspace-trust'],
        extensionTestsEnv: { MSK_TEST_RESULTS: resultsFile, MSK_TEST_WORKSPACE: scratch },
      });
    } catch (err) {
      problems.push(`VS Code ended with an error: ${String(err?.message ?? err).split('\n')[0]}`);
    }
    const results = readResults(resultsFile);
    problems.push(...suiteProblems(results));
    return { results, problems };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { results, problems } = await runElectronSuite();
  if (results) console.log(`\n${results.passed} passing, ${results.failed} failing, ${results.pending} pending (extension host in VS Code via test-electron)`);
  if (problems.length) {
    console.error(`extension-host tests failed:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}
