// Entry of the lazily loaded data-plane chunk (dist/kafka.js): kafkajs and what uses it.
export { createKafka, withAdmin } from './connection';
export type { ConnectionSpec, KafkaLog } from './connection';
export { openKafka, explainConnectionError } from './connection';
export type { ConnectionAuth, AuthMode } from './auth';
export { Redactor } from './auth';
export { tunnelSocketFactory } from './tunnels';
export type { TunnelSpec, SshTunnelSpec, Socks5TunnelSpec, TunnelSocketFactory } from './tunnels';
export { describeCluster } from './describe';
export type { ClusterView, BrokerView, TopicView, PartitionView, GroupView } from './describe';
export { ClusterAdmin, createClusterAdmin, withDeadline, TimeoutError, ANSWER_DEADLINE_MS } from './admin';
export type { ClusterOverview, BrokerInfo, PartitionInfo, TopicSummary, GroupSummary, PartitionOffsets, GroupDetails, GroupMember, GroupPartition, NewTopic } from './admin';
