// The explorer's "Schemas" folder of a cluster connection that has a registry (the local sandbox's
// own, or msk.schemas.glue / msk.schemas.confluent): Glue registries → schemas → versions, and the
// Confluent registry's subjects → versions. "Open Schema" shows a version as a read-only virtual
// document (scheme msk-schema); "Compare Versions" opens VS Code's diff of two versions.
import * as vscode from 'vscode';
import type { SchemaFormat } from '../../core/schemas/types';
import { registerCommand } from '../commands';
import { clusterFolderHooks, type ClusterHandle } from './cluster';
import type { ExplorerNode } from './tree';
import type { SchemaContext } from '../schemas/context';

export const SCHEMA_SCHEME = 'msk-schema';

type Kind = 'glue' | 'confluent';

/** What a schema or version node stands for. */
export interface SchemaRef {
  schemaOf: { cluster: ClusterHandle; kind: Kind; registryName?: string; name: string; version?: number; versions?: number[] };
}

const loadSession = () => import('../schemas/session');

const EXT: Record<SchemaFormat, string> = { AVRO: 'avsc', JSON: 'json', PROTOBUF: 'proto' };

function configured(bootstrap: string, ctx: SchemaContext): boolean {
  const info = ctx.sandbox?.();
  if (info && bootstrap.split(',').some((b) => info.bootstrap.split(',').includes(b.trim()))) return true;
  const c = vscode.workspace.getConfiguration('msk.schemas');
  const g = c.get<Record<string, unknown>>('glue') ?? {};
  return Object.values(g).some(Boolean) || Boolean(c.get<{ url?: string }>('confluent')?.url);
}

function errorLeaf(parent: ExplorerNode, err: unknown): ExplorerNode {
  const detail = err instanceof Error ? err.message : String(err);
  return { id: `${parent.id}/error`, label: `Could not read the schema registry: ${detail}`, tooltip: detail, icon: 'error', kind: 'error', contextValue: 'msk.error', collapsible: false, parent };
}

async function guarded(parent: ExplorerNode, fn: () => Promise<ExplorerNode[]>): Promise<ExplorerNode[]> {
  try {
    return await fn();
  } catch (err) {
    return [errorLeaf(parent, err)];
  }
}

function versionNodes(parent: ExplorerNode, cluster: ClusterHandle, kind: Kind, name: string, registryName: string | undefined, versions: number[]): ExplorerNode[] {
  const sorted = [...versions].sort((a, b) => b - a);
  return sorted.map((v) => {
    const ref: SchemaRef = { schemaOf: { cluster, kind, registryName, name, version: v, versions: sorted } };
    return {
      id: `${parent.id}/v${v}`, label: `Version ${v}`, icon: 'versions', contextValue: 'msk.schemaVersion', collapsible: false, parent, ref,
      command: { command: 'msk.schemas.openSchema', title: 'Open Schema', arguments: [ref] },
    } satisfies ExplorerNode;
  });
}

function schemasFolder(cluster: ClusterHandle, parent: ExplorerNode, ctx: SchemaContext): ExplorerNode | undefined {
  if (!configured(cluster.target.bootstrap, ctx)) return undefined;
  const folder: ExplorerNode = {
    id: `${parent.id}/schemas`, label: 'Schemas', icon: 'symbol-structure', contextValue: 'msk.folder.schemas', collapsible: true, parent,
    children: () => guarded(folder, async () => {
      const r = await (await loadSession()).registriesFor(cluster.target.bootstrap, ctx);
      const out: ExplorerNode[] = [];
      if (r.glue) {
        const glue = r.glue;
        for (const reg of await (await glue.registry()).listRegistries()) {
          const regNode: ExplorerNode = {
            id: `${folder.id}/glue/${reg.name}`, label: reg.name, description: 'Glue registry', tooltip: reg.description ?? reg.arn, icon: 'database', contextValue: 'msk.schemaRegistry', collapsible: true, parent: folder,
            children: () => guarded(regNode, async () => (await (await glue.registry()).listSchemas(reg.name)).map((s) => {
              const node: ExplorerNode = {
                id: `${regNode.id}/${s.schemaName}`, label: s.schemaName, tooltip: s.description, icon: 'symbol-class', contextValue: 'msk.schema', collapsible: true, parent: regNode,
                ref: { schemaOf: { cluster, kind: 'glue', registryName: reg.name, name: s.schemaName } } satisfies SchemaRef,
                children: () => guarded(node, async () => versionNodes(node, cluster, 'glue', s.schemaName, reg.name, (await (await glue.registry()).listSchemaVersions(s.schemaName, reg.name)).map((v) => v.version))),
              };
              return node;
            })),
          };
          out.push(regNode);
        }
      }
      if (r.confluent) {
        const cf = r.confluent;
        const regNode: ExplorerNode = {
          id: `${folder.id}/confluent`, label: cf.name, description: 'Confluent registry', icon: 'database', contextValue: 'msk.schemaRegistry', collapsible: true, parent: folder,
          children: () => guarded(regNode, async () => (await cf.listSubjects()).map((subject) => {
            const node: ExplorerNode = {
              id: `${regNode.id}/${subject}`, label: subject, icon: 'symbol-class', contextValue: 'msk.schema', collapsible: true, parent: regNode,
              ref: { schemaOf: { cluster, kind: 'confluent', name: subject } } satisfies SchemaRef,
              children: () => guarded(node, async () => versionNodes(node, cluster, 'confluent', subject, undefined, await cf.listVersions(subject))),
            };
            return node;
          })),
        };
        out.push(regNode);
      }
      return out;
    }),
  };
  return folder;
}

