/**
 * Turns the emulator configuration into the JSON documents MSK's REST API returns.
 *
 * The member names are the wire names (camelCase `jsonName`s) that @aws-sdk/client-kafka's
 * restJson1 deserializer reads; the SDK maps them back to the PascalCase names users see.
 * Timestamps that the model types as timestamps go out as ISO-8601 strings (date-time format).
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import {
  EmulatedBroker,
  EmulatedClusterConfig,
  MSK_AUTH_MODES,
  MskApiConfigError,
  MskAuthMode,
  parseBootstrapString,
} from './config';

type Json = Record<string, unknown>;

export interface ResolvedCluster {
  arn: string;
  name: string;
  type: EmulatedClusterConfig['type'];
  /** DescribeClusterV2's `clusterInfo`, also one item of ListClustersV2's list. */
  info: Json;
  /** GetBootstrapBrokers' whole response body. */
  bootstrap: Json;
  /** ListNodes' items; empty for serverless (see server.ts). */
  nodes: Json[];
  /** ListScramSecrets' items: the associated secrets' ARNs. */
  scramSecretArns: string[];
}

const CLUSTER_NAME = /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/;
const DEFAULT_KAFKA_VERSION = '3.6.0';
const DEFAULT_INSTANCE_TYPE = 'kafka.m5.large';

/** Stable hex derived from its inputs, so ARNs and ids survive sandbox restarts. */
function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Which listener carries a mode: mTLS and TLS share the TLS port, as on MSK (9094). */
function listenerFor(mode: MskAuthMode): keyof EmulatedClusterConfig['listeners'] {
  return mode === 'mtls' ? 'tls' : mode;
}

function resolveAuthModes(c: EmulatedClusterConfig): MskAuthMode[] {
  const modes = c.authModes ?? MSK_AUTH_MODES.filter((m) => m !== 'mtls' && c.listeners[listenerFor(m)] !== undefined);
  const where = `cluster "${c.name}"`;
  if (modes.length === 0) {
    throw new MskApiConfigError(`${where} has no listener; give it at least one of listeners.plaintext, tls, sasl_scram or sasl_iam.`);
  }
  for (const m of modes) {
    if (!MSK_AUTH_MODES.includes(m)) {
      throw new MskApiConfigError(`${where}: unknown auth mode "${m}"; use one of ${MSK_AUTH_MODES.join(', ')}.`);
    }
    if (c.listeners[listenerFor(m)] === undefined) {
      throw new MskApiConfigError(`${where} enables "${m}" but has no listeners.${listenerFor(m)}; add the listener or drop the mode.`);
    }
  }
  if (c.type === 'SERVERLESS' && (modes.some((m) => m !== 'sasl_iam') || c.publicListeners !== undefined || c.vpcConnectivityListeners !== undefined)) {
    // Real MSK Serverless offers IAM only, on 9098, and no public access.
    throw new MskApiConfigError(`${where} is SERVERLESS, which supports IAM only; give it listeners.sasl_iam and nothing else.`);
  }
  return modes;
}

function defaultBrokers(c: EmulatedClusterConfig): EmulatedBroker[] {
  const first = c.listeners.plaintext ?? c.listeners.tls ?? c.listeners.sasl_scram ?? c.listeners.sasl_iam;
  if (first === undefined) return [];
  return parseBootstrapString(first, `cluster "${c.name}" listeners`).map((e, i) => ({ id: i + 1, ...e }));
}

/** ConnectivityInfo.VpcConnectivity.ClientAuthentication: the modes multi-VPC clients may use. */
function vpcConnectivityAuth(l: NonNullable<EmulatedClusterConfig['vpcConnectivityListeners']>): Json {
  return {
    sasl: { scram: { enabled: l.sasl_scram !== undefined }, iam: { enabled: l.sasl_iam !== undefined } },
    tls: { enabled: l.tls !== undefined },
  };
}

