// Sources of a produce run from the window: a `.msk` recipe block (its CodeLens calls
// msk.produce.recipeBlock with the file, the block's index and, for "Produce ×N", a count), and a
// JSON array or JSONL file of {key, value, headers, partition, timestamp}: a file picked in the
// explorer, the active editor, or the editor's selection. Every message keeps its place in the
// source ("orders.msk:12", "events.jsonl:3"), so that an oversize one is reported where it is.
import * as vscode from 'vscode';
import type { ClusterHandle } from '../explorer/cluster';
import { cancelled, pickCluster, pickTopic, specOf, UserError, type DataDeps } from '../viewer/target';
import { dataMessages as m } from '../viewer/messages';
import { parseSchemaRef } from '../../core/schemas/ref';
import type { SchemaRef } from '../../core/schemas/types';
import { runProduce, type ProduceReport, type SourcedMessage } from './run';
import { encodeWithSchemas } from './schemas';

type Recipes = typeof import('../../core/recipes/index');
let recipes: Promise<Recipes> | undefined;
const loadRecipes = () => (recipes ??= import('../../core/recipes/index'));

/** Answers a caller (a test, another extension) can give instead of the prompts. */
export interface ProduceAnswers {
  /** Cluster name or key (default: the only one, else a pick). */
  cluster?: string;
  /** Topic for a JSON source (a recipe block names its own). */
  topic?: string;
  /** What to do when some messages are too large (default: ask). */
  oversize?: 'sendRest' | 'cancel';
  /** Default true: idempotent, acks=all. False for brokers without a controller (librdkafka's mock). */
  idempotent?: boolean;
  /** Use the active editor's selection when it has one (default true). */
  selection?: boolean;
  /** JSON/JSONL: the schema of records that name none, e.g. "glue:REGISTRY/SCHEMA@latest" (docs/recipes.md). */
  schema?: string;
}

const MAX_LISTED_ERRORS = 5;

function answers(v: unknown): ProduceAnswers {
  return v && typeof v === 'object' ? v : {};
}

function toUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && v) return /^[a-z][\w+.-]*:/i.test(v) && !/^[a-z]:[\\/]/i.test(v) ? vscode.Uri.parse(v) : vscode.Uri.file(v);
  const u = v as { scheme?: unknown; path?: unknown } | undefined;
  if (u && typeof u.scheme === 'string' && typeof u.path === 'string') return vscode.Uri.from({ scheme: u.scheme, path: u.path });
  return undefined;
}

