/**
 * Offsets committed with OffsetCommit v0 and read with OffsetFetch v0. A ZooKeeper-mode Kafka 3.x
 * broker (as MSK's are) keeps these in ZooKeeper (/consumers/<group>/offsets/<topic>/<partition>),
 * apart from the offsets the group coordinator stores for v1+: a v0 commit is not seen by a v1+
 * fetch, nor the other way round. Any broker answers them (no coordinator), and only the offset is
 * kept (metadata is checked for size, then dropped). Saved with the cluster like group offsets.
 */
import type { Cluster, TopicState } from '../cluster';

const SERVICE = 'zkOffsets';

export class ZkOffsets {
  /** group → topic → partition → offset */
  private readonly byGroup = new Map<string, Map<string, Map<number, number>>>();

  set(group: string, topic: string, partition: number, offset: number): void {
    let topics = this.byGroup.get(group);
    if (!topics) this.byGroup.set(group, (topics = new Map<string, Map<number, number>>()));
    let parts = topics.get(topic);
    if (!parts) topics.set(topic, (parts = new Map<number, number>()));
    parts.set(partition, offset);
  }

  get(group: string, topic: string, partition: number): number | undefined {
    return this.byGroup.get(group)?.get(topic)?.get(partition);
  }

  forgetTopic(topic: string): void {
    for (const topics of this.byGroup.values()) topics.delete(topic);
  }

  save(): [string, string, number, number][] {
    const out: [string, string, number, number][] = [];
    for (const [g, topics] of this.byGroup) for (const [t, parts] of topics) for (const [p, o] of parts) out.push([g, t, p, o]);
    return out;
  }

  load(data: unknown): void {
    if (!Array.isArray(data)) return;
    for (const row of data) {
      if (!Array.isArray(row) || row.length !== 4) continue;
      const [g, t, p, o] = row as unknown[];
      if (typeof g === 'string' && typeof t === 'string' && Number.isInteger(p) && Number.isInteger(o)) this.set(g, t, p as number, o as number);
    }
  }
}

/** The cluster's v0 offset store, created on first use. */
export function zkOffsets(cluster: Cluster): ZkOffsets {
  return cluster.service(SERVICE, () => {
    const store = new ZkOffsets();
    cluster.registerPersistentPart(SERVICE, { save: () => store.save(), load: (data) => store.load(data) });
    cluster.events.on('topicDeleted', (t: TopicState) => store.forgetTopic(t.name));
    return store;
  });
}
