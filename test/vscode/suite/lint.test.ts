// Extension-host test of producer-config diagnostics: real VS Code opens a copy of a fixture, shows
// the lint diagnostics, applies the engine's quick fix through the code action provider, and the
// diagnostic clears.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, mskApi, nextLint, repoRoot, waitFor } from './util';

const WAIT_MS = 20_000;

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (typeof c === 'object' && c !== null) return String(c.value);
  return c === undefined ? undefined : String(c);
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'msk-lint');

describe('lint in the editor', function () {
  this.timeout(60_000);
  let tmp: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msk-lint-vscode-'));
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens a copy of a fixture, so the fixture itself is never modified. */
  async function openCopy(rel: string): Promise<vscode.TextDocument> {
    const target = path.join(tmp, rel.replace(/[\\/]/g, '-'));
    fs.copyFileSync(path.join(repoRoot(), 'test', 'fixtures', 'lint', rel), target);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(target));
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  async function applyQuickFix(doc: vscode.TextDocument, ruleId: string): Promise<void> {
    const diag = await waitFor(() => ours(doc.uri).find((d) => codeOf(d) === ruleId), `${ruleId} on ${doc.fileName}`, WAIT_MS);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
    // the engine's fix: a quick fix with an edit, not the "disable for this line" comment
    const isDisable = (a: vscode.CodeAction) => !!a.edit?.entries().some(([, edits]) => edits.some((e) => e.newText.includes('msk-lint-disable')));
    const candidates = actions.filter((a) => a.edit && !isDisable(a) && (!a.kind || vscode.CodeActionKind.QuickFix.contains(a.kind)));
    const fix = candidates.find((a) => (a.diagnostics ?? []).some((d) => codeOf(d) === ruleId)) ?? candidates.find((a) => a.isPreferred) ?? candidates[0];
    assert.ok(fix?.edit, `a quick fix for ${ruleId}; got: ${actions.map((a) => `${a.title} [kind=${a.kind?.value} preferred=${a.isPreferred} diags=${(a.diagnostics ?? []).map(codeOf).join(',')} edit=${!!a.edit}]`).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor(() => !ours(doc.uri).some((d) => codeOf(d) === ruleId), `${ruleId} to clear`, WAIT_MS);
  }

  it('flags acks=1 in a producer .properties file, links the rule doc, and the quick fix clears it', async () => {
    const doc = await openCopy('properties/producer-acks1.properties');
    const diags = await waitFor(() => {
      const d = ours(doc.uri);
      return d.some((x) => codeOf(x) === 'MSK002') && d.some((x) => codeOf(x) === 'MSK004') ? d : undefined;
    }, 'diagnostics', WAIT_MS);
    assert.deepEqual([...new Set(diags.map(codeOf))].sort(), ['MSK002', 'MSK004']);
    const acks = diags.find((d) => codeOf(d) === 'MSK002')!;
    assert.equal(acks.range.start.line, 4);
    assert.equal(acks.severity, vscode.DiagnosticSeverity.Error);
    const code = acks.code as { value: string; target: vscode.Uri };
    assert.ok(code.target instanceof vscode.Uri, 'Diagnostic.code.target is the doc page');
    assert.match(code.target.toString(), /docs\/rules\/MSK002\.md$/);

    await applyQuickFix(doc, 'MSK002');
    assert.match(doc.getText(), /^acks=all$/m);
    // the same edit also satisfies MSK004 (idempotence needs acks=all)
    await waitFor(() => !ours(doc.uri).some((d) => codeOf(d) === 'MSK004'), 'MSK004 to clear', WAIT_MS);
  });

  it('adds enable.idempotence to a Spring YAML producer section', async () => {
    const doc = await openCopy('spring/application.yml');
    await applyQuickFix(doc, 'MSK001');
    assert.match(doc.getText(), /"\[enable\.idempotence\]": true/);
  });

  it('adds idempotent: true to a kafkajs producer', async () => {
    const doc = await openCopy('kafkajs/not-idempotent.mjs');
    await applyQuickFix(doc, 'MSK001');
    assert.match(doc.getText(), /idempotent: true/);
  });

  it('leaves a consumer config alone', async () => {
    const producer = await openCopy('properties/producer-missing.properties');
    await waitFor(() => ours(producer.uri).length > 0, 'the engine to lint a producer first', WAIT_MS);
    // the pass that would have delivered its diagnostics: subscribed before the open that starts it
    const linted = nextLint((uri) => uri.fsPath.endsWith('properties-consumer.properties'), 'the consumer config to be linted', WAIT_MS);
    const doc = await openCopy('properties/consumer.properties');
    await linted;
    assert.deepEqual(ours(doc.uri), []);
  });

  it('lints a .tsx file that imports kafkajs (language typescriptreact), with quick fixes', async () => {
    const doc = await openCopy('kafkajs/send-test-event.tsx');
    assert.equal(doc.languageId, 'typescriptreact');
    const diags = await waitFor(() => {
      const d = ours(doc.uri);
      return ['MSK001', 'MSK002', 'MSK006'].every((id) => d.some((x) => codeOf(x) === id)) ? d : undefined;
    }, 'MSK001, MSK002 and MSK006 on the .tsx file', WAIT_MS);
    assert.equal(diags.find((d) => codeOf(d) === 'MSK001')!.range.start.line, 7);
    await applyQuickFix(doc, 'MSK001');
    assert.match(doc.getText(), /kafka\.producer\(\{ idempotent: true \}\)/);
  });

  it('offers the MSK005 auth rewrite as a suggestion, and a fix confined to its rule as preferred', async () => {
    const doc = await openCopy('kafkajs/aws-mechanism.js');
    // the command hands back actions without their diagnostics: the engine's fixes are told apart by title
    const quickFixFor = async (ruleId: string, title: RegExp) => {
      const diag = await waitFor(() => ours(doc.uri).find((d) => codeOf(d) === ruleId), `${ruleId} on ${doc.fileName}`, WAIT_MS);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
      const fix = actions.find((a) => a.edit && title.test(a.title));
      assert.ok(fix, `a fix for ${ruleId}; got ${actions.map((a) => a.title).join(' | ')}`);
      return fix;
    };
    const rewrite = await quickFixFor('MSK005', /^Use the MSK IAM OAUTHBEARER provider/);
    assert.notEqual(rewrite.isPreferred, true, 'the auth rewrite is not preferred');
    assert.equal((await quickFixFor('MSK001', /^Add idempotent: true$/)).isPreferred, true);
  });

  it('does not lint a document over msk.lint.maxFileSize, says so in the status bar, and lints it once the limit is raised', async () => {
    const api = await mskApi();
    // a real producer config (acks=1 is an MSK002 finding), padded past 1 MiB with routing rules
    const rules = Array.from({ length: 24_000 }, (_, i) => `    - path: /api/v1/orders/${i}/items\n      topic: orders-${i % 50}`);
    const text = `spring:\n  kafka:\n    producer:\n      acks: 1\n      properties:\n        "[enable.idempotence]": true\nrouting:\n  rules:\n${rules.join('\n')}\n`;
    assert.ok(Buffer.byteLength(text) > 1024 * 1024, `${Buffer.byteLength(text)} bytes`);
    const file = path.join(tmp, 'gateway.yml');
    fs.writeFileSync(file, text);
    // as large, with no Kafka settings (a data dump): skipped too, but without a note
    const dump = path.join(tmp, 'routes-dump.yml');
    fs.writeFileSync(dump, `routing:\n  rules:\n${rules.join('\n')}\n`);
    const cfg = vscode.workspace.getConfiguration('msk.lint');
    try {
      const dumpLinted = nextLint((uri) => uri.fsPath === dump, 'the data dump to be seen by the linter', WAIT_MS);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(dump)));
      await dumpLinted;
      assert.equal(api.lint.skipped.shown(), undefined, 'no note for a large file that is no Kafka config');

      const linted = nextLint((uri) => uri.fsPath === file, 'the large file to be seen by the linter', WAIT_MS);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      await linted;
      const note = await waitFor(() => api.lint.skipped.shown(), 'the status bar note', WAIT_MS);
      assert.match(note.text, /MSK lint: skipped/);
      assert.match(note.tooltip, /larger than msk\.lint\.maxFileSize \(1 MiB\)/);
      assert.deepEqual(ours(doc.uri), [], 'no diagnostics: the document was not linted');

      // the same document is linted under a higher limit: the skip was the size, not the content
      await cfg.update('maxFileSize', 4 * 1024 * 1024, vscode.ConfigurationTarget.Global);
      await waitFor(() => ours(doc.uri).some((d) => codeOf(d) === 'MSK002'), 'MSK002 once the limit is 4 MiB', WAIT_MS);
      assert.equal(api.lint.skipped.shown(), undefined, 'the note is gone');
    } finally {
      await cfg.update('maxFileSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
