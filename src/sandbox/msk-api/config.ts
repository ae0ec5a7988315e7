/**
 * Configuration of the MSK control-plane emulator: which clusters it pretends to host and
 * where their listeners really are. startSandbox feeds it the sandbox broker's actual ports,
 * so an SDK client that discovers a cluster here can connect to it for real.
 */

/** How a client reaches the brokers. Each mode maps to one GetBootstrapBrokers string. */
export type MskAuthMode = 'plaintext' | 'tls' | 'mtls' | 'sasl_scram' | 'sasl_iam';

export const MSK_AUTH_MODES: readonly MskAuthMode[] = ['plaintext', 'tls', 'mtls', 'sasl_scram', 'sasl_iam'];

export type MskClusterType = 'PROVISIONED' | 'SERVERLESS';

export type MskClusterState =
  | 'ACTIVE'
  | 'CREATING'
  | 'DELETING'
  | 'FAILED'
  | 'HEALING'
  | 'MAINTENANCE'
  | 'REBOOTING_BROKER'
  | 'UPDATING';

/** A bootstrap string: comma-separated `host:port` entries, as MSK returns them. */
export type BootstrapString = string;

export interface EmulatedBroker {
  id: number;
  host: string;
  port: number;
}

export interface EmulatedClusterConfig {
  name: string;
  type: MskClusterType;
  /**
   * Auth modes the cluster advertises in DescribeClusterV2. Defaults to the modes that have a
   * listener. A serverless cluster may only have `sasl_iam`, as on real MSK.
   */
  authModes?: MskAuthMode[];
  /** Bootstrap strings inside the "VPC", by listener. `tls` also serves `mtls`. */
  listeners: {
    plaintext?: BootstrapString;
    tls?: BootstrapString;
    sasl_scram?: BootstrapString;
    sasl_iam?: BootstrapString;
  };
  /** Bootstrap strings for public access (ports 9194/9196/9198 on real MSK). Provisioned only. */
  publicListeners?: {
    tls?: BootstrapString;
    sasl_scram?: BootstrapString;
    sasl_iam?: BootstrapString;
  };
  /**
   * Bootstrap strings for multi-VPC private connectivity (GetBootstrapBrokers'
   * `BootstrapBrokerStringVpcConnectivity*`; ports 14001+ on real MSK). Provisioned only.
   */
  vpcConnectivityListeners?: {
    tls?: BootstrapString;
    sasl_scram?: BootstrapString;
    sasl_iam?: BootstrapString;
  };
  /** Broker nodes for ListNodes. Defaults to the hosts of the first listener, with ids 1, 2, … */
  brokers?: EmulatedBroker[];
  state?: MskClusterState;
  kafkaVersion?: string;
  instanceType?: string;
  tags?: Record<string, string>;
  /** The UUID part of the ARN. Defaults to one derived from the account, region and name. */
  uuid?: string;
  creationTime?: Date;
  /** Per-broker EBS volume in GiB (provisioned). */
  volumeSizeGiB?: number;
  zookeeperConnectString?: string;
  /** Secrets Manager secret ARNs associated with the cluster for SASL/SCRAM (ListScramSecrets). */
  scramSecretArns?: string[];
}

export interface MskApiOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only loopback makes sense for an emulator with no authentication; default 127.0.0.1. */
  host?: string;
  region?: string;
  accountId?: string;
  clusters: EmulatedClusterConfig[];
  /**
   * Page size of ListClustersV2 and ListNodes when the request has no MaxResults (default 100,
   * the most MaxResults allows). The sandbox lowers it so that every client's pagination runs.
   */
  defaultPageSize?: number;
  /**
   * Failures answered on demand, by the access key id that signed the request (read from the
   * SigV4 Authorization header). Default: SANDBOX_FAULT_KEYS. Pass {} to turn them off.
   */
  accessKeyFaults?: Record<string, AccessKeyFault>;
}

/** The emulated operations, named as IAM names their actions (`kafka:<operation>`). */
export type MskOperation = 'ListClustersV2' | 'DescribeClusterV2' | 'GetBootstrapBrokers' | 'ListNodes' | 'ListScramSecrets';

export type AccessKeyFault =
  /** 403 AccessDeniedException naming `kafka:<operation>`, for every operation or only those listed. */
  | { kind: 'AccessDenied'; operations?: MskOperation[] }
  /** 403 ExpiredTokenException, as for expired temporary (STS / SSO) credentials. */
  | { kind: 'ExpiredToken' }
  /**
   * 429 TooManyRequestsException: `always`, or `alternate` (the 1st, 3rd, 5th … time the same
   * request is signed with the key), so each call succeeds on the SDK's first retry.
   */
  | { kind: 'Throttle'; pattern: 'always' | 'alternate' };

/**
 * Access key ids that make the emulator fail on purpose (any secret key goes with them). Printed
 * by `msk-tools sandbox` as `mskFaultKeys`, documented in the README.
 */
export const SANDBOX_FAULT_KEYS = {
  /** AccessDenied on every operation. */
  accessDenied: 'AKIASANDBOXDENIED',
  /** AccessDenied on GetBootstrapBrokers only: clusters list, their bootstrap strings do not. */
  bootstrapDenied: 'AKIASANDBOXNOBOOTSTRAPDENIED',
  /** ExpiredToken on every operation. */
  expiredToken: 'ASIASANDBOXEXPIRED',
  /** Throttled on every request, so the SDK's retries run out. */
  throttled: 'AKIASANDBOXTHROTTLED',
  /** Throttled on every other request, so each call succeeds after one retry. */
  throttledOnce: 'AKIASANDBOXTHROTTLEDONCE',
} as const;

export function defaultAccessKeyFaults(): Record<string, AccessKeyFault> {
  const k = SANDBOX_FAULT_KEYS;
  return {
    [k.accessDenied]: { kind: 'AccessDenied' },
    [k.bootstrapDenied]: { kind: 'AccessDenied', operations: ['GetBootstrapBrokers'] },
    [k.expiredToken]: { kind: 'ExpiredToken' },
    [k.throttled]: { kind: 'Throttle', pattern: 'always' },
    [k.throttledOnce]: { kind: 'Throttle', pattern: 'alternate' },
  };
}

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** Thrown at start-up for a configuration the emulator cannot represent faithfully. */
export class MskApiConfigError extends Error {}

/** Parses `h1:p1,h2:p2` into endpoints; throws MskApiConfigError on anything else. */
export function parseBootstrapString(value: string, what: string): { host: string; port: number }[] {
  const out: { host: string; port: number }[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    const colon = entry.lastIndexOf(':');
    const port = Number(entry.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new MskApiConfigError(`${what}: "${entry}" is not host:port; write bootstrap strings as "host:port,host:port".`);
    }
    out.push({ host: entry.slice(0, colon), port });
  }
  return out;
}
