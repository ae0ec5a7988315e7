// Direct bootstrap connections in the explorer: from the `msk.connections` setting and from a
// sandbox started in this window. Each connection reads its cluster once per refresh, lazily.
import * as vscode from 'vscode';
import type { ClusterView, ConnectionSpec } from '../../kafka/index';
import { log } from '../log';
import { explorerMessages as m } from './messages';
import type { ExplorerNode, ExplorerSource } from './tree';

type KafkaChunk = typeof import('../../kafka/index');
let kafkaChunk: Promise<KafkaChunk> | undefined;
const loadKafka = () => (kafkaChunk ??= import('../../kafka/index'));

function leaf(parent: ExplorerNode, id: string, label: string, extra: Partial<ExplorerNode> = {}): ExplorerNode {
  return { id: `${parent.id}/${id}`, label, contextValue: 'msk.leaf', collapsible: false, parent, ...extra };
}

function folder(parent: ExplorerNode, id: string, label: string, icon: string, kids: (self: ExplorerNode) => ExplorerNode[]): ExplorerNode {
  const self: ExplorerNode = {
    id: `${parent.id}/${id}`, label, icon, contextValue: `msk.folder.${id}`, collapsible: true, parent,
    children: async () => kids(self),
  };
  return self;
}

export function connectionNode(spec: ConnectionSpec, origin: string, describe: () => Promise<ClusterView>): ExplorerNode {
  const node: ExplorerNode = {
    id: `conn:${origin}:${spec.name}:${spec.bootstrap}`,
    label: spec.name,
    description: spec.bootstrap,
    tooltip: `${spec.name}\n${spec.bootstrap}`,
    icon: 'server-environment',
    contextValue: 'msk.connection',
    collapsible: true,
    children: async () => {
      let view: ClusterView;
      try {
        view = await describe();
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        log().warn(`explorer: ${spec.name} (${spec.bootstrap}): ${detail}`);
        return [leaf(node, 'error', m.unreachable(detail), { icon: 'error', tooltip: m.unreachableHint, contextValue: 'msk.error' })];
      }
      const topics = view.topics.filter((t) => !t.internal);
      return [
        folder(node, 'brokers', m.brokers(view.brokers.length), 'server', (self) =>
          view.brokers.map((b) => leaf(self, `b${b.id}`, m.broker(b.id), {
            description: `${b.host}:${b.port}${b.controller ? ` · ${m.controller}` : ''}`, icon: 'vm', contextValue: 'msk.broker',
          }))),
        folder(node, 'topics', m.topics(topics.length), 'list-tree', (self) =>
          topics.map((t) => {
            const topic: ExplorerNode = {
              id: `${self.id}/${t.name}`, label: t.name, description: m.partitions(t.partitions.length), icon: 'symbol-event',
              contextValue: 'msk.topic', collapsible: true, parent: self,
              children: async () => t.partitions.map((p) => leaf(topic, `p${p.partition}`, m.partition(p.partition), {
                description: m.partitionDetail(p.leader, p.replicas, p.isr), icon: 'symbol-array', contextValue: 'msk.partition',
              })),
            };
            return topic;
          })),
        folder(node, 'groups', m.groups(view.groups.length), 'organization', (self) =>
          view.groups.map((g) => leaf(self, g.groupId, g.groupId, { description: g.protocolType || undefined, icon: 'person', contextValue: 'msk.group' }))),
      ];
    },
  };
  return node;
}

/** Which connection a read cluster belongs to: a renamed or re-pointed connection is another one. */
const readKey = (spec: ConnectionSpec, origin: string) => `${origin}:${spec.name}:${spec.bootstrap}`;

/** A cluster the explorer has read, as the linter needs it: brokers and each topic's max.message.bytes. */
export interface ReadCluster {
  name: string;
  brokers: string[];
  topicMaxMessageBytes: Record<string, number>;
}

/** Connections a caller adds at run time (the sandbox), plus those in the `msk.connections` setting. */
export class ConnectionsSource implements ExplorerSource, vscode.Disposable {
  private readonly runtime = new Map<string, ConnectionSpec>();
  private readonly read = new Map<string, ReadCluster>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the set of clusters read so far changes. */
  readonly onDidChange = this.changed.event;

  /** The clusters read and still answering (what "connected" means for the linter). */
  clusters(): ReadCluster[] {
    return [...this.read.values()];
  }

  dispose(): void {
    this.changed.dispose();
  }

  add(spec: ConnectionSpec): void {
    this.runtime.set(spec.name, spec);
  }

  remove(name: string): void {
    const spec = this.runtime.get(name);
    this.runtime.delete(name);
    if (spec && this.read.delete(readKey(spec, 'runtime'))) this.changed.fire();
  }

  async roots(): Promise<ExplorerNode[]> {
    const configured = vscode.workspace.getConfiguration('msk').get<ConnectionSpec[]>('connections', []) ?? [];
    const specs: [ConnectionSpec, string][] = [
      ...[...this.runtime.values()].map((s): [ConnectionSpec, string] => [s, 'runtime']),
      ...configured.filter((s) => s && typeof s.name === 'string' && typeof s.bootstrap === 'string').map((s): [ConnectionSpec, string] => [s, 'settings']),
    ];
    // a cluster stays read (connected) until it is read again, fails to answer, or its connection goes
    const live = new Set(specs.map(([spec, origin]) => readKey(spec, origin)));
    const gone = [...this.read.keys()].filter((k) => !live.has(k));
    for (const k of gone) this.read.delete(k);
    if (gone.length) this.changed.fire();
    return specs.map(([spec, origin]) => {
      let cached: Promise<ClusterView> | undefined;
      return connectionNode(spec, origin, () => (cached ??= loadKafka().then(async (k) => {
        let view: ClusterView;
        try {
          view = await k.describeCluster(k.createKafka(spec, (level, msg) => log()[level](`kafka: ${msg}`)));
        } catch (err) {
          if (this.read.delete(readKey(spec, origin))) this.changed.fire();
          throw err;
        }
        const topicMaxMessageBytes: Record<string, number> = {};
        for (const t of view.topics) if (t.maxMessageBytes !== undefined) topicMaxMessageBytes[t.name] = t.maxMessageBytes;
        this.read.set(readKey(spec, origin), { name: spec.name, brokers: view.brokers.map((b) => `${b.host}:${b.port}`), topicMaxMessageBytes });
        this.changed.fire();
        return view;
      })));
    });
  }
}
