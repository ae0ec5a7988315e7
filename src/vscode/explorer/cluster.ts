// The cluster level of the explorer: Brokers / Topics / Consumer groups, whatever the connection
// type. A loader (direct bootstrap, the sandbox, later an AWS connection → its clusters) describes
// each cluster as a ClusterTarget; the registry keeps one handle per target key, which owns the
// data-plane client (reused across refreshes, closed when the target goes) and the cached reads.
// Views call the client's methods only: they never see the transport.
//
// An AWS loader plugs in as another ExplorerSource: its roots are "profile (regions)" nodes whose
// children are clusterNode(registry.handle(target, owner), 'aws:', parentNode) for each discovered
// cluster, with target.open() built on the auth issue's connection factory and contextValue
// 'msk.cluster'; it calls registry.retain(owner, keys) after each discovery (closing the clients of
// clusters that went) and registry.invalidateAll(owner) from its invalidate().
import * as vscode from 'vscode';
import type { AclBinding, AclQuery, ClusterAdmin, ClusterOverview, GroupDetails, PartitionOffsets } from '../../kafka/admin';
import type { ConnectionSpec } from '../../kafka/connection';
import { isNonDefault, page, PAGE_SIZE, partitionHealth, topicFilter, type ConfigEntry } from '../../core/topics';
import { lagTrend, type LagTrend } from '../../core/offset-reset';
import { log } from '../log';
import { explorerMessages as m } from './messages';
import type { ExplorerNode } from './tree';

/** What the views use of a cluster's client (ClusterAdmin's public surface). */
export type ClusterApi = { [K in keyof ClusterAdmin]: ClusterAdmin[K] };

/** One cluster as a loader describes it. */
export interface ClusterTarget {
  /** Stable identity: the same key keeps the same client and cached state. */
  readonly key: string;
  readonly name: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** Bootstrap servers for "Copy Bootstrap Servers". */
  readonly bootstrap: string;
  /** A read-only connection: every writing command is hidden for it and refused if invoked. */
  readonly readOnly: boolean;
  /** contextValue of the cluster node (without the read-only suffix); 'msk.connection' by default. */
  readonly contextValue?: string;
  /** Opens the data-plane client; called once per key, on first use. */
  open(): Promise<ClusterApi>;
  /** The connection spec (auth, tunnel) that open() uses: what peek and produce connect with. */
  spec?(): Promise<ConnectionSpec>;
  /** A codicon (and theme colour) in place of the cluster SVG: an AWS cluster's state. */
  readonly icon?: { id: string; color?: string };
  /**
   * Set when the explorer cannot open this cluster's data plane (an auth mode not supported yet, no
   * bootstrap string): its children are one error item saying so and what to do.
   */
  readonly unavailable?: { label: string; detail: string; hint: string };
  /** An MSK cluster found through the AWS API: what the ARN, console and per-mode bootstrap actions use. */
  readonly aws?: {
    arn: string;
    consoleUrl: string;
    /** Every bootstrap string the cluster offers, per auth mode and access. */
    bootstrap: readonly { authMode: string; access: string; brokers: string }[];
  };
}

export interface TopicDetails {
  offsets: PromiseSettledResult<PartitionOffsets[]>;
  configs: PromiseSettledResult<ConfigEntry[]>;
}
export interface GroupReading extends GroupDetails {
  trend?: LagTrend;
  previousLag?: number;
}

/** What a command run on a node works on. */
export interface NodeRef {
  cluster: ClusterHandle;
  topic?: string;
  partition?: number;
  group?: string;
  /** An ACL binding node. */
  acl?: AclBinding;
  /** An ACLs folder: the filter it lists. */
  acls?: AclQuery;
}

export const READ_ONLY_SUFFIX = '.readOnly';

export class ClusterHandle {
  private client: Promise<ClusterApi> | undefined;
  private overviewRead: Promise<ClusterOverview> | undefined;
  private readonly topics = new Map<string, Promise<TopicDetails>>();
  private readonly groups = new Map<string, Promise<GroupReading>>();
  /** The total lag of each group at its previous reading, for the trend. */
  private readonly lagHistory = new Map<string, number>();
  private readonly limits = new Map<string, number>();
  /** The node instances VS Code holds for this cluster, so a command can refresh just them. */
  readonly nodes = new Map<string, ExplorerNode>();
  disposed = false;

  constructor(public target: ClusterTarget, readonly owner: string, private readonly state: vscode.Memento, private readonly events: ReadEvents) {}

