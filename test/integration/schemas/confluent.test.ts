// The sandbox's Confluent-compatible registry, our REST client (src/kafka/schema-registry.ts) and
// the cross-check with @kafkajs/confluent-schema-registry, an independent client and SerDe: what it
// encodes we decode, and what we encode it decodes (Avro, Protobuf and JSON Schema).
import * as assert from 'assert';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { startConfluentRegistry, type ConfluentRegistryHandle } from '../../../src/sandbox/confluent-registry';
import { checkSchemaDefinition } from '../../../src/sandbox/schema-seed';
import { ConfluentSchemaRegistry } from '../../../src/kafka/schema-registry';
import { decodeValue, encodeValue, readMessageIndexes, SchemaSession } from '../../../src/core/schemas';

const auth = { username: 'registry-user', password: 'registry-pass-9f3' };

const AVRO = JSON.stringify({ type: 'record', name: 'Reading', namespace: 'io.example', fields: [{ name: 'sensor', type: 'string' }, { name: 'value', type: 'double' }, { name: 'ok', type: 'boolean' }] });
const PROTO = `syntax = "proto3";
package io.example;

message Payment {
  string id = 1;
  int64 cents = 2;
  repeated string tags = 3;
  Status status = 4;
  enum Status { PENDING = 0; DONE = 1; }
}

message Refund {
  string id = 1;
  string reason = 2;
}
`;
const JSON_SCHEMA = JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title: 'Event', type: 'object', properties: { kind: { type: 'string' }, n: { type: 'integer' } }, required: ['kind'] });

