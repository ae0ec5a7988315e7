/**
 * A local stand-in for the Amazon MSK control plane (the `kafka` REST-JSON API), answering the
 * read calls MSK Tools makes: ListClustersV2, DescribeClusterV2, GetBootstrapBrokers, ListNodes.
 *
 * Routes, query names and JSON member names are those @aws-sdk/client-kafka serializes, so an
 * unmodified `new KafkaClient({ endpoint, region, credentials })` works against it. Requests are
 * not signature-checked: any static credentials do.
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, MskApiConfigError, MskApiOptions } from './config';
import { resolveCluster, ResolvedCluster } from './model';
import { paginate, PageRequestError } from './pagination';

export interface MskApiHandle {
  /** Base URL to pass as the SDK's `endpoint`, e.g. http://127.0.0.1:40123 */
  endpoint: string;
  clusterArns: string[];
  stop(): Promise<void>;
}

type ErrorType = 'BadRequestException' | 'NotFoundException' | 'InternalServerErrorException';
const STATUS: Record<ErrorType, number> = {
  BadRequestException: 400,
  NotFoundException: 404,
  InternalServerErrorException: 500,
};

class ApiError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly invalidParameter?: string,
  ) {
    super(message);
  }
}

const CLUSTER_TYPES = ['PROVISIONED', 'SERVERLESS'];
const CLUSTER_ARN = /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/]+\/[^/]+$/;

/** The request router, kept apart from the socket so it can be reasoned about on its own. */
export class MskApi {
  private readonly byArn = new Map<string, ResolvedCluster>();

  constructor(readonly clusters: readonly ResolvedCluster[]) {
    for (const c of clusters) {
      if (this.byArn.has(c.arn)) {
        throw new MskApiConfigError(`two clusters resolve to ${c.arn}; give each cluster a distinct name.`);
      }
      this.byArn.set(c.arn, c);
    }
  }

  /** Returns [status, body] for one request; throws ApiError for API-level failures. */
  handle(method: string, url: URL): [number, unknown] {
    // Path labels arrive percent-encoded (the ARN's ':' and '/'), so split before decoding.
    const segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    const q = url.searchParams;
    const route = `${method} /${segments.map((s, i) => (isLabel(segments, i) ? '{ClusterArn}' : s)).join('/')}`;

    switch (route) {
      case 'GET /api/v2/clusters':
        return [200, this.listClustersV2(q)];
      case 'GET /api/v2/clusters/{ClusterArn}':
        return [200, { clusterInfo: this.cluster(segments[3]).info }];
      case 'GET /v1/clusters/{ClusterArn}/bootstrap-brokers':
        return [200, this.cluster(segments[2]).bootstrap];
      case 'GET /v1/clusters/{ClusterArn}/nodes':
        return [200, this.listNodes(this.cluster(segments[2]), q)];
      default:
        throw new ApiError(
          'NotFoundException',
          `The MSK sandbox emulator does not implement ${method} ${url.pathname}; it serves ListClustersV2, DescribeClusterV2, GetBootstrapBrokers and ListNodes.`,
        );
    }
  }

  private cluster(arn: string): ResolvedCluster {
    if (!CLUSTER_ARN.test(arn)) {
      throw new ApiError('BadRequestException', `"${arn}" is not an MSK cluster ARN (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>).`, 'clusterArn');
    }
    const c = this.byArn.get(arn);
    if (!c) throw new ApiError('NotFoundException', `No cluster ${arn} in this sandbox; list clusters with ListClustersV2.`, 'clusterArn');
    return c;
  }

  private listClustersV2(q: URLSearchParams): unknown {
    const nameFilter = q.get('clusterNameFilter') ?? '';
    const typeFilter = q.get('clusterTypeFilter') ?? '';
    if (typeFilter !== '' && !CLUSTER_TYPES.includes(typeFilter)) {
      throw new ApiError('BadRequestException', `ClusterTypeFilter must be PROVISIONED or SERVERLESS; got "${typeFilter}".`, 'clusterTypeFilter');
    }
    // MSK treats the name filter as a prefix of the cluster name.
    const matches = this.clusters.filter((c) => c.name.startsWith(nameFilter) && (typeFilter === '' || c.type === typeFilter));
    const page = paged(matches, `clusters\u0000${nameFilter}\u0000${typeFilter}`, q);
    return { clusterInfoList: page.items.map((c) => c.info), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  private listNodes(c: ResolvedCluster, q: URLSearchParams): unknown {
    // Decision: MSK Serverless has no brokers a customer can see, so we refuse ListNodes for it
    // with a BadRequestException instead of returning an empty list; callers must branch on
    // ClusterType (the explorer shows no broker list for serverless clusters).
    if (c.type === 'SERVERLESS') {
      throw new ApiError('BadRequestException', `ListNodes is not supported for serverless cluster ${c.arn}; serverless clusters expose no broker nodes.`, 'clusterArn');
    }
    const page = paged(c.nodes, `nodes\u0000${c.arn}`, q);
    return { nodeInfoList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }
}

function isLabel(segments: string[], i: number): boolean {
  return (
    (i === 3 && segments[0] === 'api' && segments[1] === 'v2' && segments[2] === 'clusters') ||
    (i === 2 && segments[0] === 'v1' && segments[1] === 'clusters')
  );
}

function paged<T>(all: readonly T[], scope: string, q: URLSearchParams) {
  try {
    return paginate(all, scope, q.get('maxResults'), q.get('nextToken'));
  } catch (err) {
    if (err instanceof PageRequestError) {
      throw new ApiError('BadRequestException', err.message, err.parameter === 'MaxResults' ? 'maxResults' : 'nextToken');
    }
    throw err;
  }
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: ErrorType): void {
  const payload = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  };
  // The SDK reads the error's type from this header to raise the matching exception class.
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(payload);
}

function respond(api: MskApi, req: IncomingMessage, res: ServerResponse): void {
  try {
    const [status, body] = api.handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://emulator.invalid'));
    send(res, status, body);
  } catch (err) {
    const e =
      err instanceof ApiError
        ? err
        : new ApiError('InternalServerErrorException', `The MSK sandbox emulator failed: ${err instanceof Error ? err.message : String(err)}`);
    send(res, STATUS[e.type], { message: e.message, ...(e.invalidParameter ? { invalidParameter: e.invalidParameter } : {}) }, e.type);
  }
}

/**
 * Starts the emulator. Rejects with MskApiConfigError for a configuration it cannot represent
 * (bad names, serverless with non-IAM listeners, malformed bootstrap strings).
 */
export async function startMskApi(options: MskApiOptions): Promise<MskApiHandle> {
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const host = options.host ?? '127.0.0.1';
  const startedAt = new Date();
  const api = new MskApi(options.clusters.map((c) => resolveCluster(c, region, accountId, startedAt)));

  const server = createServer((req, res) => {
    // GETs carry no body, but drain whatever comes so keep-alive connections stay usable.
    req.resume();
    req.on('end', () => respond(api, req, res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://${urlHost}:${port}`,
    clusterArns: api.clusters.map((c) => c.arn),
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // The SDK keeps sockets alive; without this close() would wait for them to time out.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
