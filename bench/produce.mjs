// msk-tools produce from JSONL vs `kcat -P -l` on the same values, in the same run.
//   node bench/produce.mjs [--runs 5] [--messages 100000] [--size 1024] [--no-build] [--no-doc]
// (builds dist/ first unless --no-build; writes its section of docs/benchmarks.md unless --no-doc)
// A 1-broker sandbox (dist/sandbox.js in a child process, 3 partitions). Each run writes every
// message to a fresh topic with each tool; the topic's message count is checked afterwards (kcat -Q).
// msk-tools uses its defaults (idempotent, acks=all); kcat its own (acks=all, not idempotent).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, updateSection } from './lib.mjs';
import { build, CLI, EXTRA_CA, fmtS, KCAT, measure, options, ratio, startSandbox, value } from './peek.mjs';

const { runs, messages, size } = options();
const flag = (name) => process.argv.includes(`--${name}`);
if (!flag('no-build')) build();
const dir = mkdtempSync(join(tmpdir(), 'bench-produce-'));
const raw = join(dir, 'values.txt');
const jsonl = join(dir, 'values.jsonl');
const values = [];
for (let i = 0; i < messages; i++) values.push(value(i, size));
writeFileSync(raw, values.join('\n') + '\n');
writeFileSync(jsonl, values.map((v) => `{"value":${JSON.stringify(v)}}`).join('\n') + '\n');
values.length = 0;

/** Messages stored in the topic (sum of the partitions' high watermarks). */
function stored(bootstrap, topic) {
  const r = spawnSync(KCAT, ['-Q', '-b', bootstrap, '-t', `${topic}:0:-1`, '-t', `${topic}:1:-1`, '-t', `${topic}:2:-1`], { encoding: 'utf8' });
  return [...r.stdout.matchAll(/offset (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
}

const sb = await startSandbox();
const res = { ours: [], kcat: [], oursCa: [] };
try {
  for (let r = 0; r < runs; r++) {
    const oursArgv = (t) => [CLI, 'produce', '--bootstrap', sb.bootstrap, '--topic', t, '--file', jsonl];
    const cases = [
      ['ours', `bench-produce-ours-${r}`, (t) => [process.execPath, oursArgv(t)]],
      ['kcat', `bench-produce-kcat-${r}`, (t) => [KCAT, ['-P', '-b', sb.bootstrap, '-t', t, '-l', raw]]],
      // in this machine's environment, NODE_EXTRA_CA_CERTS kept (peek.mjs's BENCH_ENV says why the others leave it out)
      ...(EXTRA_CA ? [['oursCa', `bench-produce-ours-ca-${r}`, (t) => [process.execPath, oursArgv(t), process.env]]] : []),
    ];
    for (const [key, topic, cmd] of r % 2 ? [...cases].reverse() : cases) {
      const [c, argv, env] = cmd(topic);
      const m = await measure(c, argv, env);
      const n = stored(sb.bootstrap, topic);
      if (n !== messages) throw new Error(`${key}: the topic holds ${n} messages, expected ${messages}`);
      res[key].push(m);
    }
    console.log(`run ${r + 1}: ours ${fmtS(res.ours[r].ms)} kcat ${fmtS(res.kcat[r].ms)}`);
  }
} finally {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
}
const med = (k, f = 'ms') => median(res[k].map((x) => x[f]));
const body = [
  `Command: \`node bench/produce.mjs --runs ${runs} --messages ${messages} --size ${size}\` (or \`npm run bench -- produce\`), ${new Date().toISOString().slice(0, 10)}, linux x64, Node ${process.version}, ${cpus().length} cores (shared).`,
  '',
  `${messages.toLocaleString('en-US')} messages of ${size} bytes (no key) to a fresh topic of a 1-broker sandbox (3 partitions) per run and tool; the stored count is checked. msk-tools reads \`{"value": "…"}\` lines (a plain JSONL file: ranges of its bytes, src/core/recipes/jsonl-bytes.ts) and produces idempotently with acks=all; kcat reads the same values, one per line, with its defaults (acks=all). Medians of ${runs} runs, alternating the order; times include process start-up (msk-tools is \`dist/cli.js\`, with its code cache). Both tools run without \`NODE_EXTRA_CA_CERTS\`, as on a default installation${EXTRA_CA ? '; the last row keeps this machine\'s, whose 144 certificates Node 20 parses as it starts (the peek section has the figures)' : ''}.`,
  '',
  '| measure | msk-tools produce | kcat -P -l | ratio (goal) | peak RSS msk-tools / kcat |',
  '|---|---|---|---|---|',
  `| produce from JSONL | ${fmtS(med('ours'))} | ${fmtS(med('kcat'))} | ${ratio(med('ours'), med('kcat'))} (≤ 2×) | ${med('ours', 'rssMiB').toFixed(0)} / ${med('kcat', 'rssMiB').toFixed(0)} MiB |`,
  ...(EXTRA_CA ? [`| produce from JSONL, with this machine's \`NODE_EXTRA_CA_CERTS\` | ${fmtS(med('oursCa'))} | ${fmtS(med('kcat'))} | ${ratio(med('oursCa'), med('kcat'))} (≤ 2×) | ${med('oursCa', 'rssMiB').toFixed(0)} / ${med('kcat', 'rssMiB').toFixed(0)} MiB |`] : []),
].join('\n');
console.log(body);
if (!flag('no-doc')) updateSection('produce', '## Produce vs kcat (msk-tools produce)', body);