/** Resolves one cluster's config into its API documents; throws MskApiConfigError when it cannot. */
export function resolveCluster(c: EmulatedClusterConfig, region: string, accountId: string, startedAt: Date): ResolvedCluster {
  if (!CLUSTER_NAME.test(c.name)) {
    throw new MskApiConfigError(`cluster name "${c.name}" is not valid on MSK: use 1–64 letters, digits and hyphens, starting with a letter or digit.`);
  }
  if (c.type !== 'PROVISIONED' && c.type !== 'SERVERLESS') {
    throw new MskApiConfigError(`cluster "${c.name}": type must be PROVISIONED or SERVERLESS, not "${String(c.type)}".`);
  }
  const modes = resolveAuthModes(c);
  for (const [key, value] of [...Object.entries(c.listeners), ...Object.entries(c.publicListeners ?? {}), ...Object.entries(c.vpcConnectivityListeners ?? {})]) {
    if (value !== undefined) parseBootstrapString(value, `cluster "${c.name}" listener ${key}`);
  }

  const seed = digest(accountId, region, c.name);
  const uuid = c.uuid ?? uuidFrom(seed);
  // Real cluster ARNs end in "<uuid>-<n>"; the suffix carries no meaning for clients.
  const arn = `arn:aws:kafka:${region}:${accountId}:cluster/${c.name}/${uuid}-${c.type === 'SERVERLESS' ? 's1' : '1'}`;
  const created = (c.creationTime ?? startedAt).toISOString();
  const kafkaVersion = c.kafkaVersion ?? DEFAULT_KAFKA_VERSION;
  const subnets = [0, 1, 2].map((i) => `subnet-${digest(seed, 'subnet', String(i)).slice(0, 17)}`);
  const securityGroups = [`sg-${digest(seed, 'sg').slice(0, 17)}`];
  // CurrentVersion is an opaque revision token on MSK (used for optimistic updates).
  const currentVersion = `K${digest(seed, 'version').slice(0, 13).toUpperCase()}`;

  const info: Json = {
    clusterArn: arn,
    clusterName: c.name,
    clusterType: c.type,
    creationTime: created,
    currentVersion,
    state: c.state ?? 'ACTIVE',
    tags: { ...(c.tags ?? {}) },
  };

  const bootstrap: Json = {};
  const nodes: Json[] = [];

  if (c.type === 'SERVERLESS') {
    info.serverless = {
      vpcConfigs: [{ subnetIds: subnets, securityGroupIds: securityGroups }],
      clientAuthentication: { sasl: { iam: { enabled: true } } },
    };
    bootstrap.bootstrapBrokerStringSaslIam = c.listeners.sasl_iam;
  } else {
    const has = (m: MskAuthMode): boolean => modes.includes(m);
    const encrypted = has('tls') || has('mtls') || has('sasl_scram') || has('sasl_iam');
    const clientBroker = has('plaintext') ? (encrypted ? 'TLS_PLAINTEXT' : 'PLAINTEXT') : 'TLS';
    const brokers = c.brokers ?? defaultBrokers(c);
    const instanceType = c.instanceType ?? DEFAULT_INSTANCE_TYPE;
    const softwareInfo = { kafkaVersion };

    info.provisioned = {
      brokerNodeGroupInfo: {
        brokerAZDistribution: 'DEFAULT',
        clientSubnets: subnets,
        instanceType,
        securityGroups,
        storageInfo: { ebsStorageInfo: { volumeSize: c.volumeSizeGiB ?? 100 } },
        connectivityInfo: {
          publicAccess: { type: c.publicListeners ? 'SERVICE_PROVIDED_EIPS' : 'DISABLED' },
          ...(c.vpcConnectivityListeners ? { vpcConnectivity: { clientAuthentication: vpcConnectivityAuth(c.vpcConnectivityListeners) } } : {}),
        },
      },
      currentBrokerSoftwareInfo: softwareInfo,
      clientAuthentication: {
        sasl: { scram: { enabled: has('sasl_scram') }, iam: { enabled: has('sasl_iam') } },
        tls: {
          enabled: has('mtls'),
          certificateAuthorityArnList: has('mtls')
            ? [`arn:aws:acm-pca:${region}:${accountId}:certificate-authority/${uuidFrom(digest(seed, 'pca'))}`]
            : [],
        },
        // Unauthenticated access covers both plaintext and TLS without a client certificate.
        unauthenticated: { enabled: has('plaintext') || has('tls') },
      },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKMSKeyId: `arn:aws:kms:${region}:${accountId}:key/${uuidFrom(digest(seed, 'kms'))}` },
        encryptionInTransit: { clientBroker, inCluster: true },
      },
      enhancedMonitoring: 'DEFAULT',
      numberOfBrokerNodes: brokers.length,
      storageMode: 'LOCAL',
      ...(c.zookeeperConnectString ? { zookeeperConnectString: c.zookeeperConnectString } : {}),
    };

    if (has('plaintext')) bootstrap.bootstrapBrokerString = c.listeners.plaintext;
    if (has('tls') || has('mtls')) bootstrap.bootstrapBrokerStringTls = c.listeners.tls;
    if (has('sasl_scram')) bootstrap.bootstrapBrokerStringSaslScram = c.listeners.sasl_scram;
    if (has('sasl_iam')) bootstrap.bootstrapBrokerStringSaslIam = c.listeners.sasl_iam;
    const pub = c.publicListeners ?? {};
    if (pub.tls !== undefined) bootstrap.bootstrapBrokerStringPublicTls = pub.tls;
    if (pub.sasl_scram !== undefined) bootstrap.bootstrapBrokerStringPublicSaslScram = pub.sasl_scram;
    if (pub.sasl_iam !== undefined) bootstrap.bootstrapBrokerStringPublicSaslIam = pub.sasl_iam;
    const vpc = c.vpcConnectivityListeners ?? {};
    if (vpc.tls !== undefined) bootstrap.bootstrapBrokerStringVpcConnectivityTls = vpc.tls;
    if (vpc.sasl_scram !== undefined) bootstrap.bootstrapBrokerStringVpcConnectivitySaslScram = vpc.sasl_scram;
    if (vpc.sasl_iam !== undefined) bootstrap.bootstrapBrokerStringVpcConnectivitySaslIam = vpc.sasl_iam;

    brokers.forEach((b, i) => {
      const nodeSeed = digest(seed, 'broker', String(b.id));
      nodes.push({
        addedToClusterTime: created,
        brokerNodeInfo: {
          attachedENIId: `eni-${nodeSeed.slice(0, 17)}`,
          brokerId: b.id,
          clientSubnet: subnets[i % subnets.length],
          clientVpcIpAddress: isIP(b.host) ? b.host : `10.0.${i % subnets.length}.${10 + (b.id % 240)}`,
          currentBrokerSoftwareInfo: softwareInfo,
          endpoints: [b.host],
        },
        instanceType,
        nodeARN: `arn:aws:kafka:${region}:${accountId}:broker/${c.name}/${uuid}/${uuidFrom(nodeSeed)}`,
        nodeType: 'BROKER',
      });
    });
  }

  return { arn, name: c.name, type: c.type, info, bootstrap, nodes, scramSecretArns: [...(c.scramSecretArns ?? [])] };
}
