// startSandbox() and `msk-tools sandbox` end to end: brokers + MSK API emulator + demo seed, checked
// with real clients (kcat, kafkajs, @aws-sdk/client-kafka).
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaClient, GetBootstrapBrokersCommand, DescribeClusterV2Command } from '@aws-sdk/client-kafka';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index';
import { DEMO_CODECS, DEMO_GROUP, DEMO_TOPICS } from '../../../src/sandbox/seed';
import { SANDBOX_USER } from '../../../src/sandbox/sandbox';
import { OFF_ATTRIBUTES, COMPRESSION_MASK, BATCH_HEADER_SIZE } from '../../../src/sandbox/protocol/record-batch';
import { kafkaLz4FrameProblem } from '../../../src/core/codecs';
import { requireKcat, runKcat } from '../../helpers/kcat';
import { RawClient } from '../../helpers/kafka-raw';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';

const root = resolve(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');

describe('startSandbox with the demo seed', function () {
  this.timeout(60_000);
  let sb: RunningSandbox;
  let kcat: string;

  before(async function () {
    kcat = requireKcat(this);
    sb = await startSandbox({ seed: 'demo' });
  });
  after(async () => sb?.stop());

  it('stores one batch per codec, each with its codec bit set, as the producer sent it', () => {
    const log = sb.broker.cluster.topics.get(DEMO_TOPICS.codecs)!.partitions[0].log;
    const codecs = log.batches.map((b) => b.readInt16BE(OFF_ATTRIBUTES) & COMPRESSION_MASK);
    assert.deepStrictEqual(codecs, [0, 1, 2, 3, 4]);
  });

  it("writes the demo's lz4 batch as Kafka's writer does (FLG 0x60, independent blocks), so Java consumers read it", () => {
    const lz4 = sb.broker.cluster.topics.get(DEMO_TOPICS.codecs)!.partitions[0].log.batches[3];
    const frame = lz4.subarray(BATCH_HEADER_SIZE);
    assert.strictEqual(frame.subarray(0, 7).toString('hex'), '04224d18604082');
    assert.strictEqual(kafkaLz4FrameProblem(frame), null);
  });

  it('serves every codec batch to kcat, which checks the CRCs and decodes them', async () => {
    const r = await runKcat(kcat, ['-b', sb.bootstrap, '-C', '-t', DEMO_TOPICS.codecs, '-o', 'beginning', '-e', '-X', 'check.crcs=true', '-f', '%k|%s\n']);
    assert.strictEqual(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.strictEqual(lines.length, DEMO_CODECS.length * 5);
    for (const codec of DEMO_CODECS) {
      assert.strictEqual(lines.filter((l) => l.startsWith(`${codec}|${codec} message `)).length, 5, codec);
    }
  });

  it('has JSON, text, binary and header-carrying topics', async () => {
    const json = await runKcat(kcat, ['-b', sb.bootstrap, '-C', '-t', DEMO_TOPICS.orders, '-o', 'beginning', '-e', '-f', '%s\n']);
    const orders = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { orderId: unknown; currency: unknown });
    assert.strictEqual(orders.length, 60);
    assert.ok(orders.every((o) => typeof o.orderId === 'number' && o.currency === 'EUR'));
    const hdr = await runKcat(kcat, ['-b', sb.bootstrap, '-C', '-t', DEMO_TOPICS.events, '-o', 'beginning', '-e', '-f', '%h\n']);
    assert.match(hdr.stdout, /content-type=application\/json,trace-id=trace-[0-9a-f]+,source=checkout/);
    const bin = await runKcat(kcat, ['-b', sb.bootstrap, '-C', '-t', DEMO_TOPICS.sensors, '-o', 'beginning', '-e', '-f', '%S\n']);
    assert.deepStrictEqual(new Set(bin.stdout.trim().split('\n')), new Set(['16']));
    const text = await runKcat(kcat, ['-b', sb.bootstrap, '-C', '-t', DEMO_TOPICS.auditLog, '-o', 'beginning', '-e', '-f', '%s\n']);
    assert.strictEqual(text.stdout.trim().split('\n').length, 20);
  });

  it('leaves a consumer group with lag on the orders topic', async () => {
    const kafka = new Kafka({ brokers: sb.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: DEMO_GROUP, topics: [DEMO_TOPICS.orders] });
      const high = await admin.fetchTopicOffsets(DEMO_TOPICS.orders);
      let lag = 0;
      for (const p of committed.partitions) {
        const h = Number(high.find((x) => x.partition === p.partition)!.high);
        assert.ok(Number(p.offset) >= 0 && Number(p.offset) < h, `partition ${p.partition}: committed ${p.offset}, high ${h}`);
        lag += h - Number(p.offset);
      }
      assert.strictEqual(committed.partitions.length, 3);
      assert.ok(lag > 0);
    } finally {
      await admin.disconnect();
    }
  });

  it('serves MSK\'s listener layout: kcat authenticates with SCRAM-SHA-512 over TLS on the sasl_scram listener', async () => {
    const r = await runKcat(kcat, ['-b', sb.listeners.sasl_scram, '-L', '-X', 'security.protocol=SASL_SSL', '-X', 'sasl.mechanisms=SCRAM-SHA-512',
      '-X', `sasl.username=${SANDBOX_USER.username}`, '-X', `sasl.password=${SANDBOX_USER.password}`, '-X', `ssl.ca.location=${sb.caFile}`]);
    assert.strictEqual(r.code, 0, r.stderr);
    for (const hostPort of sb.listeners.sasl_scram.split(',')) assert.ok(r.stdout.includes(hostPort), `metadata should advertise ${hostPort}`);
    assert.match(r.stdout, new RegExp(`topic "${DEMO_TOPICS.orders}" with 3 partitions`));
  });

  it('serves SASL/PLAIN on its own listener to kafkajs, and refuses a wrong password', async () => {
    const plain = (password: string) => new Kafka({ brokers: sb.listeners.sasl_plain.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 },
      sasl: { mechanism: 'plain', username: SANDBOX_USER.username, password } }).admin();
    const ok = plain(SANDBOX_USER.password);
    await ok.connect();
    try {
      const { brokers } = await ok.describeCluster();
      assert.deepStrictEqual(brokers.map((b) => `${b.host}:${b.port}`).sort(), sb.listeners.sasl_plain.split(',').sort());
    } finally {
      await ok.disconnect();
    }
    const bad = plain('wrong');
    await assert.rejects(bad.connect(), /SASL PLAIN authentication failed|Authentication failed/i);
  });

  it('emulates a serverless cluster that offers IAM only, on the sandbox\'s IAM listener', async () => {
    const client = new KafkaClient({ endpoint: sb.mskEndpoint, region: sb.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const infos = await Promise.all(sb.clusters.map((arn) => client.send(new DescribeClusterV2Command({ ClusterArn: arn }))));
    const serverless = infos.find((i) => i.ClusterInfo?.ClusterType === 'SERVERLESS');
    assert.ok(serverless, 'no serverless cluster');
    const boot = await client.send(new GetBootstrapBrokersCommand({ ClusterArn: serverless.ClusterInfo!.ClusterArn }));
    assert.strictEqual(boot.BootstrapBrokerStringSaslIam, sb.listeners.sasl_iam);
    assert.strictEqual(boot.BootstrapBrokerString, undefined);
  });

  it('lets @aws-sdk/client-kafka discover the cluster and kafkajs connect through what it returns', async () => {
    const client = new KafkaClient({ endpoint: sb.mskEndpoint, region: sb.region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const arn = sb.clusters[0];
    const { ClusterInfo } = await client.send(new DescribeClusterV2Command({ ClusterArn: arn }));
    assert.strictEqual(ClusterInfo?.ClusterType, 'PROVISIONED');
    assert.strictEqual(ClusterInfo?.Provisioned?.ClientAuthentication?.Sasl?.Scram?.Enabled, true);
    assert.strictEqual(ClusterInfo?.Provisioned?.ClientAuthentication?.Sasl?.Iam?.Enabled, true);
    const boot = await client.send(new GetBootstrapBrokersCommand({ ClusterArn: arn }));
    assert.strictEqual(boot.BootstrapBrokerString, sb.bootstrap);
    const admin = new Kafka({ brokers: boot.BootstrapBrokerString.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      for (const t of Object.values(DEMO_TOPICS)) assert.ok(topics.includes(t), t);
    } finally {
      await admin.disconnect();
    }
  });
});

/** The ready line `msk-tools sandbox` prints (the fields these tests read). */
interface Ready {
  bootstrap: string;
  listeners: Record<string, unknown>;
  caFile: string;
  mskEndpoint: string;
  clusters: string[];
  mskFaultKeys: Record<string, string>;
  clientCertFile: string;
  clientKeyFile: string;
  clientCaFile: string;
  requireClientCert: boolean;
  iamCredentials: { user: { accessKeyId: string; secretAccessKey: string }; role: { accessKeyId: string; secretAccessKey: string; sessionToken: string } };
  secretsEndpoint: string;
  scramSecretArn: string;
  glueEndpoint: string;
  registryEndpoint: string;
}

/** Runs `msk-tools sandbox`, resolving with the child and its single stdout line once ready. */
function runCli(args: string[]): Promise<{ child: ChildProcess; ready: Ready; stdout: () => string; stderr: () => string }> {
  return new Promise((resolveP, reject) => {
    const child = spawn(process.execPath, [cli, 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`sandbox not ready in time: ${err}`)); }, 30_000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolveP({ child, ready: JSON.parse(out.split('\n')[0]) as Ready, stdout: () => out, stderr: () => err });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited early (${code}): ${err}`)); });
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));
}

describe('msk-tools sandbox (CLI)', function () {
  this.timeout(60_000);
  let kcat: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'msk-sandbox-data-'));
  before(function () {
    kcat = requireKcat(this);
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints exactly one JSON line when ready, logs only to stderr, and stops cleanly on SIGTERM', async () => {
    const run = await runCli(['--port', '0', '--api-port', '0', '--secrets-port', '0', '--brokers', '2']);
    assert.match(run.ready.bootstrap, /^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    assert.deepStrictEqual(Object.keys(run.ready.listeners).sort(), ['plaintext', 'sasl_iam', 'sasl_plain', 'sasl_scram', 'tls']);
    assert.match(readFileSync(run.ready.caFile, 'utf8'), /BEGIN CERTIFICATE/);
    assert.match(run.ready.mskEndpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    // mTLS material, IAM credentials and the Secrets Manager emulator (README, "Listeners", "Secrets Manager").
    assert.match(readFileSync(run.ready.clientCertFile, 'utf8'), /BEGIN CERTIFICATE/);
    assert.match(readFileSync(run.ready.clientKeyFile, 'utf8'), /BEGIN PRIVATE KEY/);
    assert.match(readFileSync(run.ready.clientCaFile, 'utf8'), /BEGIN CERTIFICATE/);
    assert.strictEqual(run.ready.requireClientCert, false);
    assert.match(run.ready.iamCredentials.user.accessKeyId, /^AKIA[A-Z0-9]{16}$/);
    assert.ok(run.ready.iamCredentials.user.secretAccessKey.length > 0);
    assert.match(run.ready.iamCredentials.role.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
    assert.ok(run.ready.iamCredentials.role.sessionToken.length > 0);
    assert.match(run.ready.secretsEndpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    // the schema registries (README, "Schema registries"): ephemeral ports beside --port 0
    assert.match(run.ready.glueEndpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(run.ready.registryEndpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(run.ready.registryEndpoint).port, '18081');
    assert.match(run.ready.scramSecretArn, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_sandbox-[A-Za-z0-9]{6}$/);
    assert.ok(run.ready.clusters.every((a) => a.startsWith('arn:aws:kafka:')));
    // The access key ids on which the MSK emulator fails on purpose (README, "MSK API emulator").
    assert.deepStrictEqual(run.ready.mskFaultKeys, { accessDenied: 'AKIASANDBOXDENIED', bootstrapDenied: 'AKIASANDBOXNOBOOTSTRAPDENIED', expiredToken: 'ASIASANDBOXEXPIRED', throttled: 'AKIASANDBOXTHROTTLED', throttledOnce: 'AKIASANDBOXTHROTTLEDONCE' });
    const meta = await runKcat(kcat, ['-b', run.ready.bootstrap, '-L']);
    assert.match(meta.stdout, /2 brokers:/);
    run.child.kill('SIGTERM');
    assert.strictEqual(await exitOf(run.child), 0);
    assert.strictEqual(run.stdout().trim().split('\n').length, 1, 'stdout must hold only the ready line');
    assert.match(run.stderr(), /stopped/);
  });

  it('keeps topics and messages across a clean stop and restart with --data-dir (SIGINT)', async () => {
    const first = await runCli(['--port', '0', '--api-port', '0', '--secrets-port', '0', '--data-dir', dataDir]);
    const produced = await runKcat(kcat, ['-b', first.ready.bootstrap, '-P', '-t', 'kept', '-k', 'k'], { input: 'one\ntwo\nthree\n' });
    assert.strictEqual(produced.code, 0, produced.stderr);
    first.child.kill('SIGINT');
    assert.strictEqual(await exitOf(first.child), 0);
    const second = await runCli(['--port', '0', '--api-port', '0', '--secrets-port', '0', '--data-dir', dataDir]);
    try {
      const r = await runKcat(kcat, ['-b', second.ready.bootstrap, '-C', '-t', 'kept', '-o', 'beginning', '-e', '-X', 'check.crcs=true', '-f', '%s\n']);
      assert.deepStrictEqual(r.stdout.trim().split('\n').sort(), ['one', 'three', 'two']);
    } finally {
      second.child.kill('SIGTERM');
      await exitOf(second.child);
    }
  });

  it('--require-client-cert: kcat reaches the TLS listener with the printed client certificate only; --connections-max-reauth-ms sets the SASL session lifetime', async () => {
    const run = await runCli(['--port', '0', '--api-port', '0', '--secrets-port', '0', '--brokers', '1', '--require-client-cert', '--connections-max-reauth-ms', '5000']);
    try {
      assert.strictEqual(run.ready.requireClientCert, true);
      const tls = ['-b', String(run.ready.listeners.tls), '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${run.ready.caFile}`, '-L', '-m', '3'];
      const withCert = await runKcat(kcat, [...tls, '-X', `ssl.certificate.location=${run.ready.clientCertFile}`, '-X', `ssl.key.location=${run.ready.clientKeyFile}`], { timeoutMs: 15_000 });
      assert.strictEqual(withCert.code, 0, withCert.stderr);
      const without = await runKcat(kcat, tls, { timeoutMs: 15_000 });
      assert.notStrictEqual(without.code, 0, 'no client certificate: refused');
      const c = await RawClient.connect(String(run.ready.listeners.sasl_plain));
      try {
        await c.request(ApiKey.SaslHandshake, 1, (w) => w.string('PLAIN'));
        const r = (await c.request(ApiKey.SaslAuthenticate, 1, (w) => w.bytes(Buffer.from(`\0${SANDBOX_USER.username}\0${SANDBOX_USER.password}`)))).body;
        assert.strictEqual(r.int16(), 0);
        r.nullableString();
        r.bytes();
        assert.strictEqual(Number(r.int64()), 5000, 'session_lifetime_ms');
      } finally {
        c.close();
      }
    } finally {
      run.child.kill('SIGTERM');
      await exitOf(run.child);
    }
  });

  it('exits 2 with a clear message for a bad option value', async () => {
    const child = spawn(process.execPath, [cli, 'sandbox', '--brokers', 'many'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    assert.strictEqual(await exitOf(child), 2);
    assert.match(err, /--brokers must be a whole number/);
  });
});
