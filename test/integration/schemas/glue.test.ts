// The sandbox's Glue Schema Registry emulator through the real @aws-sdk/client-glue, our Glue source
// (src/aws/glue.ts) on top of it, and the cross-check with @meinestadt.de/glue-schema-registry, an
// independent Glue SerDe: what it encodes we decode, and what we encode it decodes.
import * as assert from 'assert';
import * as avro from 'avsc';
import { CreateRegistryCommand, CreateSchemaCommand, EntityNotFoundException, GetSchemaByDefinitionCommand, GetSchemaVersionCommand, GlueClient, InvalidInputException, ListSchemasCommand, ListSchemaVersionsCommand, RegisterSchemaVersionCommand } from '@aws-sdk/client-glue';
import { GlueSchemaRegistry as MeinestadtRegistry, SchemaCompatibilityType, SchemaType } from '@meinestadt.de/glue-schema-registry';
import { GlueRegistryStore, startGlueApi, type GlueApiHandle } from '../../../src/sandbox/glue';
import { DEMO_GLUE_SCHEMAS } from '../../../src/sandbox/schema-seed';
import { checkSchemaDefinition } from '../../../src/sandbox/schema-seed';
import { GlueSchemaRegistry } from '../../../src/aws/glue';
import { decodeValue, encodeValue, SchemaSession } from '../../../src/core/schemas';

const credentials = { accessKeyId: 'AKIASANDBOXGLUE00001', secretAccessKey: 'sandbox-secret-key' };
const region = 'eu-west-1';
const REGISTRY = 'crosscheck';

const PERSON = { type: 'record', name: 'Person', namespace: 'de.example', fields: [{ name: 'name', type: 'string' }, { name: 'age', type: 'int' }, { name: 'emails', type: { type: 'array', items: 'string' } }] };
const PERSON_V2 = { ...PERSON, fields: [...PERSON.fields, { name: 'nickname', type: ['null', 'string'], default: null }] };

