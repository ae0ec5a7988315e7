// The MSK control plane of one region: ListClustersV2 and ListNodes through the SDK's
// paginators, DescribeClusterV2, GetBootstrapBrokers. Throttling is retried by the SDK's standard
// retry strategy (exponential backoff with jitter); only what persists reaches the caller, as
// an AwsError like every other failure.
import {
  DescribeClusterV2Command,
  GetBootstrapBrokersCommand,
  KafkaClient,
  paginateListClustersV2,
  paginateListNodes,
  type KafkaClientConfig,
} from '@aws-sdk/client-kafka';
import { classifyAwsError, type AwsError, type ErrorContext } from './errors';
import { bootstrapFromSdk, brokerNodesFromSdk, clusterFromSdk, type BootstrapEntry, type MskBrokerNode, type MskCluster } from './model';
import type { AwsCredentialIdentityProvider } from './credentials';

/** Attempts per call, the first included; the SDK backs off between them. */
export const DEFAULT_MAX_ATTEMPTS = 4;
/** Per-request socket limits, so that nothing waits long on a dead endpoint. */
export const REQUEST_TIMEOUT_MS = 10_000;
export const CONNECT_TIMEOUT_MS = 5_000;

export interface MskControlPlaneOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** An emulator or another endpoint (setting msk.aws.endpoint, CLI --endpoint). */
  endpoint?: string;
  maxAttempts?: number;
  /** For error messages: the named profile, and whether it logs in through SSO. */
  profile?: string;
  ssoProfile?: boolean;
  /** Page size for ListClustersV2 / ListNodes; default: the service's. */
  pageSize?: number;
  /** Extra client config (tests). */
  clientConfig?: Partial<KafkaClientConfig>;
}

export interface DiscoveredCluster extends MskCluster {
  bootstrap: BootstrapEntry[];
  /** Set when GetBootstrapBrokers failed for this cluster (the cluster is still listed). */
  bootstrapError?: AwsError;
}

export class MskControlPlane {
  readonly region: string;
  readonly client: KafkaClient;
  private readonly ctx: ErrorContext;
  private readonly pageSize?: number;

  constructor(opts: MskControlPlaneOptions) {
    this.region = opts.region;
    this.pageSize = opts.pageSize;
    this.ctx = { region: opts.region, profile: opts.profile, ssoProfile: opts.ssoProfile };
    this.client = new KafkaClient({
      region: opts.region,
      credentials: opts.credentials,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      retryMode: 'standard',
      requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECT_TIMEOUT_MS },
      ...opts.clientConfig,
    });
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classifyAwsError(err, { ...this.ctx, operation });
    }
  }

  /** Every cluster of the region, all pages. */
  listClusters(): Promise<MskCluster[]> {
    return this.call('ListClustersV2', async () => {
      const out: MskCluster[] = [];
      const paginator = paginateListClustersV2({ client: this.client, ...(this.pageSize ? { pageSize: this.pageSize } : {}) }, {});
      for await (const page of paginator) for (const c of page.ClusterInfoList ?? []) out.push(clusterFromSdk(c));
      return out;
    });
  }

  describeCluster(arn: string): Promise<MskCluster> {
    return this.call('DescribeClusterV2', async () => {
      const { ClusterInfo } = await this.client.send(new DescribeClusterV2Command({ ClusterArn: arn }));
      if (!ClusterInfo) throw new Error(`DescribeClusterV2 returned no ClusterInfo for ${arn}`);
      return clusterFromSdk(ClusterInfo);
    });
  }

  bootstrapBrokers(cluster: Pick<MskCluster, 'arn' | 'authModes'>): Promise<BootstrapEntry[]> {
    return this.call('GetBootstrapBrokers', async () => {
      const r = await this.client.send(new GetBootstrapBrokersCommand({ ClusterArn: cluster.arn }));
      return bootstrapFromSdk(r, cluster.authModes);
    });
  }

  /** Broker nodes, all pages. Serverless clusters have none: callers skip them. */
  listNodes(arn: string): Promise<MskBrokerNode[]> {
    return this.call('ListNodes', async () => {
      const all = [];
      const paginator = paginateListNodes({ client: this.client, ...(this.pageSize ? { pageSize: this.pageSize } : {}) }, { ClusterArn: arn });
      for await (const page of paginator) all.push(...(page.NodeInfoList ?? []));
      return brokerNodesFromSdk(all);
    });
  }

  /** The clusters with their bootstrap strings; a cluster whose bootstrap call fails keeps the error. */
  async discover(): Promise<DiscoveredCluster[]> {
    const clusters = await this.listClusters();
    return Promise.all(
      clusters.map(async (c): Promise<DiscoveredCluster> => {
        try {
          return { ...c, bootstrap: await this.bootstrapBrokers(c) };
        } catch (err) {
          return { ...c, bootstrap: [], bootstrapError: classifyAwsError(err, { ...this.ctx, operation: 'GetBootstrapBrokers' }) };
        }
      }),
    );
  }

  dispose(): void {
    this.client.destroy();
  }
}
