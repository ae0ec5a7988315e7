// Runs the extension-host suite through @vscode/test-electron, which downloads VS Code: for machines
// with internet. Offline machines (and CI here) use run-code-server.mjs; both load the same suite.
//   npm run test:electron
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' });
const scratch = mkdtempSync(join(tmpdir(), 'msk-electron-'));
const results = join(scratch, 'results.json');
try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test/vscode/index.js'),
    launchArgs: [scratch, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { MSK_TEST_RESULTS: results, MSK_TEST_WORKSPACE: scratch },
  });
} catch (err) {
  console.error(`extension-host tests failed: ${err}`);
  process.exitCode = 1;
}
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  console.log(`\n${r.passed} passing, ${r.failed} failing, ${r.pending} pending (extension host in VS Code via test-electron)`);
}
