// Soak: 20 clients (kafkajs in this process, kcat as child processes) produce and consume against
// the sandbox for 60 s while faults are injected (connections dropped, responses delayed, produce
// and fetch connections cut around a request). A verifier reads each partition from where it last
// stopped every few seconds, then deletes what it read (DeleteRecords), so the sandbox holds a few
// seconds of data at any time and its memory can be compared across the run. Afterwards:
//   - every acknowledged record was read exactly once (and no record at all twice);
//   - the sandbox's RSS (after a full GC) is back within 10% of its level after the warm-up (no
//     more than 10% above it: at the end the clients are gone, so it may well be below);
//   - every error the sandbox logged is explained by an injected fault.
//   node bench/soak.mjs [--seconds 60] [--warmup 10]     (or: npm run bench -- soak)
// It is a benchmark, not a test: it prints its figures and records them in docs/benchmarks.md.
// Loopback only; every loop ends at its deadline, every child process has a kill timer.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, updateSection } from './lib.mjs';

const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : dflt; };
const SECONDS = opt('seconds', 60);
const WARMUP = opt('warmup', 15);
const KCAT = ['/usr/bin/kcat', '/usr/local/bin/kcat'].find((p) => existsSync(p));
if (!KCAT) { console.error('kcat not found: apt-get install -y kcat (or bash scripts/setup.sh)'); process.exit(1); }
const CLIENTS = { kafkajsProducers: 6, kcatProducers: 4, kafkajsConsumers: 6, kcatConsumers: 4 };
const PARTITIONS = 6;
const API = { Produce: 0, Fetch: 1 };

const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (b.status !== 0) process.exit(1);
const work = mkdtempSync(join(tmpdir(), 'bench-soak-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

// ---- the sandbox, in a child process so its RSS is its own
async function startSandbox() {
  const code = `
    const { startBroker } = require(${JSON.stringify(join(root, 'dist/sandbox.js'))});
    startBroker({ brokers: 3, defaultPartitions: ${PARTITIONS}, log: (m) => process.send({ log: m }) }).then((b) => {
      process.send({ ready: b.bootstrap });
      const mem = () => { global.gc(); global.gc(); const m = process.memoryUsage(); return { rss: m.rss, heap: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers }; };
      process.on('message', async ({ id, cmd, arg }) => {
        let result = null;
        if (cmd === 'mem') result = mem();
        if (cmd === 'rssNow') result = process.memoryUsage().rss;
        if (cmd === 'hw') result = b.cluster.topics.get(arg.topic).partitions[arg.partition].log.highWatermark;
        if (cmd === 'stored') result = [...b.cluster.topics.values()].reduce((n, t) => n + t.partitions.reduce((m, p) => m + p.log.sizeBytes, 0), 0);
        if (cmd === 'drop') result = b.faults.dropConnections(arg);
        if (cmd === 'delay') b.faults.delay(arg.ms, { times: arg.times });
        if (cmd === 'dropAfter') b.faults.dropAfter(arg.after, arg.opts);
        if (cmd === 'clearFaults') { result = b.faults.pending; b.faults.clear(); }
        if (cmd === 'deleteRecords') result = b.cluster.deleteRecords(arg.topic, arg.partition, arg.offset);
        if (cmd === 'stats') result = { connections: b.servers.reduce((n, s) => n + s.connections.size, 0), budgetInUse: b.limits.budget.inUse };
        if (cmd === 'stop') { await b.stop(); process.send({ id, result }); process.exit(0); }
        process.send({ id, result });
      });
    });`;
  const child = spawn(process.execPath, ['--expose-gc', '-e', code], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const logs = [];
  const pending = new Map();
  let nextId = 1;
  const bootstrap = await new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (m.log !== undefined) logs.push({ t: Date.now(), line: m.log });
      if (m.ready) resolve(m.ready);
      if (m.id && pending.has(m.id)) { pending.get(m.id)(m.result); pending.delete(m.id); }
    });
    child.once('exit', (c) => reject(new Error(`sandbox exited with ${c}`)));
  });
  const call = (cmd, arg) => new Promise((resolve) => { const id = nextId++; pending.set(id, resolve); child.send({ id, cmd, arg }); });
  return { bootstrap, logs, call, child };
}

