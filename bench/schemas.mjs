// Schema decoding cost, two measures (the goal: decoding costs at most 2x the plain peek).
// 1. End to end: `msk-tools peek --format jsonl --limit N` (dist/cli.js, a process per run) on a topic
//    of N Glue-Avro values of about 1 KB, their schema registered in the sandbox's Glue emulator
//    (CreateSchema through @aws-sdk/client-glue), against a topic of the same values as plain JSON
//    text. A 1-broker sandbox (dist/sandbox.js in a child process, 3 partitions) holds both; the runs
//    alternate, each output's line count and its first line are checked, peak RSS is VmHWM.
// 2. The decode layer alone, in-process: decodeValue (header, cached schema lookup, avsc with its
//    bounds walk, JSON-ready conversion) against JSON.parse of the JSON text, same values.
// Medians of --runs runs (default 5) after a warm-up.
//   node bench/schemas.mjs [--messages N] [--runs N] [--layer-only | --peek-only] [--no-build] [--no-doc] [--cpu-prof DIR] [--cli FILE]
//   (or: npm run bench -- schemas). It builds dist/ first unless --no-build; only a full run
//   (both measures, without --no-doc) writes its section of docs/benchmarks.md.
import * as esbuild from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { median, root, updateSection } from './lib.mjs';
import { CLI, measure } from './peek.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MESSAGES = arg('messages', 100_000);
const RUNS = arg('runs', 5);
const flag = (name) => process.argv.includes(`--${name}`);
const LAYER = !flag('peek-only');
const PEEK = !flag('layer-only');
const work = join(root, 'bench/.work');
mkdirSync(work, { recursive: true });
const out = join(work, 'schemas.cjs');
await esbuild.build({ entryPoints: [join(root, 'src/core/schemas/index.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile: out, logLevel: 'warning' });
const S = createRequire(import.meta.url)(out);

const ID = '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const schema = {
  type: 'record', name: 'Shipment', namespace: 'bench',
  fields: [
    { name: 'id', type: 'long' }, { name: 'order', type: 'string' }, { name: 'customer', type: 'string' },
    { name: 'email', type: 'string' }, { name: 'street', type: 'string' }, { name: 'city', type: 'string' },
    { name: 'country', type: 'string' }, { name: 'weight', type: 'double' }, { name: 'express', type: 'boolean' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'items', type: { type: 'array', items: { type: 'record', name: 'Item', fields: [{ name: 'sku', type: 'string' }, { name: 'title', type: 'string' }, { name: 'qty', type: 'int' }, { name: 'price', type: 'double' }] } } },
  ],
};
const record = { registry: 'glue', registryName: 'bench', name: 'Shipment', version: 1, format: 'AVRO', id: ID, definition: JSON.stringify(schema) };
const source = { kind: 'glue', byId: async () => record, byName: async () => record };

const compiled = await S.compileSchema('AVRO', record.definition);
/** Value i: distinct per message, about 1 KB as Glue-Avro (header included), about 1.5 KB as JSON text. */
const valueOf = (i) => ({
  id: 100000 + i, order: `ORD-${i}-${'x'.repeat(12)}`, customer: `Customer number ${i} with a longer name`, email: `customer${i}@example.org`,
  street: `${i % 997} Long Street Name of the Distribution Centre`, city: 'Frankfurt am Main', country: 'DE', weight: 1.25 * (i % 1000), express: i % 2 === 0,
  note: i % 3 ? `Leave at the door, ring twice, ${'please '.repeat(3)}` : null,
  items: Array.from({ length: 12 + (i % 3) }, (_, j) => ({ sku: `SKU-${i}-${j}-ABCDEFG`, title: `Item ${j} of shipment ${i}, blue`, qty: j + 1, price: 9.99 + j })),
});
const values = Array.from({ length: 64 }, (_, i) => valueOf(i));
const avroMsgs = values.map((v) => S.writeGlueMessage(ID, compiled.encode(v).payload));
const jsonMsgs = values.map((v) => Buffer.from(JSON.stringify(v)));
const avg = (xs) => Math.round(xs.reduce((a, b) => a + b.length, 0) / xs.length);

/** decodeValue over the messages; `json`: as peek's jsonl calls it (JSON text straight from the bytes). */
async function runDecode(json = false) {
  const session = new S.SchemaSession({ glue: source });
  const options = json ? { json: true } : {};
  const t = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const r = await S.decodeValue(avroMsgs[i % avroMsgs.length], session, options);
    if (json ? r.json : r.decoded) n++;
  }
  if (n !== MESSAGES) throw new Error(`decoded ${n} of ${MESSAGES}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}
async function runJson() {
  const t = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < MESSAGES; i++) {
    // awaited too, so both loops pay the same per-message promise turn
    const v = await Promise.resolve(JSON.parse(jsonMsgs[i % jsonMsgs.length].toString('utf8')));
    if (v) n++;
  }
  if (n !== MESSAGES) throw new Error('json');
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const fmt = (x) => `${Math.round(x).toLocaleString('en-US')} ms`;
const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const n = MESSAGES.toLocaleString('en-US');

async function layer() {
  await runDecode();
  await runDecode(true);
  await runJson();
  const dec = [], decJson = [], js = [], ratio = [], ratioJson = [];
  for (let r = 0; r < RUNS; r++) {
    const j = await runJson();
    const d = await runDecode();
    const dj = await runDecode(true);
    js.push(j); dec.push(d); decJson.push(dj); ratio.push(d / j); ratioJson.push(dj / j);
  }
  return `The decode layer alone, in-process: \`decodeValue\` from \`src/core/schemas\` (a warm session cache, as a peek has after the first message) against \`JSON.parse\` of the JSON text, ${n} messages per run (64 of the values above, repeated): to data (as the viewer decodes), and to JSON text with the \`json\` option (as \`peek --format jsonl\` does: Avro bytes straight to UTF-8 JSON, no value built). Medians of ${RUNS} runs; each ratio is the median of each run's ratio.

| decode layer | median | ratio to \`JSON.parse\` |
|---|---|---|
| plain JSON (\`JSON.parse\`) | ${fmt(median(js))} | |
| Glue-Avro, to data (\`decodeValue\`) | ${fmt(median(dec))} | ${median(ratio).toFixed(2)}x |
| Glue-Avro, to JSON text (\`decodeValue\` with \`json\`) | ${fmt(median(decJson))} | ${median(ratioJson).toFixed(2)}x |`;
}

// --cli FILE: another build of the CLI (e.g. an unminified one, for readable profiles); its sandbox.js too
const cli = process.argv.indexOf('--cli') > 0 ? process.argv[process.argv.indexOf('--cli') + 1] : CLI;

/** A sandbox (Kafka, Glue emulator) in a child process of its own, as the CLI would meet it. */
async function startSandbox() {
  const code = `
    const { startSandbox } = require(${JSON.stringify(join(dirname(cli), 'sandbox.js'))});
    startSandbox({ brokers: 1, seed: 'none' }).then((sb) => {
      process.send({ bootstrap: sb.bootstrap, glueEndpoint: sb.glueEndpoint, region: sb.region });
      process.on('message', (m) => { if (m === 'stop') sb.stop().then(() => process.exit(0)); });
    });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const info = await new Promise((resolve, reject) => { child.once('message', resolve); child.once('exit', (c) => reject(new Error(`the sandbox exited ${c}`))); });
  return { ...info, stop: () => new Promise((r) => { child.removeAllListeners('exit'); child.once('exit', r); child.send('stop'); }) };
}

const KEYS = { accessKeyId: 'AKIABENCHSCHEMAS', secretAccessKey: 'bench-schemas' };

async function peekRuns() {
  if (!flag('no-build')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const req = createRequire(import.meta.url);
  const { GlueClient, CreateRegistryCommand, CreateSchemaCommand } = req('@aws-sdk/client-glue');
  const { Kafka, logLevel } = req('kafkajs');
  const sb = await startSandbox();
  const runtime = mkdtempSync(join(tmpdir(), 'bench-schemas-'));
  try {
    // the schema, registered as a user would: its version id is what the Glue header carries
    const glue = new GlueClient({ endpoint: sb.glueEndpoint, region: sb.region, credentials: KEYS });
    await glue.send(new CreateRegistryCommand({ RegistryName: 'bench-registry' }));
    const created = await glue.send(new CreateSchemaCommand({ RegistryId: { RegistryName: 'bench-registry' }, SchemaName: 'Shipment', DataFormat: 'AVRO', Compatibility: 'BACKWARD', SchemaDefinition: record.definition }));
    const versionId = created.SchemaVersionId;
    const kafka = new Kafka({ clientId: 'bench-schemas', brokers: [sb.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'bench-glue-avro', numPartitions: 3 }, { topic: 'bench-plain-json', numPartitions: 3 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    let avroBytes = 0, jsonBytes = 0;
    const CHUNK = 1000;
    for (let at = 0; at < MESSAGES; at += CHUNK) {
      const avro = [], json = [];
      for (let i = at; i < Math.min(MESSAGES, at + CHUNK); i++) {
        const v = valueOf(i);
        const a = S.writeGlueMessage(versionId, compiled.encode(v).payload);
        const j = Buffer.from(JSON.stringify(v));
        avroBytes += a.length; jsonBytes += j.length;
        avro.push({ value: a }); json.push({ value: j });
      }
      await producer.send({ topic: 'bench-glue-avro', messages: avro });
      await producer.send({ topic: 'bench-plain-json', messages: json });
    }
    await producer.disconnect();
    const env = { ...process.env, AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey, MSK_TOOLS_RUNTIME_DIR: runtime };
    // --cpu-prof DIR: every peek writes a CPU profile there (node --cpu-prof), to see where the time goes
    const prof = process.argv.indexOf('--cpu-prof') > 0 ? ['--cpu-prof', '--cpu-prof-dir', process.argv[process.argv.indexOf('--cpu-prof') + 1]] : [];
    const argv = (topic) => [...prof, cli, 'peek', '--bootstrap', sb.bootstrap, '--topic', topic, '--limit', String(MESSAGES), '--format', 'jsonl', '--glue-endpoint', sb.glueEndpoint, '--region', sb.region];
    const one = (topic) => measure(process.execPath, argv(topic), env);
    const checkFirst = (m, avro) => {
      const first = JSON.parse(m.first);
      // plain JSON text is printed as a JSON string (peek does not parse values); a decoded value as JSON
      const v = avro ? first.value : JSON.parse(first.value);
      if (typeof v !== 'object' || v === null || typeof v.id !== 'number' || !Array.isArray(v.items)) throw new Error(`${avro ? 'Glue-Avro' : 'JSON'} peek: the first line's value is not the decoded record: ${m.first.slice(0, 300)}`);
      if (avro && (first.schema?.name !== 'Shipment' || first.schemaError !== undefined)) throw new Error(`Glue-Avro peek: not decoded: ${m.first.slice(0, 300)}`);
    };
    // warm-up (the file cache, the JIT of the sandbox)
    checkFirst(await one('bench-plain-json'), false);
    checkFirst(await one('bench-glue-avro'), true);
    const plain = [], avro = [], ratio = [], cpuRatio = [];
    for (let r = 0; r < RUNS; r++) {
      const pair = r % 2 ? [['a', 'bench-glue-avro'], ['p', 'bench-plain-json']] : [['p', 'bench-plain-json'], ['a', 'bench-glue-avro']];
      const got = {};
      for (const [k, topic] of pair) {
        const m = await one(topic);
        if (m.lines !== MESSAGES) throw new Error(`${topic}: ${m.lines} lines, expected ${MESSAGES}`);
        got[k] = m;
      }
      plain.push(got.p); avro.push(got.a); ratio.push(got.a.ms / got.p.ms); cpuRatio.push(got.a.cpuMs / got.p.cpuMs);
      console.log(`run ${r + 1}: plain JSON ${fmtS(got.p.ms)} (CPU ${fmtS(got.p.cpuMs)}, ${got.p.rssMiB.toFixed(0)} MiB), Glue-Avro ${fmtS(got.a.ms)} (CPU ${fmtS(got.a.cpuMs)}, ${got.a.rssMiB.toFixed(0)} MiB), ratio ${(got.a.ms / got.p.ms).toFixed(2)}x (CPU ${(got.a.cpuMs / got.p.cpuMs).toFixed(2)}x)`);
    }
    const med = (xs, f) => median(xs.map((x) => x[f]));
    return `End to end: \`msk-tools peek --format jsonl --limit ${MESSAGES}\` (dist/cli.js) on a topic of ${n} Glue-Avro values, ${Math.round(avroBytes / MESSAGES)} bytes on average (the 18-byte Glue header included; schema registered in the sandbox's Glue emulator, decoded with \`--glue-endpoint\`), against a topic of the same values as plain JSON text, ${Math.round(jsonBytes / MESSAGES)} bytes on average. A 1-broker sandbox (dist/sandbox.js in its own process, 3 partitions) holds both. Each run reads all messages to a pipe; the line count and the first line are checked. Medians of ${RUNS} runs, alternating the order; times include process start-up, metadata and (for Glue-Avro) the one GetSchemaVersion. Peak RSS is the process's VmHWM. Goal: at most 2x.

| peek | median wall time | median CPU time (user + system) | peak RSS |
|---|---|---|---|
| plain JSON | ${fmtS(med(plain, 'ms'))} | ${fmtS(med(plain, 'cpuMs'))} | ${med(plain, 'rssMiB').toFixed(0)} MiB |
| Glue-Avro | ${fmtS(med(avro, 'ms'))} | ${fmtS(med(avro, 'cpuMs'))} | ${med(avro, 'rssMiB').toFixed(0)} MiB |
| ratio (the median of each run's ratio) | ${median(ratio).toFixed(2)}x | ${median(cpuRatio).toFixed(2)}x | |`;
  } finally {
    await sb.stop();
    rmSync(runtime, { recursive: true, force: true });
  }
}

const parts = [];
parts.push(`Command: \`node bench/schemas.mjs --messages ${MESSAGES} --runs ${RUNS}\` (or \`npm run bench -- schemas\`), ${new Date().toISOString().slice(0, 10)}, ${process.platform} ${process.arch}, Node ${process.version}, ${cpus().length} cores.

The values: a Shipment record (11 fields, 12 to 14 nested items), Glue-Avro ${avg(avroMsgs)} bytes on average, ${avg(jsonMsgs)} bytes as JSON text.`);
if (PEEK) parts.push(await peekRuns());
if (LAYER) parts.push(await layer());
const body = parts.join('\n\n');
// docs/benchmarks.md is written only by a full run (both measures), and not with --no-doc
if (PEEK && LAYER && !flag('no-doc')) updateSection('schemas', '## Decoding schema-registry messages (Glue-Avro vs plain JSON)', body);
console.log(body);
