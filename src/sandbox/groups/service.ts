/**
 * Ties the pure GroupCoordinator to a sandbox Cluster: one coordinator per cluster (a cluster
 * service), real timers, offsets saved with the cluster, and which broker coordinates a group.
 */
import type { Cluster, TopicState } from '../cluster';
import { GroupCoordinator } from './coordinator';

const SERVICE = 'groups';

const realTimers = {
  setTimeout(fn: () => void, ms: number): unknown {
    const t = setTimeout(fn, ms);
    // Group timers must never keep a process (a test run, the CLI) alive on their own.
    t.unref();
    return t;
  },
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/**
 * The cluster's group coordinator, created on first use. Call it once at start-up, before the
 * cluster loads saved state, so committed offsets are restored too.
 */
export function groupCoordinator(cluster: Cluster): GroupCoordinator {
  return cluster.service(SERVICE, () => {
    const coordinator = new GroupCoordinator({ scheduler: realTimers });
    cluster.registerPersistentPart(SERVICE, {
      save: () => coordinator.saveOffsets(),
      load: (data) => {
        if (Array.isArray(data)) coordinator.loadOffsets(data as ReturnType<GroupCoordinator['saveOffsets']>);
      },
    });
    cluster.events.on('topicDeleted', (t: TopicState) => coordinator.forgetTopic(t.name));
    return coordinator;
  });
}

/** Java's String.hashCode, so the spread of groups over brokers looks like Kafka's. */
function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The broker that coordinates a group: a stable function of the group id and the broker ids,
 * as Kafka's choice of __consumer_offsets partition leader is. Every broker answers the same.
 */
export function coordinatorIdFor(cluster: Cluster, groupId: string): number {
  const ids = cluster.brokers.map((b) => b.id).sort((a, b) => a - b);
  return ids[Math.abs(stringHash(groupId)) % ids.length];
}

/** True when the broker a request reached coordinates the group (else answer NOT_COORDINATOR). */
export function coordinatesHere(ctx: { cluster: Cluster; broker: { id: number } }, groupId: string): boolean {
  return coordinatorIdFor(ctx.cluster, groupId) === ctx.broker.id;
}

/** The client's address as Kafka reports it in DescribeGroups ("/127.0.0.1"). */
export function clientHostOf(remote: string): string {
  const colon = remote.lastIndexOf(':');
  const host = colon > 0 ? remote.slice(0, colon) : remote;
  return `/${host.replace(/^::ffff:/, '')}`;
}
