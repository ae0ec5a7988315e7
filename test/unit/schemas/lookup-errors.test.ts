// A Glue lookup that could not be made (no credentials, refused by IAM, no answer) reads as that,
// with what to do, and apart from a schema the registry answered it does not have. Our Glue source
// (src/aws/glue.ts) through the real @aws-sdk/client-glue: against the sandbox's Glue emulation for
// "not found", the real credential chain over empty shared files for "no credentials", a closed
// port for "no answer", and a server answering AccessDeniedException for IAM. Either way the
// message keeps its raw bytes beside the reason.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { GlueSchemaRegistry } from '../../../src/aws/glue';
import { resolveCredentials } from '../../../src/aws/credentials';
import { ssoLoginRequired } from '../../../src/aws/errors';
import { startGlueApi, type GlueApiHandle } from '../../../src/sandbox/glue/server';
import { checkSchemaDefinition } from '../../../src/sandbox/schema-seed';
import { decodeValue, encodeForProduce, jsonlSchemaParts, parseSchemaRef, SchemaSession, writeGlueMessage, type SchemaRef } from '../../../src/core/schemas/index';

const region = 'eu-west-1';
const ID = 'abababab-abab-abab-abab-abababababab';
const keys = { accessKeyId: 'AKIALOOKUPERRORS0001', secretAccessKey: 'lookup-errors' };
const message = writeGlueMessage(ID, Buffer.from([2, 0x61]));

async function peekReason(glue: GlueSchemaRegistry): Promise<{ error: string; line: Record<string, unknown> }> {
  const out = await decodeValue(message, new SchemaSession({ glue }));
  assert.equal(out.wire, 'glue');
  assert.equal(out.schemaId, ID);
  const parts = jsonlSchemaParts(out, message)!;
  const line = JSON.parse(`{"value":${parts.value}${parts.extra}}`) as Record<string, unknown>;
  // nothing lost: the bytes as they are on the topic, with the reason
  assert.deepEqual(line.value, { base64: message.toString('base64') });
  assert.equal(line.schemaError, out.error);
  return { error: out.error ?? '', line };
}

describe('schemas: a Glue lookup that could not be asked reads apart from an unknown schema', function () {
  this.timeout(30_000);
  let api: GlueApiHandle;
  let denying: Server;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN'];

  before(async () => {
    api = await startGlueApi({ region, checkDefinition: checkSchemaDefinition });
    denying = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'AccessDeniedException' });
        res.end(JSON.stringify({ __type: 'AccessDeniedException', Message: 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: glue:GetSchemaVersion' }));
      });
    });
    await new Promise<void>((r) => denying.listen(0, '127.0.0.1', r));
    dir = mkdtempSync(join(tmpdir(), 'msk-lookup-errors-'));
    for (const k of ENV) saved[k] = process.env[k];
  });
  afterEach(() => {
    for (const k of ENV) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  });
  after(async () => {
    await api?.stop();
    await new Promise((r) => denying?.close(r));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an id the registry does not have: "has no schema version", with Glue\'s answer', async () => {
    const { error } = await peekReason(new GlueSchemaRegistry({ region, endpoint: api.endpoint, credentials: keys }));
    assert.match(error, new RegExp(`^AWS Glue Schema Registry has no schema version ${ID} \\(Glue GetSchemaVersion .*EntityNotFoundException`));
    assert.doesNotMatch(error, /Could not ask/);
  });

  it('no AWS credentials: "could not ask", the sources tried and what to do; no "has no schema"', async () => {
    for (const k of ENV) delete process.env[k];
    writeFileSync(join(dir, 'config'), '');
    writeFileSync(join(dir, 'credentials'), '');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const { provider } = await resolveCredentials();
    const glue = new GlueSchemaRegistry({ region, endpoint: api.endpoint, credentials: provider, maxAttempts: 1 });
    const { error } = await peekReason(glue);
    assert.match(error, new RegExp(`^Could not ask the AWS Glue Schema Registry: Glue GetSchemaVersion for schema version ${ID} in ${region}: No AWS credentials found; tried: `));
    assert.match(error, /Configure credentials \(`aws configure` or `aws configure sso`\).*\(msk-tools: --profile NAME, --region REGION\)$/);
    assert.doesNotMatch(error, /has no schema/);
    // produce names the schema's reference and the same reason, and sends nothing
    const out = await encodeForProduce([{ ref: parseSchemaRef('glue:shop/Order@latest') as SchemaRef, value: { id: 1 }, where: 'o.jsonl:1' }], new SchemaSession({ glue }));
    assert.ok(!out.ok);
    assert.match(out.problems[0].message, /^o\.jsonl:1: schema glue:shop\/Order@latest: Could not ask the AWS Glue Schema Registry: Glue GetSchemaVersion for shop\/Order version latest in eu-west-1: No AWS credentials found/);
  });

  it('IAM refuses, or the endpoint does not answer: "could not ask", with the permission or the endpoint to check', async () => {
    const denied = await peekReason(new GlueSchemaRegistry({ region, endpoint: `http://127.0.0.1:${(denying.address() as AddressInfo).port}`, credentials: keys, maxAttempts: 1 }));
    assert.match(denied.error, /^Could not ask the AWS Glue Schema Registry: Glue GetSchemaVersion for schema version .*: access denied \(AccessDeniedException: User: .* is not authorized to perform: glue:GetSchemaVersion\)\. Allow glue:GetSchemaVersion \(and glue:GetRegistry\)/);
    // a port nothing listens on: the one just closed
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const gone = await peekReason(new GlueSchemaRegistry({ region, endpoint: `http://127.0.0.1:${port}`, credentials: keys, maxAttempts: 1 }));
    assert.match(gone.error, /^Could not ask the AWS Glue Schema Registry: Glue GetSchemaVersion for schema version .*: the Glue endpoint did not answer \(.*ECONNREFUSED.*\)\. Check the region \(msk-tools: --region REGION\), the endpoint \(--glue-endpoint\)/);
  });

  it('credentials that fail before Glue is reached (the VS Code side resolves them on first use): the SSO login to run', async () => {
    const source = { kind: 'glue' as const, byId: () => Promise.reject(ssoLoginRequired('dev', 'the token has expired')), byName: () => Promise.reject(new Error('unused')) };
    const out = await decodeValue(message, new SchemaSession({ glue: source }));
    assert.equal(out.error, `Could not ask the AWS Glue Schema Registry for schema version ${ID}: The SSO session of profile "dev" has expired or was never started (the token has expired). Run \`aws sso login --profile dev\`, then refresh.`);
  });
});
