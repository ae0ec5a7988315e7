// Entry of the lazily loaded viewer chunk (dist/viewer.js): peek into the message viewer, produce
// from recipes and JSON files, and the viewer's actions. Everything that holds state in the
// activation bundle (the log, the explorer, the registry) comes in through DataDeps, so this chunk
// keeps no copy of it.
import * as vscode from 'vscode';
import type { PeekStart } from '../../kafka/index';
import type { ViewerMessage } from '../../core/viewer/filter';
import { EXPORT_FORMATS, type ExportFormat } from '../../core/viewer/export';
import { parsePeekTime } from '../../core/viewer/time';
import { runProduce, type ProduceReport } from '../produce/run';
import { messageAsRecipe } from '../../core/viewer/recipe';
import { ViewerPanel } from './panel';
import { schemaSessionFor, valueSchemaFor } from '../schemas/session';
import { dataMessages as m } from './messages';
import { cancelled, partitionsOf, pickCluster, pickTopic, refOf, specOf, UserError, type DataDeps } from './target';

export { UserError, type DataDeps } from './target';
export { ViewerPanel } from './panel';
export { produceRecipeBlock, produceFile } from '../produce/sources';

type Opts = Record<string, unknown>;
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined);

/** The open viewers (tests and "produce again" find them here). */
export const openViewers = new Set<ViewerPanel>();

function caps(): { maxMessages: number; maxBytes: number } {
  const c = vscode.workspace.getConfiguration('msk.viewer');
  return { maxMessages: Math.max(1, c.get<number>('maxMessages', 100_000)), maxBytes: Math.max(1024, c.get<number>('maxBytes', 268_435_456)) };
}

async function input(options: vscode.InputBoxOptions): Promise<string> {
  const v = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  return v ?? cancelled();
}

async function askStart(topic: string): Promise<PeekStart> {
  type Item = vscode.QuickPickItem & { kind2: PeekStart['kind'] };
  const items: Item[] = [
    { label: m.startBeginning, detail: m.startBeginningDetail, kind2: 'beginning' },
    { label: m.startEnd, detail: m.startEndDetail, kind2: 'end' },
    { label: m.startOffset, detail: m.startOffsetDetail, kind2: 'offset' },
    { label: m.startTime, detail: m.startTimeDetail, kind2: 'timestamp' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: m.startTitle(topic), ignoreFocusOut: true });
  if (!pick) cancelled();
  const whole = (v: string) => (/^\d+$/.test(v.trim()) ? undefined : m.badNumber);
  switch (pick.kind2) {
    case 'beginning': return { kind: 'beginning' };
    case 'end': return { kind: 'end', last: Number(await input({ prompt: m.lastN, value: '100', validateInput: whole })) };
    case 'offset': return { kind: 'offset', offset: Number(await input({ prompt: m.offsetPrompt, value: '0', validateInput: whole })) };
    case 'timestamp': {
      const v = await input({ prompt: m.timePrompt, value: '-1h', validateInput: (s) => (parsePeekTime(s, Date.now()) === undefined ? m.badTime : undefined) });
      return { kind: 'timestamp', ms: parsePeekTime(v, Date.now())! };
    }
  }
}

function startFrom(v: unknown): PeekStart | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const s = v as PeekStart;
  return ['beginning', 'end', 'offset', 'timestamp'].includes(s.kind) ? s : undefined;
}

/**
 * msk.peek.topic: from a topic or partition node, or the palette (pick a cluster, then a topic).
 * The second argument (or the first, from the palette) may give the answers: `{ cluster, topic,
 * partitions, start, limit, follow }`. Returns the viewer.
 */
