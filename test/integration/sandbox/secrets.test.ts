// What an MSK client does to find SASL/SCRAM credentials, against the sandbox with the real AWS SDK
// clients and an endpoint override only: ListScramSecrets (@aws-sdk/client-kafka) names the cluster's
// secret, GetSecretValue (@aws-sdk/client-secrets-manager) reads {username, password}, and kafkajs logs
// in with them on the SCRAM listener. Also: the sandbox's mTLS mode (requireClientCert) end to end.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, ListSecretsCommand, ResourceNotFoundException, SecretsManagerClient, paginateListSecrets } from '@aws-sdk/client-secrets-manager';
import { DescribeClusterV2Command, GetBootstrapBrokersCommand, KafkaClient, ListScramSecretsCommand } from '@aws-sdk/client-kafka';
import { Kafka, logLevel } from 'kafkajs';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';

const credentials = { accessKeyId: 'AKIASANDBOXTESTKEY01', secretAccessKey: 'any' };

async function listTopics(k: Kafka): Promise<string[]> {
  const admin = k.admin();
  try {
    await admin.connect();
    return await admin.listTopics();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function kafka(brokers: string, extra: Partial<ConstructorParameters<typeof Kafka>[0]>): Kafka {
  return new Kafka({ clientId: 'secrets-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING, connectionTimeout: 3000, retry: { retries: 0 }, ...extra });
}

describe('sandbox Secrets Manager emulator and ListScramSecrets (real AWS SDK clients)', function () {
  this.timeout(60_000);
  let sb: RunningSandbox;
  let sm: SecretsManagerClient;
  let msk: KafkaClient;

  before(async () => {
    sb = await startSandbox({ brokers: 1 });
    sm = new SecretsManagerClient({ endpoint: sb.secretsEndpoint, region: sb.region, credentials });
    msk = new KafkaClient({ endpoint: sb.mskEndpoint, region: sb.region, credentials });
  });
  after(async () => {
    sm?.destroy();
    msk?.destroy();
    await sb?.stop();
  });

  it('ListScramSecrets → GetSecretValue → SCRAM-SHA-512 login, as an MSK client finds its credentials', async () => {
    const provisioned = sb.clusters[0];
    const { SecretArnList } = await msk.send(new ListScramSecretsCommand({ ClusterArn: provisioned }));
    assert.deepEqual(SecretArnList, [sb.scramSecretArn]);
    const secret = await sm.send(new GetSecretValueCommand({ SecretId: SecretArnList[0] }));
    assert.equal(secret.Name, 'AmazonMSK_sandbox');
    assert.deepEqual(secret.VersionStages, ['AWSCURRENT']);
    assert.ok(secret.CreatedDate instanceof Date && !Number.isNaN(secret.CreatedDate.getTime()), 'CreatedDate parses as a date');
    const { username, password } = JSON.parse(secret.SecretString!) as { username: string; password: string };
    const boot = await msk.send(new GetBootstrapBrokersCommand({ ClusterArn: provisioned }));
    const topics = await listTopics(kafka(boot.BootstrapBrokerStringSaslScram!, { ssl: { ca: [readFileSync(sb.caFile, 'utf8')] }, sasl: { mechanism: 'scram-sha-512', username, password } }));
    assert.ok(Array.isArray(topics));
  });

  it('GetSecretValue finds a secret by name, full ARN or ARN without its suffix; an unknown one is ResourceNotFoundException', async () => {
    for (const id of ['AmazonMSK_sandbox', sb.scramSecretArn, sb.scramSecretArn.slice(0, -7)]) {
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: id }))).ARN, sb.scramSecretArn, id);
    }
    await assert.rejects(sm.send(new GetSecretValueCommand({ SecretId: 'AmazonMSK_nope' })), (e: Error) => e instanceof ResourceNotFoundException && /can't find the specified secret/.test(e.message));
    await assert.rejects(sm.send(new GetSecretValueCommand({ SecretId: 'AmazonMSK_sandbox', VersionStage: 'AWSPREVIOUS' })), ResourceNotFoundException);
  });

  it('ListSecrets: every secret, with KMS key; a name filter keeps only AmazonMSK_ secrets; the paginator pages', async () => {
    const all = await sm.send(new ListSecretsCommand({}));
    assert.deepEqual(all.SecretList!.map((s) => s.Name).sort(), ['AmazonMSK_sandbox', 'msk-sandbox/app-config']);
    const msk = all.SecretList!.find((s) => s.Name === 'AmazonMSK_sandbox')!;
    assert.equal(msk.ARN, sb.scramSecretArn);
    assert.match(msk.KmsKeyId ?? '', /^arn:aws:kms:us-east-1:123456789012:key\//, 'MSK needs a customer managed key on its secrets');
    const filtered = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['AmazonMSK_'] }] }));
    assert.deepEqual(filtered.SecretList!.map((s) => s.Name), ['AmazonMSK_sandbox']);
    const negated = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['!AmazonMSK_'] }] }));
    assert.deepEqual(negated.SecretList!.map((s) => s.Name), ['msk-sandbox/app-config']);
    const pages: number[] = [];
    for await (const page of paginateListSecrets({ client: sm, pageSize: 1 }, {})) pages.push(page.SecretList!.length);
    assert.deepEqual(pages, [1, 1]);
  });

  it('ListScramSecrets: the serverless cluster (IAM only) is a BadRequestException; a bad MaxResults too', async () => {
    const serverless = sb.clusters[1];
    await assert.rejects(msk.send(new ListScramSecretsCommand({ ClusterArn: serverless })), (e: Error) => e.name === 'BadRequestException' && /serverless/.test(e.message));
    await assert.rejects(msk.send(new ListScramSecretsCommand({ ClusterArn: sb.clusters[0], MaxResults: 0 })), (e: Error) => e.name === 'BadRequestException');
  });

  it('DescribeClusterV2 without requireClientCert: TLS without a client certificate (unauthenticated), no mTLS', async () => {
    const { ClusterInfo } = await msk.send(new DescribeClusterV2Command({ ClusterArn: sb.clusters[0] }));
    const auth = ClusterInfo!.Provisioned!.ClientAuthentication!;
    assert.equal(auth.Tls!.Enabled, false);
    assert.equal(auth.Unauthenticated!.Enabled, true);
    assert.equal(auth.Sasl!.Scram!.Enabled, true);
  });
});

