// The connection factory's auth modes, with real kafkajs against the sandbox's listeners, which
// check what clients send (SCRAM proofs, SigV4 signatures of IAM tokens, client certificates).
// Every client logs through a capturing logger; no secret may appear in what it captured or in
// any error message.
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, explainConnectionError, openKafka, withAdmin, type ConnectionSpec } from '../../../src/kafka/connection';
import { Redactor, type ConnectionAuth } from '../../../src/kafka/auth';
import { listScramSecrets, parseScramSecret, scramSecretSource, SecretError } from '../../../src/aws/secrets';
import { startSandbox, SANDBOX_USER, type RunningSandbox } from '../../../src/sandbox/sandbox';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '../../../src/aws/credentials';

const TOPIC = 'auth-modes-topic';
const PASSPHRASE = 'client-key-passphrase-for-tests';

/** Remembers every secret it is given (tokens included), so that the test can search for them. */
class CapturingRedactor extends Redactor {
  readonly seen: string[] = [];
  override add(secret: string | undefined): void {
    super.add(secret);
    if (secret) this.seen.push(secret);
  }
}

const captured: string[] = [];
const redactors: CapturingRedactor[] = [];
const log = (level: string, msg: string) => captured.push(`${level} ${msg}`);

function spec(bootstrap: string, auth?: ConnectionAuth): ConnectionSpec {
  return { name: 't', bootstrap, ...(auth ? { auth } : {}) };
}

async function listTopics(s: ConnectionSpec): Promise<string[]> {
  const redactor = new CapturingRedactor();
  redactors.push(redactor);
  try {
    const kafka = await openKafka(s, log, redactor);
    return await withAdmin(kafka, (a) => a.listTopics());
  } catch (err) {
    const e = explainConnectionError(err, s, redactor);
    captured.push(`thrown ${e.message}`);
    throw e;
  }
}

const staticProvider = (c: AwsCredentialIdentity): AwsCredentialIdentityProvider => () => Promise.resolve({ ...c });

