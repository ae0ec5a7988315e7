// AWS connections in the explorer: each entry of `msk.aws.connections` (a profile, or default
// credentials, and its regions) is a root node whose children are the MSK clusters discovered in
// those regions (ListClustersV2 → GetBootstrapBrokers, src/aws), each a cluster node of the same
// shape as a direct connection's (cluster.ts). The control-plane clients live in one AwsConnection
// per entry, reused across refreshes and disposed when the entry goes.
//
// The data plane: the cluster's ClientAuthentication (DescribeClusterV2, as ListClustersV2 returns
// it) decides which modes are offered; the user's choice is remembered per cluster ARN in the global
// state (not secret; a typed SCRAM password or a key passphrase goes to SecretStorage), and the
// GetBootstrapBrokers string of that mode and access is opened through the connection factory, IAM
// with this AWS connection's own credentials and the cluster's region.
import * as vscode from 'vscode';
import type { AwsConnection, AwsError, BootstrapAccess, DiscoveredCluster, MskAuthMode, RegionDiscovery } from '../../aws/index';
import { buildSpec, clusterScope, deleteSecrets, MODE_LABEL, openClusterApi, secretKey, type AuthSetting, type SecretKind, type SecretStore } from '../connection-auth';
import { askAuth, pickMode } from '../connection-prompts';
import { connectionMessages as cm } from '../connection-messages';
import { log } from '../log';
import { clusterNode, type ClusterRegistry, type ClusterTarget } from './cluster';
import { awsMessages as m } from './aws-messages';
import type { ExplorerNode, ExplorerSource } from './tree';

type AwsChunk = typeof import('../../aws/index');
let awsChunk: Promise<AwsChunk> | undefined;
const loadAws = () => (awsChunk ??= import('../../aws/index'));

/** Global-state key of the auth mode (and its non-secret settings) chosen per MSK cluster ARN. */
export const CLUSTER_AUTH_KEY = 'msk.aws.clusterAuth';

/** Where the per-cluster choice and its secrets are kept. */
export interface ClusterAuthStore {
  state: vscode.Memento;
  secrets: SecretStore;
}

/** Which bootstrap strings a connection uses: inside the VPC (default), public access, or multi-VPC connectivity. */
export type BootstrapKind = 'private' | 'public' | 'vpc';

/** An entry of the `msk.aws.connections` setting. */
export interface AwsConnectionSetting {
  name?: string;
  /** A profile of ~/.aws/config or ~/.aws/credentials; absent: the default credential chain. */
  profile?: string;
  /** Absent or empty: the profile's region. */
  regions?: string[];
  bootstrapKind?: BootstrapKind;
  readOnly?: boolean;
}

/** Nothing in the tree waits longer for discovery (the SDK's own timeouts are per request). */
export const DISCOVERY_DEADLINE_MS = 15_000;

const OWNER = 'aws';

const ACCESS: Record<BootstrapKind, BootstrapAccess> = { private: 'private', public: 'public', vpc: 'vpc_connectivity' };

/** The theme icon of each MSK cluster state. */
const STATE_ICONS: Record<string, { id: string; color?: string }> = {
  ACTIVE: { id: 'pass-filled', color: 'testing.iconPassed' },
  CREATING: { id: 'loading~spin' },
  UPDATING: { id: 'sync~spin', color: 'list.warningForeground' },
  HEALING: { id: 'heart', color: 'list.warningForeground' },
  MAINTENANCE: { id: 'tools', color: 'list.warningForeground' },
  REBOOTING_BROKER: { id: 'debug-restart', color: 'list.warningForeground' },
  DELETING: { id: 'trash', color: 'list.errorForeground' },
  FAILED: { id: 'error', color: 'list.errorForeground' },
};
export const stateIcon = (state: string) => STATE_ICONS[state] ?? { id: 'question' };

export function awsConnectionLabel(s: AwsConnectionSetting): string {
  return s.name?.trim() || s.profile || m.defaultCredentials;
}

/** A connection's identity: a changed profile, region list or endpoint is another connection. */
const connectionKey = (s: AwsConnectionSetting, endpoint: string | undefined) =>
  JSON.stringify([awsConnectionLabel(s), s.profile ?? null, [...(s.regions ?? [])].sort(), s.bootstrapKind ?? 'private', endpoint ?? null]);

interface Live {
  setting: AwsConnectionSetting;
  open?: Promise<AwsConnection>;
  discovery?: Promise<RegionDiscovery[]>;
  /** The cluster keys of the last discovery (kept across refreshes so their clients stay). */
  clusterKeys: Set<string>;
}

class DeadlineError extends Error {}

function deadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(m.tooSlow(what, Math.round(ms / 1000)))), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** What an error item's command does: the SSO login in a terminal, else a retry (refresh). */
export interface AwsErrorRef {
  awsError: { code: string; message: string; hint: string; action?: { id: string; title: string; command: string }; iamAction?: string };
}

export class AwsSource implements ExplorerSource, vscode.Disposable {
  private readonly live = new Map<string, Live>();
  private readonly configListener: vscode.Disposable;

  constructor(private readonly registry: ClusterRegistry, private readonly store: ClusterAuthStore, private readonly deadlineMs = DISCOVERY_DEADLINE_MS) {
    // a connection removed from the settings disposes its clients at once, even with the view hidden
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('msk.aws')) this.sync();
    });
  }

  private settings(): { endpoint: string | undefined; entries: AwsConnectionSetting[] } {
    const cfg = vscode.workspace.getConfiguration('msk');
    const endpoint = cfg.get<string>('aws.endpoint')?.trim() || undefined;
    const entries = (cfg.get<AwsConnectionSetting[]>('aws.connections', []) ?? []).filter((s) => s && typeof s === 'object');
    return { endpoint, entries };
  }

  private sync(): [string, Live][] {
    const { endpoint, entries } = this.settings();
    const wanted = new Map(entries.map((s) => [connectionKey(s, endpoint), s]));
    for (const [key, l] of this.live) {
      if (wanted.has(key)) continue;
      this.live.delete(key);
      void l.open?.then((c) => c.dispose(), () => undefined);
    }
    const out: [string, Live][] = [];
    for (const [key, setting] of wanted) {
      let l = this.live.get(key);
      if (!l) {
        l = { setting, clusterKeys: new Set() };
        this.live.set(key, l);
      }
      l.setting = setting;
      out.push([key, l]);
    }
    this.registry.retain(OWNER, new Set([...this.live.values()].flatMap((x) => [...x.clusterKeys])));
    return out;
  }

  private connection(l: Live): Promise<AwsConnection> {
    if (!l.open) {
      const { endpoint } = this.settings();
      const p = loadAws().then((aws) => aws.AwsConnection.open({ profile: l.setting.profile, regions: l.setting.regions, endpoint }));
      p.catch(() => {
        if (l.open === p) l.open = undefined; // a fixed profile or region is picked up on retry
      });
      l.open = p;
    }
    return l.open;
  }

  private discover(l: Live): Promise<RegionDiscovery[]> {
    if (!l.discovery) {
      const label = awsConnectionLabel(l.setting);
      const p = deadline(this.connection(l).then((c) => c.discover()), this.deadlineMs, m.discovering(label));
      p.catch(() => {
        if (l.discovery === p) l.discovery = undefined;
      });
      l.discovery = p;
    }
    return l.discovery;
  }

  invalidate(): void {
    for (const l of this.live.values()) l.discovery = undefined;
    this.registry.invalidateAll(OWNER);
  }

  roots(): Promise<ExplorerNode[]> {
    return Promise.resolve(this.sync().map(([key, l]) => this.connectionNode(key, l)));
  }

  private connectionNode(key: string, l: Live): ExplorerNode {
    const s = l.setting;
    const regions = s.regions?.length ? s.regions.join(', ') : m.profileRegion;
    const node: ExplorerNode = {
      id: `aws:${key}`, label: awsConnectionLabel(s),
      description: [s.name ? (s.profile ?? m.defaultCredentials) : undefined, regions, s.bootstrapKind && s.bootstrapKind !== 'private' ? s.bootstrapKind : undefined, s.readOnly ? m.readOnly : undefined].filter(Boolean).join(' · '),
      tooltip: m.connectionTooltip(s.profile, regions, s.bootstrapKind ?? 'private', s.readOnly === true),
      icon: 'cloud', contextValue: s.readOnly ? 'msk.awsConnection.readOnly' : 'msk.awsConnection', collapsible: true,
      ref: { awsConnection: s },
      children: async () => {
        let found: RegionDiscovery[];
        try {
          found = await this.discover(l);
        } catch (err) {
          return [await this.errorItem(node, 'error', err)];
        }
        const kids: ExplorerNode[] = [];
        const keys = new Set<string>();
        const several = found.length > 1;
        for (const r of found) {
          if (r.error) kids.push(await this.errorItem(node, `error-${r.region}`, r.error, r.region));
          for (const c of r.clusters) {
            const target = await this.target(key, l, c, several);
            keys.add(target.key);
            kids.push(clusterNode(this.registry.handle(target, OWNER), 'aws:', node));
          }
          if (!r.error && r.clusters.length === 0) {
            kids.push({ id: `${node.id}/none-${r.region}`, label: m.noClusters(r.region), icon: 'info', contextValue: 'msk.leaf', collapsible: false, parent: node });
          }
        }
        l.clusterKeys = keys;
        this.registry.retain(OWNER, new Set([...this.live.values()].flatMap((x) => [...x.clusterKeys])));
        return kids;
      },
    };
    return node;
  }

  /** An error as a tree item: the AwsError's message and hint; an expired SSO session's item runs the login. */
  private async errorItem(parent: ExplorerNode, id: string, err: unknown, region?: string): Promise<ExplorerNode> {
    const aws = await loadAws();
    const e: AwsError | Error = err instanceof DeadlineError ? err : aws.classifyAwsError(err, { region, profile: (parent.ref as { awsConnection: AwsConnectionSetting }).awsConnection.profile });
    const hint = e instanceof aws.AwsError ? e.hint : m.hintDeadline;
    const action = e instanceof aws.AwsError ? e.action : undefined;
    const label = region && !e.message.includes(region) ? m.regionFailed(region, e.message) : e.message;
    log().warn(`explorer: ${parent.label}: ${e.message} ${hint}`);
    const ref: AwsErrorRef = {
      awsError: {
        code: e instanceof aws.AwsError ? e.code : 'timeout', message: e.message, hint,
        ...(action ? { action: { ...action } } : {}), ...(e instanceof aws.AwsError && e.iamAction ? { iamAction: e.iamAction } : {}),
      },
    };
    return {
      id: `${parent.id}/${id}`, label, kind: 'error', icon: 'error', collapsible: false, parent,
      contextValue: action?.id === 'aws.ssoLogin' ? 'msk.error.ssoLogin' : 'msk.error',
      tooltip: `${e.message}\n\n${hint}`, ref,
      command: action?.id === 'aws.ssoLogin'
        ? { command: 'msk.aws.ssoLogin', title: action.title, arguments: [{ command: action.command }] }
        // without a cluster to retry, Retry refreshes the tree: this connection discovers again
        : { command: 'msk.explorer.retry', title: m.retry, arguments: [] },
    };
  }

  /** The mode remembered for a cluster, if it is still one of `offered`. */
  remembered(arn: string, offered?: readonly MskAuthMode[]): AuthSetting | undefined {
    const choice = this.store.state.get<Record<string, AuthSetting>>(CLUSTER_AUTH_KEY, {})[arn];
    return choice && (!offered || offered.includes(choice.mode)) ? choice : undefined;
  }

  /** Forgets a cluster's chosen mode and its secrets: its next open asks again. */
  async forgetChoice(arn: string): Promise<void> {
    const all = { ...this.store.state.get<Record<string, AuthSetting>>(CLUSTER_AUTH_KEY, {}) };
    delete all[arn];
    await this.store.state.update(CLUSTER_AUTH_KEY, all);
    await deleteSecrets(this.store.secrets, clusterScope(arn));
  }

  /** The remembered mode, or the user's choice among the cluster's modes (remembered from then on). */
  private async choose(l: Live, c: DiscoveredCluster, offered: readonly MskAuthMode[]): Promise<AuthSetting> {
    const known = this.remembered(c.arn, offered);
    if (known) return known;
    const title = cm.chooseModeTitle(c.name);
    const mode = offered.length === 1 ? offered[0] : await pickMode(offered, title);
    const endpoint = this.settings().endpoint;
    const asked = mode && await askAuth(mode, title, {
      direct: false,
      scramSecrets: async () => {
        const [aws, conn] = await Promise.all([loadAws(), this.connection(l)]);
        try {
          return await aws.listScramSecrets(c.arn, { region: c.region, credentials: conn.credentials.provider, ...(endpoint ? { endpoint } : {}) });
        } catch (err) {
          // still offer typed credentials
          log().warn(`explorer: ${c.name}: ListScramSecrets: ${err instanceof Error ? err.message : String(err)}`);
          return [];
        }
      },
    });
    if (!asked) throw Object.assign(new Error(cm.noModeChosen(c.name)), { name: 'ConnectionChoiceError' });
    const scope = clusterScope(c.arn);
    await deleteSecrets(this.store.secrets, scope);
    for (const [k, v] of Object.entries(asked.secrets) as [SecretKind, string][]) await this.store.secrets.store(secretKey(scope, k), v);
    await this.store.state.update(CLUSTER_AUTH_KEY, { ...this.store.state.get<Record<string, AuthSetting>>(CLUSTER_AUTH_KEY, {}), [c.arn]: asked.value });
    return asked.value;
  }

  private async target(connKey: string, l: Live, c: DiscoveredCluster, showRegion: boolean): Promise<ClusterTarget> {
    const aws = await loadAws();
    const kind = l.setting.bootstrapKind ?? 'private';
    const access = ACCESS[kind];
    // the modes the cluster enables that have a bootstrap string for this access
    const offered = c.authModes.filter((mode) => c.bootstrap.some((b) => b.authMode === mode && b.access === access));
    const entryFor = (mode: MskAuthMode) => c.bootstrap.find((b) => b.authMode === mode && b.access === access);
    const remembered = this.remembered(c.arn, offered);
    const chosen = remembered ? entryFor(remembered.mode) : aws.pickBootstrap(c.bootstrap, { access });
    const brokers = c.brokerCount;
    const description = [
      showRegion ? c.region : undefined, c.type, c.state, c.kafkaVersion ? `Kafka ${c.kafkaVersion}` : undefined,
      c.authModes.length ? c.authModes.join(', ') : m.noAuthModes, brokers !== undefined ? m.brokers(brokers) : undefined,
    ].filter(Boolean).join(' · ');
    let unavailable: ClusterTarget['unavailable'];
    if (c.bootstrapError) unavailable = { label: m.noBootstrap(c.bootstrapError.message), detail: c.bootstrapError.message, hint: c.bootstrapError.hint };
    else if (!offered.length) {
      unavailable = { label: m.noAccess(kind), detail: m.noAccessDetail(c.name, kind, [...new Set(c.bootstrap.map((b) => b.access))]), hint: m.noAccessHint };
    }
    const target: ClusterTarget = {
      key: `aws:${connKey}:${c.arn}`,
      name: c.name, description, readOnly: l.setting.readOnly === true, contextValue: 'msk.cluster',
      bootstrap: chosen?.brokers ?? '',
      icon: stateIcon(c.state),
      tooltip: clusterTooltip(c, kind) + (remembered ? `\nconnects with: ${MODE_LABEL[remembered.mode]}` : ''),
      unavailable,
      aws: { arn: c.arn, consoleUrl: aws.consoleUrl(c.arn), bootstrap: c.bootstrap.map((b) => ({ ...b })) },
      spec: async () => {
        if (unavailable) throw new Error(unavailable.detail);
        const choice = await this.choose(l, c, offered);
        const entry = entryFor(choice.mode);
        if (!entry) throw new Error(cm.noBootstrapFor(c.name, MODE_LABEL[choice.mode], kind));
        const conn = await this.connection(l);
        return buildSpec({
          name: c.name, bootstrap: entry.brokers, auth: choice, scope: clusterScope(c.arn),
          aws: { credentials: conn.credentials.provider, region: c.region },
        }, this.store.secrets);
      },
      open: async () => openClusterApi(await target.spec!()),
    };
    return target;
  }

  dispose(): void {
    this.configListener.dispose();
    for (const l of this.live.values()) void l.open?.then((c) => c.dispose(), () => undefined);
    this.live.clear();
  }
}

