// src/aws discovery with the real @aws-sdk/client-kafka against the sandbox's MSK emulator:
// provisioned, serverless and public-access clusters across pages; throttling retried by the
// SDK; AccessDenied and ExpiredToken from the emulator's fault keys, classified.
import assert from 'node:assert/strict';
import { SANDBOX_FAULT_KEYS, SANDBOX_PAGE_SIZE, sandboxClusterConfigs, startMskApi, type MskApiHandle } from '../../../src/sandbox/msk-api';
import { AwsConnection } from '../../../src/aws';
import { awsHome, type AwsHome } from '../../helpers/aws-home';

const listeners = {
  plaintext: '127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094',
  tls: '127.0.0.1:19192,127.0.0.1:19193,127.0.0.1:19194',
  sasl_scram: '127.0.0.1:19292,127.0.0.1:19293,127.0.0.1:19294',
  sasl_iam: '127.0.0.1:19392,127.0.0.1:19393,127.0.0.1:19394',
};
const brokers = [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: 19091 + id }));

describe('AWS discovery against the MSK emulator (real @aws-sdk/client-kafka)', function () {
  this.timeout(60000);
  let api: MskApiHandle;
  let home: AwsHome;

  before(async () => {
    api = await startMskApi({ region: 'eu-west-1', defaultPageSize: SANDBOX_PAGE_SIZE, clusters: sandboxClusterConfigs({ brokers, listeners }) });
    const keys = (name: string, id: string) => `[${name}]\naws_access_key_id = ${id}\naws_secret_access_key = secret\n`;
    home = awsHome(
      '[default]\nregion = eu-west-1\n[profile denied]\nregion = eu-west-1\n[profile noboot]\nregion = eu-west-1\n[profile expired]\nregion = eu-west-1\n[profile flaky]\nregion = eu-west-1\n[profile busy]\nregion = eu-west-1\n',
      keys('default', 'AKIATEST') +
        keys('denied', SANDBOX_FAULT_KEYS.accessDenied) +
        keys('noboot', SANDBOX_FAULT_KEYS.bootstrapDenied) +
        keys('expired', SANDBOX_FAULT_KEYS.expiredToken) +
        keys('flaky', SANDBOX_FAULT_KEYS.throttledOnce) +
        keys('busy', SANDBOX_FAULT_KEYS.throttled),
    );
  });
  after(async () => {
    home?.restore();
    await api?.stop();
  });

  async function discover(profile: string | undefined, extra: { maxAttempts?: number; regions?: string[] } = {}) {
    const conn = await AwsConnection.open({ profile, endpoint: api.endpoint, ...extra });
    try {
      return await conn.discover();
    } finally {
      conn.dispose();
    }
  }

  it('discovers provisioned, serverless and public-access clusters across pages, with every bootstrap string', async () => {
    const [region] = await discover(undefined); // default credentials, the profile's region
    assert.equal(region.region, 'eu-west-1');
    assert.equal(region.error, undefined);
    assert.equal(region.clusters.length, 6, 'two pages of 4 and 2');
    const byName = new Map(region.clusters.map((c) => [c.name, c]));
    const prov = byName.get('msk-sandbox')!;
    assert.equal(prov.type, 'PROVISIONED');
    assert.equal(prov.brokerCount, 3);
    assert.deepEqual(prov.authModes, ['plaintext', 'tls', 'sasl_scram', 'sasl_iam']);
    assert.deepEqual(prov.bootstrap.map((b) => [b.authMode, b.access, b.brokers]), [
      ['plaintext', 'private', listeners.plaintext],
      ['tls', 'private', listeners.tls],
      ['sasl_scram', 'private', listeners.sasl_scram],
      ['sasl_iam', 'private', listeners.sasl_iam],
    ]);
    const serverless = byName.get('msk-sandbox-serverless')!;
    assert.equal(serverless.type, 'SERVERLESS');
    assert.deepEqual(serverless.authModes, ['sasl_iam']);
    assert.deepEqual(serverless.bootstrap, [{ authMode: 'sasl_iam', access: 'private', brokers: listeners.sasl_iam }]);
    const pub = byName.get('msk-sandbox-public')!;
    assert.equal(pub.publicAccess, true);
    assert.equal(pub.vpcConnectivity, true);
    assert.deepEqual(pub.bootstrap.filter((b) => b.access !== 'private').map((b) => `${b.authMode}/${b.access}`), [
      'tls/public',
      'sasl_scram/public',
      'sasl_iam/public',
      'sasl_scram/vpc_connectivity',
      'sasl_iam/vpc_connectivity',
    ]);
    assert.deepEqual(
      region.clusters.map((c) => c.state),
      ['ACTIVE', 'ACTIVE', 'ACTIVE', 'CREATING', 'UPDATING', 'HEALING'],
    );
    assert.equal(byName.get('msk-sandbox-healing')?.kafkaVersion, '2.8.1');
  });

  it('lists broker nodes across pages', async () => {
    const conn = await AwsConnection.open({ endpoint: api.endpoint, pageSize: 1 });
    try {
      const plane = conn.controlPlane('eu-west-1');
      const nodes = await plane.listNodes(api.clusterArns[0]);
      assert.deepEqual(nodes.map((n) => n.id), [1, 2, 3]);
    } finally {
      conn.dispose();
    }
  });

  it('retries a throttled call with the SDK backoff and succeeds', async () => {
    const [region] = await discover('flaky', { maxAttempts: 3 });
    assert.equal(region.error, undefined, region.error?.message);
    assert.equal(region.clusters.length, 6);
    assert.ok(region.clusters.every((c) => c.bootstrapError === undefined));
  });

  it('surfaces throttling only when it persists past the retries', async () => {
    const [region] = await discover('busy', { maxAttempts: 2 });
    assert.equal(region.error?.code, 'throttled');
    assert.match(region.error.message, /after 2 attempts/);
  });

  it('AccessDenied names kafka:ListClustersV2, or kafka:GetBootstrapBrokers per cluster', async () => {
    const [denied] = await discover('denied');
    assert.equal(denied.error?.code, 'access-denied');
    assert.equal(denied.error?.iamAction, 'kafka:ListClustersV2');
    const [noboot] = await discover('noboot');
    assert.equal(noboot.error, undefined);
    assert.equal(noboot.clusters.length, 6);
    assert.ok(noboot.clusters.every((c) => c.bootstrapError?.iamAction === 'kafka:GetBootstrapBrokers' && c.bootstrap.length === 0));
  });

  it('ExpiredToken on static keys says to refresh the credentials', async () => {
    const [region] = await discover('expired');
    assert.equal(region.error?.code, 'expired-credentials');
  });

  it('discovers each region of the connection on its own', async () => {
    // The emulator answers for any region it is asked about.
    const regions = await discover(undefined, { regions: ['eu-west-1', 'us-east-1'] });
    assert.deepEqual(regions.map((r) => [r.region, r.clusters.length, r.error?.code]), [
      ['eu-west-1', 6, undefined],
      ['us-east-1', 6, undefined],
    ]);
  });
});