function refOf(arg: unknown): SchemaRef['schemaOf'] | undefined {
  const a = arg as { ref?: SchemaRef } & Partial<SchemaRef> | undefined;
  return a?.schemaOf ?? a?.ref?.schemaOf;
}

export function registerSchemaExplorer(ctx: SchemaContext): vscode.Disposable[] {
  clusterFolderHooks.push(hook);
  const texts = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();

  /** The virtual document of a version (fetched once per open). */
  async function documentOf(s: SchemaRef['schemaOf'], version: number | 'latest'): Promise<vscode.Uri> {
    const r = await (await loadSession()).registriesFor(s.cluster.target.bootstrap, ctx);
    const record = s.kind === 'glue'
      ? await (r.glue ?? missing()).byName(s.name, version, s.registryName)
      : await (r.confluent ?? missing()).byName(s.name, version);
    let text = record.definition;
    if (record.format !== 'PROTOBUF') {
      try {
        text = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // shown as the registry holds it
      }
    }
    const uri = vscode.Uri.from({ scheme: SCHEMA_SCHEME, path: `/${s.cluster.target.name}/${s.registryName ?? s.kind}/${s.name}/v${record.version}.${EXT[record.format]}` });
    texts.set(uri.toString(), text);
    changed.fire(uri);
    return uri;
  }

  function missing(): never {
    throw new Error('This connection has no such schema registry any more: check msk.schemas.glue / msk.schemas.confluent, or restart the sandbox.');
  }

  return [
    changed,
    { dispose: () => {
      const i = clusterFolderHooks.indexOf(hook);
      if (i >= 0) clusterFolderHooks.splice(i, 1);
    } },
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '// This schema is no longer loaded: open it again from the MSK explorer.',
    }),
    registerCommand('msk.schemas.openSchema', 'Open Schema', async (arg?: unknown) => {
      const s = refOf(arg);
      if (!s) throw new Error('Run "Open Schema" on a schema or a schema version in the MSK explorer.');
      const uri = await documentOf(s, s.version ?? 'latest');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true });
      return uri;
    }),
    registerCommand('msk.schemas.compareVersions', 'Compare Versions', async (arg?: unknown, other?: unknown) => {
      const s = refOf(arg);
      if (!s || s.version === undefined) throw new Error('Run "Compare Versions" on a schema version in the MSK explorer.');
      const others = (s.versions ?? []).filter((v) => v !== s.version);
      if (!others.length) throw new Error(`${s.name} has only version ${s.version}: there is nothing to compare it with.`);
      let with_: number | undefined = typeof other === 'number' ? other : undefined;
      if (with_ === undefined) {
        const pick = await vscode.window.showQuickPick(others.map((v) => ({ label: `Version ${v}`, v })), { title: `Compare ${s.name} version ${s.version} with`, ignoreFocusOut: true });
        if (!pick) return undefined;
        with_ = pick.v;
      }
      const [older, newer] = with_ < s.version ? [with_, s.version] : [s.version, with_];
      const left = await documentOf(s, older);
      const right = await documentOf(s, newer);
      await vscode.commands.executeCommand('vscode.diff', left, right, `${s.name}: version ${older} ↔ ${newer}`);
      return { left, right };
    }),
  ];

  // the hook is a named function so that dispose removes this one
  function hook(cluster: ClusterHandle, parent: ExplorerNode): ExplorerNode | undefined {
    return schemasFolder(cluster, parent, ctx);
  }
}
