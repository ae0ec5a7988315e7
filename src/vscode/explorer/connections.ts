// Direct bootstrap connections in the explorer: from the `msk.connections` setting and from a
// sandbox started in this window. Each connection reads its cluster once per refresh, lazily,
// through its cluster handle (one client per connection, reused across refreshes).
import * as vscode from 'vscode';
import type { ClusterOverview } from '../../kafka/admin';
import { buildSpec, connectionScope, openClusterApi, type AuthSetting, type SecretStore, type TunnelSetting } from '../connection-auth';
import { MODE_LABEL } from '../connection-auth';
import { log } from '../log';
import { clusterNode, type ClusterHandle, type ClusterRegistry, type ClusterTarget } from './cluster';
import type { ExplorerNode, ExplorerSource } from './tree';

/** An entry of the `msk.connections` setting: nothing secret (see connection-auth.ts). */
export interface ConnectionSetting {
  name: string;
  /** "host:port,host:port". */
  bootstrap: string;
  /** Default plaintext. Passwords and passphrases are in SecretStorage, under the connection's name. */
  auth?: AuthSetting;
  tunnel?: TunnelSetting;
  /** Every writing command is hidden for this connection and refused if invoked. */
  readOnly?: boolean;
}

const OWNER = 'connections';

/** Which connection a read cluster belongs to: a renamed, re-pointed or re-authenticated connection is another one. */
const readKey = (spec: ConnectionSetting, origin: string) => `${origin}:${spec.name}:${spec.bootstrap}${spec.auth || spec.tunnel ? `:${JSON.stringify([spec.auth ?? null, spec.tunnel ?? null])}` : ''}`;

/** A cluster the explorer has read, as the linter needs it: brokers and each topic's max.message.bytes. */
export interface ReadCluster {
  name: string;
  brokers: string[];
  topicMaxMessageBytes: Record<string, number>;
}

/**
 * The loader for direct bootstrap connections: those a caller adds at run time (the sandbox) and
 * those in the `msk.connections` setting. Each becomes a cluster node (cluster.ts).
 */
export class ConnectionsSource implements ExplorerSource, vscode.Disposable {
  private readonly runtime = new Map<string, ConnectionSetting>();
  private readonly read = new Map<string, ReadCluster>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly configListener: vscode.Disposable;
  /** Fires when the set of clusters read so far changes. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly registry: ClusterRegistry, private readonly secrets: SecretStore) {
    // a connection removed from the settings closes its client at once, even with the view hidden
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('msk.connections')) this.sync();
    });
  }

  /** The clusters read and still answering (what "connected" means for the linter). */
  clusters(): ReadCluster[] {
    return [...this.read.values()];
  }

  dispose(): void {
    this.configListener.dispose();
    this.changed.dispose();
  }

  add(spec: ConnectionSetting): void {
    this.runtime.set(spec.name, spec);
  }

  remove(name: string): void {
    this.runtime.delete(name);
    this.sync();
  }

  private specs(): [ConnectionSetting, string][] {
    const configured = vscode.workspace.getConfiguration('msk').get<ConnectionSetting[]>('connections', []) ?? [];
    return [
      ...[...this.runtime.values()].map((s): [ConnectionSetting, string] => [s, 'runtime']),
      ...configured.filter((s) => s && typeof s.name === 'string' && typeof s.bootstrap === 'string').map((s): [ConnectionSetting, string] => [s, 'settings']),
    ];
  }

  private target(spec: ConnectionSetting, origin: string): ClusterTarget {
    const key = readKey(spec, origin);
    const mode = spec.auth?.mode ?? 'plaintext';
    const via = spec.tunnel ? (spec.tunnel.kind === 'ssh' ? `SSH ${spec.tunnel.username}@${spec.tunnel.host}` : `SOCKS5 ${spec.tunnel.host}:${spec.tunnel.port}`) : undefined;
    const build = () => buildSpec({ name: spec.name, bootstrap: spec.bootstrap, auth: spec.auth, tunnel: spec.tunnel, scope: connectionScope(spec.name) }, this.secrets);
    return {
      key, name: spec.name, description: spec.bootstrap, bootstrap: spec.bootstrap, readOnly: spec.readOnly === true,
      tooltip: [spec.name, spec.bootstrap, `auth: ${MODE_LABEL[mode]}`, via ? `through ${via}` : undefined, spec.readOnly ? 'read-only connection' : undefined].filter(Boolean).join('\n'),
      spec: build,
      open: async () => openClusterApi(await build()),
    };
  }

  /** Forgets read clusters and closes clients whose connection is gone. */
  private sync(): [ConnectionSetting, string][] {
    const specs = this.specs();
    const live = new Set(specs.map(([spec, origin]) => readKey(spec, origin)));
    this.registry.retain(OWNER, live);
    // a cluster stays read (connected) until it is read again, fails to answer, or its connection goes
    const gone = [...this.read.keys()].filter((k) => !live.has(k));
    for (const k of gone) this.read.delete(k);
    if (gone.length) this.changed.fire();
    return specs;
  }

  /** Called by the registry after a cluster's overview was read: the linter gets its brokers and limits. */
  noteRead(handle: ClusterHandle, o: ClusterOverview): void {
    if (handle.owner !== OWNER) return;
    const key = handle.target.key;
    this.read.set(key, { name: handle.target.name, brokers: o.brokers.map((b) => `${b.host}:${b.port}`), topicMaxMessageBytes: this.read.get(key)?.topicMaxMessageBytes ?? {} });
    this.changed.fire();
    // the limits come after the list, so a big cluster's topics show without waiting for them
    void handle.api().then((c) => c.maxMessageBytes(o.topics.map((t) => t.name))).then((limits) => {
      const now = this.read.get(key);
      if (!now || handle.disposed) return;
      this.read.set(key, { ...now, topicMaxMessageBytes: limits });
      this.changed.fire();
    }, (err) => log().warn(`explorer: ${handle.target.name}: reading max.message.bytes: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** A read failed: the linter no longer counts the cluster as connected. */
  noteFailed(handle: ClusterHandle): void {
    if (this.read.delete(handle.target.key)) this.changed.fire();
  }

  invalidate(): void {
    this.registry.invalidateAll(OWNER);
  }

  roots(): Promise<ExplorerNode[]> {
    const specs = this.sync();
    return Promise.resolve(specs.map(([spec, origin]) => {
      const handle = this.registry.handle(this.target(spec, origin), OWNER);
      return clusterNode(handle, 'conn:');
    }));
  }
}
