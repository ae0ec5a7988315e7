// Pure mapping from MSK API shapes to what the explorer and CLI show.
import { strict as assert } from 'node:assert';
import { authModesOf, bootstrapFromSdk, brokerNodesFromSdk, clusterFromSdk, consoleUrl, pickBootstrap } from '../../../src/aws/model';

const arn = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-0000-4000-a000-000000000000-3';

describe('MSK model mapping', () => {
  it('maps a provisioned cluster: version, brokers, instance, storage, VPC, public access', () => {
    const c = clusterFromSdk({
      ClusterArn: arn,
      ClusterName: 'orders',
      ClusterType: 'PROVISIONED',
      State: 'FAILED',
      StateInfo: { Code: 'X', Message: 'subnet out of IPs' },
      CurrentVersion: 'K3AEGXETSR30VB',
      CreationTime: new Date('2024-01-02T03:04:05Z'),
      Tags: { team: 'billing' },
      Provisioned: {
        BrokerNodeGroupInfo: {
          InstanceType: 'kafka.m7g.large',
          ClientSubnets: ['subnet-1', 'subnet-2', 'subnet-3'],
          SecurityGroups: ['sg-1'],
          StorageInfo: { EbsStorageInfo: { VolumeSize: 500 } },
          ConnectivityInfo: { PublicAccess: { Type: 'SERVICE_PROVIDED_EIPS' } },
        },
        CurrentBrokerSoftwareInfo: { KafkaVersion: '3.6.0' },
        NumberOfBrokerNodes: 6,
        StorageMode: 'TIERED',
        ClientAuthentication: { Sasl: { Scram: { Enabled: true }, Iam: { Enabled: true } }, Tls: { Enabled: false }, Unauthenticated: { Enabled: false } },
        EncryptionInfo: { EncryptionInTransit: { ClientBroker: 'TLS' } },
      },
    });
    assert.deepEqual(c, {
      name: 'orders',
      arn,
      region: 'us-east-1',
      accountId: '123456789012',
      type: 'PROVISIONED',
      state: 'FAILED',
      stateMessage: 'subnet out of IPs',
      kafkaVersion: '3.6.0',
      revision: 'K3AEGXETSR30VB',
      creationTime: '2024-01-02T03:04:05.000Z',
      authModes: ['sasl_scram', 'sasl_iam'],
      brokerCount: 6,
      instanceType: 'kafka.m7g.large',
      storageGiB: 500,
      storageMode: 'TIERED',
      subnets: ['subnet-1', 'subnet-2', 'subnet-3'],
      securityGroups: ['sg-1'],
      publicAccess: true,
      vpcConnectivity: false,
      clientBroker: 'TLS',
      tags: { team: 'billing' },
    });
  });

  it('maps a serverless cluster: IAM only, subnets from VpcConfigs, no broker count', () => {
    const c = clusterFromSdk({ ClusterArn: arn, ClusterName: 's', ClusterType: 'SERVERLESS', State: 'ACTIVE', Serverless: { VpcConfigs: [{ SubnetIds: ['subnet-9'], SecurityGroupIds: ['sg-9'] }], ClientAuthentication: { Sasl: { Iam: { Enabled: true } } } } });
    assert.equal(c.type, 'SERVERLESS');
    assert.deepEqual(c.authModes, ['sasl_iam']);
    assert.deepEqual([c.subnets, c.securityGroups], [['subnet-9'], ['sg-9']]);
    assert.equal(c.brokerCount, undefined);
    assert.equal(c.kafkaVersion, undefined);
  });

  it('auth modes follow encryption in transit for unauthenticated access', () => {
    const modes = (clientBroker: string, auth?: object) => authModesOf({ ClusterType: 'PROVISIONED', Provisioned: { BrokerNodeGroupInfo: undefined, NumberOfBrokerNodes: 3, ClientAuthentication: auth, EncryptionInfo: { EncryptionInTransit: { ClientBroker: clientBroker as 'TLS' } } } });
    assert.deepEqual(modes('TLS_PLAINTEXT', { Unauthenticated: { Enabled: true } }), ['plaintext', 'tls']);
    assert.deepEqual(modes('PLAINTEXT', { Unauthenticated: { Enabled: true } }), ['plaintext']);
    assert.deepEqual(modes('TLS', { Unauthenticated: { Enabled: true }, Tls: { Enabled: true } }), ['tls', 'mtls']);
    assert.deepEqual(modes('TLS', undefined), ['tls'], 'no ClientAuthentication at all means unauthenticated');
  });

  it('lists every bootstrap string per auth mode and access; the TLS listener serves TLS and mTLS', () => {
    const entries = bootstrapFromSdk(
      {
        BootstrapBrokerStringTls: 'b-1:9094',
        BootstrapBrokerStringSaslIam: 'b-1:9098',
        BootstrapBrokerStringPublicTls: 'b-1-public:9194',
        BootstrapBrokerStringPublicSaslScram: 'b-1-public:9196',
        BootstrapBrokerStringVpcConnectivitySaslIam: 'b-1-vpc:14001',
        BootstrapBrokerString: '',
      },
      ['tls', 'mtls', 'sasl_iam', 'sasl_scram'],
    );
    assert.deepEqual(entries.map((e) => `${e.authMode}/${e.access}=${e.brokers}`), [
      'tls/private=b-1:9094',
      'mtls/private=b-1:9094',
      'sasl_iam/private=b-1:9098',
      'tls/public=b-1-public:9194',
      'mtls/public=b-1-public:9194',
      'sasl_scram/public=b-1-public:9196',
      'sasl_iam/vpc_connectivity=b-1-vpc:14001',
    ]);
    assert.equal(pickBootstrap(entries)?.authMode, 'sasl_iam', 'private and the strongest auth by default');
    assert.equal(pickBootstrap(entries, { access: 'public' })?.authMode, 'sasl_scram');
    assert.equal(pickBootstrap(entries, { authMode: 'mtls' })?.brokers, 'b-1:9094');
    assert.equal(pickBootstrap(entries, { authMode: 'plaintext' }), undefined);
  });

  it('maps broker nodes and skips controller nodes', () => {
    assert.deepEqual(
      brokerNodesFromSdk([
        { ControllerNodeInfo: { Endpoints: ['c-1'] } },
        { BrokerNodeInfo: { BrokerId: 3, Endpoints: ['b-3.x'], ClientVpcIpAddress: '10.0.0.3', CurrentBrokerSoftwareInfo: { KafkaVersion: '3.6.0' } }, NodeARN: 'arn:n3' },
      ]),
      [{ id: 3, endpoints: ['b-3.x'], clientVpcIp: '10.0.0.3', kafkaVersion: '3.6.0', arn: 'arn:n3' }],
    );
  });

  it('links the cluster\'s console page in its region', () => {
    assert.equal(consoleUrl(arn), `https://us-east-1.console.aws.amazon.com/msk/home?region=us-east-1#/cluster/${encodeURIComponent(arn)}/view`);
  });
});
