// npm run bench [-- NAME ...]: runs every benchmark (or the named ones), each writing its own
// section of docs/benchmarks.md. Benchmarks report ratios against a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib.mjs';

const all = ['activation', 'startup', 'lint', 'broker', 'explorer', 'soak', 'schemas', 'viewer', 'peek', 'produce'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : all;
let failed = 0;
for (const n of names) {
  const file = join(root, 'bench', `${n}.mjs`);
  if (!existsSync(file)) { console.error(`no benchmark named "${n}" (bench/${n}.mjs)`); failed++; continue; }
  console.log(`\n=== bench: ${n} ===`);
  const r = spawnSync(process.execPath, [file], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
