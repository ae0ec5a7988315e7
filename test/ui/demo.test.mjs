// The README's demo command, walked through headlessly: `node scripts/demo.mjs --screenshot FILE`
// packages and installs the .vsix, starts the sandbox, opens VS Code, expands the sandbox's topics,
// opens a producer config and waits for its lint findings in the Problems panel.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/code-server.mjs';
import { requireTools } from './require-tools.mjs';

describe('the demo (README command)', function () {
  this.timeout(300_000);

  it('serves the packaged extension on the demo sandbox, with lint findings in the Problems panel', async function () {
    if (!requireTools(this)) return;
    const shots = join(repoRoot, 'test-results');
    mkdirSync(shots, { recursive: true });
    const file = join(shots, 'demo.png');
    const child = spawn(process.execPath, [join(repoRoot, 'scripts/demo.mjs'), '--screenshot', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('exit', r));
    assert.equal(code, 0, out);
    assert.match(out, /\[demo\] sandbox ready: bootstrap 127\.0\.0\.1:\d+/);
    assert.ok(statSync(file).size > 20_000, 'screenshot looks empty');
  });
});