  api(): Promise<ClusterApi> {
    if (!this.client) {
      const p = this.target.open();
      p.catch(() => {
        if (this.client === p) this.client = undefined;
      });
      this.client = p;
    }
    return this.client;
  }

  overview(): Promise<ClusterOverview> {
    if (!this.overviewRead) {
      const p = this.api().then((c) => c.overview());
      p.then((o) => this.events.read?.(this, o), () => {
        if (this.overviewRead === p) this.overviewRead = undefined;
        this.events.failed?.(this);
      });
      this.overviewRead = p;
    }
    return this.overviewRead;
  }

  /** The overview if it was read already (for pickers), without reading it. */
  async cachedOverview(): Promise<ClusterOverview | undefined> {
    return this.overviewRead ? this.overviewRead.catch(() => undefined) : undefined;
  }

  topicDetails(topic: string): Promise<TopicDetails> {
    let p = this.topics.get(topic);
    if (!p) {
      p = this.api().then(async (c) => {
        const [offsets, configs] = await Promise.allSettled([c.partitionOffsets(topic), c.topicConfigs(topic)]);
        return { offsets, configs };
      });
      this.topics.set(topic, p);
      p.catch(() => this.topics.delete(topic));
    }
    return p;
  }

  groupDetails(groupId: string): Promise<GroupReading> {
    let p = this.groups.get(groupId);
    if (!p) {
      p = Promise.all([this.api(), this.overview()]).then(async ([c, o]) => {
        const d = await c.groupDetails(groupId, o.topics.filter((t) => !t.internal).map((t) => t.name));
        const previousLag = this.lagHistory.get(groupId);
        this.lagHistory.set(groupId, d.totalLag);
        return { ...d, trend: lagTrend(previousLag, d.totalLag), previousLag };
      });
      this.groups.set(groupId, p);
      p.catch(() => this.groups.delete(groupId));
    }
    return p;
  }

  /** Forgets what was read (a refresh); the client and the lag history stay. */
  invalidate(what?: { topic?: string; group?: string }): void {
    if (what?.topic !== undefined) this.topics.delete(what.topic);
    else if (what?.group !== undefined) this.groups.delete(what.group);
    else {
      this.overviewRead = undefined;
      this.topics.clear();
      this.groups.clear();
    }
  }

  limit(folderId: string): number {
    return this.limits.get(folderId) ?? PAGE_SIZE;
  }

  showMore(folderId: string): void {
    this.limits.set(folderId, this.limit(folderId) + PAGE_SIZE);
  }

  /** The topic name filter, kept per cluster in the workspace state. */
  get filter(): string | undefined {
    return this.state.get<Record<string, string>>(FILTER_KEY, {})[this.target.key] || undefined;
  }

  async setFilter(pattern: string | undefined): Promise<void> {
    const all = { ...this.state.get<Record<string, string>>(FILTER_KEY, {}) };
    if (pattern?.trim()) all[this.target.key] = pattern.trim();
    else delete all[this.target.key];
    await this.state.update(FILTER_KEY, all);
  }

  /** Closes the client and forgets what was read: the next use opens the cluster again (a changed auth choice). */
  async reopen(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this.invalidate();
    if (c) await c.then((api) => api.close(), () => undefined);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const c = this.client;
    this.client = undefined;
    this.invalidate();
    if (c) await c.then((api) => api.close(), () => undefined);
  }
}

const FILTER_KEY = 'msk.explorer.topicFilters';

/** Told when a cluster's overview was read, or failed to be (the linter's "connected" clusters). */
export interface ReadEvents {
  read?(handle: ClusterHandle, overview: ClusterOverview): void;
  failed?(handle: ClusterHandle): void;
}

/** One handle per cluster key, across all loaders. */
export class ClusterRegistry implements vscode.Disposable {
  private readonly handles = new Map<string, ClusterHandle>();

  constructor(private readonly state: vscode.Memento, private readonly events: ReadEvents = {}) {}

  handle(target: ClusterTarget, owner: string): ClusterHandle {
    let h = this.handles.get(target.key);
    if (!h) {
      h = new ClusterHandle(target, owner, this.state, this.events);
      this.handles.set(target.key, h);
    } else h.target = target; // name, description or read-only flag may have changed
    return h;
  }

  get(key: string): ClusterHandle | undefined {
    return this.handles.get(key);
  }

  all(): ClusterHandle[] {
    return [...this.handles.values()];
  }

