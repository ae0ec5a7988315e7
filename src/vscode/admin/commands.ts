// Topic and consumer-group admin from the explorer. Every command goes through registerCommand
// (logging, error display) and through adminCommand here (which cluster, read-only refusal).
// Commands take the tree node VS Code passes from a menu, and an optional second argument with the
// answers to their prompts (used by the extension-host tests, and by other extensions).
import * as vscode from 'vscode';
import {
  collisionWarning, parseConfigAssignments, partitionCountProblem, planConfigEdit, replicationFactorProblem, topicCollisions,
  topicNameProblem, type ConfigEdit, type ConfigEditPlan, type ConfigEntry,
} from '../../core/topics';
import { activeGroupProblem, planOffsetReset, resetPreview, type ResetRow, type ResetSpec } from '../../core/offset-reset';
import { registerCommand } from '../commands';
import { ClusterHandle, type ClusterRegistry, type ErrorRef, type NodeRef } from '../explorer/cluster';
import type { ExplorerNode, MskExplorer } from '../explorer/tree';
import { log } from '../log';
import { ACL_OPERATIONS, type AclBinding, type AclOperation, type AclPatternType, type AclPermission, type AclQuery, type AclResourceType } from '../../kafka/acl-names';
import { ConfigDocuments, configUri } from './config-docs';
import { adminMessages as m } from './messages';

/** A problem the user can act on: shown as is (the command wrapper adds the command's title). */
export class UserError extends Error {}

export interface AdminDeps {
  explorer: MskExplorer;
  registry: ClusterRegistry;
}

type Opts = Record<string, unknown>;
interface Ctx { handle: ClusterHandle; ref: NodeRef; node?: ExplorerNode; opts: Opts }

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined);

function refOf(node: unknown): NodeRef | undefined {
  const ref = (node as ExplorerNode | undefined)?.ref as NodeRef | undefined;
  return ref && ref.cluster instanceof ClusterHandle ? ref : undefined;
}

function cancelled(): never {
  throw new vscode.CancellationError();
}

/** Long work with a cancellable notification; cancel stops the waiting (the cluster may still finish). */
function withProgress<T>(title: string, work: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress<T>({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) =>
    new Promise<T>((resolve, reject) => {
      const sub = token.onCancellationRequested(() => {
        reject(new UserError(m.cancelled(title.replace(/…$/, ''))));
      });
      void work().then(resolve, reject).finally(() => {
        sub.dispose();
      });
    }));
}

async function input(options: vscode.InputBoxOptions): Promise<string> {
  const v = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  return v ?? cancelled();
}

async function typedConfirmation(name: string, question: string, detail: string): Promise<string> {
  const go = await vscode.window.showWarningMessage(question, { modal: true, detail }, m.deleteButton);
  if (go !== m.deleteButton) cancelled();
  return input({ title: question, prompt: m.typeName(name), placeHolder: name, validateInput: (v) => (v === name ? undefined : m.typeName(name)) });
}