const sb = await startSandbox();
const brokers = sb.bootstrap.split(',');
const kafka = (clientId) => new Kafka({ brokers, clientId, logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 50, maxRetryTime: 1000 } });

const admin = kafka('soak-admin').admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: 'soak', numPartitions: PARTITIONS }] });
await admin.disconnect();

const topic = 'soak';
let producing = true;
/** Values acknowledged to their producer. */
const acked = new Set();
const counters = { kafkajsSends: 0, kafkajsSendFailures: 0, kcatRuns: 0, kcatRunFailures: 0, kcatProcessesStarted: 0, consumed: 0, kcatConsumerRestarts: 0 };
const kcatErrors = [];

function run(argv, { input, killAfterMs, onStdout } = {}) {
  return new Promise((resolve) => {
    const child = spawn(KCAT, argv, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    counters.kcatProcessesStarted++;
    let err = '';
    child.stdout.on('data', (d) => onStdout?.(d));
    child.stderr.on('data', (d) => { if (err.length < 20000) err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs ?? 90000);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, err }); });
    run.live.add(child);
    child.on('close', () => run.live.delete(child));
  });
}
run.live = new Set();

async function kafkajsProducer(i) {
  const producer = kafka(`soak-kj-p${i}`).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let seq = 0;
  while (producing) {
    const values = Array.from({ length: 20 }, () => `kj${i}-${seq++}`);
    try {
      await producer.send({ topic, acks: -1, messages: values.map((v) => ({ key: v, value: v })) });
      for (const v of values) acked.add(v);
      counters.kafkajsSends++;
    } catch {
      counters.kafkajsSendFailures++; // unacknowledged: may or may not be stored, never twice
    }
    await sleep(50);
  }
  await producer.disconnect();
}

async function kcatProducer(i) {
  let runNo = 0;
  while (producing) {
    const values = Array.from({ length: 300 }, (_, j) => `kc${i}-${runNo}-${j}`);
    const file = join(work, `kc${i}.txt`);
    writeFileSync(file, values.join('\n') + '\n');
    runNo++;
    const r = await run(['-P', '-b', sb.bootstrap, '-t', topic, '-X', 'enable.idempotence=true', '-X', 'acks=all', '-X', 'message.timeout.ms=30000', '-l', file]);
    counters.kcatRuns++;
    // kcat exits 0 only when every message was delivered (it exits 1 when a delivery fails or all brokers are down).
    if (r.code === 0 && !/delivery failed|failed to produce/i.test(r.err)) for (const v of values) acked.add(v);
    else { counters.kcatRunFailures++; kcatErrors.push(r.err.trim().split('\n').slice(-2).join(' | ')); }
    await sleep(500);
  }
}

const consumers = [];
async function kafkajsConsumer(i) {
  const consumer = kafka(`soak-kj-c${i}`).consumer({ groupId: 'soak-kj', sessionTimeout: 10000, heartbeatInterval: 1000, retry: { retries: 50 } });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachBatch: async ({ batch }) => { counters.consumed += batch.messages.length; } });
}

let consuming = true;
async function kcatConsumer(i) {
  while (consuming) {
    const r = await run(['-C', '-b', sb.bootstrap, '-G', 'soak-kc', '-X', 'auto.offset.reset=earliest', '-X', `client.id=soak-kc-c${i}`, '-q', '-f', '%s\n', topic], {
      onStdout: (d) => { for (const byte of d) if (byte === 10) counters.consumed++; },
      killAfterMs: (WARMUP + SECONDS + 60) * 1000,
    });
    if (consuming) { counters.kcatConsumerRestarts++; kcatErrors.push(`consumer ${i} exited ${r.code ?? r.signal}: ${r.err.trim().split('\n').slice(-1)[0] ?? ''}`); await sleep(500); }
  }
}

