// The code-server harness (test/vscode/run-code-server.mjs) notices within 5 s when the extension host
// or code-server dies mid-run, and says so with the last log lines, instead of waiting for its deadline.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/code-server.mjs';
import { runVsCodeSuite } from '../vscode/run-code-server.mjs';
import { requireTools } from './require-tools.mjs';

/** Death must be reported within this long of the kill: 5 s, and 2 s for a loaded machine. */
const BOUND_MS = 5_000 + 2_000;
/** Far above BOUND_MS: a harness that only waits for its deadline fails the bound. */
const DEADLINE_MS = 60_000;

function parentOf(pid) {
  // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function killQuietly(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

describe('the code-server harness when a process dies mid-run', function () {
  this.timeout(120_000);
  const leftovers = [];

  before(function () {
    if (!requireTools(this)) return;
    if (!existsSync(join(repoRoot, 'out/test/vscode/index.js'))) {
      execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' });
    }
  });
  after(() => leftovers.forEach(killQuietly));

  /** Runs the suite (its longest part) and kills what `victim(pid)` names once the suite has started. */
  async function killMidRun(victim) {
    let killedAt;
    const err = await runVsCodeSuite({
      build: false, grep: 'local sandbox in the explorer', timeoutMs: DEADLINE_MS,
      onStarted: ({ pid }) => {
        leftovers.push(pid);
        const target = victim(pid);
        killedAt = Date.now();
        process.kill(target, 'SIGKILL');
      },
    }).then(() => assert.fail('the suite finished although a process was killed'), (e) => e);
    assert.ok(killedAt, `the suite never reported its start: ${err.stack}`);
    return { err, afterMs: Date.now() - killedAt };
  }

  it('reports a killed extension host within 5 s, with the last log lines', async () => {
    const { err, afterMs } = await killMidRun((hostPid) => hostPid);
    assert.match(err.message, /the extension host .*(died|exited).* before the extension-host suite finished/);
    assert.match(err.message, /--- last code-server log lines ---\n\S/);
    assert.match(err.message, /--- last workbench console lines ---/);
    assert.ok(afterMs < BOUND_MS, `reported ${afterMs} ms after the kill`);
  });

  it('reports a killed code-server within 5 s, with the last log lines', async () => {
    // the extension host's parent is code-server's server process
    const { err, afterMs } = await killMidRun((hostPid) => parentOf(hostPid));
    assert.match(err.message, /(code-server ended|the extension host .*(died|exited)).* before the extension-host suite finished/);
    assert.match(err.message, /--- last code-server log lines ---\n\S/);
    assert.ok(afterMs < BOUND_MS, `reported ${afterMs} ms after the kill`);
  });
});