describe('sandbox with requireClientCert (mTLS on the TLS listener, as MSK 9094 with TLS client auth)', function () {
  this.timeout(60_000);
  let sb: RunningSandbox;

  before(async () => {
    sb = await startSandbox({ brokers: 1, requireClientCert: true });
  });
  after(async () => sb?.stop());

  it('the TLS listener accepts the printed client certificate and key, and refuses a client without one', async () => {
    assert.equal(sb.requireClientCert, true);
    const ca = [readFileSync(sb.caFile, 'utf8')];
    const ok = kafka(sb.listeners.tls, { ssl: { ca, cert: readFileSync(sb.clientCertFile, 'utf8'), key: readFileSync(sb.clientKeyFile, 'utf8') } });
    assert.ok(Array.isArray(await listTopics(ok)));
    await assert.rejects(listTopics(kafka(sb.listeners.tls, { ssl: { ca } })));
    // The SASL listeners never ask for a client certificate, as on MSK.
    const scram = kafka(sb.listeners.sasl_scram, { ssl: { ca }, sasl: { mechanism: 'scram-sha-512', username: 'msk-sandbox', password: 'msk-sandbox-secret' } });
    assert.ok(Array.isArray(await listTopics(scram)));
  });

  it('the emulated cluster advertises mTLS (a private CA) instead of unauthenticated TLS; the TLS bootstrap string is the mTLS one', async () => {
    const msk = new KafkaClient({ endpoint: sb.mskEndpoint, region: sb.region, credentials });
    try {
      const { ClusterInfo } = await msk.send(new DescribeClusterV2Command({ ClusterArn: sb.clusters[0] }));
      const tls = ClusterInfo!.Provisioned!.ClientAuthentication!.Tls!;
      assert.equal(tls.Enabled, true);
      assert.match(tls.CertificateAuthorityArnList![0], /^arn:aws:acm-pca:/);
      const boot = await msk.send(new GetBootstrapBrokersCommand({ ClusterArn: sb.clusters[0] }));
      assert.equal(boot.BootstrapBrokerStringTls, sb.listeners.tls);
    } finally {
      msk.destroy();
    }
  });
});