export function registerAdminCommands(deps: AdminDeps): vscode.Disposable[] {
  const { explorer, registry } = deps;
  const docs = new ConfigDocuments(registry);

  async function pickCluster(opts: Opts): Promise<ClusterHandle> {
    if (!registry.all().length) await explorer.getChildren(); // the loaders list their clusters
    const all = registry.all();
    const named = str(opts.cluster);
    if (named) {
      const h = all.find((x) => x.target.name === named);
      if (!h) throw new UserError(m.noCluster);
      return h;
    }
    if (!all.length) throw new UserError(m.noCluster);
    if (all.length === 1) return all[0];
    const pick = await vscode.window.showQuickPick(all.map((h) => ({ label: h.target.name, description: h.target.description, h })), { placeHolder: m.pickCluster });
    return pick?.h ?? cancelled();
  }

  async function topicOf(c: Ctx, prompt = m.pickTopic): Promise<string> {
    const given = c.ref.topic ?? str(c.opts.topic);
    const o = await c.handle.overview();
    if (given) {
      if (!o.topics.some((t) => t.name === given)) throw new UserError(m.unknownTopic(given, c.handle.target.name));
      return given;
    }
    const names = o.topics.filter((t) => !t.internal).map((t) => t.name);
    if (!names.length) throw new UserError(m.noTopics(c.handle.target.name));
    return (await vscode.window.showQuickPick(names, { placeHolder: prompt })) ?? cancelled();
  }

  async function groupOf(c: Ctx): Promise<string> {
    const given = c.ref.group ?? str(c.opts.group);
    if (given) return given;
    const o = await c.handle.overview();
    return (await vscode.window.showQuickPick(o.groups.map((g) => g.groupId), { placeHolder: m.pickGroup })) ?? cancelled();
  }

  /** After a write: forget what was read and re-render (expanded nodes stay expanded: ids are stable). */
  function changed(c: Ctx): void {
    c.handle.invalidate();
    explorer.refresh();
  }

  function adminCommand(id: string, title: string, writes: boolean, run: (c: Ctx) => Promise<unknown>): vscode.Disposable {
    return registerCommand(id, title, async (node?: unknown, options?: unknown) => {
      // from the palette the first argument is absent; from a test it may be the options alone
      const nodeRef = refOf(node);
      const opts = (options ?? (nodeRef ? undefined : node) ?? {}) as Opts;
      const handle = nodeRef?.cluster ?? (await pickCluster(typeof opts === 'object' && opts ? opts : {}));
      if (writes && handle.target.readOnly) throw new UserError(m.readOnly(handle.target.name));
      try {
        return await run({ handle, ref: nodeRef ?? { cluster: handle }, node: nodeRef ? (node as ExplorerNode) : undefined, opts });
      } catch (err) {
        if (err instanceof vscode.CancellationError) {
          log().info(`command ${id}: cancelled`);
          return undefined;
        }
        if (err instanceof UserError || !(err instanceof Error)) throw err;
        // a Kafka error as the client reported it, and what to do about it
        throw new Error(`${err.message}. ${commandHint(err.message)}`, { cause: err });
      }
    });
  }

  const list: vscode.Disposable[] = [
    vscode.workspace.registerTextDocumentContentProvider(ConfigDocuments.scheme, docs),
    docs,

    registerCommand('msk.explorer.refresh', 'Refresh', () => {
      registry.invalidateAll(); // every loader's clusters, whatever the loaders do on a refresh
      explorer.refresh();
    }),

    registerCommand('msk.explorer.loadMore', 'Load More', (node?: unknown) => {
      const folder = node as ExplorerNode | undefined;
      const ref = refOf(folder);
      if (!folder || !ref) return;
      ref.cluster.showMore(folder.id);
      explorer.refresh(folder);
    }),

    registerCommand('msk.explorer.retry', 'Retry', (node?: unknown) => {
      const retry = ((node as ExplorerNode | undefined)?.ref as ErrorRef | undefined)?.retry;
      if (!retry) return explorer.refresh();
      retry.cluster.invalidate(retry.what);
      explorer.refresh(retry.node);
    }),

    adminCommand('msk.copyBootstrapServers', 'Copy Bootstrap Servers', false, async ({ handle, opts }) => {
      let bootstrap = handle.target.bootstrap;
      const entries = handle.target.aws?.bootstrap ?? [];
      // an MSK cluster: one string per auth mode and access; pick one (a direct connection has one)
      if (entries.length) {
        const mode = str(opts.authMode);
        const access = str(opts.access);
        const fit = entries.filter((e) => (!mode || e.authMode === mode) && (!access || e.access === access));
        if (!fit.length) throw new UserError(m.noBootstrapFor(handle.target.name, [mode, access].filter(Boolean).join(' over ')));
        const pick = fit.length === 1 ? fit[0] : (await vscode.window.showQuickPick(
          fit.map((e) => ({ label: e.authMode, description: e.access, detail: e.brokers, e })), { placeHolder: m.pickMode(handle.target.name) }))?.e;
        if (!pick) cancelled();
        bootstrap = pick.brokers;
      }
      if (!bootstrap) throw new UserError(m.noBootstrapFor(handle.target.name, 'any auth mode'));
      await vscode.env.clipboard.writeText(bootstrap);
      void vscode.window.showInformationMessage(m.copied(bootstrap));
      return bootstrap;
    }),

    adminCommand('msk.copyArn', 'Copy ARN', false, async ({ handle }) => {
      const arn = handle.target.aws?.arn;
      if (!arn) throw new UserError(m.noArn(handle.target.name));
      await vscode.env.clipboard.writeText(arn);
      void vscode.window.showInformationMessage(m.copiedArn(arn));
      return arn;
    }),

    adminCommand('msk.openInConsole', 'Open in AWS Console', false, async ({ handle, opts }) => {
      const url = handle.target.aws?.consoleUrl;
      if (!url) throw new UserError(m.noArn(handle.target.name));
      // { open: false }: only the address (a test cannot answer the "open external site?" prompt)
      if (opts.open !== false) await vscode.env.openExternal(vscode.Uri.parse(url, true));
      return url;
    }),

    adminCommand('msk.acl.create', 'Create ACL', true, async (c) => {
      const b = await askAcl(c);
      const api = await c.handle.api();
      await withProgress(m.creatingAcl, () => api.createAcls([b]));
      changed(c);
      void vscode.window.showInformationMessage(m.aclCreated(aclText(b)));
      return b;
    }),

    adminCommand('msk.acl.delete', 'Delete ACLs', true, async (c) => {
      const filter = aclFilterOf(c);
      const api = await c.handle.api();
      // what the filter matches, shown before anything is deleted
      const matching = await api.describeAcls(filter);
      if (!matching.length) {
        void vscode.window.showInformationMessage(m.noAclsMatch);
        return { deleted: [], preview: [] };
      }
      const preview = matching.map(aclText);
      if (c.opts.dryRun === true) return { deleted: [], preview };
      if (c.opts.confirm !== true) {
        const go = await vscode.window.showWarningMessage(m.aclDeleteQuestion(matching.length, c.handle.target.name), {
          modal: true, detail: preview.length > 30 ? [...preview.slice(0, 30), `… and ${preview.length - 30} more`].join('\n') : preview.join('\n'),
        }, m.deleteAclsButton);
        if (go !== m.deleteAclsButton) cancelled();
      }
      const deleted = await withProgress(m.deletingAcls, () => api.deleteAcls([filter]));
      changed(c);
      void vscode.window.showInformationMessage(m.aclsDeleted(deleted.length));
      return { deleted: deleted.map(aclText), preview };
    }),

    adminCommand('msk.topic.filter', 'Filter Topics', false, async ({ handle, opts }) => {
      const pattern = 'pattern' in opts ? str(opts.pattern) ?? '' : await input({ prompt: m.filterPrompt(handle.target.name), value: handle.filter ?? '' });
      await handle.setFilter(pattern);
      explorer.rerender(); // the topics are the ones read already: only what is shown changes
      return handle.filter;
    }),

    adminCommand('msk.topic.create', 'Create Topic', true, async (c) => {
      const { handle, opts } = c;
      const o = await handle.overview();
      const existing = o.topics.map((t) => t.name);
      const title = m.createTitle(handle.target.name);
      const name = str(opts.name) ?? (await input({
        title, prompt: m.namePrompt,
        validateInput: (v) => {
          const problem = topicNameProblem(v) ?? (existing.includes(v) ? m.exists(v) : undefined);
          if (problem) return problem;
          const warn = collisionWarning(v, topicCollisions(v, existing));
          return warn ? { message: warn, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
        },
      }));
      const problem = topicNameProblem(name) ?? (existing.includes(name) ? m.exists(name) : undefined);
      if (problem) throw new UserError(problem);
      const warn = collisionWarning(name, topicCollisions(name, existing));
      if (warn && opts.allowCollision !== true) {
        if ('name' in opts) throw new UserError(warn);
        const go = await vscode.window.showWarningMessage(warn, { modal: true }, m.createAnyway);
        if (go !== m.createAnyway) cancelled();
      }
      const brokers = o.brokers.length;
      const partitions = int(opts.partitions) ?? Number(await input({ title, prompt: m.partitionsPrompt, value: '3', validateInput: (v) => partitionCountProblem(v) }));
      const partitionsProblem = partitionCountProblem(String(partitions));
      if (partitionsProblem) throw new UserError(partitionsProblem);
      const rf = int(opts.replicationFactor) ?? Number(await input({ title, prompt: m.rfPrompt(brokers), value: String(Math.min(3, brokers)), validateInput: (v) => replicationFactorProblem(v, brokers) }));
      const rfProblem = replicationFactorProblem(String(rf), brokers);
      if (rfProblem) throw new UserError(rfProblem);
      let configs: Record<string, string>;
      if (opts.configs && typeof opts.configs === 'object') configs = opts.configs as Record<string, string>;
      else {
        const text = 'configs' in opts ? '' : await input({ title, prompt: m.configsPrompt, validateInput: (v) => parseConfigAssignments(v).problem });
        const parsed = parseConfigAssignments(text);
        if (parsed.problem) throw new UserError(parsed.problem);
        configs = parsed.entries;
      }
      const api = await handle.api();
      await withProgress(m.creating(name), () => api.createTopic({ name, partitions, replicationFactor: rf, configs }));
      changed(c);
      void vscode.window.showInformationMessage(m.created(name, handle.target.name));
      return { name, partitions, replicationFactor: rf, configs };
    }),

    adminCommand('msk.topic.delete', 'Delete Topic', true, async (c) => {
      const topic = await topicOf(c);
      const typed = str(c.opts.confirm) ?? (await typedConfirmation(topic, m.deleteQuestion(topic, c.handle.target.name), m.deleteDetail));
      if (typed !== topic) throw new UserError(m.mismatch(topic));
      const api = await c.handle.api();
      await withProgress(m.deleting(topic), () => api.deleteTopic(topic));
      changed(c);
      void vscode.window.showInformationMessage(m.deleted(topic));
      return { deleted: topic };
    }),

    adminCommand('msk.topic.addPartitions', 'Add Partitions', true, async (c) => {
      const topic = await topicOf(c);
      const now = (await c.handle.overview()).topics.find((t) => t.name === topic)!.partitions.length;
      const count = int(c.opts.count) ?? Number(await input({ prompt: m.partitionsNow(now), value: String(now + 1), validateInput: (v) => partitionCountProblem(v, now + 1) }));
      const problem = partitionCountProblem(String(count), now + 1);
      if (problem) throw new UserError(problem);
      const api = await c.handle.api();
      await withProgress(m.adding(topic), () => api.addPartitions(topic, count));
      changed(c);
      void vscode.window.showInformationMessage(m.added(topic, count));
      return { topic, partitions: count };
    }),

    adminCommand('msk.topic.showConfig', 'Show Topic Config', false, async (c) => {
      const topic = await topicOf(c);
      const uri = configUri(c.handle, topic, 'document');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
      return uri.toString();
    }),

    adminCommand('msk.topic.compareConfig', 'Compare Topic Configs', false, async (c) => {
      const topic = await topicOf(c);
      let other: { handle: ClusterHandle; topic: string };
      const given = c.opts.other as { cluster?: string; topic?: string } | undefined;
      if (given?.topic) {
        const h = given.cluster ? registry.all().find((x) => x.target.name === given.cluster) : c.handle;
        if (!h) throw new UserError(m.noCluster);
        if (!(await h.overview()).topics.some((t) => t.name === given.topic)) throw new UserError(m.unknownTopic(given.topic, h.target.name));
        other = { handle: h, topic: given.topic };
      } else {
        // topics of every cluster read so far: compare across clusters too
        const items: (vscode.QuickPickItem & { h: ClusterHandle; topic: string })[] = [];
        for (const h of registry.all()) {
          const o = h === c.handle ? await h.overview() : await h.cachedOverview();
          for (const t of o?.topics ?? []) if (!t.internal && !(h === c.handle && t.name === topic)) items.push({ label: t.name, description: h.target.name, h, topic: t.name });
        }
        const pick = await vscode.window.showQuickPick(items, { placeHolder: m.pickOther(topic), matchOnDescription: true });
        if (!pick) cancelled();
        other = { handle: pick.h, topic: pick.topic };
      }
      const left = configUri(c.handle, topic, 'diff');
      const right = configUri(other.handle, other.topic, 'diff');
      await vscode.commands.executeCommand('vscode.diff', left, right, `${topic} (${c.handle.target.name}) ↔ ${other.topic} (${other.handle.target.name})`);
      return { left: left.toString(), right: right.toString() };
    }),

    adminCommand('msk.topic.editConfig', 'Edit Topic Config', true, async (c) => {
      const topic = await topicOf(c);
      const api = await c.handle.api();
      const current = await api.topicConfigs(topic);
      const edit = editFrom(c.opts) ?? (await askEdit(topic, current));
      const plan = planConfigEdit(current, edit);
      if (!plan.changes.length) {
        void vscode.window.showInformationMessage(m.noChange(topic));
        return { changes: [] };
      }
      const preview = opsPreview(current, plan.ops);
      if (c.opts.confirm !== true) {
        const go = await vscode.window.showWarningMessage(m.previewQuestion(topic, c.handle.target.name), { modal: true, detail: `${preview.join('\n')}\n\n${m.previewNote}` }, m.apply);
        if (go !== m.apply) cancelled();
      }
      log().info(`edit config ${topic} on ${c.handle.target.name}:\n${preview.join('\n')}`);
      // IncrementalAlterConfigs sends only these operations: overrides not named stay as they are,
      // even one someone added since the configs were read
      await withProgress(m.altering(topic), () => api.alterTopicConfigs(topic, plan.ops));
      changed(c);
      void vscode.window.showInformationMessage(m.altered(topic, plan.ops.length));
      return { changes: plan.changes, preview };
    }),

    adminCommand('msk.topic.deleteRecords', 'Delete Records', true, async (c) => {
      const topic = await topicOf(c);
      const api = await c.handle.api();
      const logs = await api.partitionOffsets(topic);
      const chosen = c.ref.partition !== undefined ? logs.filter((p) => p.partition === c.ref.partition) : logs;
      const before = c.opts.before ?? (await input({ prompt: m.beforePrompt, validateInput: (v) => (v.trim() === '' || /^\d+$/.test(v.trim()) ? undefined : m.badNumber) })).trim();
      const targets = chosen.map((p) => {
        const asked = typeof before === 'object' && before ? int((before as Record<string, unknown>)[String(p.partition)]) : before === '' || before === 'latest' ? p.high : int(before);
        return { partition: p.partition, offset: Math.min(asked ?? p.low, p.high), low: p.low };
      }).filter((p) => p.offset > p.low);
      const count = targets.reduce((s, p) => s + p.offset - p.low, 0);
      if (!targets.length) {
        void vscode.window.showInformationMessage(m.nothingToDelete(topic));
        return { deleted: 0 };
      }
      const detail = targets.map((p) => `${topic}[${p.partition}]: offsets ${p.low}–${p.offset - 1} (${p.offset - p.low} records)`).join('\n');
      const typed = str(c.opts.confirm) ?? (await typedConfirmation(topic, m.recordsQuestion(topic, count), detail));
      if (typed !== topic) throw new UserError(m.mismatch(topic));
      await withProgress(m.deletingRecords(topic), () => api.deleteRecords(topic, targets.map(({ partition, offset }) => ({ partition, offset }))));
      changed(c);
      void vscode.window.showInformationMessage(m.recordsDeleted(topic, count));
      return { deleted: count, partitions: targets.map(({ partition, offset }) => ({ partition, offset })) };
    }),

    adminCommand('msk.group.resetOffsets', 'Reset Offsets', true, async (c) => {
      const group = await groupOf(c);
      const api = await c.handle.api();
      const o = await c.handle.overview();
      const topicNames = o.topics.filter((t) => !t.internal).map((t) => t.name);
      // a fresh read: the state decides whether Kafka will take the commit
      const d = await api.groupDetails(group, topicNames);
      const problem = activeGroupProblem(group, d.state, d.members.length);
      if (problem) throw new UserError(problem);
      const spec = specFrom(c.opts.spec) ?? (await askSpec(group));
      const withOffsets = [...new Set(d.partitions.filter((p) => p.committed !== null).map((p) => p.topic))];
      let targets: { topic: string; partitions?: number[] }[];
      const topic = str(c.opts.topic);
      if (topic) {
        const partitions = Array.isArray(c.opts.partitions) ? (c.opts.partitions as unknown[]).map(int).filter((x): x is number => x !== undefined) : undefined;
        targets = [{ topic, partitions }];
      } else if (c.opts.spec !== undefined) {
        // called with its answers: every topic the group has offsets for
        if (!withOffsets.length) throw new UserError(m.noTopicsForGroup(group));
        targets = withOffsets.map((t) => ({ topic: t }));
      } else targets = await askScope(group, withOffsets, topicNames);
      const rows = planOffsetReset(spec, await api.positions(group, targets, spec.kind === 'timestamp' ? spec.timestamp : undefined));
      const preview = resetPreview(group, spec, rows);
      log().info(`reset offsets, dry run:\n${preview}`);
      if (c.opts.dryRun === true) return { preview, rows, applied: false };
      if (c.opts.confirm !== true) {
        const lines = preview.split('\n');
        const detail = lines.length > 31 ? [...lines.slice(1, 31), `… and ${lines.length - 31} more (all in MSK: Show Logs)`].join('\n') : lines.slice(1).join('\n');
        const go = await vscode.window.showWarningMessage(lines[0], { modal: true, detail }, m.resetButton);
        if (go !== m.resetButton) cancelled();
      }
      await withProgress(m.resetting(group), () => api.commitOffsets(group, rows));
      changed(c);
      void vscode.window.showInformationMessage(m.reset(group, rows.length));
      return { preview, rows, applied: true };
    }),

    adminCommand('msk.group.delete', 'Delete Consumer Group', true, async (c) => {
      const group = await groupOf(c);
      const api = await c.handle.api();
      const d = await api.groupDetails(group, []);
      if (d.members.length) throw new UserError(m.groupActiveDelete(group, d.members.length));
      const typed = str(c.opts.confirm) ?? (await typedConfirmation(group, m.groupDeleteQuestion(group, c.handle.target.name), ''));
      if (typed !== group) throw new UserError(m.mismatch(group));
      await withProgress(m.deletingGroup(group), () => api.deleteGroup(group));
      changed(c);
      void vscode.window.showInformationMessage(m.groupDeleted(group));
      return { deleted: group };
    }),
  ];
  return list;
}

const ACL_TYPES: readonly AclResourceType[] = ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID'];
const CLUSTER_RESOURCE = 'kafka-cluster';

export function aclText(b: AclBinding): string {
  return `${b.permission} ${b.principal} ${b.operation} on ${b.resourceType} ${b.resourceName}${b.patternType === 'PREFIXED' ? ' (prefixed)' : ''} from ${b.host}`;
}

/** "User:alice", "User:CN=app,O=org": Kafka's principalType:name. */
export function principalProblem(v: string): string | undefined {
  const i = v.indexOf(':');
  return i > 0 && i < v.length - 1 && !/\s/.test(v.slice(0, i)) ? undefined : m.badPrincipal;
}

/** The binding to create, from the options or by asking; the node it was run on names the resource. */
async function askAcl(c: Ctx): Promise<AclBinding> {
  const o = c.opts;
  const fromNode: Partial<AclBinding> = c.ref.topic ? { resourceType: 'TOPIC', resourceName: c.ref.topic }
    : c.ref.group ? { resourceType: 'GROUP', resourceName: c.ref.group } : {};
  let resourceType = (str(o.resourceType) ?? fromNode.resourceType) as AclResourceType | undefined;
  if (!resourceType) {
    const pick = await vscode.window.showQuickPick(ACL_TYPES.map((t) => ({ label: t })), { placeHolder: m.aclResourceType });
    resourceType = pick?.label ?? cancelled();
  }
  if (!ACL_TYPES.includes(resourceType)) throw new UserError(m.badAclField('resourceType', resourceType, ACL_TYPES));
  const resourceName = resourceType === 'CLUSTER' ? CLUSTER_RESOURCE : str(o.resourceName) ?? fromNode.resourceName
    ?? (await input({ prompt: m.aclResourceName(resourceType), validateInput: (v) => (v.trim() ? undefined : m.aclNameNeeded) })).trim();
  const patternType = (str(o.patternType) ?? 'LITERAL') as AclPatternType;
  if (patternType !== 'LITERAL' && patternType !== 'PREFIXED') throw new UserError(m.badAclField('patternType', patternType, ['LITERAL', 'PREFIXED']));
  const principal = str(o.principal) ?? (await input({ prompt: m.aclPrincipal, placeHolder: 'User:alice', validateInput: principalProblem })).trim();
  const pp = principalProblem(principal);
  if (pp) throw new UserError(pp);
  let operation = str(o.operation) as AclOperation | undefined;
  if (!operation) {
    const pick = await vscode.window.showQuickPick(ACL_OPERATIONS.map((x) => ({ label: x })), { placeHolder: m.aclOperation(resourceName) });
    operation = pick?.label ?? cancelled();
  }
  if (!ACL_OPERATIONS.includes(operation)) throw new UserError(m.badAclField('operation', operation, ACL_OPERATIONS));
  let permission = str(o.permission) as AclPermission | undefined;
  if (!permission) {
    const pick = await vscode.window.showQuickPick([{ label: 'ALLOW' }, { label: 'DENY' }], { placeHolder: m.aclPermission });
    permission = (pick?.label as AclPermission | undefined) ?? cancelled();
  }
  if (permission !== 'ALLOW' && permission !== 'DENY') throw new UserError(m.badAclField('permission', permission, ['ALLOW', 'DENY']));
  const host = str(o.host) ?? ('principal' in o ? '*' : (await input({ prompt: m.aclHost, value: '*' })).trim() || '*');
  return { resourceType, resourceName, patternType, principal, host, operation, permission };
}

/** What msk.acl.delete deletes: the ACL node's binding exactly, else the options' filter, else the folder's. */
function aclFilterOf(c: Ctx): AclQuery {
  if (c.ref.acl) return { ...c.ref.acl };
  const given = c.opts.filter;
  if (given && typeof given === 'object') return given;
  if (c.ref.acls && (c.ref.topic || c.ref.group)) return c.ref.acls;
  throw new UserError(m.aclDeleteWhat);
}

/** What to do after a command failed with a cluster's error, from the error's shape. */
function commandHint(detail: string): string {
  if (/did not answer within|timed? ?out|ETIMEDOUT/i.test(detail)) return m.hintTimeout;
  if (/ECONNREFUSED|Connection error|ENOTFOUND|EHOSTUNREACH|closed connection/i.test(detail)) return m.hintRefused;
  if (/SASL|authenticat|authoriz|access denied|not authorized/i.test(detail)) return m.hintAuth;
  if (/does not exist|unknown topic|does not host|GROUP_ID_NOT_FOUND/i.test(detail)) return m.hintGone;
  if (/must have no running instances|NON_EMPTY_GROUP/i.test(detail)) return m.hintActive;
  return m.hintOther;
}

/** The preview's lines: each IncrementalAlterConfigs operation with the value it replaces. */
function opsPreview(current: ConfigEntry[], ops: ConfigEditPlan['ops']): string[] {
  const byName = new Map(current.map((e) => [e.name, e]));
  return ops.map((o) => {
    const was = byName.get(o.name);
    const now = was ? (was.sensitive ? '(sensitive)' : was.value ?? '(null)') : '(unset)';
    return o.op === 'DELETE'
      ? `DELETE ${o.name}    (override ${now} removed: back to the default)`
      : `SET ${o.name} = ${o.value ?? ''}    (now ${now}${was && was.source !== 'dynamic' ? `, ${was.source}` : ''})`;
  });
}

function editFrom(opts: Opts): ConfigEdit | undefined {
  if (!opts.set && !opts.remove) return undefined;
  const set = (opts.set && typeof opts.set === 'object' ? opts.set : {}) as Record<string, string>;
  const remove = Array.isArray(opts.remove) ? (opts.remove as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  return { set, remove };
}

async function askEdit(topic: string, current: ConfigEntry[]): Promise<ConfigEdit> {
  const items = [...current]
    .filter((e) => !e.readOnly)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => ({ label: e.name, description: `${e.source === 'dynamic' ? '● ' : ''}${e.sensitive ? '(sensitive)' : e.value ?? ''} · ${e.source}`, e }));
  const pick = await vscode.window.showQuickPick(items, { placeHolder: m.pickConfig(topic), matchOnDescription: true });
  if (!pick) cancelled();
  const value = await input({ prompt: m.valuePrompt(pick.e.name), value: pick.e.source === 'dynamic' ? pick.e.value ?? '' : '' });
  return value.trim() === '' ? { set: {}, remove: [pick.e.name] } : { set: { [pick.e.name]: value.trim() }, remove: [] };
}

function specFrom(v: unknown): ResetSpec | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const s = v as { kind?: string; timestamp?: unknown; offset?: unknown; by?: unknown };
  switch (s.kind) {
    case 'earliest': case 'latest': return { kind: s.kind };
    case 'timestamp': return int(s.timestamp) !== undefined ? { kind: 'timestamp', timestamp: int(s.timestamp)! } : undefined;
    case 'offset': return int(s.offset) !== undefined ? { kind: 'offset', offset: int(s.offset)! } : undefined;
    case 'shift': return int(s.by) !== undefined ? { kind: 'shift', by: int(s.by)! } : undefined;
    default: throw new UserError(`Unknown reset kind "${String(s.kind)}": use earliest, latest, timestamp, offset or shift.`);
  }
}

