// Extension-host test of `.msk` recipes in real VS Code: the file opens as the msk-recipe language, a
// broken block gets diagnostics, each block gets its Produce CodeLenses with the arguments the produce
// command takes, `{{` completes helpers, a helper has a hover, and blocks fold.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './util';

const WAIT_MS = 20_000;
const RECIPE = [
  '### Order created', //              0
  'topic: orders', //                  1
  'key: customer-{{int 1 9}}', //      2
  'count: 3', //                       3
  '', //                               4
  '{', //                              5
  '  "id": "{{uuid}}",', //            6
  '  "n": {{seq}}', //                 7
  '}', //                              8
  '', //                               9
  '### Broken', //                     10
  'topic: orders', //                  11
  'count: many', //                    12
  '', //                               13
  '{"id": {{uuid}}}', //               14
  '', //                               15
  '### One', //                        16
  'topic: audit-log', //               17
  'key: ', //                          18
  '', //                               19
  'text {{seq}}', //                   20
  '',
].join('\n');

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'msk-recipe');

describe('recipes (.msk) in the editor', function () {
  this.timeout(90_000);
  let tmp: string;
  let doc: vscode.TextDocument;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msk-recipe-vscode-'));
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const file = path.join(tmp, 'orders.msk');
    fs.writeFileSync(file, RECIPE);
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('opens .msk files as the msk-recipe language', () => {
    assert.equal(doc.languageId, 'msk-recipe');
  });

  it('shows the errors of the broken block where they are, and none for the good blocks', async () => {
    const diags = await waitFor(() => (ours(doc.uri).length >= 3 ? ours(doc.uri) : undefined), 'recipe diagnostics', WAIT_MS);
    const shown = diags.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'other'} ${d.message}`).sort();
    assert.deepEqual(shown, [
      "12:7 error `count` must be a whole number from 1 to 1000000, got 'many'",
      '14:7 error `{{uuid}}` gives text, which JSON must quote: write "{{uuid}}"',
      '18:0 error `key` is empty: remove the line for a null key, or give a key',
    ]);
  });

  it('clears a diagnostic once the text is fixed', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(12, 7, 12, 11), '2');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => !ours(doc.uri).some((d) => d.range.start.line === 12), 'the count error to clear', WAIT_MS);
    assert.equal(ours(doc.uri).length, 2);
  });

  it('puts Produce and Produce ×N above each block, with (uri, blockIndex, count) for msk.produce.recipeBlock', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const shown = lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, (l.command?.arguments ?? []).map((a: unknown) => (a instanceof vscode.Uri ? a.toString() : a))]);
    const uri = doc.uri.toString();
    assert.deepEqual(shown, [
      [0, '$(play) Produce', 'msk.produce.recipeBlock', [uri, 0, 1]],
      [0, '$(run-all) Produce ×3', 'msk.produce.recipeBlock', [uri, 0, 3]],
      [10, '$(play) Produce', 'msk.produce.recipeBlock', [uri, 1, 1]],
      [10, '$(run-all) Produce ×2', 'msk.produce.recipeBlock', [uri, 1, 2]],
      [16, '$(play) Produce', 'msk.produce.recipeBlock', [uri, 2, 1]],
      [16, '$(run-all) Produce ×N…', 'msk.recipe.produceTimes', [uri, 2]],
    ]);
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes('msk.recipe.produceTimes'), 'the ask-for-N command is registered');
  });

  it('completes template helpers after {{, and field names at the start of a head line', async () => {
    const helpers = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 16));
    const labels = helpers.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const h of ['uuid', 'now', 'now.ms', 'seq', 'int', 'float', 'string', 'hex', 'pick', 'bool', 'faker']) assert.ok(labels.includes(h), `helper ${h} in ${labels.join(', ')}`);
    const uuid = helpers.items.find((i) => i.label === 'uuid')!;
    assert.equal(uuid.detail, '{{uuid}}');
    const fields = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(1, 0));
    const names = fields.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const f of ['topic', 'key', 'header NAME', 'partition', 'count', 'timestamp', 'format']) assert.ok(names.includes(f), `field ${f} in ${names.join(', ')}`);
  });

  it('shows what a helper gives on hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(6, 12));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /\{\{uuid\}\}/);
    assert.match(text, /A random UUID \(version 4\)/);
    assert.match(text, /inside JSON, write it inside quotes/);
  });

  it('folds each block and each JSON object over several lines', async () => {
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    const shown = ranges.map((r) => `${r.start}-${r.end}`).sort();
    for (const want of ['0-8', '5-7', '10-14', '16-20']) assert.ok(shown.includes(want), `${want} in ${shown.join(', ')}`);
  });
});