export async function peekTopic(deps: DataDeps, node?: unknown, options?: unknown): Promise<ViewerPanel> {
  const ref = refOf(node);
  const opts = ((options ?? (ref ? undefined : node)) ?? {}) as Opts;
  const handle = ref?.cluster ?? (await pickCluster(deps, opts));
  const topic = await pickTopic(handle, ref?.topic ?? (typeof opts.topic === 'string' ? opts.topic : undefined));
  const all = await partitionsOf(handle, topic);
  const start = startFrom(opts.start) ?? (await askStart(topic));
  let partitions: number[];
  if (ref?.partition !== undefined) partitions = [ref.partition];
  else if (Array.isArray(opts.partitions)) partitions = opts.partitions.filter((p): p is number => typeof p === 'number' && all.includes(p));
  else if (all.length <= 1 || opts.start !== undefined) partitions = all;
  else {
    const picks = await vscode.window.showQuickPick(all.map((p) => ({ label: `Partition ${p}`, picked: true, p })), { title: m.partitionsTitle(topic), canPickMany: true, ignoreFocusOut: true });
    if (!picks?.length) cancelled();
    partitions = picks.map((x) => x.p);
  }
  let limit: number | undefined;
  if ('limit' in opts) limit = opts.limit === null ? undefined : int(opts.limit);
  else {
    const v = await input({ prompt: m.limitPrompt, value: '100', validateInput: (s) => (s.trim() === '' || /^\d+$/.test(s.trim()) ? undefined : m.badNumber) });
    limit = v.trim() === '' ? undefined : Number(v);
  }
  let follow: boolean;
  if (typeof opts.follow === 'boolean') follow = opts.follow;
  else if (opts.start !== undefined) follow = false;
  else {
    const pick = await vscode.window.showQuickPick([
      { label: m.followNo, detail: m.followNoDetail, follow: false },
      { label: m.followYes, detail: m.followYesDetail, follow: true },
    ], { title: m.followTitle, ignoreFocusOut: true });
    if (!pick) cancelled();
    follow = pick.follow;
  }
  const spec = await specOf(handle);
  const partText = partitions.length === all.length ? '' : ` [${partitions.join(',')}]`;
  const viewer = new ViewerPanel({
    title: `${topic}${partText} · ${handle.target.name}`, clusterName: handle.target.name, spec, topic, partitions, start, limit, follow, caps: caps(), readOnly: handle.target.readOnly,
    extensionUri: deps.extensionUri, log: deps.log,
    schemas: schemaSessionFor(handle.target.bootstrap, deps.schemas, deps.log),
    valueSchema: valueSchemaFor(topic, deps.log),
    actions: {
      exportShown: (v, format) => exportShown(v, format),
      copyRecipe: (v, msg) => copyRecipe(v, msg),
      produceAgain: async (v, msg, topic) => {
        if (handle.target.readOnly) throw new UserError(m.readOnly(handle.target.name));
        const target = await pickTopic(handle, topic, m.produceAgainTopic, v.options.topic);
        return produceAgain(deps, v, msg, target);
      },
    },
  });
  openViewers.add(viewer);
  viewer.panel.onDidDispose(() => openViewers.delete(viewer));
  deps.log.info(`viewer: peek ${topic} on ${handle.target.name}: start ${JSON.stringify(start)}, partitions ${partitions.join(',')}, limit ${limit ?? 'none'}${follow ? ', following' : ''}`);
  viewer.start();
  return viewer;
}

/** Export of the shown messages: the format and the file asked unless given. */
export async function exportShown(v: ViewerPanel, format?: ExportFormat, uri?: vscode.Uri): Promise<{ count: number; uri: vscode.Uri }> {
  const fmt = format ?? (await vscode.window.showQuickPick(EXPORT_FORMATS.map((f) => ({ label: f.toUpperCase(), f })), { placeHolder: m.exportFormat }))?.f ?? cancelled();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${v.options.topic}.${fmt}`;
  const target = uri ?? (await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: fmt === 'csv' ? { CSV: ['csv'] } : fmt === 'jsonl' ? { 'JSON Lines': ['jsonl'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  })) ?? cancelled();
  const count = await v.exportTo(fmt, target);
  const text = m.exported(count, vscode.workspace.asRelativePath(target));
  v.options.log.info(`viewer: ${text}`);
  if (!uri) {
    void vscode.window.showInformationMessage(text, m.open).then((pick) => {
      if (pick === m.open) void vscode.window.showTextDocument(target);
    });
  }
  return { count, uri: target };
}

export async function copyRecipe(v: ViewerPanel, msg: ViewerMessage): Promise<string> {
  const text = messageAsRecipe(msg, v.options.topic);
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(m.recipeCopied(v.options.topic, msg.offset, msg.partition));
  return text;
}

export async function produceAgain(deps: DataDeps, v: ViewerPanel, msg: ViewerMessage, topic: string, answers: { oversize?: 'sendRest' | 'cancel' } = {}): Promise<ProduceReport> {
  const headers: Record<string, Buffer> = {};
  for (const h of msg.headers) if (h.value !== null) headers[h.key] = h.value;
  return runProduce({
    spec: v.options.spec, topic, log: deps.log, oversize: answers.oversize,
    messages: [{ message: { key: msg.key, value: msg.value, headers }, where: `${v.options.topic} partition ${msg.partition} offset ${msg.offset}` }],
  });
}

/** For callers that hold a viewer: the export with no dialogs. */
export function isExportFormat(f: unknown): f is ExportFormat {
  return typeof f === 'string' && (EXPORT_FORMATS as readonly string[]).includes(f);
}

export function assertUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