function parseTimestamp(v: string): number | undefined {
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const t = Date.parse(v.trim());
  return Number.isNaN(t) ? undefined : t;
}

async function askSpec(group: string): Promise<ResetSpec> {
  const kinds: (vscode.QuickPickItem & { reset: ResetSpec['kind'] })[] = [
    { label: 'Earliest', description: 'the first offset of each partition', reset: 'earliest' },
    { label: 'Latest', description: 'the end of each partition (skip everything)', reset: 'latest' },
    { label: 'Timestamp…', description: 'the first record at or after a time', reset: 'timestamp' },
    { label: 'Offset…', description: 'one offset for every chosen partition', reset: 'offset' },
    { label: 'Shift by…', description: 'move each committed offset by N', reset: 'shift' },
  ];
  const pick = await vscode.window.showQuickPick(kinds, { placeHolder: m.resetKind(group) });
  if (!pick) cancelled();
  switch (pick.reset) {
    case 'earliest': case 'latest': return { kind: pick.reset };
    case 'timestamp': {
      const v = await input({ prompt: m.resetValue.timestamp, validateInput: (x) => (parseTimestamp(x) === undefined ? m.badTimestamp : undefined) });
      return { kind: 'timestamp', timestamp: parseTimestamp(v)! };
    }
    case 'offset': case 'shift': {
      const v = await input({ prompt: m.resetValue[pick.reset], validateInput: (x) => (/^-?\d+$/.test(x.trim()) ? undefined : m.badNumber) });
      return pick.reset === 'offset' ? { kind: 'offset', offset: Number(v) } : { kind: 'shift', by: Number(v) };
    }
  }
}

async function askScope(group: string, withOffsets: string[], allTopics: string[]): Promise<{ topic: string; partitions?: number[] }[]> {
  const all = withOffsets.length ? [{ label: m.allTopics(withOffsets.length), topic: undefined as string | undefined }] : [];
  const items = [...all, ...(withOffsets.length ? withOffsets : allTopics).map((t) => ({ label: t, topic: t }))];
  const pick = await vscode.window.showQuickPick(items, { placeHolder: withOffsets.length ? m.resetScope : m.noTopicsForGroup(group) });
  if (!pick) cancelled();
  if (pick.topic === undefined) return withOffsets.map((topic) => ({ topic }));
  const text = await input({ prompt: m.partitionsOf(pick.topic), validateInput: (v) => (/^\s*(\d+\s*(,\s*\d+\s*)*)?$/.test(v) ? undefined : m.badPartitions) });
  const partitions = text.trim() ? text.split(',').map((x) => Number(x.trim())) : undefined;
  return [{ topic: pick.topic, partitions }];
}

export type { ResetRow };
