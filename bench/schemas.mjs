// Schema decoding cost: 100,000 Glue-Avro messages of about 1 KB through decodeValue (header, cached
// schema lookup, avsc with its bounds walk, JSON-ready conversion), against the same values as plain
// JSON text through JSON.parse, in-process. This is the decode layer alone, so it bounds the peek
// ratio from above (a peek also fetches and unpacks record batches, the same work for both). The
// issue's goal: decoding costs at most 2x the plain peek. Medians of 5 runs after a warm-up.
//   node bench/schemas.mjs [--messages N] [--runs N]      (or: npm run bench -- schemas)
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { median, root, updateSection } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MESSAGES = arg('messages', 100_000);
const RUNS = arg('runs', 5);
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
const values = Array.from({ length: 64 }, (_, i) => ({
  id: 100000 + i, order: `ORD-${i}-${'x'.repeat(12)}`, customer: `Customer number ${i} with a longer name`, email: `customer${i}@example.org`,
  street: `${i} Long Street Name of the Distribution Centre`, city: 'Frankfurt am Main', country: 'DE', weight: 1.25 * i, express: i % 2 === 0,
  note: i % 3 ? `Leave at the door, ring twice, ${'please '.repeat(3)}` : null,
  items: Array.from({ length: 8 }, (_, j) => ({ sku: `SKU-${i}-${j}-ABCDEFG`, title: `Item ${j} of shipment ${i}, blue`, qty: j + 1, price: 9.99 + j })),
}));
const avroMsgs = values.map((v) => S.writeGlueMessage(ID, compiled.encode(v).payload));
const jsonMsgs = values.map((v) => Buffer.from(JSON.stringify(v)));
const avg = (xs) => Math.round(xs.reduce((a, b) => a + b.length, 0) / xs.length);

async function runDecode() {
  const session = new S.SchemaSession({ glue: source });
  const t = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const r = await S.decodeValue(avroMsgs[i % avroMsgs.length], session);
    if (r.decoded) n++;
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

await runDecode();
await runJson();
const dec = [], js = [], ratio = [];
for (let r = 0; r < RUNS; r++) {
  const j = await runJson();
  const d = await runDecode();
  js.push(j); dec.push(d); ratio.push(d / j);
}
const fmt = (x) => `${Math.round(x).toLocaleString('en-US')} ms`;
const body = `Command: \`node bench/schemas.mjs --messages ${MESSAGES} --runs ${RUNS}\` (or \`npm run bench -- schemas\`), ${new Date().toISOString().slice(0, 10)}, ${process.platform} ${process.arch}, Node ${process.version}, ${cpus().length} cores.

${MESSAGES.toLocaleString('en-US')} messages per run: Glue-Avro values of ${avg(avroMsgs)} bytes on average (the same values as JSON text: ${avg(jsonMsgs)} bytes). The decode layer only (\`decodeValue\` from \`src/core/schemas\`, a warm session cache, as a peek has after the first message) against \`JSON.parse\` of the JSON text; a peek's fetching and batch unpacking come on top of both, so the peek ratio is lower still. Medians of ${RUNS} runs; the ratio is the median of each run's ratio. Goal: at most 2x.

| measure | median |
|---|---|
| plain JSON (\`JSON.parse\`) | ${fmt(median(js))} |
| Glue-Avro (\`decodeValue\`) | ${fmt(median(dec))} |
| ratio | ${median(ratio).toFixed(2)}x |`;
updateSection('schemas', '## Decoding schema-registry messages (Glue-Avro vs plain JSON)', body);
console.log(body);
