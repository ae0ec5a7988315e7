// `msk-tools topics` and `groups` with the connection flags, run as real CLI processes (dist/cli.js)
// against the sandbox's listeners, which check what clients send: plaintext, TLS, mTLS, SASL/SCRAM
// (typed, and from the emulated Secrets Manager through AWS_ENDPOINT_URL_SECRETS_MANAGER) and IAM
// (credentials from a temporary AWS home). Bad credentials in each mode fail within 15 s with a
// message naming the mode, after a handful of connection attempts counted on the sandbox's
// listeners (no retry storm). What connection-auth.test.ts proves for the factory in-process is not
// repeated here: this is the CLI's wiring, exit codes and messages.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startSandbox, SANDBOX_USER, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { awsHome, type AwsHome } from '../../helpers/aws-home';
import { requireBuiltCli, runCli, type CliRun } from '../../helpers/cli-process';

const TOPICS = [
  { topic: 'cli-auth-orders', numPartitions: 2 },
  { topic: 'cli-auth-audit', numPartitions: 1 },
];

/** Creates the topics and writes a few messages, in plaintext. */
async function seed(sb: RunningSandbox): Promise<void> {
  const kafka = new Kafka({ clientId: 'seed', brokers: sb.bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: TOPICS.map((t) => ({ ...t, replicationFactor: 1 })) });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'cli-auth-orders', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
  await producer.disconnect();
}

/** TCP connections the sandbox has accepted on one listener, all brokers together. */
const accepted = (sb: RunningSandbox, listener: string) =>
  sb.broker.servers.filter((s) => s.listener.name === listener).reduce((n, s) => n + s.accepted, 0);

/** Runs the CLI and counts the connections it opened to that listener. */
async function counted(sb: RunningSandbox, listener: string, run: () => Promise<CliRun>): Promise<CliRun & { attempts: number }> {
  const before = accepted(sb, listener);
  const r = await run();
  return { ...r, attempts: accepted(sb, listener) - before };
}

function topicsOf(r: CliRun): unknown {
  assert.equal(r.code, 0, `exit ${r.code}: ${r.err}`);
  return (JSON.parse(r.out) as { topics: unknown[] }).topics;
}