describe('connection factory auth modes (kafkajs against the sandbox)', function () {
  this.timeout(60_000);
  let sb: RunningSandbox;
  let mtlsSb: RunningSandbox;
  let dir: string;
  let encryptedKeyFile: string;

  before(async () => {
    [sb, mtlsSb] = await Promise.all([startSandbox({ brokers: 1 }), startSandbox({ brokers: 1, requireClientCert: true })]);
    for (const s of [sb, mtlsSb]) {
      await withAdmin(createKafka(spec(s.bootstrap)), (a) => a.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }] }));
    }
    dir = mkdtempSync(join(tmpdir(), 'msk-auth-test-'));
    encryptedKeyFile = join(dir, 'client-key.enc.pem');
    const key = createPrivateKey(readFileSync(mtlsSb.clientKeyFile));
    writeFileSync(encryptedKeyFile, key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
  });
  after(async () => {
    await Promise.all([sb?.stop(), mtlsSb?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('plaintext: a spec without auth works as before', async () => {
    assert.ok((await listTopics(spec(sb.listeners.plaintext))).includes(TOPIC));
    assert.ok((await listTopics(spec(sb.listeners.plaintext, { mode: 'plaintext' }))).includes(TOPIC));
  });

  it('tls: trusts the custom CA; without it, or with another server name, the certificate is refused', async () => {
    assert.ok((await listTopics(spec(sb.listeners.tls, { mode: 'tls', caFile: sb.caFile }))).includes(TOPIC));
    await assert.rejects(listTopics(spec(sb.listeners.tls, { mode: 'tls' })), (e: Error) => /^TLS connection failed/.test(e.message) && /CA file/.test(e.message));
    // Hostname verification is on: the certificate is not valid for this name.
    await assert.rejects(listTopics(spec(sb.listeners.tls, { mode: 'tls', caFile: sb.caFile, servername: 'not-the-broker.example.com' })), /TLS connection failed/);
  });

  it('tls: a missing CA file is named before any connection', async () => {
    await assert.rejects(listTopics(spec(sb.listeners.tls, { mode: 'tls', caFile: join(dir, 'nope.pem') })), /Cannot read the CA certificate file .*nope\.pem \(ENOENT\)/);
  });

  it('mtls: with the client certificate (also an encrypted key and its passphrase) it connects; without one the broker refuses', async () => {
    const tls = mtlsSb.listeners.tls;
    assert.ok((await listTopics(spec(tls, { mode: 'mtls', caFile: mtlsSb.caFile, certFile: mtlsSb.clientCertFile, keyFile: mtlsSb.clientKeyFile }))).includes(TOPIC));
    assert.ok((await listTopics(spec(tls, { mode: 'mtls', caFile: mtlsSb.caFile, certFile: mtlsSb.clientCertFile, keyFile: encryptedKeyFile, passphrase: PASSPHRASE }))).includes(TOPIC));
    await assert.rejects(listTopics(spec(tls, { mode: 'tls', caFile: mtlsSb.caFile })), /TLS connection failed: .*certificate required.*use mTLS/s);
    await assert.rejects(
      listTopics(spec(tls, { mode: 'mtls', caFile: mtlsSb.caFile, certFile: mtlsSb.clientCertFile, keyFile: encryptedKeyFile, passphrase: 'wrong-passphrase-value' })),
      /Cannot open the client key .*client-key\.enc\.pem: check its passphrase/,
    );
    await assert.rejects(
      listTopics(spec(tls, { mode: 'mtls', caFile: mtlsSb.caFile, certFile: mtlsSb.clientCertFile, keyFile: encryptedKeyFile })),
      /Cannot open the client key .*: if it is encrypted, set its passphrase/,
    );
  });

  it('sasl_scram: typed credentials connect; a wrong password fails naming SCRAM and what to check', async () => {
    const base = { mode: 'sasl_scram' as const, caFile: sb.caFile };
    assert.ok((await listTopics(spec(sb.listeners.sasl_scram, { ...base, ...SANDBOX_USER }))).includes(TOPIC));
    await assert.rejects(
      listTopics(spec(sb.listeners.sasl_scram, { ...base, username: SANDBOX_USER.username, password: 'wrong-password-value' })),
      (e: Error) => /^SASL\/SCRAM-SHA-512 authentication failed/.test(e.message) && /username and password/.test(e.message),
    );
  });

  it('sasl_scram: credentials from the emulated Secrets Manager (scramSecretArn), listed by ListScramSecrets', async () => {
    const credentials = staticProvider({ accessKeyId: 'test', secretAccessKey: 'test-secret-access-key' });
    const arns = await listScramSecrets(sb.clusters[0], { region: sb.region, credentials, endpoint: sb.mskEndpoint });
    assert.deepEqual(arns, [sb.scramSecretArn]);
    const auth: ConnectionAuth = { mode: 'sasl_scram', caFile: sb.caFile, secret: scramSecretSource(sb.scramSecretArn, { region: sb.region, credentials, endpoint: sb.secretsEndpoint }) };
    assert.ok((await listTopics(spec(sb.listeners.sasl_scram, auth))).includes(TOPIC));
    const missing: ConnectionAuth = { ...auth, secret: scramSecretSource('AmazonMSK_does-not-exist', { region: sb.region, credentials, endpoint: sb.secretsEndpoint }) };
    await assert.rejects(listTopics(spec(sb.listeners.sasl_scram, missing)), /Cannot read the SCRAM secret AmazonMSK_does-not-exist from Secrets Manager .*ResourceNotFoundException/);
  });

  it('a SCRAM secret that is not JSON {username,password} fails naming the secret, never its text', () => {
    assert.throws(() => parseScramSecret('AmazonMSK_x', '{"username":"u","password":'), (e: Error) => e instanceof SecretError && /AmazonMSK_x is not valid JSON/.test(e.message) && !e.message.includes('"u"'));
    assert.throws(() => parseScramSecret('AmazonMSK_x', '{"username":"u"}'), /AmazonMSK_x has no "password" string/);
    assert.throws(() => parseScramSecret('AmazonMSK_x', '{"password":"hunter2-value"}'), (e: Error) => /no "username" string/.test(e.message) && !e.message.includes('hunter2'));
    assert.throws(() => parseScramSecret('AmazonMSK_x', '[1]'), /not a JSON object/);
  });

  it('sasl_iam: the sandbox user and the role (temporary credentials with an expiration) connect', async () => {
    const { user, role } = sb.iamCredentials;
    const iam = (c: AwsCredentialIdentity): ConnectionAuth => ({ mode: 'sasl_iam', caFile: sb.caFile, region: sb.region, credentials: staticProvider(c) });
    assert.ok((await listTopics(spec(sb.listeners.sasl_iam, iam({ accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey })))).includes(TOPIC));
    // An expiration makes the signer write a fractional X-Amz-Expires, which MSK refuses: the factory must not.
    const expiration = new Date(Date.now() + 600_123); // under the signer's 900 s, so it would use (expiration - now) / 1000
    assert.ok((await listTopics(spec(sb.listeners.sasl_iam, iam({ ...role, expiration })))).includes(TOPIC));
  });

  it('sasl_iam: a wrong secret key fails with an authentication error that says what to do', async () => {
    const auth: ConnectionAuth = { mode: 'sasl_iam', caFile: sb.caFile, region: sb.region, credentials: staticProvider({ accessKeyId: sb.iamCredentials.user.accessKeyId, secretAccessKey: 'wrong/secret/access/key/value' }) };
    await assert.rejects(listTopics(spec(sb.listeners.sasl_iam, auth)), (e: Error) =>
      /^IAM \(SASL\/OAUTHBEARER\) authentication failed/.test(e.message) && /AWS credentials are valid and current/.test(e.message) && /aws sso login/.test(e.message));
  });

  it('sasl_iam: a connection that outlives its session re-authenticates with fresh tokens and keeps working', async () => {
    const reauthLogs: string[] = [];
    const short = await startSandbox({ brokers: 1, connectionsMaxReauthMs: 2000, log: (m) => reauthLogs.push(m) });
    try {
      let credentialCalls = 0;
      const { user } = short.iamCredentials;
      const credentials: AwsCredentialIdentityProvider = () => {
        credentialCalls++;
        return Promise.resolve({ accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey });
      };
      const s = spec(short.listeners.sasl_iam, { mode: 'sasl_iam', caFile: short.caFile, region: short.region, credentials, tokenLifetimeMs: 1000 });
      const redactor = new CapturingRedactor();
      redactors.push(redactor);
      const kafka = createKafka(s, log, redactor);
      await withAdmin(kafka, async (admin) => {
        await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }] });
        const deadline = Date.now() + 6000;
        let rounds = 0;
        while (Date.now() < deadline) {
          assert.ok((await admin.listTopics()).includes(TOPIC), `round ${rounds}`);
          rounds++;
          await new Promise((r) => setTimeout(r, 700));
        }
      });
      assert.ok(reauthLogs.some((l) => /re-authenticated as User:arn:aws:iam::123456789012:user\/msk-sandbox with OAUTHBEARER/.test(l)), 'the broker saw a re-authentication');
      assert.ok(credentialCalls >= 3, `new tokens were signed as old ones aged (signed ${credentialCalls})`);
      assert.ok(new Set(redactor.seen).size >= 3, 'distinct tokens');
    } finally {
      await short.stop();
    }
  });

  it('no secret (password, secret access key, session token, key passphrase, IAM token) appears in logs or errors', () => {
    const secrets = [
      SANDBOX_USER.password,
      'wrong-password-value',
      sb.iamCredentials.user.secretAccessKey,
      sb.iamCredentials.role.secretAccessKey,
      sb.iamCredentials.role.sessionToken,
      'wrong/secret/access/key/value',
      'test-secret-access-key',
      PASSPHRASE,
      'wrong-passphrase-value',
      ...redactors.flatMap((r) => r.seen),
    ];
    assert.ok(captured.some((l) => l.startsWith('thrown ')), 'errors were captured');
    assert.ok(redactors.some((r) => r.seen.some((s) => s.length > 200)), 'IAM tokens were minted and captured');
    for (const line of captured) for (const s of secrets) assert.ok(!line.includes(s), `a secret leaked into: ${line.slice(0, 200)}`);
  });
});
