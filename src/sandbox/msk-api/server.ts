/**
 * A local stand-in for the Amazon MSK control plane (the `kafka` REST-JSON API), answering the
 * read calls MSK Tools makes: ListClustersV2, DescribeClusterV2, GetBootstrapBrokers, ListNodes.
 *
 * Routes, query names and JSON member names are those @aws-sdk/client-kafka serializes, so an
 * unmodified `new KafkaClient({ endpoint, region, credentials })` works against it. Requests are
 * not signature-checked: any static credentials do.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, parseJsonObject, sendJson, startEmulatorServer } from '../http';
import {
  AccessKeyFault,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  defaultAccessKeyFaults,
  MskApiConfigError,
  MskApiOptions,
  MskOperation,
} from './config';
import { resolveCluster, ResolvedCluster } from './model';
import { MAX_PAGE_SIZE, paginate, PageRequestError } from './pagination';

export interface MskApiHandle {
  /** Base URL to pass as the SDK's `endpoint`, e.g. http://127.0.0.1:40123 */
  endpoint: string;
  clusterArns: string[];
  stop(): Promise<void>;
}

type ErrorType =
  | 'BadRequestException'
  | 'NotFoundException'
  | 'InternalServerErrorException'
  | 'AccessDeniedException'
  | 'ExpiredTokenException'
  | 'TooManyRequestsException';
