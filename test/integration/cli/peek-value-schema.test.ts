// `msk-tools peek --value-schema` as a process against the sandbox (its Glue emulator and
// Confluent-compatible registry): a topic set explicitly to a registry and format. One topic holds a
// Glue-Avro value (the demo schema, registered in the Glue emulator), a Confluent-Protobuf value
// (the demo subject), a plain JSON value and a tombstone; each setting is read back line by line.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { Kafka, logLevel } from 'kafkajs';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { DEMO_CONFLUENT_SUBJECT, DEMO_GLUE_REGISTRY, DEMO_GLUE_SCHEMA, DEMO_GLUE_SCHEMAS } from '../../../src/sandbox/schema-seed';
import { compileSchema, writeConfluentMessage, writeGlueMessage } from '../../../src/core/schemas';
import { requireBuiltCli, runCli } from '../../helpers/cli-process';

interface Line { offset: number; value: unknown; schema?: { registry: string; name: string; format: string }; schemaError?: string; schemaId?: string }
// all four in partition 0, in the order written
const parse = (out: string): Line[] => out.trim().split('\n').map((l) => JSON.parse(l) as Line).sort((a, b) => a.offset - b.offset);
const raw = (b: Buffer) => ({ base64: b.toString('base64') });
// how peek prints a value it does not decode: UTF-8 text as a string, other bytes as base64
const asPlain = (b: Buffer) => (isUtf8(b) ? b.toString('utf8') : raw(b));

describe('msk-tools peek --value-schema: a topic set to a registry and format (CLI process)', function () {
  this.timeout(120000);
  let sb: RunningSandbox;
  let dir: string;
  const topic = 'cli-value-schema-mixed';
  const order = { orderId: 7, customer: 'ann', amount: 12.5, currency: 'EUR' };
  let glueValue: Buffer;
  let confluentValue: Buffer;
  const plainValue = Buffer.from(JSON.stringify(order));
  const env = () => ({ ...process.env, MSK_TOOLS_RUNTIME_DIR: join(dir, 'none'), AWS_ACCESS_KEY_ID: 'AKIACLIVALUESCHEMA', AWS_SECRET_ACCESS_KEY: 'cli-value-schema' });

  before(async () => {
    requireBuiltCli();
    sb = await startSandbox({ seed: 'demo', brokers: 1 });
    dir = mkdtempSync(join(tmpdir(), 'msk-cli-value-schema-'));
    const [v1] = sb.glueApi.store.versionIds(DEMO_GLUE_SCHEMA, DEMO_GLUE_REGISTRY);
    const avro = await compileSchema('AVRO', DEMO_GLUE_SCHEMAS[0].versions[0]);
    glueValue = writeGlueMessage(v1, avro.encode(order).payload);
    const [protoId] = sb.confluentRegistry.store.idsOf(DEMO_CONFLUENT_SUBJECT);
    // an empty PaymentCaptured: the second message of the file, as the demo topic writes them
    confluentValue = writeConfluentMessage(protoId, Buffer.alloc(0), [1]);
    const kafka = new Kafka({ brokers: [sb.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [glueValue, confluentValue, plainValue, null].map((value) => ({ value, partition: 0 })) });
    await producer.disconnect();
  });
  after(async () => {
    await sb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const peek = (...extra: string[]) => runCli(['peek', '--topic', topic, '--bootstrap', sb.bootstrap, '--glue-endpoint', sb.glueEndpoint, '--region', sb.region, '--schema-registry', sb.registryEndpoint, ...extra], { env: env() });

  it('auto (the default): each value by its header; the plain value and the tombstone as they are', async () => {
    const r = await peek();
    assert.equal(r.code, 0, r.err);
    const [g, c, p, t] = parse(r.out);
    assert.deepEqual(g.value, order);
    assert.equal(g.schema?.name, DEMO_GLUE_SCHEMA);
    assert.equal(c.schema?.registry, 'confluent');
    assert.equal(c.schema?.format, 'PROTOBUF');
    assert.equal(p.value, plainValue.toString());
    assert.equal(p.schema, undefined);
    assert.equal(t.value, null);
  });

  it('none: raw bytes, even behind valid headers', async () => {
    const r = await peek('--value-schema', 'none');
    assert.equal(r.code, 0, r.err);
    const [g, c, p] = parse(r.out);
    assert.deepEqual(g.value, asPlain(glueValue));
    assert.deepEqual(c.value, asPlain(confluentValue));
    for (const l of [g, c, p]) {
      assert.equal(l.schema, undefined, JSON.stringify(l));
      assert.equal(l.schemaError, undefined, JSON.stringify(l));
    }
  });

  it('glue: the Glue value decoded; the others keep their bytes and say why; the tombstone stays null', async () => {
    const r = await peek('--value-schema', 'glue');
    assert.equal(r.code, 0, r.err);
    const [g, c, p, t] = parse(r.out);
    assert.deepEqual(g.value, order);
    assert.equal(g.schemaError, undefined);
    assert.deepEqual(c.value, raw(confluentValue));
    assert.match(c.schemaError ?? '', /set to Glue Schema Registry, but this value has a Confluent Schema Registry header/);
    assert.deepEqual(p.value, raw(plainValue));
    assert.match(p.schemaError ?? '', /set to Glue Schema Registry, but this value has no Glue header .* set .* to auto\.$/);
    assert.equal(t.value, null);
    assert.equal(t.schemaError, undefined);
  });

  it('confluent:protobuf: the Confluent value decoded, the Glue one reported', async () => {
    const r = await peek('--value-schema', 'confluent:protobuf');
    assert.equal(r.code, 0, r.err);
    const [g, c] = parse(r.out);
    assert.equal(c.schema?.format, 'PROTOBUF');
    assert.equal(c.schemaError, undefined);
    assert.deepEqual(g.value, raw(glueValue));
    assert.match(g.schemaError ?? '', /set to Confluent Schema Registry, but this value has a Glue Schema Registry header/);
  });

  it('a format that is not the registry\'s: reported on the message, with the schema named', async () => {
    const r = await peek('--value-schema', 'glue:protobuf', '--format', 'jsonl');
    assert.equal(r.code, 0, r.err);
    const [g] = parse(r.out);
    assert.deepEqual(g.value, raw(glueValue));
    assert.equal(g.schema?.name, DEMO_GLUE_SCHEMA);
    assert.match(g.schemaError ?? '', new RegExp(`set to PROTOBUF, but Glue Schema Registry says ${DEMO_GLUE_SCHEMA} version 1 is AVRO`));
    // text output says the same in the message's heading
    const text = await peek('--value-schema', 'glue:protobuf', '--format', 'text', '--limit', '1');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /undecoded: The topic is set to PROTOBUF/);
  });

  it('a bad setting, or a registry not given with --bootstrap: a usage error that says what to give', async () => {
    const bad = await peek('--value-schema', 'glu');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--value-schema glu: the registry "glu" is not one of auto, glue, confluent, none/);
    const noGlue = await runCli(['peek', '--topic', topic, '--bootstrap', sb.bootstrap, '--value-schema', 'glue'], { env: env() });
    assert.equal(noGlue.code, 2);
    assert.match(noGlue.err, /needs the Glue Schema Registry: add --glue .* or --glue-endpoint URL/);
    assert.equal(noGlue.out, '');
  });
});
