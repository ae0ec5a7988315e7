// `msk-tools peek --format jsonl` on the demo seed's schema-registry topics, as a process: Glue-Avro
// and Confluent-Protobuf messages come out decoded, each naming its schema, both with the registries
// given as flags and with a running sandbox found without --bootstrap; a message whose schema the
// registry does not know keeps its bytes and says why.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { DEMO_GLUE_SCHEMA, DEMO_SCHEMA_TOPICS } from '../../../src/sandbox/schema-seed';
import { writeDiscovery, removeDiscovery } from '../../../src/core/sandbox-discovery';
import { requireBuiltCli, runCli } from '../../helpers/cli-process';

interface Line { partition: number; offset: number; value: unknown; schema?: { registry: string; name: string; version: number; format: string }; schemaError?: string }
const parse = (out: string): Line[] => out.trim().split('\n').map((l) => JSON.parse(l) as Line);

describe('msk-tools peek: schema-registry messages decoded (CLI process)', function () {
  this.timeout(120000);
  let sb: RunningSandbox;
  let dir: string;
  // any keys: the sandbox's Glue emulation checks no signature; a user's come from the credential chain
  const env = (runtime = 'none') => ({ ...process.env, MSK_TOOLS_RUNTIME_DIR: join(dir, runtime), AWS_ACCESS_KEY_ID: 'AKIACLISCHEMATEST', AWS_SECRET_ACCESS_KEY: 'cli-schema-test' });

  before(async () => {
    requireBuiltCli();
    sb = await startSandbox({ seed: 'demo', brokers: 1 });
    dir = mkdtempSync(join(tmpdir(), 'msk-cli-schemas-'));
  });
  after(async () => {
    await sb?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const flags = () => ['--bootstrap', sb.bootstrap, '--glue-endpoint', sb.glueEndpoint, '--region', sb.region, '--schema-registry', sb.registryEndpoint, '--limit', '1000'];

  it('Glue-Avro: every message decoded to JSON, with the schema named', async () => {
    const r = await runCli(['peek', '--topic', DEMO_SCHEMA_TOPICS.glueAvro, ...flags()], { env: env() });
    assert.equal(r.code, 0, r.err);
    const lines = parse(r.out);
    assert.equal(lines.length, 30);
    for (const l of lines) {
      assert.equal(l.schemaError, undefined, JSON.stringify(l));
      assert.equal(l.schema?.registry, 'glue');
      assert.equal(l.schema?.name, DEMO_GLUE_SCHEMA);
      assert.equal(l.schema?.format, 'AVRO');
      assert.equal(typeof l.value, 'object');
    }
    assert.deepEqual([...new Set(lines.map((l) => l.schema!.version))].sort(), [1, 2]);
  });

  it('Confluent-Protobuf: every message decoded, with the subject named; without the registry flag the bytes stay', async () => {
    const r = await runCli(['peek', '--topic', DEMO_SCHEMA_TOPICS.confluentProtobuf, ...flags()], { env: env() });
    assert.equal(r.code, 0, r.err);
    const lines = parse(r.out);
    assert.equal(lines.length, 20);
    for (const l of lines) {
      assert.equal(l.schema?.registry, 'confluent', JSON.stringify(l));
      assert.equal(l.schema?.format, 'PROTOBUF');
      assert.equal(typeof l.value, 'object');
    }
    // no registry named: nothing to decode with, so each value keeps its bytes and says why
    const bare = await runCli(['peek', '--topic', DEMO_SCHEMA_TOPICS.confluentProtobuf, '--bootstrap', sb.bootstrap, '--limit', '3'], { env: env() });
    assert.equal(bare.code, 0, bare.err);
    for (const l of parse(bare.out)) {
      assert.ok(typeof (l.value as { base64?: string }).base64 === 'string', JSON.stringify(l));
      assert.ok(l.schemaError, JSON.stringify(l));
    }
  });

  it('without --bootstrap, the running sandbox\'s own registries decode', async () => {
    const runtime = join(dir, 'rt');
    process.env.MSK_TOOLS_RUNTIME_DIR = runtime;
    try {
      writeDiscovery({ pid: process.pid, startedAt: new Date().toISOString(), owner: 'cli', bootstrap: sb.bootstrap, listeners: sb.listeners, caFile: sb.caFile, mskEndpoint: sb.mskEndpoint, secretsEndpoint: sb.secretsEndpoint, glueEndpoint: sb.glueEndpoint, registryEndpoint: sb.registryEndpoint, region: sb.region });
      const r = await runCli(['peek', '--topic', DEMO_SCHEMA_TOPICS.glueAvro, '--limit', '5'], { env: env('rt') });
      assert.equal(r.code, 0, r.err);
      const lines = parse(r.out);
      assert.equal(lines.length, 5);
      for (const l of lines) assert.equal(l.schema?.name, DEMO_GLUE_SCHEMA, JSON.stringify(l));
    } finally {
      removeDiscovery();
      delete process.env.MSK_TOOLS_RUNTIME_DIR;
    }
  });

  it('a Glue message whose schema version the registry does not know keeps its bytes and says so', async () => {
    const kafka = new Kafka({ brokers: [sb.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    // header version 3, no compression, an unknown schema version id, then a payload
    const unknown = Buffer.concat([Buffer.from([3, 0]), Buffer.alloc(16, 0xab), Buffer.from([2, 4, 0x68, 0x69])]);
    await producer.send({ topic: 'cli-glue-unknown', messages: [{ value: unknown }] });
    await producer.disconnect();
    const r = await runCli(['peek', '--topic', 'cli-glue-unknown', ...flags()], { env: env() });
    assert.equal(r.code, 0, r.err);
    const [l] = parse(r.out);
    assert.equal((l.value as { base64: string }).base64, unknown.toString('base64'));
    assert.match(l.schemaError ?? '', /has no schema version abababab-abab-abab-abab-abababababab/);
    assert.doesNotMatch(l.schemaError ?? '', /credentials/i);
  });
});
