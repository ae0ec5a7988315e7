// The MSK control-plane layer with aws-sdk-client-mock: pagination through the SDK paginators,
// errors mapped to what the user does next (AccessDenied naming the IAM action, persistent
// throttling, expired tokens), and a cluster whose bootstrap call fails kept in the list.
import { strict as assert } from 'node:assert';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import {
  DescribeClusterV2Command,
  ForbiddenException,
  GetBootstrapBrokersCommand,
  KafkaClient,
  ListClustersV2Command,
  ListNodesCommand,
  TooManyRequestsException,
  type Cluster,
  type KafkaClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-kafka';
import { AwsError } from '../../../src/aws/errors';
import { MskControlPlane } from '../../../src/aws/msk';

const creds = () => Promise.resolve({ accessKeyId: 'AKIATEST', secretAccessKey: 'x' });
const cluster = (name: string, extra: Partial<Cluster> = {}): Cluster => ({
  ClusterArn: `arn:aws:kafka:eu-west-1:111122223333:cluster/${name}/00000000-0000-4000-a000-000000000000-1`,
  ClusterName: name,
  ClusterType: 'PROVISIONED',
  State: 'ACTIVE',
  Provisioned: {
    BrokerNodeGroupInfo: { InstanceType: 'kafka.m5.large', ClientSubnets: ['subnet-a', 'subnet-b'] },
    NumberOfBrokerNodes: 2,
    ClientAuthentication: { Sasl: { Iam: { Enabled: true } } },
    EncryptionInfo: { EncryptionInTransit: { ClientBroker: 'TLS' } },
  },
  ...extra,
});
const metadata = (status: number, attempts = 1) => ({ httpStatusCode: status, attempts, totalRetryDelay: 0 });

describe('MSK control plane (aws-sdk-client-mock)', function () {
  // Mocked in before(), not at load: the mock patches KafkaClient for every test file in the run.
  let kafka: AwsStub<ServiceInputTypes, ServiceOutputTypes, KafkaClientResolvedConfig>;
  let plane: MskControlPlane;

  before(() => {
    kafka = mockClient(KafkaClient);
  });
  beforeEach(() => {
    kafka.reset();
    plane = new MskControlPlane({ region: 'eu-west-1', credentials: creds, profile: 'work' });
  });
  afterEach(() => plane.dispose());
  after(() => kafka.restore());

  it('ListClustersV2 follows NextToken over every page', async () => {
    kafka
      .on(ListClustersV2Command, {})
      .resolves({ ClusterInfoList: [cluster('a'), cluster('b')], NextToken: 't1' })
      .on(ListClustersV2Command, { NextToken: 't1' })
      .resolves({ ClusterInfoList: [cluster('c')], NextToken: 't2' })
      .on(ListClustersV2Command, { NextToken: 't2' })
      .resolves({ ClusterInfoList: [cluster('d')] });
    const list = await plane.listClusters();
    assert.deepEqual(list.map((c) => c.name), ['a', 'b', 'c', 'd']);
    // (The paginator reuses one input object, so the recorded inputs cannot be told apart.)
    assert.equal(kafka.commandCalls(ListClustersV2Command).length, 3);
    assert.equal(list[0].region, 'eu-west-1');
    assert.equal(list[0].accountId, '111122223333');
  });

  it('ListNodes follows NextToken and maps brokers, sorted by id', async () => {
    const arn = cluster('a').ClusterArn!;
    kafka
      .on(ListNodesCommand, { ClusterArn: arn })
      .resolves({ NodeInfoList: [{ BrokerNodeInfo: { BrokerId: 2, Endpoints: ['b-2.x'] } }], NextToken: 'n1' })
      .on(ListNodesCommand, { ClusterArn: arn, NextToken: 'n1' })
      .resolves({ NodeInfoList: [{ BrokerNodeInfo: { BrokerId: 1, Endpoints: ['b-1.x'], ClientSubnet: 'subnet-a' }, InstanceType: 'kafka.m5.large' }] });
    const nodes = await plane.listNodes(arn);
    assert.deepEqual(nodes.map((n) => [n.id, n.endpoints[0]]), [[1, 'b-1.x'], [2, 'b-2.x']]);
    assert.equal(kafka.commandCalls(ListNodesCommand).length, 2);
  });

  it('persistent throttling surfaces as "throttled" with the attempts the SDK made', async () => {
    kafka.on(ListClustersV2Command).rejects(new TooManyRequestsException({ message: 'Too Many Requests', $metadata: metadata(429, 4) }));
    await assert.rejects(plane.listClusters(), (err: unknown) => {
      assert.ok(err instanceof AwsError, String(err));
      assert.equal(err.code, 'throttled');
      assert.match(err.message, /ListClustersV2 in eu-west-1 after 4 attempts/);
      assert.match(err.hint, /Wait a minute/);
      return true;
    });
  });

  it('AccessDenied names the IAM action from the message', async () => {
    const denied = Object.assign(new Error('User: arn:aws:iam::111122223333:user/dev is not authorized to perform: kafka:DescribeClusterV2 on resource: arn:aws:kafka:eu-west-1:111122223333:cluster/a/x'), {
      name: 'AccessDeniedException',
      $metadata: metadata(403),
    });
    kafka.on(DescribeClusterV2Command).rejects(denied);
    await assert.rejects(plane.describeCluster(cluster('a').ClusterArn!), (err: unknown) => {
      assert.ok(err instanceof AwsError);
      assert.equal(err.code, 'access-denied');
      assert.equal(err.iamAction, 'kafka:DescribeClusterV2');
      assert.match(err.message, /arn:aws:iam::111122223333:user\/dev/);
      assert.match(err.hint, /Allow kafka:DescribeClusterV2 .* profile "work"/);
      return true;
    });
  });

  it('a bare ForbiddenException still names the action of the call that failed', async () => {
    kafka.on(ListNodesCommand).rejects(new ForbiddenException({ message: 'Forbidden', $metadata: metadata(403) }));
    await assert.rejects(plane.listNodes(cluster('a').ClusterArn!), (err: unknown) => err instanceof AwsError && err.iamAction === 'kafka:ListNodes');
  });

  it('discover() keeps a cluster whose GetBootstrapBrokers is denied, with the error', async () => {
    kafka.on(ListClustersV2Command).resolves({ ClusterInfoList: [cluster('a'), cluster('b')] });
    kafka
      .on(GetBootstrapBrokersCommand, { ClusterArn: cluster('a').ClusterArn })
      .resolves({ BootstrapBrokerStringSaslIam: 'b-1.a:9098,b-2.a:9098', BootstrapBrokerStringPublicSaslIam: 'b-1-public.a:9198' })
      .on(GetBootstrapBrokersCommand, { ClusterArn: cluster('b').ClusterArn })
      .rejects(new ForbiddenException({ message: 'Forbidden', $metadata: metadata(403) }));
    const found = await plane.discover();
    assert.deepEqual(found[0].bootstrap, [
      { authMode: 'sasl_iam', access: 'private', brokers: 'b-1.a:9098,b-2.a:9098' },
      { authMode: 'sasl_iam', access: 'public', brokers: 'b-1-public.a:9198' },
    ]);
    assert.equal(found[0].bootstrapError, undefined);
    assert.deepEqual(found[1].bootstrap, []);
    assert.equal(found[1].bootstrapError?.code, 'access-denied');
    assert.equal(found[1].bootstrapError?.iamAction, 'kafka:GetBootstrapBrokers');
  });

  it('an expired token on an SSO profile asks for aws sso login; on keys, to refresh them', async () => {
    const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $metadata: metadata(403) });
    kafka.on(ListClustersV2Command).rejects(expired);
    const sso = new MskControlPlane({ region: 'eu-west-1', credentials: creds, profile: 'dev', ssoProfile: true });
    try {
      await assert.rejects(sso.listClusters(), (err: unknown) => err instanceof AwsError && err.code === 'sso-login-required' && err.action?.command === 'aws sso login --profile dev');
    } finally {
      sso.dispose();
    }
    await assert.rejects(plane.listClusters(), (err: unknown) => err instanceof AwsError && err.code === 'expired-credentials' && /Refresh the temporary credentials/.test(err.hint));
  });
});
