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

/**
 * A PROVISIONED cluster with every listener given, plus a SERVERLESS one when an IAM listener
 * exists (serverless MSK is IAM-only, so without one there is nothing honest to point it at).
 */
export function sandboxClusterConfigs(opts: { brokers: EmulatedBroker[]; listeners: SandboxListeners; kafkaVersion?: string }): EmulatedClusterConfig[] {
  const tags = { 'msk-tools:sandbox': 'true' };
  const clusters: EmulatedClusterConfig[] = [
    {
      name: SANDBOX_CLUSTER_NAME,
      type: 'PROVISIONED',
      listeners: { ...opts.listeners },
      brokers: opts.brokers.map((b) => ({ id: b.id, host: b.host, port: b.port })),
      kafkaVersion: opts.kafkaVersion,
      tags,
    },
  ];
  if (opts.listeners.sasl_iam !== undefined) {
    clusters.push({ name: SANDBOX_SERVERLESS_CLUSTER_NAME, type: 'SERVERLESS', listeners: { sasl_iam: opts.listeners.sasl_iam }, tags });
  }
  return clusters;
}