// ---- the verifier: reads each partition on from where it stopped, then deletes what it read
const seen = new Map();
const nextOffset = new Array(PARTITIONS).fill(0);
const verify = { passes: 0, readRetries: 0 };
async function verifyPartition(p) {
  // Values count only once the read succeeded: a read cut short is done again from the same offset.
  // Up to the high watermark seen now (one record per offset here): with producers running, a read
  // "to the end" (-e) could chase the end for a long time.
  const hw = await sb.call('hw', { topic, partition: p });
  const want = hw - nextOffset[p];
  if (want <= 0) return;
  const got = [];
  let rest = '';
  let last = -1;
  const r = await run(['-C', '-b', sb.bootstrap, '-t', topic, '-p', String(p), '-o', String(nextOffset[p]), '-c', String(want), '-q', '-X', 'check.crcs=true', '-f', '%o %s\n'], {
    onStdout: (d) => {
      const lines = (rest + d).split('\n');
      rest = lines.pop();
      for (const l of lines) {
        const sp = l.indexOf(' ');
        last = Number(l.slice(0, sp));
        got.push(l.slice(sp + 1));
      }
    },
    killAfterMs: 30000,
  });
  if (r.code !== 0 || got.length !== want || last !== hw - 1) { verify.readRetries++; kcatErrors.push(`verifier, partition ${p}: ${r.code ?? r.signal} ${r.err.trim().split('\n').slice(-1)[0] ?? ''}`); return; }
  for (const v of got) seen.set(v, (seen.get(v) ?? 0) + 1);
  nextOffset[p] = hw;
  await sb.call('deleteRecords', { topic, partition: p, offset: hw });
}
async function verifyPass() {
  await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => verifyPartition(p)));
  verify.passes++;
}
let verifying = true;
const verifier = (async () => {
  while (verifying) {
    const t = Date.now();
    await verifyPass();
    if (process.env.SOAK_DEBUG) console.log(`verifier pass ${verify.passes}: ${Date.now() - t} ms`);
    await sleep(3000);
  }
})();

// ---- warm-up: all 20 clients, no faults
const t0 = Date.now();
const producers = [];
for (let i = 0; i < CLIENTS.kafkajsProducers; i++) producers.push(kafkajsProducer(i));
for (let i = 0; i < CLIENTS.kcatProducers; i++) producers.push(kcatProducer(i));
const consumerLoops = [];
for (let i = 0; i < CLIENTS.kafkajsConsumers; i++) consumerLoops.push(kafkajsConsumer(i));
for (let i = 0; i < CLIENTS.kcatConsumers; i++) consumerLoops.push(kcatConsumer(i));
await sleep(WARMUP * 1000);
const afterWarmup = await sb.call('mem');
const storedAfterWarmup = await sb.call('stored');
const statsWarm = await sb.call('stats');
const faultStart = Date.now();
console.log(`warm-up done (${WARMUP} s): RSS ${(afterWarmup.rss / MiB).toFixed(1)} MiB after GC, ${statsWarm.connections} connections; soaking for ${SECONDS} s with faults`);