  /** Closes the clients of an owner's clusters that are no longer listed. */
  retain(owner: string, keys: Set<string>): ClusterHandle[] {
    const gone = [...this.handles.values()].filter((h) => h.owner === owner && !keys.has(h.target.key));
    for (const h of gone) {
      this.handles.delete(h.target.key);
      log().info(`explorer: closing the client of ${h.target.name}`);
      void h.dispose();
    }
    return gone;
  }

  /** Forgets what was read of every cluster (of one owner, if named): the next render reads again. */
  invalidateAll(owner?: string): void {
    for (const h of this.handles.values()) if (owner === undefined || h.owner === owner) h.invalidate();
  }

  dispose(): void {
    for (const h of this.handles.values()) void h.dispose();
    this.handles.clear();
  }
}

// ---- nodes ----

const ro = (h: ClusterHandle, contextValue: string) => (h.target.readOnly ? contextValue + READ_ONLY_SUFFIX : contextValue);

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What the user should do about an error, from its shape. */
export function errorHint(detail: string): string {
  if (/did not answer within|timed? ?out|ETIMEDOUT/i.test(detail)) return m.hintTimeout;
  if (/ECONNREFUSED|Connection error|ENOTFOUND|EHOSTUNREACH|closed connection/i.test(detail)) return m.hintRefused;
  if (/SASL|authenticat|authoriz|access denied|not authorized/i.test(detail)) return m.hintAuth;
  if (/does not exist|unknown topic|does not host|GROUP_ID_NOT_FOUND/i.test(detail)) return m.hintGone;
  return m.hintOther;
}

export interface ErrorRef {
  retry: { cluster: ClusterHandle; what?: { topic?: string; group?: string }; node?: ExplorerNode };
}

function errorNode(parent: ExplorerNode, cluster: ClusterHandle, label: string, detail: string, what?: ErrorRef['retry']['what'], hint = errorHint(detail)): ExplorerNode {
  log().warn(`explorer: ${cluster.target.name}: ${label}`);
  const node: ExplorerNode = {
    id: `${parent.id}/error`, label, kind: 'error', icon: 'error', contextValue: 'msk.error', collapsible: false, parent,
    tooltip: `${detail}\n\n${hint}`,
    ref: { retry: { cluster, what, node: parent } } satisfies ErrorRef,
    command: { command: 'msk.explorer.retry', title: m.retry, arguments: [undefined] },
  };
  node.command!.arguments![0] = node;
  return node;
}

function leaf(parent: ExplorerNode, id: string, label: string, extra: Partial<ExplorerNode> = {}): ExplorerNode {
  return { id: `${parent.id}/${id}`, label, contextValue: 'msk.leaf', collapsible: false, parent, ...extra };
}

function paged<T>(cluster: ClusterHandle, folder: ExplorerNode, items: readonly T[], make: (item: T) => ExplorerNode): ExplorerNode[] {
  const { shown, remaining } = page(items, cluster.limit(folder.id));
  const nodes = shown.map(make);
  if (remaining > 0) {
    nodes.push(leaf(folder, 'more', m.loadMore(shown.length, items.length), {
      kind: 'more', icon: 'ellipsis', contextValue: 'msk.loadMore',
      command: { command: 'msk.explorer.loadMore', title: m.loadMore(shown.length, items.length), arguments: [folder] },
    }));
  }
  return nodes;
}

function showInternal(): boolean {
  return vscode.workspace.getConfiguration('msk').get<boolean>('explorer.showInternalTopics', false) === true;
}

/** Error names of src/kafka's explainConnectionError. */
const EXPLAINED = new Set(['KafkaAuthenticationError', 'KafkaConnectionError', 'KafkaUnreachableError', 'ConnectionChoiceError']);

/** More folders of a cluster node, after ACLs (the Schemas folder, src/vscode/explorer/schemas.ts). */
export const clusterFolderHooks: ((cluster: ClusterHandle, parent: ExplorerNode) => ExplorerNode | undefined)[] = [];

