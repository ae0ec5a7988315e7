/**
 * The clusters the local sandbox shows through the emulated MSK API, built from the brokers
 * that are really running, so that discovery (ListClustersV2 → GetBootstrapBrokers) leads a
 * client to ports it can connect to.
 */
import type { EmulatedBroker, EmulatedClusterConfig } from './config';

export interface SandboxListeners {
  plaintext?: string;
  tls?: string;
  sasl_scram?: string;
  sasl_iam?: string;
}

export const SANDBOX_CLUSTER_NAME = 'msk-sandbox';
export const SANDBOX_SERVERLESS_CLUSTER_NAME = 'msk-sandbox-serverless';
export const SANDBOX_PUBLIC_CLUSTER_NAME = 'msk-sandbox-public';

/** ListClustersV2's page size in the sandbox: small, so discovery there always pages. */
export const SANDBOX_PAGE_SIZE = 4;

/**
 * A PROVISIONED cluster with every listener given, plus a SERVERLESS one when an IAM listener
 * exists (serverless MSK is IAM-only, so without one there is nothing honest to point it at).
 * With `showcase` (the default) come clusters that exercise what discovery must handle: one per
 * non-ACTIVE state a developer meets (CREATING, UPDATING, HEALING), one with public access and
 * multi-VPC connectivity. They are views of the same brokers: their bootstrap strings lead to the
 * sandbox's real listeners (a public string to the listener of the same auth mode).
 */
export function sandboxClusterConfigs(opts: { brokers: EmulatedBroker[]; listeners: SandboxListeners; kafkaVersion?: string; showcase?: boolean }): EmulatedClusterConfig[] {
  const tags = { 'msk-tools:sandbox': 'true' };
  const brokers = opts.brokers.map((b) => ({ id: b.id, host: b.host, port: b.port }));
  const clusters: EmulatedClusterConfig[] = [
    {
      name: SANDBOX_CLUSTER_NAME,
      type: 'PROVISIONED',
      listeners: { ...opts.listeners },
      brokers,
      kafkaVersion: opts.kafkaVersion,
      tags,
    },
  ];
  if (opts.listeners.sasl_iam !== undefined) {
    clusters.push({ name: SANDBOX_SERVERLESS_CLUSTER_NAME, type: 'SERVERLESS', listeners: { sasl_iam: opts.listeners.sasl_iam }, tags });
  }
  if (opts.showcase === false) return clusters;

  const showcaseTags = { ...tags, 'msk-tools:showcase': 'true' };
  const { tls, sasl_scram, sasl_iam } = opts.listeners;
  if (tls !== undefined && sasl_scram !== undefined && sasl_iam !== undefined) {
    clusters.push({
      name: SANDBOX_PUBLIC_CLUSTER_NAME,
      type: 'PROVISIONED',
      // Public access on MSK requires access control and TLS in transit: no plaintext here.
      authModes: ['tls', 'sasl_scram', 'sasl_iam'],
      listeners: { tls, sasl_scram, sasl_iam },
      publicListeners: { tls, sasl_scram, sasl_iam },
      vpcConnectivityListeners: { sasl_scram, sasl_iam },
      brokers,
      kafkaVersion: '3.5.1',
      instanceType: 'kafka.m7g.large',
      volumeSizeGiB: 1000,
      tags: showcaseTags,
    });
  }
  const any = opts.listeners.plaintext !== undefined ? { plaintext: opts.listeners.plaintext } : { ...opts.listeners };
  const states: { name: string; state: EmulatedClusterConfig['state']; kafkaVersion: string; instanceType: string }[] = [
    { name: 'msk-sandbox-creating', state: 'CREATING', kafkaVersion: '3.7.x', instanceType: 'kafka.t3.small' },
    { name: 'msk-sandbox-updating', state: 'UPDATING', kafkaVersion: '3.6.0', instanceType: 'kafka.m5.xlarge' },
    { name: 'msk-sandbox-healing', state: 'HEALING', kafkaVersion: '2.8.1', instanceType: 'kafka.m5.large' },
  ];
  for (const s of states) {
    clusters.push({ name: s.name, type: 'PROVISIONED', state: s.state, kafkaVersion: s.kafkaVersion, instanceType: s.instanceType, listeners: any, brokers, tags: showcaseTags });
  }
  return clusters;
}