// ---- soak: faults every 2 s, in rotation
const faults = { connectionDrops: 0, connectionsDropped: 0, delayedResponses: 0, produceCutAfterAppend: 0, fetchCutBeforeHandling: 0 };
const rssSamples = [];
let step = 0;
while (Date.now() - faultStart < SECONDS * 1000) {
  const brokerId = (step % 3) + 1;
  switch (step % 4) {
    case 0: faults.connectionDrops++; faults.connectionsDropped += await sb.call('drop', { brokerId }); break;
    case 1: faults.delayedResponses += 100; await sb.call('delay', { ms: 300, times: 100 }); break;
    case 2: faults.produceCutAfterAppend++; await sb.call('dropAfter', { after: 0, opts: { apiKey: API.Produce, brokerId, when: 'after' } }); break;
    case 3: faults.fetchCutBeforeHandling++; await sb.call('dropAfter', { after: 0, opts: { apiKey: API.Fetch, brokerId, when: 'before' } }); break;
  }
  step++;
  rssSamples.push(await sb.call('rssNow'));
  if (process.env.SOAK_DEBUG) console.log(`t=${((Date.now() - t0) / 1000).toFixed(1)} s step ${step} ${JSON.stringify(counters)}`);
  await sleep(2000);
}
const faultEnd = Date.now();
producing = false;
await Promise.all(producers);
if (process.env.SOAK_DEBUG) console.log('producers stopped');
const unfired = await sb.call('clearFaults');
if (process.env.SOAK_DEBUG) console.log('faults cleared');
consuming = false;
for (const c of run.live) c.kill('SIGTERM');
await Promise.all(consumerLoops.map((p) => p.catch(() => {})));
if (process.env.SOAK_DEBUG) console.log('kcat consumers stopped');
// A consumer that cannot leave its group in 20 s is counted, not waited for.
const withTimeout = (p, ms) => Promise.race([p.then(() => true), sleep(ms).then(() => false)]);
const disconnected = await Promise.all(consumers.map((c) => withTimeout(c.disconnect().catch(() => {}), 20000)));
counters.kafkajsConsumerDisconnectTimeouts = disconnected.filter((x) => !x).length;
if (process.env.SOAK_DEBUG) console.log('kafkajs consumers stopped', JSON.stringify(await sb.call('mem')), JSON.stringify(await sb.call('stats')));
const soakMs = Date.now() - t0;

// ---- verification: a last pass reads what is left
verifying = false;
await verifier;
// the last pass must read every partition to its end; cut-short reads are retried (bounded)
let finalComplete = false;
for (let i = 0; i < 5 && !finalComplete; i++) {
  const before = verify.readRetries;
  await verifyPass();
  finalComplete = verify.readRetries === before;
}
const storedAtEnd = await sb.call('stored');
let missing = 0;
for (const v of acked) if (!seen.has(v)) missing++;
const duplicated = [...seen.values()].filter((n) => n > 1).length;
const check = { acked: acked.size, read: [...seen.values()].reduce((a, n) => a + n, 0), missing, duplicated };
await sleep(500);
const end = await sb.call('mem');
if (process.env.SOAK_DEBUG) console.log('after warm-up', JSON.stringify(afterWarmup), 'end', JSON.stringify(end));
await sb.call('stop');
rmSync(work, { recursive: true, force: true });

// ---- the sandbox's log: every error-like line must be explained by an injected fault
const errorLike = /internal error|malformed|not supported|unsupported|before authentication|frame size|TLS handshake failed|listener error|fail|error/i;
const explained = (l) => /fault: dropping/.test(l.line);
const errorLines = sb.logs.filter((l) => errorLike.test(l.line));
const unexplained = errorLines.filter((l) => !explained(l));
const faultLines = sb.logs.filter((l) => explained(l));