/** A cluster node: the same shape for every connection type. */
export function clusterNode(cluster: ClusterHandle, idPrefix: string, parent?: ExplorerNode): ExplorerNode {
  const t = cluster.target;
  const node: ExplorerNode = {
    id: `${idPrefix}${t.key}`, label: t.name, description: t.description, tooltip: t.tooltip,
    kind: t.icon ? undefined : 'cluster', icon: t.icon?.id ?? 'server-environment', iconColor: t.icon?.color,
    contextValue: ro(cluster, t.contextValue ?? 'msk.connection'), collapsible: true, parent,
    ref: { cluster } satisfies NodeRef,
    children: async () => {
      if (t.unavailable) return [errorNode(node, cluster, t.unavailable.label, t.unavailable.detail, undefined, t.unavailable.hint)];
      let o: ClusterOverview;
      try {
        o = await cluster.overview();
      } catch (err) {
        const detail = errorText(err);
        // the connection factory's explained errors name the mode and what to do already
        if (err instanceof Error && EXPLAINED.has(err.name)) {
          return [errorNode(node, cluster, detail, detail, undefined, err.name === 'KafkaUnreachableError' ? errorHint(detail) : m.hintExplained)];
        }
        return [errorNode(node, cluster, m.unreachable(detail), detail)];
      }
      return [brokersFolder(cluster, node, o), topicsFolder(cluster, node, o), groupsFolder(cluster, node, o), aclsFolder(cluster, node, {}),
        ...clusterFolderHooks.map((h) => h(cluster, node)).filter((n): n is ExplorerNode => n !== undefined)];
    },
  };
  cluster.nodes.set('cluster', node);
  return node;
}

function brokersFolder(cluster: ClusterHandle, parent: ExplorerNode, o: ClusterOverview): ExplorerNode {
  const self: ExplorerNode = {
    id: `${parent.id}/brokers`, label: m.brokers(o.brokers.length), icon: 'server', contextValue: 'msk.folder.brokers', collapsible: true, parent,
    ref: { cluster } satisfies NodeRef,
    children: () => Promise.resolve(o.brokers.map((b) => leaf(self, `b${b.id}`, m.broker(b.id), {
      description: m.brokerDetail(b.host, b.port, b.rack, b.controller), kind: 'broker', icon: 'vm', contextValue: 'msk.broker',
      tooltip: [`Broker ${b.id}`, `${b.host}:${b.port}`, b.rack ? `rack (AZ) ${b.rack}` : 'no rack reported', b.controller ? 'the controller' : ''].filter(Boolean).join('\n'),
    }))),
  };
  return self;
}

function topicsFolder(cluster: ClusterHandle, parent: ExplorerNode, o: ClusterOverview): ExplorerNode {
  const visible = showInternal() ? o.topics : o.topics.filter((t) => !t.internal);
  const pattern = cluster.filter;
  const match = topicFilter(pattern);
  const topics = pattern ? visible.filter((t) => match(t.name)) : visible;
  const self: ExplorerNode = {
    id: `${parent.id}/topics`, label: pattern ? m.topicsOf(topics.length, visible.length) : m.topics(visible.length),
    description: pattern ? m.filtered(pattern) : undefined, icon: 'list-tree',
    contextValue: ro(cluster, 'msk.folder.topics'), collapsible: true, parent, ref: { cluster } satisfies NodeRef,
    children: () => Promise.resolve(paged(cluster, self, topics, (t) => topicNode(cluster, self, t))),
  };
  cluster.nodes.set('topics', self);
  return self;
}

