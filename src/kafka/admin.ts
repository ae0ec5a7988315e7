// One cluster's data-plane client for the explorer and the admin commands: a kafkajs admin connected
// once and reused across refreshes, closed when its connection goes away. Every call answers within
// the deadline (15 s) or fails with a TimeoutError, so no view waits longer.
import {
  AclOperationTypes, AclPermissionTypes, AclResourceTypes, AssignerProtocol, ConfigResourceTypes, ConfigSource, ResourcePatternTypes,
  type Admin, type AclFilter, type Kafka,
} from 'kafkajs';
import { isInternalTopic, type ConfigEntry, type ConfigSourceName } from '../core/topics';
import { partitionLag, type PartitionPosition } from '../core/offset-reset';
import { incrementalAlterTopicConfigs, type BrokerTransport, type ConfigOp } from './incremental-alter';

export const ANSWER_DEADLINE_MS = 15_000;

export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: the cluster did not answer within ${Math.round(ms / 1000)} s`);
    this.name = 'TimeoutError';
  }
}

export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface BrokerInfo { id: number; host: string; port: number; rack: string | null; controller: boolean }
export interface PartitionInfo { partition: number; leader: number; replicas: number[]; isr: number[] }
export interface TopicSummary { name: string; internal: boolean; partitions: PartitionInfo[] }
export interface GroupSummary { groupId: string; protocolType: string }
export interface ClusterOverview {
  clusterId: string;
  brokers: BrokerInfo[];
  /** Sorted by name. */
  topics: TopicSummary[];
  groups: GroupSummary[];
}
export interface PartitionOffsets { partition: number; low: number; high: number; messages: number }
export interface GroupMember { memberId: string; clientId: string; host: string; assignment: { topic: string; partitions: number[] }[] }
export interface GroupPartition { topic: string; partition: number; committed: number | null; high: number; lag: number | null }
export interface GroupDetails {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: GroupMember[];
  partitions: GroupPartition[];
  totalLag: number;
}
import type { AclBinding, AclQuery } from './acl-names';
export type { AclBinding, AclOperation, AclPatternType, AclPermission, AclQuery, AclResourceType } from './acl-names';

const nameOf = <T extends string>(table: object, value: number): T =>
  (Object.entries(table).find(([, v]) => v === value)?.[0] ?? 'UNKNOWN') as T;

function aclFilter(q: AclQuery): AclFilter {
  return {
    resourceType: AclResourceTypes[q.resourceType ?? 'ANY'],
    ...(q.resourceName !== undefined ? { resourceName: q.resourceName } : {}),
    resourcePatternType: ResourcePatternTypes[q.patternType ?? 'ANY'],
    ...(q.principal !== undefined ? { principal: q.principal } : {}),
    ...(q.host !== undefined ? { host: q.host } : {}),
    operation: AclOperationTypes[q.operation ?? 'ANY'],
    permissionType: AclPermissionTypes[q.permission ?? 'ANY'],
  };
}

function aclBinding(r: { resourceType: number; resourceName: string; resourcePatternType: number }, a: { principal: string; host: string; operation: number; permissionType: number }): AclBinding {
  return {
    resourceType: nameOf(AclResourceTypes, r.resourceType), resourceName: r.resourceName, patternType: nameOf(ResourcePatternTypes, r.resourcePatternType),
    principal: a.principal, host: a.host, operation: nameOf(AclOperationTypes, a.operation), permission: nameOf(AclPermissionTypes, a.permissionType),
  };
}

/** Kafka's answer when the brokers run no authorizer: say what it means. */
function aclError(code: number, message: string | undefined): Error {
  if (code === 54) return new Error('the cluster has no ACL authorizer enabled (SECURITY_DISABLED): MSK stores ACLs only on clusters with SASL/SCRAM or mTLS client authentication');
  return new Error(message || `the cluster answered error code ${code}`);
}

const bySortKey = (a: AclBinding, b: AclBinding) =>
  `${a.resourceType}/${a.resourceName}/${a.principal}/${a.operation}/${a.permission}/${a.host}`.localeCompare(`${b.resourceType}/${b.resourceName}/${b.principal}/${b.operation}/${b.permission}/${b.host}`);

export interface NewTopic { name: string; partitions: number; replicationFactor: number; configs: Record<string, string> }

const SOURCES: Record<number, ConfigSourceName> = {
  [ConfigSource.TOPIC_CONFIG]: 'dynamic',
  [ConfigSource.DYNAMIC_BROKER_CONFIG]: 'dynamic-broker',
  [ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG]: 'dynamic-broker-default',
  [ConfigSource.STATIC_BROKER_CONFIG]: 'static',
  [ConfigSource.DEFAULT_CONFIG]: 'default',
};

/** Offsets are int64 strings; every real offset fits a double's 53 bits. */
const num = (s: string | number) => Number(s);

/** At most this many topics are asked for a group's committed offsets when the group names none. */
const GROUP_TOPIC_SCAN_LIMIT = 1000;

export class ClusterAdmin {
  private admin: Promise<Admin> | undefined;
  private closed = false;

  /**
   * `transport`: how to open a socket to a broker for the requests kafkajs lacks (plaintext by default).
   * `explain`: turns a failure into what the user is shown (the connection factory's
   * explainConnectionError: the auth mode named, what to do, secrets redacted).
   */
  constructor(private readonly kafka: Kafka, private readonly deadlineMs = ANSWER_DEADLINE_MS, private readonly transport: BrokerTransport = {}, private readonly explain: (err: unknown) => unknown = (e) => e) {}

  /** Connects once; a failed connect is forgotten so the next call (a retry) connects again. */
  private connected(what: string): Promise<Admin> {
    if (this.closed) return Promise.reject(new Error('the connection was closed: refresh the explorer'));
    if (!this.admin) {
      const admin = this.kafka.admin();
      const p = withDeadline(admin.connect(), this.deadlineMs, what).then(() => admin);
      p.catch(() => {
        if (this.admin === p) this.admin = undefined;
        void admin.disconnect().catch(() => undefined);
      });
      this.admin = p;
    }
    return this.admin;
  }

  private run<T>(what: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
    const attempt = async () => fn(await this.connected(what));
    const work = attempt().catch(async (err: unknown) => {
      // kafkajs puts every topic it was ever asked about into its metadata requests; once one of
      // them is deleted elsewhere, each refresh fails with UNKNOWN_TOPIC_OR_PARTITION. A fresh admin
      // forgets them: retry once on it (a topic that is really gone fails again, and says so).
      if ((err as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION' || this.closed) throw err;
      await this.reconnect();
      return attempt();
    });
    return withDeadline(work, this.deadlineMs, what).catch((err: unknown) => {
      throw this.explain(err);
    });
  }

  private async reconnect(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await admin.then((a) => a.disconnect(), () => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await admin.then((a) => a.disconnect(), () => undefined);
  }

  /** Brokers, topics with partitions, groups: metadata only, so a 10,000-topic cluster lists fast. */
  overview(): Promise<ClusterOverview> {
    return this.run('reading the cluster', async (admin) => {
      const [cluster, { topics }, { groups }] = await Promise.all([admin.describeCluster(), admin.fetchTopicMetadata(), admin.listGroups()]);
      const racks = await this.racks(admin, cluster.brokers.map((b) => b.nodeId));
      return {
        clusterId: cluster.clusterId,
        brokers: cluster.brokers
          .map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: racks.get(b.nodeId) ?? null, controller: b.nodeId === cluster.controller }))
          .sort((a, b) => a.id - b.id),
        topics: topics
          .map((t) => ({
            name: t.name,
            internal: isInternalTopic(t.name),
            partitions: t.partitions
              .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr }))
              .sort((a, b) => a.partition - b.partition),
          }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType })).sort((a, b) => a.groupId.localeCompare(b.groupId)),
      };
    });
  }

  /** broker.rack (MSK sets it to the AZ id). kafkajs drops the rack from metadata, DescribeConfigs has it. */
  private async racks(admin: Admin, ids: number[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    try {
      const r = await admin.describeConfigs({
        includeSynonyms: false,
        resources: ids.map((id) => ({ type: ConfigResourceTypes.BROKER, name: String(id), configNames: ['broker.rack'] })),
      });
      for (const res of r.resources) {
        const v = res.configEntries.find((e) => e.configName === 'broker.rack')?.configValue;
        if (res.errorCode === 0 && v) out.set(Number(res.resourceName), v);
      }
    } catch {
      // a cluster that hides broker configs still lists its brokers, without racks
    }
    return out;
  }

  /** Each topic's max.message.bytes, for the linter; read in chunks so one answer stays small. */
  maxMessageBytes(topics: string[]): Promise<Record<string, number>> {
    return this.run('reading max.message.bytes', async (admin) => {
      const out: Record<string, number> = {};
      for (let i = 0; i < topics.length; i += 1000) {
        const r = await admin.describeConfigs({
          includeSynonyms: false,
          resources: topics.slice(i, i + 1000).map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['max.message.bytes'] })),
        });
        for (const res of r.resources) {
          const v = res.configEntries.find((e) => e.configName === 'max.message.bytes')?.configValue;
          if (res.errorCode === 0 && v && /^\d+$/.test(v)) out[res.resourceName] = Number(v);
        }
      }
      return out;
    });
  }

  partitionOffsets(topic: string): Promise<PartitionOffsets[]> {
    return this.run(`reading the offsets of ${topic}`, async (admin) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets
        .map((o) => ({ partition: o.partition, low: num(o.low), high: num(o.high), messages: Math.max(0, num(o.high) - num(o.low)) }))
        .sort((a, b) => a.partition - b.partition);
    });
  }

  topicConfigs(topic: string): Promise<ConfigEntry[]> {
    return this.run(`reading the configs of ${topic}`, async (admin) => {
      const r = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
      const res = r.resources[0];
      if (!res || res.errorCode !== 0) throw new Error(res?.errorMessage || `the cluster gave no configs for ${topic}`);
      return res.configEntries.map((e) => ({
        name: e.configName,
        value: e.configValue ?? null,
        source: SOURCES[e.configSource] ?? (e.isDefault ? 'default' : 'unknown'),
        readOnly: e.readOnly,
        sensitive: e.isSensitive,
      }));
    });
  }

  groupDetails(groupId: string, knownTopics: string[]): Promise<GroupDetails> {
    return this.run(`reading the group ${groupId}`, async (admin) => {
      const { groups } = await admin.describeGroups([groupId]);
      const g = groups[0];
      if (!g) throw new Error(`the cluster did not describe the group ${groupId}`);
      const members: GroupMember[] = g.members.map((m) => {
        let assignment: GroupMember['assignment'] = [];
        if (g.protocolType === 'consumer' && m.memberAssignment?.length) {
          try {
            const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
            assignment = Object.entries(decoded?.assignment ?? {}).map(([topic, ps]) => ({ topic, partitions: [...ps].sort((a, b) => a - b) }));
          } catch {
            // not a standard consumer assignment: show the member without it
          }
        }
        return { memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment };
      });
      // OffsetFetch has no "all topics" through kafkajs: ask for the assigned topics, else the cluster's
      const assigned = [...new Set(members.flatMap((m) => m.assignment.map((a) => a.topic)))];
      const topics = assigned.length ? assigned : knownTopics.slice(0, GROUP_TOPIC_SCAN_LIMIT);
      const committed = topics.length ? await admin.fetchOffsets({ groupId, topics }) : [];
      const partitions: GroupPartition[] = [];
      for (const t of committed) {
        const had = t.partitions.filter((p) => num(p.offset) >= 0);
        if (!had.length && !assigned.includes(t.topic)) continue;
        const ends = new Map((await admin.fetchTopicOffsets(t.topic)).map((o) => [o.partition, num(o.high)]));
        for (const p of t.partitions) {
          const c = num(p.offset) >= 0 ? num(p.offset) : null;
          const high = ends.get(p.partition) ?? 0;
          partitions.push({ topic: t.topic, partition: p.partition, committed: c, high, lag: partitionLag(c, high) });
        }
      }
      partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      return {
        groupId, state: g.state, protocolType: g.protocolType, protocol: g.protocol, members, partitions,
        totalLag: partitions.reduce((s, p) => s + (p.lag ?? 0), 0),
      };
    });
  }

  /** Committed and log offsets of a group on some topics (all partitions, or the ones named), for a reset plan. */
  positions(groupId: string, targets: { topic: string; partitions?: number[] }[], timestamp?: number): Promise<PartitionPosition[]> {
    return this.run(`reading the offsets of ${groupId}`, async (admin) => {
      const committed = await admin.fetchOffsets({ groupId, topics: targets.map((t) => t.topic) });
      const out: PartitionPosition[] = [];
      for (const target of targets) {
        const logs = new Map((await admin.fetchTopicOffsets(target.topic)).map((o) => [o.partition, o]));
        const atTs = timestamp === undefined ? undefined
          : new Map((await admin.fetchTopicOffsetsByTimestamp(target.topic, timestamp)).map((o) => [o.partition, num(o.offset)]));
        const mine = committed.find((c) => c.topic === target.topic)?.partitions ?? [];
        for (const [partition, o] of logs) {
          if (target.partitions && !target.partitions.includes(partition)) continue;
          const c = mine.find((p) => p.partition === partition);
          // fetchTopicOffsetsByTimestamp answers the end offset when no record is that new
          const at = atTs?.get(partition);
          out.push({
            topic: target.topic, partition, committed: c && num(c.offset) >= 0 ? num(c.offset) : null,
            low: num(o.low), high: num(o.high), ...(at !== undefined ? { atTimestamp: at } : {}),
          });
        }
        const missing = target.partitions?.filter((p) => !logs.has(p)) ?? [];
        if (missing.length) throw new Error(`${target.topic} has no partition ${missing.join(', ')}`);
      }
      return out;
    });
  }

  /**
   * Commits the planned offsets (kafkajs setOffsets; the broker refuses it while the group has
   * members). One deadline per topic: kafkajs waits for a fetch round (about 5 s) per topic.
   */
  async commitOffsets(groupId: string, rows: { topic: string; partition: number; to: number }[]): Promise<void> {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), { partition: r.partition, offset: String(r.to) }]);
    for (const [topic, partitions] of byTopic) {
      await this.run(`resetting the offsets of ${groupId} on ${topic}`, (admin) => admin.setOffsets({ groupId, topic, partitions }));
    }
  }

  createTopic(t: NewTopic): Promise<void> {
    return this.run(`creating ${t.name}`, async (admin) => {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [{
          topic: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor,
          configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
        }],
      });
      if (!created) throw new Error(`the topic ${t.name} exists already`);
    });
  }

  deleteTopic(name: string): Promise<void> {
    return this.run(`deleting ${name}`, (admin) => admin.deleteTopics({ topics: [name] }));
  }

  addPartitions(topic: string, count: number): Promise<void> {
    return this.run(`adding partitions to ${topic}`, async (admin) => {
      await admin.createPartitions({ topicPartitions: [{ topic, count }] });
    });
  }

  /**
   * Sets the topic's whole dynamic config set (AlterConfigs): overrides not given are dropped.
   * Edit Config uses alterTopicConfigs (IncrementalAlterConfigs) instead.
   */
  replaceTopicConfigs(topic: string, configs: Record<string, string>): Promise<void> {
    return this.run(`changing the configs of ${topic}`, async (admin) => {
      // kafkajs types this answer as any: name the fields we read
      const r = (await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) }],
      })) as { resources: { resourceName: string; errorCode: number; errorMessage?: string }[] };
      const res = r.resources.find((x) => x.resourceName === topic);
      if (res && res.errorCode !== 0) throw new Error(res.errorMessage || `the cluster refused the configs (error ${res.errorCode})`);
    });
  }

  /**
   * Changes only the given configs of the topic (IncrementalAlterConfigs, over our own connection to
   * a broker of the cluster, since kafkajs has no such request); the other overrides stay as they are.
   */
  alterTopicConfigs(topic: string, ops: readonly ConfigOp[], validateOnly = false): Promise<void> {
    return this.run(`changing the configs of ${topic}`, async (admin) => {
      const { brokers } = await admin.describeCluster();
      await incrementalAlterTopicConfigs(brokers.map((b) => ({ host: b.host, port: b.port })), topic, ops, { ...this.transport, deadlineMs: this.deadlineMs }, validateOnly);
    });
  }

  deleteGroup(groupId: string): Promise<void> {
    return this.run(`deleting the group ${groupId}`, async (admin) => {
      await admin.deleteGroups([groupId]);
    });
  }

  /** The bindings that match a filter (DescribeAcls), sorted. */
  describeAcls(q: AclQuery = {}): Promise<AclBinding[]> {
    return this.run('reading the ACLs', async (admin) => {
      const r = await admin.describeAcls(aclFilter(q));
      if (r.errorCode) throw aclError(r.errorCode, r.errorMessage);
      return r.resources.flatMap((res) => res.acls.map((a) => aclBinding(res, a))).sort(bySortKey);
    });
  }

  createAcls(bindings: AclBinding[]): Promise<void> {
    return this.run('creating ACLs', async (admin) => {
      await admin.createAcls({
        acl: bindings.map((b) => ({
          resourceType: AclResourceTypes[b.resourceType], resourceName: b.resourceName, resourcePatternType: ResourcePatternTypes[b.patternType],
          principal: b.principal, host: b.host, operation: AclOperationTypes[b.operation], permissionType: AclPermissionTypes[b.permission],
        })),
      });
    });
  }

  /** Deletes the bindings that match each filter (DeleteAcls); answers the bindings deleted. */
  deleteAcls(filters: AclQuery[]): Promise<AclBinding[]> {
    return this.run('deleting ACLs', async (admin) => {
      const r = await admin.deleteAcls({ filters: filters.map(aclFilter) });
      const out: AclBinding[] = [];
      for (const f of r.filterResponses) {
        if (f.errorCode) throw aclError(f.errorCode, f.errorMessage);
        for (const m of f.matchingAcls) out.push(aclBinding(m, m));
      }
      return out.sort(bySortKey);
    });
  }

  deleteRecords(topic: string, partitions: { partition: number; offset: number }[]): Promise<void> {
    return this.run(`deleting records of ${topic}`, async (admin) => {
      try {
        await admin.deleteTopicRecords({ topic, partitions: partitions.map((p) => ({ partition: p.partition, offset: String(p.offset) })) });
      } catch (err) {
        // kafkajs says only "Error while deleting records": name each partition's own error
        type Failed = { partitions?: { partition: number; error?: { message?: string } }[]; cause?: unknown };
        const failed = (err as Failed).partitions ?? ((err as Failed).cause as Failed | undefined)?.partitions;
        if (failed?.length) throw new Error(`${topic}: ${failed.map((f) => `partition ${f.partition}: ${f.error?.message ?? 'failed'}`).join('; ')}`, { cause: err });
        throw err;
      }
    });
  }
}

export interface ClusterAdminOptions {
  deadlineMs?: number;
  transport?: BrokerTransport;
  /** See ClusterAdmin: e.g. (err) => explainConnectionError(err, spec, redactor). */
  explain?: (err: unknown) => unknown;
}

/** `options` may be a deadline in ms (the older form). */
export function createClusterAdmin(kafka: Kafka, options?: number | ClusterAdminOptions): ClusterAdmin {
  const o = typeof options === 'number' ? { deadlineMs: options } : options ?? {};
  return new ClusterAdmin(kafka, o.deadlineMs, o.transport, o.explain);
}