const rssChange = (end.rss - afterWarmup.rss) / afterWarmup.rss;
const exactlyOnce = check.missing === 0 && check.duplicated === 0 && finalComplete;
// A leak shows as growth; RSS below the warm-up level (the clients are gone at the end) is fine.
const ok = exactlyOnce && rssChange <= 0.1 && unexplained.length === 0;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const mib = (n) => `${(n / MiB).toFixed(1)} MiB`;
const body = [
  `Command: \`npm run bench -- soak\` (or \`node bench/soak.mjs --seconds ${SECONDS} --warmup ${WARMUP}\`), ${new Date().toISOString().slice(0, 10)}, linux x64, Node ${process.version}, ${cpus().length} cores (shared).`,
  '',
  `20 clients against 3 brokers (the built dist/sandbox.js in a child process), topics of ${PARTITIONS} partitions: ${CLIENTS.kafkajsProducers} kafkajs idempotent producers (batches of 20, acks=all), ${CLIENTS.kcatProducers} kcat producers (\`enable.idempotence=true\`, runs of 300 lines), ${CLIENTS.kafkajsConsumers} kafkajs consumers in one group and ${CLIENTS.kcatConsumers} kcat balanced consumers (\`-G\`) in another. ${WARMUP} s of warm-up, then ${SECONDS} s with a fault every 2 s in rotation: all connections of one broker dropped; the next 100 responses delayed by 300 ms; a produce connection cut after the append (handled, unanswered); a fetch connection cut before handling. Every 3 s a verifier reads each partition on from where it stopped (kcat, \`check.crcs=true\`) and deletes what it read (DeleteRecords), so the sandbox holds a few seconds of data at a time.`,
  '',
  '| measure | value |',
  '|---|---|',
  `| result | **${ok ? 'pass' : 'FAIL'}** |`,
  `| records acknowledged | ${fmt(check.acked)} |`,
  `| acknowledged records never read / records read more than once | ${check.missing} / ${check.duplicated} |`,
  `| records read by the verifier (unacknowledged ones may be among them); passes; reads cut short and redone | ${fmt(check.read)}; ${verify.passes}; ${verify.readRetries} |`,
  `| records delivered to consumers (both groups, redeliveries after rebalances included) | ${fmt(counters.consumed)} |`,
  `| kafkajs sends ok / failed; kcat producer runs ok / failed; kcat consumer restarts | ${fmt(counters.kafkajsSends)} / ${counters.kafkajsSendFailures}; ${counters.kcatRuns - counters.kcatRunFailures} / ${counters.kcatRunFailures}; ${counters.kcatConsumerRestarts} (kafkajs consumers that did not leave in 20 s: ${counters.kafkajsConsumerDisconnectTimeouts}) |`,
  `| faults: broker drops (connections closed), delayed responses, produce cuts, fetch cuts | ${faults.connectionDrops} (${faults.connectionsDropped}), ${faults.delayedResponses}, ${faults.produceCutAfterAppend}, ${faults.fetchCutBeforeHandling} (${unfired} not yet fired at the end) |`,
  `| sandbox RSS after warm-up (GC) → peak during soak → at the end (GC) | ${mib(afterWarmup.rss)} → ${mib(Math.max(...rssSamples))} → ${mib(end.rss)} (**${rssChange >= 0 ? '+' : ''}${(rssChange * 100).toFixed(1)}%**; goal: at most +10%) |`,
  `| sandbox heap used after warm-up → end (GC); batch bytes stored then → at the end | ${mib(afterWarmup.heap)} → ${mib(end.heap)}; ${mib(storedAfterWarmup)} → ${mib(storedAtEnd)} |`,
  `| sandbox log lines: total / error-like / explained by faults / unexplained | ${sb.logs.length} / ${errorLines.length} / ${faultLines.length} / **${unexplained.length}** |`,
  '',
  `Wall time ${(soakMs / 1000).toFixed(0)} s (faults from ${((faultStart - t0) / 1000).toFixed(0)} s to ${((faultEnd - t0) / 1000).toFixed(0)} s). A kcat consumer exits when librdkafka sees all its connections down at once (a dropped broker plus a cut fetch); the benchmark starts it again and counts it above. "Error-like" log lines are those about failures, malformed or refused requests and internal errors; only "fault: dropping …" lines count as explained.`,
].join('\n');
console.log('\n' + body);
if (unexplained.length) console.log('\nunexplained log lines:\n' + unexplained.slice(0, 20).map((l) => `  ${l.line}`).join('\n'));
if (kcatErrors.length) console.log(`\nkcat errors (${kcatErrors.length}, first 10):\n` + kcatErrors.slice(0, 10).map((l) => `  ${l}`).join('\n'));
updateSection('soak', '## Sandbox soak (20 clients, faults injected)', body);
process.exit(ok ? 0 : 1);