function topicNode(cluster: ClusterHandle, parent: ExplorerNode, t: ClusterOverview['topics'][number]): ExplorerNode {
  const bad = t.partitions.filter((p) => partitionHealth(p) !== 'ok');
  const node: ExplorerNode = {
    id: `${parent.id}/${t.name}`, label: t.name, description: m.partitions(t.partitions.length), kind: 'topic', icon: 'symbol-event',
    contextValue: ro(cluster, 'msk.topic'), collapsible: true, parent, warning: bad.length ? m.topicWarning(bad.length) : undefined,
    ref: { cluster, topic: t.name } satisfies NodeRef,
    // details are read when the topic is expanded, not with the cluster
    children: async () => {
      let d: TopicDetails;
      try {
        d = await cluster.topicDetails(t.name);
      } catch (err) {
        const detail = errorText(err);
        return [errorNode(node, cluster, m.readFailed(t.name, detail), detail, { topic: t.name })];
      }
      const offsets = d.offsets.status === 'fulfilled' ? new Map(d.offsets.value.map((p) => [p.partition, p])) : undefined;
      const kids: ExplorerNode[] = paged(cluster, node, t.partitions, (p) => {
        const health = partitionHealth(p);
        const off = offsets?.get(p.partition);
        return leaf(node, `p${p.partition}`, m.partition(p.partition), {
          description: [m.partitionDetail(p.leader, p.replicas, p.isr), off ? m.offsets(off.low, off.high, off.messages) : undefined].filter(Boolean).join(' · '),
          kind: 'partition', icon: 'symbol-array', contextValue: ro(cluster, 'msk.partition'),
          tooltip: [`${t.name} [${p.partition}]`, `leader ${p.leader}`, `replicas ${p.replicas.join(', ')}`, `in sync ${p.isr.join(', ')}`,
            off ? `offsets ${off.low} to ${off.high} (${off.messages} messages)` : undefined].filter(Boolean).join('\n'),
          warning: health === 'offline' ? m.offline(p.partition) : health === 'under-replicated' ? m.underReplicated(p.partition) : undefined,
          ref: { cluster, topic: t.name, partition: p.partition } satisfies NodeRef,
        });
      });
      if (d.offsets.status === 'fulfilled') {
        const messages = d.offsets.value.reduce((s, p) => s + p.messages, 0);
        kids.push(leaf(node, 'total', m.total, { description: m.totalDetail(d.offsets.value.length, messages), icon: 'symbol-number', contextValue: 'msk.topicTotal' }));
      } else {
        const detail = errorText(d.offsets.reason);
        kids.push({ ...errorNode(node, cluster, m.readFailed(`the offsets of ${t.name}`, detail), detail, { topic: t.name }), id: `${node.id}/offsets-error` });
      }
      if (d.configs.status === 'fulfilled') kids.push(configsFolder(cluster, node, t.name, d.configs.value));
      else {
        const detail = errorText(d.configs.reason);
        kids.push({ ...errorNode(node, cluster, m.readFailed(`the configs of ${t.name}`, detail), detail, { topic: t.name }), id: `${node.id}/configs-error` });
      }
      kids.push(aclsFolder(cluster, node, { resourceType: 'TOPIC', resourceName: t.name, patternType: 'MATCH' }, { topic: t.name }));
      return kids;
    },
  };
  return node;
}

function configsFolder(cluster: ClusterHandle, parent: ExplorerNode, topic: string, configs: ConfigEntry[]): ExplorerNode {
  const sorted = [...configs].sort((a, b) => Number(isNonDefault(b)) - Number(isNonDefault(a)) || a.name.localeCompare(b.name));
  const self: ExplorerNode = {
    id: `${parent.id}/configs`, label: m.configs(configs.length, configs.filter(isNonDefault).length), icon: 'settings-gear',
    contextValue: ro(cluster, 'msk.folder.configs'), collapsible: true, parent, ref: { cluster, topic } satisfies NodeRef,
    children: () => Promise.resolve(paged(cluster, self, sorted, (c) => leaf(self, c.name, c.name, {
      description: m.configValue(c.sensitive ? '(sensitive)' : c.value ?? '(null)', c.source, isNonDefault(c)),
      kind: 'config', icon: isNonDefault(c) ? 'circle-filled' : 'circle-outline', contextValue: isNonDefault(c) ? 'msk.config.set' : 'msk.config',
      tooltip: `${c.name} = ${c.sensitive ? '(sensitive)' : c.value ?? '(null)'}\nsource: ${c.source}${isNonDefault(c) ? ' (not the default)' : ''}`,
    }))),
  };
  return self;
}

function groupsFolder(cluster: ClusterHandle, parent: ExplorerNode, o: ClusterOverview): ExplorerNode {
  const self: ExplorerNode = {
    id: `${parent.id}/groups`, label: m.groups(o.groups.length), icon: 'organization', contextValue: 'msk.folder.groups', collapsible: true, parent,
    ref: { cluster } satisfies NodeRef,
    children: () => Promise.resolve(paged(cluster, self, o.groups, (g) => groupNode(cluster, self, g.groupId, g.protocolType))),
  };
  return self;
}

/** Set by the explorer: refreshes one node after its details changed its own label or description. */
export let refreshNode: (node: ExplorerNode) => void = () => undefined;
export function setNodeRefresher(fn: (node: ExplorerNode) => void): void {
  refreshNode = fn;
}

