// What the explorer shows of a cluster, read through the admin API in one pass.
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { withAdmin } from './connection';

export interface BrokerView {
  id: number;
  host: string;
  port: number;
  controller: boolean;
}
export interface PartitionView {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}
export interface TopicView {
  name: string;
  internal: boolean;
  partitions: PartitionView[];
  /** The topic's max.message.bytes, when the cluster reported it. */
  maxMessageBytes?: number;
}
export interface GroupView {
  groupId: string;
  protocolType: string;
}
export interface ClusterView {
  clusterId: string;
  brokers: BrokerView[];
  topics: TopicView[];
  groups: GroupView[];
}

export async function describeCluster(kafka: Kafka): Promise<ClusterView> {
  return withAdmin(kafka, async (admin) => {
    const cluster = await admin.describeCluster();
    const { topics } = await admin.fetchTopicMetadata();
    const { groups } = await admin.listGroups();
    const limits = new Map<string, number>();
    if (topics.length > 0) {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: topics.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name, configNames: ['max.message.bytes'] })),
      });
      for (const r of described.resources) {
        const entry = r.configEntries.find((e) => e.configName === 'max.message.bytes');
        if (r.errorCode === 0 && entry && /^\d+$/.test(entry.configValue)) limits.set(r.resourceName, Number(entry.configValue));
      }
    }
    return {
      clusterId: cluster.clusterId,
      brokers: cluster.brokers
        .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, controller: b.nodeId === cluster.controller }))
        .sort((a, b) => a.id - b.id),
      topics: topics
        .map((t) => ({
          name: t.name,
          internal: t.name.startsWith('__'),
          maxMessageBytes: limits.get(t.name),
          partitions: t.partitions
            .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr }))
            .sort((a, b) => a.partition - b.partition),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType })).sort((a, b) => a.groupId.localeCompare(b.groupId)),
    };
  });
}