const STATUS: Record<ErrorType, number> = {
  BadRequestException: 400,
  NotFoundException: 404,
  InternalServerErrorException: 500,
  AccessDeniedException: 403,
  ExpiredTokenException: 403,
  TooManyRequestsException: 429,
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
/** The largest request body read; MSK's read calls carry none, so anything big is refused. */
export { MAX_BODY_BYTES };

export interface MskApiRouterOptions {
  defaultPageSize?: number;
  accessKeyFaults?: Record<string, AccessKeyFault>;
  region?: string;
  accountId?: string;
}

/** The request router, kept apart from the socket so it can be reasoned about on its own. */
export class MskApi {
  private readonly byArn = new Map<string, ResolvedCluster>();
  private readonly defaultPageSize: number;
  private readonly faults: Record<string, AccessKeyFault>;
  /** Requests seen per access key id and request, for the `alternate` throttle. */
  private readonly requestsByKey = new Map<string, number>();
  private readonly region: string;
  private readonly accountId: string;

  constructor(
    readonly clusters: readonly ResolvedCluster[],
    opts: MskApiRouterOptions = {},
  ) {
    for (const c of clusters) {
      if (this.byArn.has(c.arn)) {
        throw new MskApiConfigError(`two clusters resolve to ${c.arn}; give each cluster a distinct name.`);
      }
      this.byArn.set(c.arn, c);
    }
    const size = opts.defaultPageSize ?? MAX_PAGE_SIZE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new MskApiConfigError(`defaultPageSize must be an integer from 1 to ${MAX_PAGE_SIZE}; got ${size}.`);
    }
    this.defaultPageSize = size;
    this.faults = opts.accessKeyFaults ?? defaultAccessKeyFaults();
    this.region = opts.region ?? DEFAULT_REGION;
    this.accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
  }

  /**
   * Returns [status, body] for one request; throws ApiError for API-level failures.
   * `accessKeyId` is the key that signed the request (undefined when unsigned).
   */
  handle(method: string, url: URL, accessKeyId?: string): [number, unknown] {
    // Path labels arrive percent-encoded (the ARN's ':' and '/'), so split before decoding.
    const segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          // A malformed escape (a lone '%', a broken UTF-8 sequence) is the client's error, not ours.
          throw new ApiError('BadRequestException', `The request path has a malformed percent-encoding in "${s}"; encode each path label with encodeURIComponent.`);
        }
      });
    const q = url.searchParams;
    const route = `${method} /${segments.map((s, i) => (isLabel(segments, i) ? '{ClusterArn}' : s)).join('/')}`;
    const operation = OPERATIONS[route];
    if (operation === undefined) {
      throw new ApiError(
        'NotFoundException',
        `The MSK sandbox emulator does not implement ${method} ${url.pathname}; it serves ListClustersV2, DescribeClusterV2, GetBootstrapBrokers, ListNodes and ListScramSecrets.`,
      );
    }
    this.injectFault(operation, accessKeyId, segments, `${method} ${url.pathname}${url.search}`);

    switch (operation) {
      case 'ListClustersV2':
        return [200, this.listClustersV2(q)];
      case 'DescribeClusterV2':
        return [200, { clusterInfo: this.cluster(segments[3]).info }];
      case 'GetBootstrapBrokers':
        return [200, this.cluster(segments[2]).bootstrap];
      case 'ListNodes':
        return [200, this.listNodes(this.cluster(segments[2]), q)];
      case 'ListScramSecrets':
        return [200, this.listScramSecrets(this.cluster(segments[2]), q)];
    }
  }

  /** Answers the failure configured for the signing key, if any, as MSK and IAM would. */
  private injectFault(operation: MskOperation, accessKeyId: string | undefined, segments: string[], request: string): void {
    if (accessKeyId === undefined) return;
    const fault = this.faults[accessKeyId];
    if (!fault) return;
    // Counted per key and request (method, path, query), so that concurrent calls each see
    // "throttled, then fine on the retry" whatever order they arrive in.
    const counter = `${accessKeyId} ${request}`;
    const seen = (this.requestsByKey.get(counter) ?? 0) + 1;
    this.requestsByKey.set(counter, seen);
    switch (fault.kind) {
      case 'AccessDenied': {
        if (fault.operations && !fault.operations.includes(operation)) return;
        const resource = operation === 'ListClustersV2' ? '*' : (segments[operation === 'DescribeClusterV2' ? 3 : 2] ?? '*');
        throw new ApiError(
          'AccessDeniedException',
          `User: arn:aws:iam::${this.accountId}:user/${accessKeyId.toLowerCase()} is not authorized to perform: kafka:${operation} on resource: ${resource} because no identity-based policy allows the kafka:${operation} action`,
        );
      }
      case 'ExpiredToken':
        throw new ApiError('ExpiredTokenException', 'The security token included in the request is expired');
      case 'Throttle':
        if (fault.pattern === 'always' || seen % 2 === 1) {
          throw new ApiError('TooManyRequestsException', `Rate exceeded for kafka:${operation} in ${this.region}.`);
        }
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
    const page = paged(matches, `clusters\u0000${nameFilter}\u0000${typeFilter}`, q, this.defaultPageSize);
    return { clusterInfoList: page.items.map((c) => c.info), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  private listNodes(c: ResolvedCluster, q: URLSearchParams): unknown {
    // Decision: MSK Serverless has no brokers a customer can see, so we refuse ListNodes for it
    // with a BadRequestException instead of returning an empty list; callers must branch on
    // ClusterType (the explorer shows no broker list for serverless clusters).
    if (c.type === 'SERVERLESS') {
      throw new ApiError('BadRequestException', `ListNodes is not supported for serverless cluster ${c.arn}; serverless clusters expose no broker nodes.`, 'clusterArn');
    }
    const page = paged(c.nodes, `nodes\u0000${c.arn}`, q, this.defaultPageSize);
    return { nodeInfoList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  private listScramSecrets(c: ResolvedCluster, q: URLSearchParams): unknown {
    // Serverless MSK has no SASL/SCRAM (IAM only), so there is nothing to associate or list.
    if (c.type === 'SERVERLESS') {
      throw new ApiError('BadRequestException', `ListScramSecrets is not supported for serverless cluster ${c.arn}; serverless clusters use IAM authentication only.`, 'clusterArn');
    }
    const page = paged(c.scramSecretArns, `scram-secrets\u0000${c.arn}`, q, this.defaultPageSize);
    return { secretArnList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }
}

/** Route (method and path with the ARN label abstracted) → the operation it serves. */
const OPERATIONS: Record<string, MskOperation | undefined> = {
  'GET /api/v2/clusters': 'ListClustersV2',
  'GET /api/v2/clusters/{ClusterArn}': 'DescribeClusterV2',
  'GET /v1/clusters/{ClusterArn}/bootstrap-brokers': 'GetBootstrapBrokers',
  'GET /v1/clusters/{ClusterArn}/nodes': 'ListNodes',
  'GET /v1/clusters/{ClusterArn}/scram-secrets': 'ListScramSecrets',
};

/** The access key id from a SigV4 `Authorization` header (`… Credential=AKID/date/region/…`). */
export function signingAccessKeyId(authorization: string | undefined): string | undefined {
  const m = /Credential=([^/,\s]+)\//.exec(authorization ?? '');
  return m?.[1];
}

function isLabel(segments: string[], i: number): boolean {
  return (
    (i === 3 && segments[0] === 'api' && segments[1] === 'v2' && segments[2] === 'clusters') ||
    (i === 2 && segments[0] === 'v1' && segments[1] === 'clusters')
  );
}

function paged<T>(all: readonly T[], scope: string, q: URLSearchParams, defaultPageSize: number) {
  try {
    return paginate(all, scope, q.get('maxResults'), q.get('nextToken'), defaultPageSize);
  } catch (err) {
    if (err instanceof PageRequestError) {
      throw new ApiError('BadRequestException', err.message, err.parameter === 'MaxResults' ? 'maxResults' : 'nextToken');
    }
    throw err;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body, 'application/json');
}

function sendError(res: ServerResponse, e: ApiError): void {
  sendJson(res, STATUS[e.type], { message: e.message, ...(e.invalidParameter ? { invalidParameter: e.invalidParameter } : {}) }, 'application/json', e.type);
}

function respond(api: MskApi, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  try {
    if (body.length > 0) {
      // The read calls take no body; one that is sent must at least be the JSON the API speaks.
      const parsed = parseJsonObject(body);
      if (!parsed.ok && parsed.reason === 'syntax') {
        throw new ApiError('BadRequestException', `The request body is not valid JSON (${parsed.detail}); send a JSON object or no body.`);
      }
      if (!parsed.ok) throw new ApiError('BadRequestException', 'The request body must be a JSON object; send a JSON object or no body.');
    }
    const [status, out] = api.handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://emulator.invalid'), signingAccessKeyId(req.headers.authorization));
    send(res, status, out);
  } catch (err) {
    const e =
      err instanceof ApiError
        ? err
        : new ApiError('InternalServerErrorException', `The MSK sandbox emulator failed: ${err instanceof Error ? err.message : String(err)}`);
    sendError(res, e);
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
  const api = new MskApi(
    options.clusters.map((c) => resolveCluster(c, region, accountId, startedAt)),
    { defaultPageSize: options.defaultPageSize, accessKeyFaults: options.accessKeyFaults, region, accountId },
  );

  const server = await startEmulatorServer({
    host,
    port: options.port ?? 0,
    tooLarge: (res) => sendError(res, new ApiError('BadRequestException', `The request body is larger than ${MAX_BODY_BYTES} bytes; MSK's read calls take no body.`)),
    handle: (req, res, body) => respond(api, req, res, body),
  });
  return { endpoint: server.endpoint, clusterArns: api.clusters.map((c) => c.arn), stop: () => server.stop() };
}
