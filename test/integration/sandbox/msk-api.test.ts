import assert from 'node:assert/strict';
import {
  BadRequestException,
  DescribeClusterV2Command,
  GetBootstrapBrokersCommand,
  KafkaClient,
  ListClustersV2Command,
  ListNodesCommand,
  NotFoundException,
  paginateListClustersV2,
  paginateListNodes,
} from '@aws-sdk/client-kafka';
import type { Cluster, NodeInfo } from '@aws-sdk/client-kafka';
import { MskApiConfigError, sandboxClusterConfigs, startMskApi } from '../../../src/sandbox/msk-api';
import type { MskApiHandle } from '../../../src/sandbox/msk-api';

const clusters = [
  {
    name: 'sandbox-provisioned',
    type: 'PROVISIONED' as const,
    kafkaVersion: '3.6.0',
    tags: { env: 'sandbox' },
    listeners: {
      plaintext: '127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094',
      sasl_scram: '127.0.0.1:19096,127.0.0.1:19097,127.0.0.1:19098',
      sasl_iam: '127.0.0.1:19100,127.0.0.1:19101,127.0.0.1:19102',
    },
    brokers: [
      { id: 1, host: '127.0.0.1', port: 19092 },
      { id: 2, host: '127.0.0.1', port: 19093 },
      { id: 3, host: 'localhost', port: 19094 },
    ],
  },
  {
    name: 'sandbox-serverless',
    type: 'SERVERLESS' as const,
    listeners: { sasl_iam: '127.0.0.1:19198' },
  },
  {
    name: 'other-tls',
    type: 'PROVISIONED' as const,
    state: 'UPDATING' as const,
    authModes: ['mtls' as const],
    listeners: { tls: '127.0.0.1:19194' },
  },
];