/** The cluster's tooltip: ARN, network, per-broker size, bootstrap strings. */
export function clusterTooltip(c: DiscoveredCluster, kind: BootstrapKind): string {
  const lines = [
    c.name, c.arn,
    `${c.type} · ${c.state}${c.stateMessage ? ` (${c.stateMessage})` : ''}${c.kafkaVersion ? ` · Kafka ${c.kafkaVersion}` : ''}`,
    `auth: ${c.authModes.join(', ') || 'none'}${c.clientBroker ? ` · in transit: ${c.clientBroker}` : ''}`,
  ];
  if (c.brokerCount !== undefined || c.instanceType || c.storageGiB !== undefined) {
    lines.push(`brokers: ${[c.brokerCount !== undefined ? `${c.brokerCount} ×` : undefined, c.instanceType, c.storageGiB !== undefined ? `${c.storageGiB} GiB storage each` : undefined].filter(Boolean).join(' ')}`);
  }
  lines.push(`VPC subnets: ${c.subnets.join(', ') || 'none reported'}`);
  if (c.securityGroups.length) lines.push(`security groups: ${c.securityGroups.join(', ')}`);
  lines.push(`public access: ${c.publicAccess ? 'on' : 'off'}${c.vpcConnectivity ? ' · multi-VPC connectivity on' : ''}`);
  lines.push(`bootstrap in use: ${kind}`);
  for (const b of c.bootstrap) lines.push(`  ${b.authMode} (${b.access}): ${b.brokers}`);
  return lines.join('\n');
}
