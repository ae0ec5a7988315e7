// Which cluster and topic a data command works on: the tree node it was run on, the options a
// caller (a test, another extension) passed, or the user's picks. The cluster's ConnectionSpec
// comes from its explorer target (auth and tunnel included) when the target offers one.
import * as vscode from 'vscode';
import type { ConnectionSpec } from '../../kafka/index';
import type { ClusterHandle, ClusterRegistry, ClusterTarget, NodeRef } from '../explorer/cluster';
import type { MskExplorer } from '../explorer/tree';
import { dataMessages as m } from './messages';
import type { SchemaContext } from '../schemas/context';

export interface DataDeps {
  explorer: MskExplorer;
  registry: ClusterRegistry;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  /** The sandbox and SecretStorage, for the connection's schema registries. */
  schemas?: SchemaContext;
}

/** A problem the user can act on: shown as is. */
export class UserError extends Error {}

export function cancelled(): never {
  throw new vscode.CancellationError();
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The NodeRef of a tree node passed by a menu, or undefined (the palette passes nothing). */
export function refOf(node: unknown): NodeRef | undefined {
  const ref = (node as { ref?: { cluster?: unknown } } | undefined)?.ref;
  const c = ref?.cluster as Partial<ClusterHandle> | undefined;
  return c && typeof c.api === 'function' && typeof c.overview === 'function' && c.target ? (ref as NodeRef) : undefined;
}

/** The spec of a cluster: its target's own (auth, tunnel) when it has one, else plaintext to its bootstrap. */
export async function specOf(handle: ClusterHandle): Promise<ConnectionSpec> {
  const t: ClusterTarget = handle.target;
  if (t.unavailable) throw new UserError(`${t.name}: ${t.unavailable.label}. ${t.unavailable.hint}`);
  if (t.spec) return t.spec();
  return { name: t.name, bootstrap: t.bootstrap };
}

export async function pickCluster(deps: DataDeps, opts: Record<string, unknown>, placeHolder = m.pickCluster): Promise<ClusterHandle> {
  if (!deps.registry.all().length) await deps.explorer.getChildren(); // the loaders list their clusters
  const all = deps.registry.all().filter((h) => !h.target.unavailable);
  const named = str(opts.cluster);
  if (named) {
    const h = all.find((x) => x.target.name === named || x.target.key === named);
    if (!h) throw new UserError(m.unknownCluster(named));
    return h;
  }
  if (!all.length) throw new UserError(m.noCluster);
  if (all.length === 1) return all[0];
  const pick = await vscode.window.showQuickPick(all.map((h) => ({ label: h.target.name, description: h.target.description, h })), { placeHolder, ignoreFocusOut: true });
  return pick?.h ?? cancelled();
}

/** The topic names of a cluster, internal ones last. */
export async function topicNames(handle: ClusterHandle): Promise<string[]> {
  const o = await handle.overview();
  return o.topics.filter((t) => !t.internal).map((t) => t.name).sort();
}

export async function partitionsOf(handle: ClusterHandle, topic: string): Promise<number[]> {
  const o = await handle.overview();
  const t = o.topics.find((x) => x.name === topic);
  if (!t) throw new UserError(m.unknownTopic(topic, handle.target.name));
  return t.partitions.map((p) => p.partition).sort((a, b) => a - b);
}

export async function pickTopic(handle: ClusterHandle, given: string | undefined, placeHolder: string = m.pickTopic, first?: string): Promise<string> {
  if (given) {
    const o = await handle.overview();
    if (!o.topics.some((t) => t.name === given)) throw new UserError(m.unknownTopic(given, handle.target.name));
    return given;
  }
  const names = await topicNames(handle);
  if (!names.length) throw new UserError(m.noTopics(handle.target.name));
  const ordered = first && names.includes(first) ? [first, ...names.filter((x) => x !== first)] : names;
  return (await vscode.window.showQuickPick(ordered, { placeHolder, ignoreFocusOut: true })) ?? cancelled();
}
