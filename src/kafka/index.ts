// Entry of the lazily loaded data-plane chunk (dist/kafka.js): kafkajs and what uses it.
export { createKafka, withAdmin } from './connection';
export type { ConnectionSpec } from './connection';
export { describeCluster } from './describe';
export type { ClusterView, BrokerView, TopicView, PartitionView, GroupView } from './describe';
export { ClusterAdmin, createClusterAdmin, withDeadline, TimeoutError, ANSWER_DEADLINE_MS } from './admin';
export type { ClusterOverview, BrokerInfo, PartitionInfo, TopicSummary, GroupSummary, PartitionOffsets, GroupDetails, GroupMember, GroupPartition, NewTopic } from './admin';
