// Sandbox broker throughput vs librdkafka's mock cluster, both driven by kcat in the same run.
//   node bench/broker.mjs [--runs 3] [--messages 1000000]     (builds dist/sandbox.js first)
// Each run: `kcat -P -l FILE` then `kcat -C -e` of the messages, spread over 4 topics x 4
// partitions (16 partitions, about 1.2 MB per partition, well under the mock's ~5 MB per-partition
// retention) against each broker. Counts are checked. The sandbox runs in a child process so its
// RSS can be read; memory is reported as the RSS growth per million stored messages.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { median, root, updateSection } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : dflt; };
const RUNS = opt('runs', 3);
const MESSAGES = opt('messages', 1000000);
const TOPICS = 4;
const PARTITIONS = 4;
const KCAT = ['/usr/bin/kcat', '/usr/local/bin/kcat'].find((p) => existsSync(p));
if (!KCAT) { console.error('kcat not found: apt-get install -y kcat'); process.exit(1); }

const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (b.status !== 0) process.exit(1);

const dir = mkdtempSync(join(tmpdir(), 'bench-broker-'));
const perTopic = Math.ceil(MESSAGES / TOPICS);
const files = [];
for (let t = 0; t < TOPICS; t++) {
  const lines = [];
  for (let i = 0; i < perTopic; i++) lines.push(`msg-${t}-${String(i).padStart(7, '0')}`);
  const f = join(dir, `t${t}.txt`);
  writeFileSync(f, lines.join('\n') + '\n');
  files.push(f);
}
const msgBytes = `msg-0-${'0'.repeat(7)}`.length;

function run(cmd, argv, countLines = false) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let err = '';
    child.stdout.on('data', (d) => { if (countLines) for (let i = 0; i < d.length; i++) if (d[i] === 10) lines++; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(lines);
      else reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}: ${err.slice(-500)}`));
    });
  });
}

async function startSandbox() {
  const code = `
    const { startBroker } = require(${JSON.stringify(join(root, 'dist/sandbox.js'))});
    startBroker({ brokers: 3, defaultPartitions: ${PARTITIONS} }).then((b) => {
      process.send({ bootstrap: b.bootstrap, rss: process.memoryUsage().rss });
      process.on('message', (m) => {
        if (m === 'rss') process.send({ rss: process.memoryUsage().rss });
        if (m === 'stop') b.stop().then(() => process.exit(0));
      });
    });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const first = await new Promise((resolve) => child.once('message', resolve));
  const rss = () => new Promise((resolve) => { child.once('message', (m) => resolve(m.rss)); child.send('rss'); });
  return { bootstrap: first.bootstrap, rss, stop: () => new Promise((r) => { child.once('exit', r); child.send('stop'); }) };
}

async function startMock() {
  const errFile = join(dir, 'mock.err');
  const fd = openSync(errFile, 'w');
  const child = spawn(KCAT, ['-b', 'ignored:1', '-X', 'test.mock.num.brokers=3', '-C', '-t', 'keepalive', '-o', 'end', '-q'], { stdio: ['ignore', 'ignore', fd] });
  closeSync(fd);
  for (let i = 0; i < 200; i++) {
    const m = /replaced with ([0-9.:,]+)/.exec(readFileSync(errFile, 'utf8'));
    if (m) return { bootstrap: m[1].replace(/,$/, ''), stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('mock cluster did not start');
}

async function oneRun(target, runIndex) {
  const topics = files.map((_, t) => `bench-r${runIndex}-t${t}`);
  let t0 = process.hrtime.bigint();
  for (let t = 0; t < TOPICS; t++) await run_(KCAT, ['-P', '-b', target.bootstrap, '-t', topics[t], '-l', files[t]]);
  const produceMs = Number(process.hrtime.bigint() - t0) / 1e6;
  t0 = process.hrtime.bigint();
  let consumed = 0;
  for (let t = 0; t < TOPICS; t++) consumed += await run(KCAT, ['-C', '-b', target.bootstrap, '-t', topics[t], '-o', 'beginning', '-e', '-q', '-X', 'check.crcs=true', '-f', '%s\n'], true);
  const consumeMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (consumed !== perTopic * TOPICS) throw new Error(`${target.name}: consumed ${consumed} of ${perTopic * TOPICS} messages`);
  return { produceMs, consumeMs };
}
const run_ = (cmd, argv) => run(cmd, argv, false);

const sandbox = await startSandbox();
const mock = await startMock();
sandbox.name = 'sandbox';
mock.name = 'mock';
const total = perTopic * TOPICS;
const results = { sandbox: [], mock: [] };
const rssDeltas = [];
try {
  for (let r = 0; r < RUNS; r++) {
    for (const target of r % 2 ? [mock, sandbox] : [sandbox, mock]) {
      const before = target === sandbox ? await sandbox.rss() : 0;
      const res = await oneRun(target, r);
      if (target === sandbox) rssDeltas.push((await sandbox.rss()) - before);
      results[target.name].push(res);
      console.log(`run ${r + 1} ${target.name}: produce ${(total / res.produceMs * 1000).toFixed(0)} msg/s, consume ${(total / res.consumeMs * 1000).toFixed(0)} msg/s`);
    }
  }
} finally {
  await sandbox.stop();
  await mock.stop();
  rmSync(dir, { recursive: true, force: true });
}

const rate = (xs, key) => total / median(xs.map((x) => x[key])) * 1000;
const s = { p: rate(results.sandbox, 'produceMs'), c: rate(results.sandbox, 'consumeMs') };
const m = { p: rate(results.mock, 'produceMs'), c: rate(results.mock, 'consumeMs') };
const mib = median(rssDeltas) / 1024 / 1024 / (total / 1e6);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const pct = (a, b) => `${Math.round((a / b) * 100)}%`;
const body = [
  `Command: \`node bench/broker.mjs --runs ${RUNS} --messages ${MESSAGES}\` (or \`npm run bench -- broker\`), ${new Date().toISOString().slice(0, 10)}, linux x64, Node ${process.version}, ${cpus().length} cores.`,
  '',
  `${fmt(total)} messages of ${msgBytes} bytes per run, kcat (librdkafka 2.0.2) defaults, 4 topics x 4 partitions, 3 brokers; the sandbox is the built dist/sandbox.js in a child process. Medians of ${RUNS} runs; every run's consumed count is checked (with \`check.crcs=true\`).`,
  '',
  '| measure | sandbox | librdkafka mock | sandbox / mock |',
  '|---|---|---|---|',
  `| kcat -P (msg/s) | ${fmt(s.p)} | ${fmt(m.p)} | ${pct(s.p, m.p)} |`,
  `| kcat -C -e (msg/s) | ${fmt(s.c)} | ${fmt(m.c)} | ${pct(s.c, m.c)} |`,
  `| RSS growth per million stored messages | ${mib.toFixed(1)} MiB | — | — |`,
  '',
  'Goal: sandbox ≥ 50% of the mock. Timing includes kcat start-up and metadata for each of the 4 topics.',
].join('\n');
updateSection('broker', '## Sandbox broker throughput (kcat, vs librdkafka mock cluster)', body);
console.log('\n' + body);