describe('schemas: Glue Schema Registry emulator with the AWS SDK, our client and an independent SerDe', function () {
  this.timeout(60_000);
  let api: GlueApiHandle;
  let sdk: GlueClient;
  let ours: GlueSchemaRegistry;

  before(async () => {
    api = await startGlueApi({ region, checkDefinition: checkSchemaDefinition });
    sdk = new GlueClient({ region, endpoint: api.endpoint, credentials });
    ours = new GlueSchemaRegistry({ region, endpoint: api.endpoint, credentials, registryName: REGISTRY });
    await sdk.send(new CreateRegistryCommand({ RegistryName: REGISTRY, Description: 'cross-checks' }));
  });
  after(async () => {
    sdk?.destroy();
    ours?.dispose();
    await api?.stop();
  });

  it('serves CreateSchema, RegisterSchemaVersion, GetSchemaByDefinition, GetSchemaVersion and the lists to the unmodified SDK', async () => {
    const created = await sdk.send(new CreateSchemaCommand({ RegistryId: { RegistryName: REGISTRY }, SchemaName: 'sdk-person', DataFormat: 'AVRO', Compatibility: 'BACKWARD', SchemaDefinition: JSON.stringify(PERSON) }));
    assert.equal(created.SchemaVersionStatus, 'AVAILABLE');
    assert.match(created.SchemaVersionId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(created.SchemaArn, `arn:aws:glue:${region}:123456789012:schema/${REGISTRY}/sdk-person`);
    // the same definition again (other white space) is the same version
    const again = await sdk.send(new RegisterSchemaVersionCommand({ SchemaId: { RegistryName: REGISTRY, SchemaName: 'sdk-person' }, SchemaDefinition: JSON.stringify(PERSON, null, 2) }));
    assert.deepStrictEqual([again.SchemaVersionId, again.VersionNumber], [created.SchemaVersionId, 1]);
    const v2 = await sdk.send(new RegisterSchemaVersionCommand({ SchemaId: { RegistryName: REGISTRY, SchemaName: 'sdk-person' }, SchemaDefinition: JSON.stringify(PERSON_V2) }));
    assert.equal(v2.VersionNumber, 2);
    const byDef = await sdk.send(new GetSchemaByDefinitionCommand({ SchemaId: { SchemaArn: created.SchemaArn }, SchemaDefinition: JSON.stringify(PERSON) }));
    assert.equal(byDef.SchemaVersionId, created.SchemaVersionId);
    const latest = await sdk.send(new GetSchemaVersionCommand({ SchemaId: { RegistryName: REGISTRY, SchemaName: 'sdk-person' }, SchemaVersionNumber: { LatestVersion: true } }));
    assert.deepStrictEqual([latest.SchemaVersionId, latest.VersionNumber, latest.DataFormat], [v2.SchemaVersionId, 2, 'AVRO']);
    assert.deepStrictEqual(JSON.parse(latest.SchemaDefinition ?? ''), PERSON_V2);
    const byId = await sdk.send(new GetSchemaVersionCommand({ SchemaVersionId: created.SchemaVersionId }));
    assert.equal(byId.VersionNumber, 1);
    const list = await sdk.send(new ListSchemasCommand({ RegistryId: { RegistryName: REGISTRY } }));
    assert.deepStrictEqual(list.Schemas?.map((s) => s.SchemaName), ['sdk-person']);
    const versions = await sdk.send(new ListSchemaVersionsCommand({ SchemaId: { RegistryName: REGISTRY, SchemaName: 'sdk-person' }, MaxResults: 1 }));
    assert.equal(versions.Schemas?.length, 1);
    assert.ok(versions.NextToken, 'a second page');
  });

  it('answers with the SDK\'s exception classes: EntityNotFoundException, InvalidInputException for a definition that does not parse', async () => {
    await assert.rejects(sdk.send(new GetSchemaVersionCommand({ SchemaVersionId: '00000000-0000-4000-8000-000000000000' })), (e: Error) => e instanceof EntityNotFoundException && /Schema version is not found/.test(e.message));
    await assert.rejects(
      sdk.send(new CreateSchemaCommand({ RegistryId: { RegistryName: REGISTRY }, SchemaName: 'broken', DataFormat: 'AVRO', SchemaDefinition: '{"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}' })),
      (e: Error) => e instanceof InvalidInputException && /invalid/.test(e.message),
    );
    await assert.rejects(ours.byName('missing', 'latest'), (e: Error) => e.name === 'GlueRegistryError' && /EntityNotFoundException.*Check the name or id/.test(e.message));
  });

  it('refuses other protocols with the error types the SDK reads, and keeps seeded version ids across restarts', async () => {
    const raw = await fetch(api.endpoint, { method: 'POST', headers: { 'x-amz-target': 'AWSGlue.DeleteSchema', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    assert.equal(raw.status, 400);
    assert.equal(raw.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    const noTarget = await fetch(api.endpoint, { method: 'POST', body: '{}' });
    assert.match(((await noTarget.json()) as { Message: string }).Message, /X-Amz-Target: AWSGlue\.<Operation>/);
    const badJson = await fetch(api.endpoint, { method: 'POST', headers: { 'x-amz-target': 'AWSGlue.ListSchemas' }, body: '{' });
    assert.equal(badJson.headers.get('x-amzn-errortype'), 'SerializationException');
    // a sandbox restarted on its --data-dir holds messages that name these ids: they must not change
    const a = new GlueRegistryStore({ region, accountId: '123456789012' }, DEMO_GLUE_SCHEMAS);
    const b = new GlueRegistryStore({ region, accountId: '123456789012' }, DEMO_GLUE_SCHEMAS);
    const s0 = DEMO_GLUE_SCHEMAS[0];
    assert.equal(a.versionIds(s0.schemaName, s0.registryName).length, 2);
    assert.deepStrictEqual(a.versionIds(s0.schemaName, s0.registryName), b.versionIds(s0.schemaName, s0.registryName));
  });

  it('our Glue source lists registries, schemas and versions, and fetches by id and by name', async () => {
    assert.ok((await ours.listRegistries()).some((r) => r.name === REGISTRY));
    assert.deepStrictEqual((await ours.listSchemas()).map((s) => s.schemaName), ['sdk-person']);
    const versions = await ours.listSchemaVersions('sdk-person');
    assert.deepStrictEqual(versions.map((v) => v.version), [1, 2]);
    const rec = await ours.byId(versions[0].versionId);
    assert.deepStrictEqual([rec.registry, rec.registryName, rec.name, rec.version, rec.format], ['glue', REGISTRY, 'sdk-person', 1, 'AVRO']);
    assert.equal((await ours.byName('sdk-person', 'latest')).version, 2);
    assert.equal((await ours.byName('sdk-person', 1)).id, versions[0].versionId);
    assert.equal(await ours.versionIdOf('sdk-person', JSON.stringify(PERSON_V2)), versions[1].versionId);
    assert.equal(await ours.versionIdOf('sdk-person', JSON.stringify({ type: 'string' })), undefined);
  });

  it('decodes what @meinestadt.de/glue-schema-registry encodes, compressed and not', async () => {
    const theirs = new MeinestadtRegistry(REGISTRY, { region, endpoint: api.endpoint, credentials });
    const schemaId = await theirs.createSchema({ type: SchemaType.AVRO, schemaName: 'meinestadt-person', compatibility: SchemaCompatibilityType.BACKWARD, schema: JSON.stringify(PERSON) });
    assert.ok(schemaId);
    const session = new SchemaSession({ glue: ours });
    const value = { name: 'Ada', age: 36, emails: ['ada@example.org'] };
    for (const compress of [true, false]) {
      const msg = await theirs.encode(schemaId, value, { compress });
      assert.equal(msg[1], compress ? 5 : 0);
      const out = await decodeValue(msg, session);
      assert.equal(out.error, undefined);
      assert.deepStrictEqual(out.decoded, value);
      assert.deepStrictEqual(out.schema, { registry: 'glue', registryName: REGISTRY, name: 'meinestadt-person', version: 1, format: 'AVRO', id: schemaId });
    }
  });

  it('@meinestadt.de/glue-schema-registry decodes what we encode, compressed and not, by name and latest version', async () => {
    const theirs = new MeinestadtRegistry(REGISTRY, { region, endpoint: api.endpoint, credentials });
    const session = new SchemaSession({ glue: ours });
    const value = { name: 'Grace', age: 45, emails: [], nickname: 'Amazing' };
    for (const compress of [true, false]) {
      const msg = await encodeValue(value, { registry: 'glue', schemaName: 'sdk-person', version: 'latest', compress }, session);
      const analysed = await theirs.analyzeMessage(msg);
      assert.equal(analysed.valid, true);
      assert.equal(analysed.compression, compress ? 5 : 0);
      assert.equal(analysed.schema?.VersionNumber, 2);
      const decoded = await theirs.decode(msg, avro.Type.forSchema(PERSON_V2 as avro.Schema));
      assert.deepStrictEqual({ ...(decoded as object) }, value);
    }
    // read with the older reader schema: schema evolution through their resolver
    const v2msg = await encodeValue({ ...value, nickname: null }, { registry: 'glue', schemaName: 'sdk-person', version: 'latest' }, session);
    const asV1 = await theirs.decode(v2msg, avro.Type.forSchema(PERSON as avro.Schema));
    assert.deepStrictEqual({ ...(asV1 as object) }, { name: 'Grace', age: 45, emails: [] });
  });
});