function groupNode(cluster: ClusterHandle, parent: ExplorerNode, groupId: string, protocolType: string): ExplorerNode {
  const node: ExplorerNode = {
    id: `${parent.id}/${groupId}`, label: groupId, description: protocolType || undefined, kind: 'group', icon: 'person',
    contextValue: ro(cluster, 'msk.group'), collapsible: true, parent, ref: { cluster, group: groupId } satisfies NodeRef,
    children: async () => {
      let g: GroupReading;
      try {
        g = await cluster.groupDetails(groupId);
      } catch (err) {
        const detail = errorText(err);
        return [errorNode(node, cluster, m.readFailed(groupId, detail), detail, { group: groupId })];
      }
      const description = m.groupDetail(g.state, g.protocol, g.totalLag, g.trend);
      if (node.description !== description) {
        node.description = description;
        node.tooltip = `${groupId}\nstate ${g.state} · protocol ${g.protocol || '-'} (${g.protocolType || '-'})\n${g.members.length} members · lag ${g.totalLag}`;
        refreshNode(node);
      }
      const members: ExplorerNode = {
        id: `${node.id}/members`, label: m.members(g.members.length), icon: 'person', contextValue: 'msk.folder.members', collapsible: g.members.length > 0, parent: node,
        children: () => Promise.resolve(g.members.map((mem) => leaf(members, mem.memberId, mem.clientId || mem.memberId, {
          description: m.memberDetail(mem.host, mem.assignment.map((a) => `${a.topic}[${a.partitions.join(',')}]`).join(' ')),
          kind: 'member', icon: 'account', contextValue: 'msk.member', tooltip: `member ${mem.memberId}\nclient ${mem.clientId}\nhost ${mem.host}`,
        }))),
      };
      return [
        leaf(node, 'lag', m.groupSummary, { description: m.groupSummaryDetail(g.totalLag, g.trend), icon: trendIcon(g.trend), contextValue: 'msk.groupLag' }),
        members,
        ...paged(cluster, node, g.partitions, (p) => leaf(node, `${p.topic}/${p.partition}`, m.groupPartition(p.topic, p.partition), {
          description: m.groupPartitionDetail(p.committed, p.high, p.lag), icon: 'symbol-array', contextValue: 'msk.groupPartition',
        })),
        aclsFolder(cluster, node, { resourceType: 'GROUP', resourceName: groupId, patternType: 'MATCH' }, { group: groupId }),
      ];
    },
  };
  return node;
}

function trendIcon(trend?: LagTrend): string {
  return trend === 'growing' ? 'arrow-up' : trend === 'shrinking' ? 'arrow-down' : trend === 'steady' ? 'arrow-right' : 'pulse';
}

/**
 * The ACL bindings that apply to the cluster (all of them), a topic or a group (MATCH: literal,
 * prefixed and wildcard bindings), read with DescribeAcls each time the folder is expanded.
 */
function aclsFolder(cluster: ClusterHandle, parent: ExplorerNode, query: AclQuery, on: { topic?: string; group?: string } = {}): ExplorerNode {
  const self: ExplorerNode = {
    id: `${parent.id}/acls`, label: m.acls, icon: 'shield', contextValue: ro(cluster, 'msk.folder.acls'), collapsible: true, parent,
    tooltip: m.aclsTooltip(on.topic ? `topic ${on.topic}` : on.group ? `group ${on.group}` : undefined),
    ref: { cluster, ...on, acls: query } satisfies NodeRef,
    children: async () => {
      let bindings: AclBinding[];
      try {
        bindings = await (await cluster.api()).describeAcls(query);
      } catch (err) {
        const detail = errorText(err);
        return [errorNode(self, cluster, m.readFailed('the ACLs', detail), detail, undefined, /SECURITY_DISABLED|no ACL authorizer/.test(detail) ? m.hintNoAuthorizer : undefined)];
      }
      if (!bindings.length) return [leaf(self, 'none', m.noAcls, { icon: 'info', contextValue: 'msk.leaf' })];
      return paged(cluster, self, bindings, (b) => leaf(self, aclId(b), m.acl(b.permission, b.operation, b.principal), {
        description: m.aclDetail(b.resourceType, b.patternType, b.resourceName, b.host),
        icon: b.permission === 'DENY' ? 'circle-slash' : 'check', contextValue: ro(cluster, 'msk.acl'),
        tooltip: `${b.permission} ${b.principal} ${b.operation} on ${b.resourceType} ${b.resourceName} (${b.patternType})\nfrom host ${b.host}`,
        ref: { cluster, acl: b } satisfies NodeRef,
      }));
    },
  };
  return self;
}

const aclId = (b: AclBinding) => encodeURIComponent([b.resourceType, b.patternType, b.resourceName, b.principal, b.host, b.operation, b.permission].join('|'));
