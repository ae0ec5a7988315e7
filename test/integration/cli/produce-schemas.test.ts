// `msk-tools produce` with schemas, as a process against the demo sandbox: values validated, then
// sent in the registry's wire format. What lands is read back with kafkajs and decoded by the
// independent SerDes (@meinestadt.de/glue-schema-registry for Glue, @kafkajs/confluent-schema-registry
// for Confluent) and by our own peek. An invalid record fails the run with its file:line and the
// schema's path, and the topic's end offsets stay where they were.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as avro from 'avsc';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { CreateSchemaCommand, GlueClient } from '@aws-sdk/client-glue';
import { GlueSchemaRegistry as MeinestadtRegistry } from '@meinestadt.de/glue-schema-registry';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { DEMO_GLUE_REGISTRY, DEMO_GLUE_SCHEMA, DEMO_GLUE_SCHEMAS } from '../../../src/sandbox/schema-seed';
import { writeDiscovery, removeDiscovery } from '../../../src/core/sandbox-discovery';
import { requireBuiltCli, runCli } from '../../helpers/cli-process';

interface Line { partition: number; offset: number; key: string | null; value: unknown; schema?: { registry: string; name: string; version: number; format: string; messageType?: string }; schemaError?: string }
const parse = (out: string): Line[] => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);

const PROTO = `syntax = "proto3";
package shop.events;

message CartUpdated {
  string cart_id = 1;
  int32 items = 2;
  repeated string skus = 3;
  Stage stage = 4;
  enum Stage { OPEN = 0; CHECKOUT = 1; }
}

message CartAbandoned {
  string cart_id = 1;
}
`;
const CART_SUBJECT = 'cli-carts-value';
const JSON_SUBJECT = 'cli-clicks-value';
const CLICK_SCHEMA = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { page: { type: 'string' }, ms: { type: 'integer', minimum: 0 } }, required: ['page', 'ms'], additionalProperties: false });
const ORDER_V2 = JSON.parse(DEMO_GLUE_SCHEMAS[0].versions[1]) as avro.Schema;

