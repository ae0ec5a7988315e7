// The CLI's own start-up: how long `msk-tools --version` and `msk-tools peek --help` run after Node
// has started, with the code cache of dist/cli.js (src/cli/launch.ts) and without it
// (MSK_TOOLS_COMPILE_CACHE=0), against a script that only writes a line (Node's part of any command).
//   node bench/startup.mjs [--runs 25] [--no-build] [--no-doc]
// Each run is a process whose preload notes performance.now() as it loads and as the process exits:
// the difference leaves out Node's own start (which NODE_EXTRA_CA_CERTS, set on this machine, makes
// 0.1 s longer; the processes run without it, as on a default installation).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, updateSection } from './lib.mjs';
import { BENCH_ENV, build, CLI } from './peek.mjs';

const flag = (name) => process.argv.includes(`--${name}`);
const at = process.argv.indexOf('--runs');
const runs = at > 0 ? Number(process.argv[at + 1]) : 25;
if (!flag('no-build')) build();

const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
const preload = join(dir, 'preload.cjs');
writeFileSync(preload, `const { performance } = require('node:perf_hooks'); const t0 = performance.now();
process.on('exit', () => require('node:fs').writeSync(2, \`\\nSTARTUP \${performance.now() - t0}\\n\`));\n`);
const empty = join(dir, 'empty.js');
writeFileSync(empty, "process.stdout.write('0.1.0\\n');\n");
const cache = join(dir, 'cache');
const cached = { ...BENCH_ENV, MSK_TOOLS_COMPILE_CACHE_DIR: cache };
const uncached = { ...BENCH_ENV, MSK_TOOLS_COMPILE_CACHE: '0' };

function once(args, env) {
  const r = spawnSync(process.execPath, ['-r', preload, ...args], { env, encoding: 'utf8' });
  const m = /STARTUP ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${args.join(' ')}: exit ${r.status}, ${r.stderr.slice(-300)}`);
  return Number(m[1]);
}

const cases = [
  ['empty', [empty], BENCH_ENV],
  ['version', [CLI, '--version'], cached],
  ['versionCold', [CLI, '--version'], uncached],
  ['help', [CLI, 'peek', '--help'], cached],
  ['helpCold', [CLI, 'peek', '--help'], uncached],
];
const res = Object.fromEntries(cases.map(([k]) => [k, []]));
try {
  once([CLI, '--version'], cached); // writes the cache
  once([CLI, 'peek', '--help'], cached);
  for (let r = 0; r < runs; r++) {
    for (const [key, args, env] of r % 2 ? [...cases].reverse() : cases) res[key].push(once(args, env));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const ms = (k) => `${median(res[k]).toFixed(1)} ms`;
const body = [
  `Command: \`node bench/startup.mjs --runs ${runs}\` (or \`npm run bench -- startup\`), ${new Date().toISOString().slice(0, 10)}, linux x64, Node ${process.version}, ${cpus().length} cores (shared).`,
  '',
  `From a preload's first line to the process's exit, so Node's own start is left out; medians of ${runs} runs of each, alternating the order. \`dist/cli.js\` loads the CLI through V8's code cache (src/cli/launch.ts); \`MSK_TOOLS_COMPILE_CACHE=0\` turns the cache off, in the same runs. The baseline is a script that only writes a line (which loads the stream code that stdout needs). No \`NODE_EXTRA_CA_CERTS\` (see the peek section).`,
  '',
  '| command | with the code cache | without | a script writing one line |',
  '|---|---|---|---|',
  `| \`msk-tools --version\` | ${ms('version')} | ${ms('versionCold')} | ${ms('empty')} |`,
  `| \`msk-tools peek --help\` | ${ms('help')} | ${ms('helpCold')} | ${ms('empty')} |`,
  '',
  'Before this cache and the lazy `child_process` of commander (the build of 2026-12-02, measured by hand the same way): 35.6–37.3 ms for `--version` and 42.0–46.1 ms for `peek --help` (three sets of 25).',
].join('\n');
console.log(body);
if (!flag('no-doc')) updateSection('startup', '## CLI start-up (msk-tools)', body);