describe('msk-tools topics/groups: connection flags against the sandbox (CLI process)', function () {
  this.timeout(120_000);
  let sb: RunningSandbox;
  let mtlsSb: RunningSandbox;
  let home: AwsHome;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    requireBuiltCli();
    [sb, mtlsSb] = await Promise.all([startSandbox({ brokers: 2 }), startSandbox({ brokers: 1, requireClientCert: true })]);
    await Promise.all([seed(sb), seed(mtlsSb)]);
    const { user, role } = sb.iamCredentials;
    home = awsHome(
      '[default]\nregion = us-east-1\n[profile sandbox-role]\nregion = us-east-1\n[profile tampered]\nregion = us-east-1\n',
      `[default]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n` +
        `[sandbox-role]\naws_access_key_id = ${role.accessKeyId}\naws_secret_access_key = ${role.secretAccessKey}\naws_session_token = ${role.sessionToken}\n` +
        // the user's key id with another secret: the token's SigV4 signature does not verify
        `[tampered]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = not-the-sandbox-secret-key\n`,
    );
    // the child's environment: HOME is the temp AWS home, no AWS_* from the caller (awsHome cleared them)
    env = { ...process.env, AWS_ENDPOINT_URL_SECRETS_MANAGER: sb.secretsEndpoint };
    dir = mkdtempSync(join(tmpdir(), 'msk-cli-auth-'));
  });
  after(async () => {
    home?.restore();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await Promise.all([sb?.stop(), mtlsSb?.stop()]);
  });

  const topics = (bootstrap: string, ...flags: string[]) => runCli(['topics', '--format', 'json', '--bootstrap', bootstrap, ...flags], { env });

  it('lists the same topics through plaintext, TLS, SCRAM (typed and from Secrets Manager) and IAM (default chain and a profile with a session token)', async () => {
    const plain = topicsOf(await topics(sb.listeners.plaintext));
    assert.deepEqual((plain as { name: string }[]).map((t) => t.name).sort(), ['cli-auth-audit', 'cli-auth-orders']);
    assert.equal((plain as { name: string; messages: number }[]).find((t) => t.name === 'cli-auth-orders')!.messages, 3);
    const ca = ['--ca', sb.caFile];
    assert.deepEqual(topicsOf(await topics(sb.listeners.tls, '--tls', ...ca)), plain, 'TLS');
    assert.deepEqual(topicsOf(await runCli(['topics', '--format', 'json', '--bootstrap', sb.listeners.sasl_scram, ...ca, '--scram-user', SANDBOX_USER.username, '--scram-password-env', 'SCRAM_PW'], { env: { ...env, SCRAM_PW: SANDBOX_USER.password } })), plain, 'SCRAM typed');
    assert.deepEqual(topicsOf(await topics(sb.listeners.sasl_scram, ...ca, '--scram-secret', sb.scramSecretArn)), plain, 'SCRAM from Secrets Manager');
    assert.deepEqual(topicsOf(await topics(sb.listeners.sasl_iam, ...ca, '--iam')), plain, 'IAM, default chain, region from the profile');
    assert.deepEqual(topicsOf(await topics(sb.listeners.sasl_iam, ...ca, '--iam', '--profile', 'sandbox-role', '--region', 'us-east-1')), plain, 'IAM, role profile');
  });

  it('lists the same topics through mTLS (client certificate and key files)', async () => {
    const plain = topicsOf(await topics(mtlsSb.listeners.plaintext));
    const r = await topics(mtlsSb.listeners.tls, '--ca', mtlsSb.caFile, '--cert', mtlsSb.clientCertFile, '--key', mtlsSb.clientKeyFile);
    assert.deepEqual(topicsOf(r), plain);
  });

  it('groups take the same flags (IAM)', async () => {
    const plain = await runCli(['groups', '--format', 'json', '--bootstrap', sb.listeners.plaintext], { env });
    const iam = await runCli(['groups', '--format', 'json', '--bootstrap', sb.listeners.sasl_iam, '--ca', sb.caFile, '--iam'], { env });
    assert.equal(iam.code, 0, iam.err);
    assert.deepEqual(JSON.parse(iam.out), JSON.parse(plain.out));
  });

  it('a wrong SCRAM password exits 2 within 15 s naming SCRAM authentication, without printing the password, after few attempts', async () => {
    const wrong = 'wrong-password-for-the-cli-test';
    const r = await counted(sb, 'sasl_scram', () =>
      runCli(['topics', '--bootstrap', sb.listeners.sasl_scram, '--ca', sb.caFile, '--scram-user', SANDBOX_USER.username, '--scram-password-env', 'SCRAM_PW'], { env: { ...env, SCRAM_PW: wrong } }),
    );
    assert.equal(r.code, 2, r.err);
    assert.ok(r.ms < 15_000, `${r.ms} ms`);
    assert.match(r.err, /^msk-tools: SASL\/SCRAM-SHA-512 authentication failed: .*Check the username and password/m);
    assert.ok(!r.err.includes(wrong) && !r.out.includes(wrong), 'the password is not printed');
    assert.ok(r.attempts >= 1 && r.attempts <= 3, `${r.attempts} connections`);
  });

  it('a password is never a flag: --scram-user asks for --scram-password-env, and an unset variable is named', async () => {
    const noEnv = await runCli(['topics', '--bootstrap', sb.listeners.sasl_scram, '--scram-user', 'u'], { env });
    assert.equal(noEnv.code, 2);
    assert.match(noEnv.err, /--scram-password-env VAR \(a password is never a flag/);
    const flag = await runCli(['topics', '--bootstrap', sb.listeners.sasl_scram, '--scram-user', 'u', '--scram-password', 'p'], { env });
    assert.equal(flag.code, 2);
    assert.match(flag.err, /unknown option '--scram-password'/);
    const unset = await runCli(['topics', '--bootstrap', sb.listeners.sasl_scram, '--scram-user', 'u', '--scram-password-env', 'NOT_SET_FOR_THE_TEST'], { env });
    assert.equal(unset.code, 2);
    assert.match(unset.err, /the environment variable NOT_SET_FOR_THE_TEST is not set/);
  });

  it('an untrusted CA fails naming TLS and the CA file, within 15 s, after few attempts', async () => {
    const r = await counted(sb, 'tls', () => topics(sb.listeners.tls, '--tls'));
    assert.equal(r.code, 2, r.err);
    assert.ok(r.ms < 15_000, `${r.ms} ms`);
    assert.match(r.err, /^msk-tools: TLS connection failed: .*(certificate|verify).*the CA file/m);
    assert.ok(r.attempts >= 1 && r.attempts <= 3, `${r.attempts} connections`);
  });

  it('a missing client certificate fails naming TLS and mTLS, within 15 s, after few attempts', async () => {
    const r = await counted(mtlsSb, 'tls', () => topics(mtlsSb.listeners.tls, '--tls', '--ca', mtlsSb.caFile));
    assert.equal(r.code, 2, r.err);
    assert.ok(r.ms < 15_000, `${r.ms} ms`);
    assert.match(r.err, /^msk-tools: TLS connection failed: .*certificate required.*use mTLS/m);
    assert.ok(r.attempts >= 1 && r.attempts <= 3, `${r.attempts} connections`);
  });

  it('a tampered IAM token (signed with another secret key) fails naming IAM authentication, without the key', async () => {
    const r = await counted(sb, 'sasl_iam', () => topics(sb.listeners.sasl_iam, '--ca', sb.caFile, '--iam', '--profile', 'tampered'));
    assert.equal(r.code, 2, r.err);
    assert.ok(r.ms < 15_000, `${r.ms} ms`);
    assert.match(r.err, /^msk-tools: IAM \(SASL\/OAUTHBEARER\) authentication failed: .*signature/m);
    assert.match(r.err, /AWS credentials are valid and current/);
    assert.ok(!r.err.includes('not-the-sandbox-secret-key'));
    assert.ok(r.attempts >= 1 && r.attempts <= 3, `${r.attempts} connections`);
  });

  it('an expired IAM token (a laptop clock two hours behind) fails naming IAM authentication and expiry', async () => {
    // The real signer, in the CLI process, signs with the skewed clock: X-Amz-Date two hours ago.
    const skew = join(dir, 'clock-behind.cjs');
    writeFileSync(skew, [
      'const RealDate = Date; const skew = 2 * 3600 * 1000;',
      'class SkewedDate extends RealDate { constructor(...a) { if (a.length === 0) super(RealDate.now() - skew); else super(...a); } static now() { return RealDate.now() - skew; } }',
      'globalThis.Date = SkewedDate;',
      '',
    ].join('\n'));
    const r = await counted(sb, 'sasl_iam', () => runCli(['topics', '--bootstrap', sb.listeners.sasl_iam, '--ca', sb.caFile, '--iam'], { env, nodeArgs: ['--require', skew] }));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /^msk-tools: IAM \(SASL\/OAUTHBEARER\) authentication failed: .*expired/m);
    assert.ok(r.attempts >= 1 && r.attempts <= 3, `${r.attempts} connections`);
  });

  it('an IAM token for another region names the region to use', async () => {
    const r = await topics(sb.listeners.sasl_iam, '--ca', sb.caFile, '--iam', '--region', 'eu-west-1');
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /IAM \(SASL\/OAUTHBEARER\) authentication failed: .*eu-west-1.*us-east-1/);
  });
});