describe('msk-tools produce --schema / schema: (CLI process, demo sandbox, independent SerDes)', function () {
  this.timeout(120000);
  let sb: RunningSandbox;
  let dir: string;
  let kafka: Kafka;
  let admin: Admin;
  let confluent: SchemaRegistry;
  const env = (runtime = 'none') => ({ ...process.env, MSK_TOOLS_RUNTIME_DIR: join(dir, runtime), AWS_ACCESS_KEY_ID: 'AKIACLIPRODUCESCHEMA', AWS_SECRET_ACCESS_KEY: 'cli-produce-schema' });
  const registryFlags = () => ['--glue-endpoint', sb.glueEndpoint, '--region', sb.region, '--schema-registry', sb.registryEndpoint];

  /** Every message of the topic, read by kafkajs (an independent client), values as the bytes on the topic. */
  async function consume(topic: string, n: number): Promise<{ key: string | null; value: Buffer }[]> {
    const consumer = kafka.consumer({ groupId: `check-${topic}-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: { key: string | null; value: Buffer }[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${topic}: ${got.length} of ${n} messages after 30 s`)), 30000);
      void consumer.run({
        eachMessage: ({ message }) => {
          got.push({ key: message.key?.toString() ?? null, value: message.value! });
          if (got.length >= n) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      }).catch(reject);
    });
    await consumer.disconnect();
    return got;
  }

  const endOffsets = async (topic: string) => (await admin.fetchTopicOffsets(topic)).map((p) => `${p.partition}:${p.high}`).sort().join(',');

  before(async () => {
    requireBuiltCli();
    sb = await startSandbox({ seed: 'demo', brokers: 1 });
    dir = mkdtempSync(join(tmpdir(), 'msk-cli-produce-schemas-'));
    kafka = new Kafka({ brokers: [sb.bootstrap], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: ['cli-orders-avro', 'cli-carts-proto', 'cli-clicks-json', 'cli-untouched'].map((topic) => ({ topic, numPartitions: 2 })) });
    confluent = new SchemaRegistry({ host: sb.registryEndpoint });
    await confluent.register({ type: SchemaType.PROTOBUF, schema: PROTO }, { subject: CART_SUBJECT });
    await confluent.register({ type: SchemaType.JSON, schema: CLICK_SCHEMA }, { subject: JSON_SUBJECT });
  });
  after(async () => {
    await admin?.disconnect();
    await sb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Glue-Avro from a JSONL file with --schema: @meinestadt.de/glue-schema-registry and our peek decode every record', async () => {
    const records = [
      { orderId: 1001, customer: 'alice', amount: 12.5, currency: 'EUR', coupon: null },
      { orderId: 1002, customer: 'bob', amount: 99.99, currency: 'GBP', coupon: 'WELCOME10' },
      { orderId: 1003, customer: 'carol', amount: 0, currency: 'USD', coupon: null },
    ];
    const f = join(dir, 'orders.jsonl');
    writeFileSync(f, records.map((v, i) => JSON.stringify({ key: `o-${i + 1}`, value: v })).join('\n') + '\n');
    const r = await runCli(['produce', '--bootstrap', sb.bootstrap, ...registryFlags(), '--topic', 'cli-orders-avro', '--file', f, '--schema', `glue:${DEMO_GLUE_REGISTRY}/${DEMO_GLUE_SCHEMA}@latest`], { env: env() });
    assert.equal(r.code, 0, r.err);

    const got = await consume('cli-orders-avro', 3);
    const theirs = new MeinestadtRegistry(DEMO_GLUE_REGISTRY, { region: sb.region, endpoint: sb.glueEndpoint, credentials: { accessKeyId: 'AKIATHEIRS', secretAccessKey: 'theirs' } });
    const type = avro.Type.forSchema(ORDER_V2);
    const byKey = new Map<string, unknown>();
    for (const m of got) {
      const analysed = await theirs.analyzeMessage(m.value);
      assert.equal(analysed.valid, true, m.value.toString('hex'));
      assert.match(analysed.schema?.SchemaArn ?? '', new RegExp(`:schema/${DEMO_GLUE_REGISTRY}/${DEMO_GLUE_SCHEMA}$`));
      assert.equal(analysed.schema?.VersionNumber, 2);
      byKey.set(m.key!, { ...(await theirs.decode<object>(m.value, type)) });
    }
    assert.deepStrictEqual([...byKey.keys()].sort(), ['o-1', 'o-2', 'o-3']);
    records.forEach((v, i) => assert.deepStrictEqual(byKey.get(`o-${i + 1}`), v));

    const peek = await runCli(['peek', '--bootstrap', sb.bootstrap, ...registryFlags(), '--topic', 'cli-orders-avro', '--limit', '10'], { env: env() });
    assert.equal(peek.code, 0, peek.err);
    const lines = parse(peek.out);
    assert.equal(lines.length, 3);
    for (const l of lines) {
      assert.deepStrictEqual([l.schemaError, l.schema?.registry, l.schema?.name, l.schema?.version, l.schema?.format], [undefined, 'glue', DEMO_GLUE_SCHEMA, 2, 'AVRO'], JSON.stringify(l));
      assert.deepStrictEqual(l.value, records[Number(l.key!.slice(2)) - 1]);
    }
  });

  it('Glue-Avro bytes, fixed and decimal given as peek shows them (base64): the independent SerDe reads the same Buffers, and a peeked line produced again is the same message', async () => {
    const BLOB = { type: 'record', name: 'Blob', namespace: 'cli.test', fields: [
      { name: 'id', type: 'string' },
      { name: 'body', type: 'bytes' },
      { name: 'sum', type: { type: 'fixed', name: 'Sum', size: 4 } },
      { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 8, scale: 2 } },
      { name: 'thumb', type: ['null', 'bytes'], default: null },
      { name: 'parts', type: { type: 'map', values: { type: 'array', items: 'bytes' } } },
    ] };
    const glue = new GlueClient({ region: sb.region, endpoint: sb.glueEndpoint, credentials: { accessKeyId: 'AKIACLIBLOBSCHEMA', secretAccessKey: 'blob' } });
    await glue.send(new CreateSchemaCommand({ RegistryId: { RegistryName: DEMO_GLUE_REGISTRY }, SchemaName: 'cli-blob', DataFormat: 'AVRO', Compatibility: 'BACKWARD', SchemaDefinition: JSON.stringify(BLOB) }));
    glue.destroy();
    await admin.createTopics({ topics: [{ topic: 'cli-blobs', numPartitions: 1 }, { topic: 'cli-blobs-again', numPartitions: 1 }] });
    const values = [
      { id: 'b-1', body: Buffer.from([0, 1, 2, 0xfe, 0xff]), sum: Buffer.from('deadbeef', 'hex'), price: Buffer.from([0x30, 0x39]), thumb: Buffer.from('\x89PNG\r\n', 'latin1'), parts: { a: [Buffer.alloc(0), Buffer.from('x')] } },
      { id: 'b-2', body: Buffer.alloc(0), sum: Buffer.from('00000000', 'hex'), price: Buffer.from([0xff]), thumb: null, parts: {} },
    ];
    const b64 = (v: (typeof values)[number]) => ({ ...v, body: v.body.toString('base64'), sum: v.sum.toString('base64'), price: v.price.toString('base64'), thumb: v.thumb && v.thumb.toString('base64'), parts: Object.fromEntries(Object.entries(v.parts as Record<string, Buffer[]>).map(([k, xs]) => [k, xs.map((x) => x.toString('base64'))])) });
    const f = join(dir, 'blobs.jsonl');
    writeFileSync(f, values.map((v) => JSON.stringify({ key: v.id, value: b64(v) })).join('\n') + '\n');
    const schemaFlag = ['--schema', `glue:${DEMO_GLUE_REGISTRY}/cli-blob@latest`];
    const r = await runCli(['produce', '--bootstrap', sb.bootstrap, ...registryFlags(), '--topic', 'cli-blobs', '--file', f, ...schemaFlag], { env: env() });
    assert.equal(r.code, 0, r.err);
    const got = await consume('cli-blobs', 2);
    const theirs = new MeinestadtRegistry(DEMO_GLUE_REGISTRY, { region: sb.region, endpoint: sb.glueEndpoint, credentials: { accessKeyId: 'AKIATHEIRS', secretAccessKey: 'theirs' } });
    const type = avro.Type.forSchema(BLOB as avro.Schema);
    for (const m of got) {
      const decoded = { ...(await theirs.decode<Record<string, unknown>>(m.value, type)) };
      const want = values.find((v) => v.id === m.key)!;
      assert.deepStrictEqual(decoded, { ...want });
      assert.ok(Buffer.isBuffer(decoded.body) && decoded.body.equals(want.body));
    }

    // peek as JSONL, then the lines' values produced again: the same bytes on the topic
    const peek = await runCli(['peek', '--bootstrap', sb.bootstrap, ...registryFlags(), '--topic', 'cli-blobs', '--limit', '10'], { env: env() });
    assert.equal(peek.code, 0, peek.err);
    const lines = parse(peek.out);
    assert.deepStrictEqual(lines.map((l) => [l.schemaError, l.schema?.name, l.value]), values.map((v) => [undefined, 'cli-blob', b64(v)]));
    const again = join(dir, 'blobs-again.jsonl');
    writeFileSync(again, lines.map((l) => JSON.stringify({ key: l.key, value: l.value })).join('\n') + '\n');
    const r2 = await runCli(['produce', '--bootstrap', sb.bootstrap, ...registryFlags(), '--topic', 'cli-blobs-again', '--file', again, ...schemaFlag], { env: env() });
    assert.equal(r2.code, 0, r2.err);
    const second = await consume('cli-blobs-again', 2);
    const hex = (ms: { key: string | null; value: Buffer }[]) => ms.map((m) => `${m.key}=${m.value.toString('hex')}`).sort();
    assert.deepStrictEqual(hex(second), hex(got));

    // a wrong form: its line, the path and the form expected; nothing sent
    const before = await endOffsets('cli-blobs');
    const bad = join(dir, 'blobs-bad.jsonl');
    writeFileSync(bad, JSON.stringify({ value: { ...b64(values[1]), sum: 'AAAA' } }) + '\n');
    const r3 = await runCli(['produce', '--bootstrap', sb.bootstrap, ...registryFlags(), '--topic', 'cli-blobs', '--file', bad, ...schemaFlag], { env: env() });
    assert.equal(r3.code, 2, r3.err);
    assert.match(r3.err, /blobs-bad\.jsonl:1: \/sum: expected fixed cli\.test\.Sum \(4 bytes\) as base64 text, got 3 bytes/);
    assert.equal(await endOffsets('cli-blobs'), before);
  });

  it('Confluent-Protobuf from a recipe block\'s `schema:`: @kafkajs/confluent-schema-registry and our peek decode it; #Message picks the second type', async () => {
    const f = join(dir, 'carts.msk');
    writeFileSync(f, [
      '### carts', 'topic: cli-carts-proto', 'key: cart-{{seq}}', `schema: confluent:${CART_SUBJECT}@latest`, 'count: 4', '',
      '{"cart_id": "c-{{seq}}", "items": {{seq}}, "skus": ["sku-1", "sku-{{seq}}"], "stage": "{{pick CHECKOUT}}"}', '',
      '### abandoned', 'topic: cli-carts-proto', 'key: gone', `schema: confluent:${CART_SUBJECT}@1#CartAbandoned`, '',
      '{"cart_id": "c-9"}', '',
    ].join('\n'));
    const r = await runCli(['produce', '--bootstrap', sb.bootstrap, ...registryFlags(), '--recipe', f], { env: env() });
    assert.equal(r.code, 0, r.err);
    const got = await consume('cli-carts-proto', 5);
    const carts = got.filter((m) => m.key !== 'gone');
    assert.equal(carts.length, 4);
    for (const m of carts) {
      const n = Number(m.key!.slice(5));
      const decoded = (await confluent.decode(m.value)) as { toJSON(): unknown };
      // their protobufjs reads field names in camelCase
      assert.deepStrictEqual(decoded.toJSON(), { cartId: `c-${n}`, items: n, skus: ['sku-1', `sku-${n}`], stage: 'CHECKOUT' });
    }
    const peek = await runCli(['peek', '--bootstrap', sb.bootstrap, ...registryFlags(), '--topic', 'cli-carts-proto', '--limit', '10'], { env: env() });
    assert.equal(peek.code, 0, peek.err);
    const lines = parse(peek.out);
    assert.equal(lines.length, 5);
    for (const l of lines) {
      assert.equal(l.schemaError, undefined, JSON.stringify(l));
      assert.deepStrictEqual([l.schema?.registry, l.schema?.name, l.schema?.format], ['confluent', CART_SUBJECT, 'PROTOBUF']);
      assert.equal(l.schema?.messageType, l.key === 'gone' ? 'shop.events.CartAbandoned' : 'shop.events.CartUpdated');
    }
    assert.deepStrictEqual(lines.find((l) => l.key === 'gone')?.value, { cart_id: 'c-9' });
  });

  it('an invalid record: exit 2, its file:line and the schema\'s path, and nothing of the file is sent', async () => {
    const before = await endOffsets('cli-orders-avro');
    const f = join(dir, 'bad-orders.jsonl');
    writeFileSync(f, [
      JSON.stringify({ value: { orderId: 1, customer: 'ok', amount: 1, currency: 'EUR', coupon: null } }),
      '',
      JSON.stringify({ value: { orderId: 2, customer: 'bad', amount: 2, currency: 'YEN', coupon: null } }),
      JSON.stringify({ value: { orderId: 3, customer: 'ok', amount: 3, currency: 'USD', coupon: null } }),
    ].join('\n') + '\n');
    const r = await runCli(['produce', '--bootstrap', sb.bootstrap, ...registryFlags(), '--topic', 'cli-orders-avro', '--file', f, '--schema', `glue:${DEMO_GLUE_REGISTRY}/${DEMO_GLUE_SCHEMA}@latest`], { env: env() });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /bad-orders\.jsonl:3: \/currency: /);
    assert.match(r.err, /nothing was sent/);
    assert.doesNotMatch(r.err, /bad-orders\.jsonl:[14]:/);
    assert.equal(await endOffsets('cli-orders-avro'), before);
  });

  it('a recipe whose second block breaks its JSON Schema: block and path named, the first block\'s topic untouched; a record\'s own "schema" works too', async () => {
    const before = [await endOffsets('cli-untouched'), await endOffsets('cli-clicks-json')];
    const f = join(dir, 'clicks.msk');
    writeFileSync(f, [
      '### fine', 'topic: cli-untouched', '', 'plain text, no schema', '',
      '### clicks', 'topic: cli-clicks-json', `schema: confluent:${JSON_SUBJECT}@latest`, 'count: 2', '',
      '{"page": "/home", "ms": -{{seq}}}', '',
    ].join('\n'));
    const r = await runCli(['produce', '--bootstrap', sb.bootstrap, ...registryFlags(), '--recipe', f], { env: env() });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /clicks\.msk:6 \(block 2, message 1\): \/ms: must be >= 0/);
    assert.deepStrictEqual([await endOffsets('cli-untouched'), await endOffsets('cli-clicks-json')], before);

    // a record naming its own schema, without --schema; the sandbox's registries found without --bootstrap
    const runtime = join(dir, 'rt');
    process.env.MSK_TOOLS_RUNTIME_DIR = runtime;
    try {
      writeDiscovery({ pid: process.pid, startedAt: new Date().toISOString(), owner: 'cli', bootstrap: sb.bootstrap, listeners: sb.listeners, caFile: sb.caFile, mskEndpoint: sb.mskEndpoint, secretsEndpoint: sb.secretsEndpoint, glueEndpoint: sb.glueEndpoint, registryEndpoint: sb.registryEndpoint, region: sb.region });
      const j = join(dir, 'clicks.json');
      writeFileSync(j, JSON.stringify([{ key: 'k', schema: `confluent:${JSON_SUBJECT}@1`, value: { page: '/cart', ms: 42 } }, { key: 'plain', value: 'not encoded' }], null, 2));
      const ok = await runCli(['produce', '--topic', 'cli-clicks-json', '--file', j], { env: env('rt') });
      assert.equal(ok.code, 0, ok.err);
      const got = await consume('cli-clicks-json', 2);
      const k = got.find((m) => m.key === 'k')!;
      assert.deepStrictEqual(await confluent.decode(k.value), { page: '/cart', ms: 42 });
      assert.equal(got.find((m) => m.key === 'plain')!.value.toString(), 'not encoded');
      const bad = await runCli(['produce', '--topic', 'cli-clicks-json', '--file', j, '--schema', 'avro:whatever'], { env: env('rt') });
      assert.equal(bad.code, 2);
      assert.match(bad.err, /--schema avro:whatever: .*start with glue: or confluent:/);
    } finally {
      removeDiscovery();
      delete process.env.MSK_TOOLS_RUNTIME_DIR;
    }
  });
});