/** The text of a file: the open document's (unsaved edits included) when it is open, else what is on disk. */
async function textOf(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch (err) {
    throw new UserError(`Could not read ${vscode.workspace.asRelativePath(uri)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function writableCluster(deps: DataDeps, a: ProduceAnswers): Promise<ClusterHandle> {
  const handle = await pickCluster(deps, a as Record<string, unknown>);
  if (handle.target.readOnly) throw new UserError(m.readOnly(handle.target.name));
  return handle;
}

const listed = (items: string[]) => (items.length > MAX_LISTED_ERRORS ? [...items.slice(0, MAX_LISTED_ERRORS), `and ${items.length - MAX_LISTED_ERRORS} more`] : items);

/**
 * msk.produce.recipeBlock(uri, blockIndex, count?, answers?): expands the block (its count, or the
 * count given) and sends it to the topic it names, on the chosen cluster.
 */
export async function produceRecipeBlock(deps: DataDeps, uriArg: unknown, indexArg: unknown, countArg?: unknown, opts?: unknown): Promise<ProduceReport | undefined> {
  const a = answers(opts);
  const uri = toUri(uriArg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new UserError('Open a .msk recipe and use the "Produce" CodeLens above a block.');
  const file = vscode.workspace.asRelativePath(uri);
  const index = typeof indexArg === 'number' ? indexArg : Number(indexArg);
  const r = await loadRecipes();
  const recipe = r.parseRecipe(await textOf(uri));
  const block = Number.isInteger(index) ? recipe.blocks.find((b) => b.index === index) : undefined;
  if (!block) throw new UserError(m.noRecipeBlock(Number.isInteger(index) ? index : 0, file));
  const errors = recipe.errors.filter((e) => e.severity === 'error' && e.blockIndex === block.index);
  if (errors.length) throw new UserError(m.recipeErrors(file, listed(errors.map((e) => `${file}:${e.range.start.line + 1}: ${e.detail}`))));
  if (!block.topic) throw new UserError(m.noTopicInBlock(file, block.range.start.line + 1));
  if (block.hasErrors) throw new UserError(m.recipeErrors(file, [`${file}:${block.range.start.line + 1}: the block has errors (see the Problems view)`]));
  let count = block.count;
  if (countArg !== undefined && countArg !== null) {
    const c = typeof countArg === 'number' ? countArg : Number(countArg);
    if (!Number.isInteger(c) || c < 1 || c > r.MAX_COUNT) throw new UserError(`The count must be a whole number from 1 to ${r.MAX_COUNT.toLocaleString('en-US')}, got ${JSON.stringify(countArg)}.`);
    count = c;
  }
  const handle = await writableCluster(deps, a);
  const topic = await pickTopic(handle, block.topic);
  let expanded;
  try {
    expanded = await r.expandBlockAsync(block, { count });
  } catch (err) {
    if (err instanceof r.RecipeExpansionError) throw new UserError(`${file}:${err.line + 1}: ${err.message.replace(/^line \d+: /, '')}`);
    throw err;
  }
  const line = (block.value?.range.start.line ?? block.topicRange?.start.line ?? block.range.start.line) + 1;
  const messages: SourcedMessage[] = r.withBlockSchema(block, expanded).map((message, i) => ({ message, where: expanded.length > 1 ? `${file}:${line} (message ${i + 1})` : `${file}:${line}` }));
  // `schema:`: every message validated, then encoded in the registry's wire format, before any is sent
  await encodeWithSchemas(deps, handle, messages);
  deps.log.info(`produce: ${file} block ${block.index + 1}${block.title ? ` (${block.title})` : ''}: ${messages.length} message(s) to ${topic} on ${handle.target.name}`);
  return runProduce({ spec: await specOf(handle), topic, messages, log: deps.log, oversize: a.oversize, idempotent: a.idempotent });
}

/** JSON or JSONL: by the file's extension, else by its first character (an array is JSON). */
function kindOf(uri: vscode.Uri | undefined, text: string): 'json' | 'jsonl' {
  const ext = uri?.path.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json') return 'json';
  return text.trimStart().startsWith('[') ? 'json' : 'jsonl';
}

/**
 * msk.produce.file(uri?, answers?): the records of a JSON array or JSONL file (the explorer's or
 * editor's file, else the active editor, else a picked file). With a selection in the active
 * editor, the selected records only.
 */
export async function produceFile(deps: DataDeps, uriArg?: unknown, opts?: unknown): Promise<ProduceReport | undefined> {
  const a = answers(uriArg !== undefined && toUri(uriArg) === undefined ? uriArg : opts);
  let uri = toUri(uriArg);
  const editor = vscode.window.activeTextEditor;
  let text: string;
  let lineOffset = 0;
  let fromSelection = false;
  if (!uri && editor) uri = editor.document.uri;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Produce', title: m.pickJsonFile, filters: { 'JSON or JSONL': ['json', 'jsonl', 'ndjson'] } });
    uri = picked?.[0] ?? cancelled();
  }
  if (a.selection !== false && editor && editor.document.uri.toString() === uri.toString() && !editor.selection.isEmpty) {
    text = editor.document.getText(editor.selection);
    lineOffset = editor.selection.start.line;
    fromSelection = true;
  } else {
    text = await textOf(uri);
  }
  const file = vscode.workspace.asRelativePath(uri);
  const { parseJsonMessages } = await loadRecipes();
  let schema: SchemaRef | undefined;
  if (a.schema !== undefined) {
    const ref = parseSchemaRef(a.schema);
    if ('problem' in ref) throw new UserError(`The schema ${JSON.stringify(a.schema)}: ${ref.problem}.`);
    schema = ref;
  }
  let parsed = parseJsonMessages(text, fromSelection ? kindOf(undefined, text) : kindOf(uri, text), { schema });
  if (fromSelection && parsed.errors.length && /^\s*\{/.test(text)) {
    // some elements of a JSON array selected, with the commas between them: read them as that array
    // (the brackets go on the selection's first and last lines, so every line number stays)
    const asArray = parseJsonMessages(`[${text.replace(/,\s*$/, '')}]`, 'json', { schema });
    if (!asArray.errors.length) parsed = asArray;
  }
  if (parsed.errors.length) {
    throw new UserError(m.jsonErrors(listed(parsed.errors.map((e) => `${file}:${e.range.start.line + 1 + lineOffset}: ${e.detail}`))));
  }
  if (!parsed.messages.length) throw new UserError(`${file}${fromSelection ? ' (the selection)' : ''} holds no records: write a JSON array or one JSON object per line, like {"key": "k1", "value": {"id": 1}}.`);
  const handle = await writableCluster(deps, a);
  const topic = await pickTopic(handle, a.topic, m.produceToTopic);
  const messages: SourcedMessage[] = parsed.messages.map((message, i) => ({ message, where: `${file}:${parsed.ranges[i].start.line + 1 + lineOffset}` }));
  await encodeWithSchemas(deps, handle, messages);
  deps.log.info(`produce: ${file}${fromSelection ? ' (selection)' : ''}: ${messages.length} record(s) to ${topic} on ${handle.target.name}`);
  return runProduce({ spec: await specOf(handle), topic, messages, log: deps.log, oversize: a.oversize, idempotent: a.idempotent });
}
