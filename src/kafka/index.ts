// Entry of the lazily loaded data-plane chunk (dist/kafka.js): kafkajs and what uses it.
export { createKafka, withAdmin } from './connection';
export type { ConnectionSpec, KafkaLog } from './connection';
export { openKafka, explainConnectionError } from './connection';
export type { ConnectionAuth, AuthMode } from './auth';
export { Redactor } from './auth';
export { tunnelSocketFactory, checkSshTunnel } from './tunnels';
export type { TunnelSpec, SshTunnelSpec, Socks5TunnelSpec, TunnelSocketFactory } from './tunnels';
export { describeCluster } from './describe';
export type { ClusterView, BrokerView, TopicView, PartitionView, GroupView } from './describe';
export { ClusterAdmin, createClusterAdmin, withDeadline, TimeoutError, ANSWER_DEADLINE_MS } from './admin';
export type { ClusterOverview, BrokerInfo, PartitionInfo, TopicSummary, GroupSummary, PartitionOffsets, GroupDetails, GroupMember, GroupPartition, NewTopic } from './admin';
export { peek } from './peek';
export type { PeekStart, PeekOptions, PeekedMessage, PeekResult } from './peek';
// (the error classes come from the engines' chunk, dist/wire.js, whose copies are the ones thrown)
export { produce, topicMaxMessageBytes, oversizeMessages, DEFAULT_MAX_MESSAGE_BYTES } from './produce';
export type { OutgoingMessage, ProduceOptions, ProducedResult, ProduceOutcome, OversizeMessage, CompressionName } from './produce';