describe('schemas: Confluent-compatible registry with our client and @kafkajs/confluent-schema-registry', function () {
  this.timeout(60_000);
  let registry: ConfluentRegistryHandle;
  let theirs: SchemaRegistry;
  let ours: ConfluentSchemaRegistry;
  let session: SchemaSession;

  before(async () => {
    registry = await startConfluentRegistry({ auth, checkSchema: (t, s, r) => checkSchemaDefinition(t, s, r) });
    theirs = new SchemaRegistry({ host: registry.endpoint, auth });
    ours = new ConfluentSchemaRegistry({ url: registry.endpoint, auth });
    session = new SchemaSession({ confluent: ours });
  });
  after(async () => {
    await registry?.stop();
  });

  it('needs the user: without it the registry answers 401, and our error says what to give and never the password', async () => {
    const anonymous = new ConfluentSchemaRegistry({ url: registry.endpoint });
    await assert.rejects(anonymous.listSubjects(), (e: Error) => /401.*Give the registry user and password/.test(e.message) && !e.message.includes(auth.password));
    const wrong = new ConfluentSchemaRegistry({ url: registry.endpoint.replace('http://', `http://${auth.username}:nope@`) });
    await assert.rejects(wrong.listSubjects(), (e: Error) => /401/.test(e.message) && !e.message.includes('nope'));
  });

  it('answers unknown routes with 404 and Confluent\'s error body, and serves config and compatibility', async () => {
    const headers = { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    const res = await fetch(`${registry.endpoint}/nothing/here`, { headers });
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { message: string }).message, /has no GET \/nothing\/here/);
    const cfg = await fetch(`${registry.endpoint}/config`, { headers });
    assert.deepStrictEqual(await cfg.json(), { compatibilityLevel: 'BACKWARD' });
    const types = await fetch(`${registry.endpoint}/schemas/types`, { headers });
    assert.deepStrictEqual(await types.json(), ['AVRO', 'JSON', 'PROTOBUF']);
  });

  it('registers, lists and fetches through the REST API; ids are global and a re-registration returns the same id', async () => {
    const id = await ours.register('readings-value', { format: 'AVRO', definition: AVRO });
    assert.equal(await ours.register('readings-value', { format: 'AVRO', definition: AVRO }), id);
    assert.equal(await ours.register('readings-copy-value', { format: 'AVRO', definition: AVRO }), id, 'same schema, other subject: same id');
    assert.deepStrictEqual(await ours.listVersions('readings-value'), [1]);
    assert.ok((await ours.listSubjects()).includes('readings-copy-value'));
    const rec = await ours.byId(String(id));
    assert.deepStrictEqual([rec.name, rec.version, rec.format], ['readings-value', 1, 'AVRO']);
    assert.equal((await ours.byName('readings-value', 'latest')).id, String(id));
    await assert.rejects(ours.byName('nope', 'latest'), (e: Error & { errorCode?: number }) => e.errorCode === 40401);
    await assert.rejects(ours.byId('999'), (e: Error & { errorCode?: number }) => e.errorCode === 40403);
    await assert.rejects(ours.register('bad-value', { format: 'PROTOBUF', definition: 'message {' }), (e: Error & { errorCode?: number }) => e.errorCode === 42201);
  });

  it('Avro: decodes what @kafkajs/confluent-schema-registry encodes, and it decodes what we encode', async () => {
    const { id } = await theirs.register({ type: SchemaType.AVRO, schema: AVRO }, { subject: 'readings-value' });
    const value = { sensor: 't-1', value: 21.5, ok: true };
    const out = await decodeValue(await theirs.encode(id, value), session);
    assert.equal(out.error, undefined);
    assert.deepStrictEqual(out.decoded, value);
    assert.deepStrictEqual(out.schema, { registry: 'confluent', registryName: new URL(registry.endpoint).host, name: 'readings-value', version: 1, format: 'AVRO', id: String(id) });
    const mine = await encodeValue({ sensor: 't-2', value: -3, ok: false }, { registry: 'confluent', schemaName: 'readings-value', version: 1 }, session);
    assert.deepStrictEqual({ ...(await theirs.decode(mine)) }, { sensor: 't-2', value: -3, ok: false });
  });

  it('Protobuf: decodes what it encodes (no message indexes), and it decodes what we encode (indexes [0])', async () => {
    const { id } = await theirs.register({ type: SchemaType.PROTOBUF, schema: PROTO }, { subject: 'payments-value' });
    const value = { id: 'p-1', cents: '1999', tags: ['a', 'b'], status: 'DONE' };
    const encoded = await theirs.encode(id, { id: 'p-1', cents: 1999, tags: ['a', 'b'], status: 1 });
    const out = await decodeValue(encoded, session);
    assert.equal(out.error, undefined);
    assert.deepStrictEqual(out.decoded, value);
    assert.equal(out.schema?.messageType, 'io.example.Payment');
    assert.match(out.note ?? '', /no Protobuf message indexes/);

    const mine = await encodeValue(value, { registry: 'confluent', schemaName: 'payments-value', version: 'latest' }, session);
    assert.deepStrictEqual(readMessageIndexes(mine, 5)?.indexes, [0]);
    const back = (await theirs.decode(mine)) as { toJSON(): unknown };
    assert.deepStrictEqual(back.toJSON(), { id: 'p-1', cents: '1999', tags: ['a', 'b'], status: 'DONE' });
    // the second message of the file: indexes [1], which our decoder reads back (theirs reads only the first)
    const refund = await encodeValue({ id: 'r-1', reason: 'damaged' }, { registry: 'confluent', schemaName: 'payments-value', version: 'latest', messageType: 'Refund' }, session);
    assert.deepStrictEqual(readMessageIndexes(refund, 5)?.indexes, [1]);
    const r = await decodeValue(refund, session);
    assert.deepStrictEqual([r.schema?.messageType, r.decoded, r.note], ['io.example.Refund', { id: 'r-1', reason: 'damaged' }, undefined]);
  });

  it('JSON Schema: decodes what it encodes, and it decodes what we encode', async () => {
    const { id } = await theirs.register({ type: SchemaType.JSON, schema: JSON_SCHEMA }, { subject: 'events-value' });
    const out = await decodeValue(await theirs.encode(id, { kind: 'click', n: 3 }), session);
    assert.deepStrictEqual([out.error, out.decoded, out.schema?.format], [undefined, { kind: 'click', n: 3 }, 'JSON']);
    const mine = await encodeValue({ kind: 'view' }, { registry: 'confluent', schemaName: 'events-value', version: 'latest' }, session);
    assert.deepStrictEqual(await theirs.decode(mine), { kind: 'view' });
    await assert.rejects(encodeValue({ n: 1.5 }, { registry: 'confluent', schemaName: 'events-value', version: 'latest' }, session), /\/kind.*required|\/n must be integer/);
  });
});
