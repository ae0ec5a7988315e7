// Pure mapping from the MSK API's shapes (as @aws-sdk/client-kafka returns them) to what the
// explorer and the CLI show. No network, no clock: unit-testable with plain objects.
import type { Cluster, GetBootstrapBrokersResponse, NodeInfo } from '@aws-sdk/client-kafka';

/** How a client reaches the brokers; each maps to GetBootstrapBrokers strings. */
export type MskAuthMode = 'plaintext' | 'tls' | 'mtls' | 'sasl_scram' | 'sasl_iam';
/** Inside the VPC, over public access (919x), or through multi-VPC private connectivity. */
export type BootstrapAccess = 'private' | 'public' | 'vpc_connectivity';

export interface BootstrapEntry {
  authMode: MskAuthMode;
  access: BootstrapAccess;
  /** "host:port,host:port" as MSK returns it. */
  brokers: string;
}

export interface MskCluster {
  name: string;
  arn: string;
  region: string;
  accountId: string;
  type: 'PROVISIONED' | 'SERVERLESS';
  state: string;
  /** StateInfo.Message, when MSK explains the state (FAILED, …). */
  stateMessage?: string;
  /** Apache Kafka version (provisioned; MSK does not report one for serverless). */
  kafkaVersion?: string;
  /** MSK's opaque revision token (CurrentVersion), needed for updates. */
  revision?: string;
  creationTime?: string;
  authModes: MskAuthMode[];
  brokerCount?: number;
  instanceType?: string;
  /** EBS volume per broker, GiB. */
  storageGiB?: number;
  storageMode?: string;
  subnets: string[];
  securityGroups: string[];
  publicAccess: boolean;
  vpcConnectivity: boolean;
  /** EncryptionInTransit.ClientBroker: TLS, TLS_PLAINTEXT or PLAINTEXT. */
  clientBroker?: string;
  tags: Record<string, string>;
}

export interface MskBrokerNode {
  id: number;
  /** Host names; MSK gives no port here (it depends on the listener). */
  endpoints: string[];
  clientSubnet?: string;
  clientVpcIp?: string;
  instanceType?: string;
  kafkaVersion?: string;
  arn?: string;
}

/** Region and account from an MSK ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>). */
export function arnParts(arn: string): { region: string; accountId: string } {
  const parts = arn.split(':');
  return { region: parts[3] ?? '', accountId: parts[4] ?? '' };
}

/** The auth modes a cluster enables, in a fixed order. */
export function authModesOf(c: Cluster): MskAuthMode[] {
  if (c.ClusterType === 'SERVERLESS' || (c.Serverless && !c.Provisioned)) {
    // Serverless MSK is IAM only; an absent flag still means IAM.
    return c.Serverless?.ClientAuthentication?.Sasl?.Iam?.Enabled === false ? [] : ['sasl_iam'];
  }
  const p = c.Provisioned;
  const auth = p?.ClientAuthentication;
  const clientBroker = p?.EncryptionInfo?.EncryptionInTransit?.ClientBroker ?? 'TLS';
  // A cluster created without client authentication allows unauthenticated access.
  const unauthenticated = auth === undefined || auth.Unauthenticated?.Enabled === true;
  const modes: MskAuthMode[] = [];
  if (unauthenticated && (clientBroker === 'PLAINTEXT' || clientBroker === 'TLS_PLAINTEXT')) modes.push('plaintext');
  if (unauthenticated && (clientBroker === 'TLS' || clientBroker === 'TLS_PLAINTEXT')) modes.push('tls');
  if (auth?.Tls?.Enabled) modes.push('mtls');
  if (auth?.Sasl?.Scram?.Enabled) modes.push('sasl_scram');
  if (auth?.Sasl?.Iam?.Enabled) modes.push('sasl_iam');
  return modes;
}

export function clusterFromSdk(c: Cluster): MskCluster {
  const arn = c.ClusterArn ?? '';
  const { region, accountId } = arnParts(arn);
  const p = c.Provisioned;
  const group = p?.BrokerNodeGroupInfo;
  const vpcs = c.Serverless?.VpcConfigs ?? [];
  const subnets = group?.ClientSubnets ?? vpcs.flatMap((v) => v.SubnetIds ?? []);
  const securityGroups = group?.SecurityGroups ?? vpcs.flatMap((v) => v.SecurityGroupIds ?? []);
  const publicType = group?.ConnectivityInfo?.PublicAccess?.Type;
  const out: MskCluster = {
    name: c.ClusterName ?? arn.split('/')[1] ?? arn,
    arn,
    region,
    accountId,
    type: c.ClusterType === 'SERVERLESS' || (c.Serverless && !p) ? 'SERVERLESS' : 'PROVISIONED',
    state: c.State ?? 'UNKNOWN',
    authModes: authModesOf(c),
    subnets: [...subnets],
    securityGroups: [...securityGroups],
    publicAccess: publicType !== undefined && publicType !== 'DISABLED',
    vpcConnectivity: group?.ConnectivityInfo?.VpcConnectivity !== undefined,
    tags: { ...(c.Tags ?? {}) },
  };
  if (c.StateInfo?.Message) out.stateMessage = c.StateInfo.Message;
  if (p?.CurrentBrokerSoftwareInfo?.KafkaVersion) out.kafkaVersion = p.CurrentBrokerSoftwareInfo.KafkaVersion;
  if (c.CurrentVersion) out.revision = c.CurrentVersion;
  if (c.CreationTime) out.creationTime = new Date(c.CreationTime).toISOString();
  if (p?.NumberOfBrokerNodes !== undefined) out.brokerCount = p.NumberOfBrokerNodes;
  if (group?.InstanceType) out.instanceType = group.InstanceType;
  const volume = group?.StorageInfo?.EbsStorageInfo?.VolumeSize;
  if (volume !== undefined) out.storageGiB = volume;
  if (p?.StorageMode) out.storageMode = p.StorageMode;
  if (p?.EncryptionInfo?.EncryptionInTransit?.ClientBroker) out.clientBroker = p.EncryptionInfo.EncryptionInTransit.ClientBroker;
  return out;
}