describe('sandbox MSK control-plane emulator (real @aws-sdk/client-kafka)', function () {
  let api: MskApiHandle;
  let client: KafkaClient;
  const savedImds = process.env.AWS_EC2_METADATA_DISABLED;

  before(async function () {
    // Belt and braces: static credentials and an explicit region already keep the SDK off IMDS.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    api = await startMskApi({ port: 0, region: 'us-east-1', accountId: '111122223333', clusters });
    client = new KafkaClient({
      endpoint: api.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  after(async function () {
    client?.destroy();
    await api?.stop();
    if (savedImds === undefined) delete process.env.AWS_EC2_METADATA_DISABLED;
    else process.env.AWS_EC2_METADATA_DISABLED = savedImds;
  });

  const arnOf = (name: string): string => {
    const arn = api.clusterArns.find((a) => a.split('/')[1] === name);
    assert.ok(arn, `no ARN for ${name}`);
    return arn;
  };

  it('binds to loopback and reports one ARN per cluster in the real format', function () {
    assert.match(api.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(api.clusterArns.length, 3);
    for (const arn of api.clusterArns) {
      assert.match(arn, /^arn:aws:kafka:us-east-1:111122223333:cluster\/[a-z-]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-s?\d+$/);
    }
  });

  it('ListClustersV2 returns every cluster in one page by default', async function () {
    const out = await client.send(new ListClustersV2Command({}));
    assert.deepEqual(out.ClusterInfoList?.map((c) => c.ClusterName), ['sandbox-provisioned', 'sandbox-serverless', 'other-tls']);
    assert.equal(out.NextToken, undefined);
  });

  it('paginateListClustersV2 walks pages of MaxResults 1', async function () {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListClustersV2({ client, pageSize: 1 }, {})) {
      pages++;
      assert.ok((page.ClusterInfoList?.length ?? 0) <= 1);
      names.push(...(page.ClusterInfoList ?? []).map((c) => c.ClusterName ?? '?'));
      if (pages > 10) break;
    }
    assert.equal(pages, 3);
    assert.deepEqual(names, ['sandbox-provisioned', 'sandbox-serverless', 'other-tls']);
  });

  it('ListClustersV2 filters by name prefix and by type', async function () {
    const byName = await client.send(new ListClustersV2Command({ ClusterNameFilter: 'sandbox-' }));
    assert.deepEqual(byName.ClusterInfoList?.map((c) => c.ClusterName), ['sandbox-provisioned', 'sandbox-serverless']);
    const byType = await client.send(new ListClustersV2Command({ ClusterTypeFilter: 'SERVERLESS' }));
    assert.deepEqual(byType.ClusterInfoList?.map((c) => c.ClusterName), ['sandbox-serverless']);
  });

  it('DescribeClusterV2 of a provisioned cluster has the real response shape', async function () {
    const { ClusterInfo: c } = await client.send(new DescribeClusterV2Command({ ClusterArn: arnOf('sandbox-provisioned') }));
    assert.ok(c);
    assert.equal(c.ClusterType, 'PROVISIONED');
    assert.equal(c.ClusterName, 'sandbox-provisioned');
    assert.equal(c.State, 'ACTIVE');
    assert.ok(c.CurrentVersion);
    assert.ok(c.CreationTime instanceof Date && !Number.isNaN(c.CreationTime.getTime()));
    assert.deepEqual(c.Tags, { env: 'sandbox' });
    assert.equal(c.Serverless, undefined);
    const p = c.Provisioned;
    assert.ok(p);
    assert.equal(p.NumberOfBrokerNodes, 3);
    assert.equal(p.CurrentBrokerSoftwareInfo?.KafkaVersion, '3.6.0');
    assert.equal(p.BrokerNodeGroupInfo?.InstanceType, 'kafka.m5.large');
    assert.equal(p.BrokerNodeGroupInfo?.ClientSubnets?.length, 3);
    assert.equal(p.BrokerNodeGroupInfo?.StorageInfo?.EbsStorageInfo?.VolumeSize, 100);
    assert.equal(p.BrokerNodeGroupInfo?.ConnectivityInfo?.PublicAccess?.Type, 'DISABLED');
    assert.equal(p.ClientAuthentication?.Sasl?.Iam?.Enabled, true);
    assert.equal(p.ClientAuthentication?.Sasl?.Scram?.Enabled, true);
    assert.equal(p.ClientAuthentication?.Tls?.Enabled, false);
    assert.equal(p.ClientAuthentication?.Unauthenticated?.Enabled, true);
    assert.equal(p.EncryptionInfo?.EncryptionInTransit?.ClientBroker, 'TLS_PLAINTEXT');
  });

  it('DescribeClusterV2 of a serverless cluster has VpcConfigs and IAM only', async function () {
    const { ClusterInfo: c } = await client.send(new DescribeClusterV2Command({ ClusterArn: arnOf('sandbox-serverless') }));
    assert.ok(c);
    assert.equal(c.ClusterType, 'SERVERLESS');
    assert.equal(c.Provisioned, undefined);
    assert.equal(c.Serverless?.VpcConfigs?.length, 1);
    assert.ok(c.Serverless?.VpcConfigs?.[0].SubnetIds?.length);
    assert.ok(c.Serverless?.VpcConfigs?.[0].SecurityGroupIds?.length);
    assert.equal(c.Serverless?.ClientAuthentication?.Sasl?.Iam?.Enabled, true);
  });

  it('DescribeClusterV2 reflects mTLS-only auth and a non-ACTIVE state', async function () {
    const { ClusterInfo: c } = await client.send(new DescribeClusterV2Command({ ClusterArn: arnOf('other-tls') }));
    assert.equal(c?.State, 'UPDATING');
    const auth = c?.Provisioned?.ClientAuthentication;
    assert.equal(auth?.Tls?.Enabled, true);
    assert.equal(auth?.Tls?.CertificateAuthorityArnList?.length, 1);
    assert.equal(auth?.Unauthenticated?.Enabled, false);
    assert.equal(auth?.Sasl?.Iam?.Enabled, false);
    assert.equal(c?.Provisioned?.EncryptionInfo?.EncryptionInTransit?.ClientBroker, 'TLS');
    assert.equal(c?.Provisioned?.NumberOfBrokerNodes, 1);
  });

  it('GetBootstrapBrokers returns one string per enabled listener', async function () {
    const p = await client.send(new GetBootstrapBrokersCommand({ ClusterArn: arnOf('sandbox-provisioned') }));
    assert.equal(p.BootstrapBrokerString, clusters[0].listeners.plaintext);
    assert.equal(p.BootstrapBrokerStringSaslScram, clusters[0].listeners.sasl_scram);
    assert.equal(p.BootstrapBrokerStringSaslIam, clusters[0].listeners.sasl_iam);
    assert.equal(p.BootstrapBrokerStringTls, undefined);
    assert.equal(p.BootstrapBrokerStringPublicSaslIam, undefined);

    const s = await client.send(new GetBootstrapBrokersCommand({ ClusterArn: arnOf('sandbox-serverless') }));
    assert.equal(s.BootstrapBrokerStringSaslIam, '127.0.0.1:19198');
    assert.equal(s.BootstrapBrokerString, undefined);

    const t = await client.send(new GetBootstrapBrokersCommand({ ClusterArn: arnOf('other-tls') }));
    assert.equal(t.BootstrapBrokerStringTls, '127.0.0.1:19194');
  });

  it('ListNodes lists brokers with host-only endpoints, paginated', async function () {
    const nodes: NodeInfo[] = [];
    let pages = 0;
    for await (const page of paginateListNodes({ client, pageSize: 1 }, { ClusterArn: arnOf('sandbox-provisioned') })) {
      pages++;
      nodes.push(...(page.NodeInfoList ?? []));
      if (pages > 10) break;
    }
    assert.equal(pages, 3);
    assert.deepEqual(nodes.map((n) => n.BrokerNodeInfo?.BrokerId), [1, 2, 3]);
    assert.deepEqual(nodes.map((n) => n.BrokerNodeInfo?.Endpoints), [['127.0.0.1'], ['127.0.0.1'], ['localhost']]);
    for (const n of nodes) {
      assert.equal(n.NodeType, 'BROKER');
      assert.equal(n.InstanceType, 'kafka.m5.large');
      assert.match(n.NodeARN ?? '', /^arn:aws:kafka:us-east-1:111122223333:broker\/sandbox-provisioned\//);
      assert.match(n.BrokerNodeInfo?.ClientSubnet ?? '', /^subnet-/);
      assert.ok(n.BrokerNodeInfo?.ClientVpcIpAddress);
      assert.equal(n.BrokerNodeInfo?.CurrentBrokerSoftwareInfo?.KafkaVersion, '3.6.0');
      assert.ok(n.AddedToClusterTime);
    }
  });

  it('ListNodes derives brokers from the first listener when none are configured', async function () {
    const out = await client.send(new ListNodesCommand({ ClusterArn: arnOf('other-tls') }));
    assert.deepEqual(out.NodeInfoList?.map((n) => [n.BrokerNodeInfo?.BrokerId, n.BrokerNodeInfo?.Endpoints]), [[1, ['127.0.0.1']]]);
  });

  it('ListNodes on a serverless cluster raises BadRequestException', async function () {
    await assert.rejects(client.send(new ListNodesCommand({ ClusterArn: arnOf('sandbox-serverless') })), (err: unknown) => {
      assert.ok(err instanceof BadRequestException, String(err));
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.match(err.message, /serverless/);
      return true;
    });
  });

  it('raises NotFoundException for an unknown cluster ARN', async function () {
    const unknown = 'arn:aws:kafka:us-east-1:111122223333:cluster/nope/00000000-0000-4000-a000-000000000000-1';
    for (const cmd of [
      new DescribeClusterV2Command({ ClusterArn: unknown }),
      new GetBootstrapBrokersCommand({ ClusterArn: unknown }),
    ]) {
      await assert.rejects(client.send(cmd), (err: unknown) => {
        assert.ok(err instanceof NotFoundException, String(err));
        assert.equal(err.$metadata.httpStatusCode, 404);
        assert.equal(err.InvalidParameter, 'clusterArn');
        return true;
      });
    }
    await assert.rejects(client.send(new ListNodesCommand({ ClusterArn: unknown })), NotFoundException);
  });

  it('raises BadRequestException for a malformed ARN, a bad NextToken or MaxResults', async function () {
    await assert.rejects(client.send(new DescribeClusterV2Command({ ClusterArn: 'not-an-arn' })), BadRequestException);
    await assert.rejects(client.send(new ListClustersV2Command({ NextToken: 'garbage' })), (err: unknown) => {
      assert.ok(err instanceof BadRequestException);
      assert.equal(err.InvalidParameter, 'nextToken');
      return true;
    });
    await assert.rejects(client.send(new ListClustersV2Command({ MaxResults: 0 })), BadRequestException);
    await assert.rejects(client.send(new ListClustersV2Command({ MaxResults: 101 })), BadRequestException);
    await assert.rejects(client.send(new ListClustersV2Command({ ClusterTypeFilter: 'DEDICATED' })), BadRequestException);
  });

  it('rejects a NextToken from another list', async function () {
    const first = await client.send(new ListNodesCommand({ ClusterArn: arnOf('sandbox-provisioned'), MaxResults: 1 }));
    assert.ok(first.NextToken);
    await assert.rejects(client.send(new ListClustersV2Command({ NextToken: first.NextToken })), BadRequestException);
    const firstClusters = await client.send(new ListClustersV2Command({ MaxResults: 1 }));
    await assert.rejects(
      client.send(new ListClustersV2Command({ MaxResults: 1, NextToken: firstClusters.NextToken, ClusterTypeFilter: 'PROVISIONED' })),
      BadRequestException,
    );
  });

  it('answers unimplemented operations with a NotFoundException that says what is served', async function () {
    const res = await fetch(`${api.endpoint}/v1/clusters`, { method: 'GET' });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-amzn-errortype'), 'NotFoundException');
    const body = (await res.json()) as { message: string };
    assert.match(body.message, /ListClustersV2/);
  });

  it('refuses configurations real MSK cannot have', async function () {
    await assert.rejects(
      startMskApi({ clusters: [{ name: 'sl', type: 'SERVERLESS', listeners: { plaintext: '127.0.0.1:1' } }] }),
      MskApiConfigError,
    );
    await assert.rejects(startMskApi({ clusters: [{ name: 'bad name', type: 'PROVISIONED', listeners: { plaintext: '127.0.0.1:1' } }] }), MskApiConfigError);
    await assert.rejects(startMskApi({ clusters: [{ name: 'x', type: 'PROVISIONED', listeners: { plaintext: 'nohost' } }] }), MskApiConfigError);
    await assert.rejects(
      startMskApi({ clusters: [{ name: 'x', type: 'PROVISIONED', authModes: ['sasl_scram'], listeners: { plaintext: '127.0.0.1:1' } }] }),
      MskApiConfigError,
    );
  });

  it('lists clusters typed as the SDK declares them', async function () {
    const out = await client.send(new ListClustersV2Command({ MaxResults: 1 }));
    const first: Cluster | undefined = out.ClusterInfoList?.[0];
    assert.equal(first?.ClusterArn, api.clusterArns[0]);
    assert.ok(out.NextToken);
  });

  it('sandboxClusterConfigs leads discovery to the brokers that are really running', async function () {
    const brokers = [
      { id: 1, host: '127.0.0.1', port: 29092 },
      { id: 2, host: '127.0.0.1', port: 29093 },
    ];
    const only = sandboxClusterConfigs({ brokers, listeners: { plaintext: '127.0.0.1:29092,127.0.0.1:29093' }, showcase: false });
    assert.deepEqual(only.map((c) => c.type), ['PROVISIONED'], 'no serverless cluster without an IAM listener');
    const sandbox = await startMskApi({
      clusters: sandboxClusterConfigs({ brokers, listeners: { plaintext: '127.0.0.1:29092,127.0.0.1:29093', sasl_iam: '127.0.0.1:29098' }, showcase: false }),
    });
    const c2 = new KafkaClient({ endpoint: sandbox.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    try {
      const list = await c2.send(new ListClustersV2Command({}));
      assert.deepEqual(list.ClusterInfoList?.map((c) => [c.ClusterName, c.ClusterType]), [
        ['msk-sandbox', 'PROVISIONED'],
        ['msk-sandbox-serverless', 'SERVERLESS'],
      ]);
      const boot = await c2.send(new GetBootstrapBrokersCommand({ ClusterArn: sandbox.clusterArns[0] }));
      assert.equal(boot.BootstrapBrokerString, '127.0.0.1:29092,127.0.0.1:29093');
      const nodes = await c2.send(new ListNodesCommand({ ClusterArn: sandbox.clusterArns[0] }));
      assert.deepEqual(nodes.NodeInfoList?.map((n) => n.BrokerNodeInfo?.BrokerId), [1, 2]);
    } finally {
      c2.destroy();
      await sandbox.stop();
    }
  });
});