type BootstrapField = keyof Omit<GetBootstrapBrokersResponse, '$metadata'>;

/** Each GetBootstrapBrokers field: which listener and access it is. */
const FIELDS: { field: BootstrapField; listener: 'plaintext' | 'tls' | 'sasl_scram' | 'sasl_iam'; access: BootstrapAccess }[] = [
  { field: 'BootstrapBrokerString', listener: 'plaintext', access: 'private' },
  { field: 'BootstrapBrokerStringTls', listener: 'tls', access: 'private' },
  { field: 'BootstrapBrokerStringSaslScram', listener: 'sasl_scram', access: 'private' },
  { field: 'BootstrapBrokerStringSaslIam', listener: 'sasl_iam', access: 'private' },
  { field: 'BootstrapBrokerStringPublicTls', listener: 'tls', access: 'public' },
  { field: 'BootstrapBrokerStringPublicSaslScram', listener: 'sasl_scram', access: 'public' },
  { field: 'BootstrapBrokerStringPublicSaslIam', listener: 'sasl_iam', access: 'public' },
  { field: 'BootstrapBrokerStringVpcConnectivityTls', listener: 'tls', access: 'vpc_connectivity' },
  { field: 'BootstrapBrokerStringVpcConnectivitySaslScram', listener: 'sasl_scram', access: 'vpc_connectivity' },
  { field: 'BootstrapBrokerStringVpcConnectivitySaslIam', listener: 'sasl_iam', access: 'vpc_connectivity' },
];

/**
 * Every bootstrap string, per auth mode and access. The TLS listener (9094/9194) serves both
 * unauthenticated TLS and mTLS, so its string appears under each mode the cluster enables.
 */
export function bootstrapFromSdk(r: GetBootstrapBrokersResponse, authModes: readonly MskAuthMode[]): BootstrapEntry[] {
  const out: BootstrapEntry[] = [];
  for (const { field, listener, access } of FIELDS) {
    const brokers = r[field];
    if (typeof brokers !== 'string' || brokers === '') continue;
    if (listener === 'tls') {
      const modes = (['tls', 'mtls'] as const).filter((m) => authModes.includes(m));
      for (const m of modes.length > 0 ? modes : (['tls'] as const)) out.push({ authMode: m, access, brokers });
    } else {
      out.push({ authMode: listener, access, brokers });
    }
  }
  return out;
}

/** Preference when nothing is chosen: private first, then the strongest auth the cluster has. */
const MODE_PREFERENCE: MskAuthMode[] = ['sasl_iam', 'sasl_scram', 'mtls', 'tls', 'plaintext'];

/** The entry a connection uses by default, or the one for `mode`/`access` when given. */
export function pickBootstrap(entries: readonly BootstrapEntry[], want: { authMode?: MskAuthMode; access?: BootstrapAccess } = {}): BootstrapEntry | undefined {
  const access = want.access ?? 'private';
  const candidates = entries.filter((e) => e.access === access && (want.authMode === undefined || e.authMode === want.authMode));
  return candidates.sort((a, b) => MODE_PREFERENCE.indexOf(a.authMode) - MODE_PREFERENCE.indexOf(b.authMode))[0];
}

export function brokerNodesFromSdk(nodes: readonly NodeInfo[]): MskBrokerNode[] {
  const out: MskBrokerNode[] = [];
  for (const n of nodes) {
    const b = n.BrokerNodeInfo;
    if (!b || b.BrokerId === undefined) continue; // controller nodes (KRaft) have no BrokerNodeInfo
    const node: MskBrokerNode = { id: b.BrokerId, endpoints: [...(b.Endpoints ?? [])] };
    if (b.ClientSubnet) node.clientSubnet = b.ClientSubnet;
    if (b.ClientVpcIpAddress) node.clientVpcIp = b.ClientVpcIpAddress;
    if (n.InstanceType) node.instanceType = n.InstanceType;
    if (b.CurrentBrokerSoftwareInfo?.KafkaVersion) node.kafkaVersion = b.CurrentBrokerSoftwareInfo.KafkaVersion;
    if (n.NodeARN) node.arn = n.NodeARN;
    out.push(node);
  }
  return out.sort((a, b) => a.id - b.id);
}

/** The cluster's page in the AWS console. */
export function consoleUrl(arn: string): string {
  const { region } = arnParts(arn);
  return `https://${region}.console.aws.amazon.com/msk/home?region=${region}#/cluster/${encodeURIComponent(arn)}/view`;
}
