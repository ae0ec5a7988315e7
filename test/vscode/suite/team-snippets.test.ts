// Extension-host test of team snippets: in a real VS Code, a selection is saved into the workspace's
// .vscode/msk.code-snippets, which already holds an entry and comments; the file keeps them, the new
// entry is inserted into another editor by its prefix, and a selection holding a secret is refused
// without the file being touched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { mskApi } from './util';

const EXISTING = `// Team snippets: committed with the repository, reviewed like code.
{
  // the platform team's standard producer
  "Platform producer": {
    "prefix": "team-producer",
    "scope": "properties",
    "body": ["acks=all", "enable.idempotence=true"],
    "description": "Standard producer"
  }
}
`;

const CONFIG = [
  'bootstrap.servers=b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com:9098',
  'security.protocol=SASL_SSL',
  'sasl.mechanism=AWS_MSK_IAM',
  'acks=all',
  'enable.idempotence=true',
].join('\n');

describe('team snippets in .vscode/msk.code-snippets', function () {
  this.timeout(60_000);
  let api: Awaited<ReturnType<typeof mskApi>>;
  let folder: string;
  let file: string;
  let saved: string | undefined;

  before(async () => {
    api = await mskApi();
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the suite runs with a workspace folder');
    folder = ws.uri.fsPath;
    file = path.join(folder, '.vscode', 'msk.code-snippets');
    saved = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, EXISTING);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (saved === undefined) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, saved);
    for (const f of ['team-source.properties', 'team-target.properties', 'team-other.properties', 'team-secret.properties']) fs.rmSync(path.join(folder, f), { force: true });
  });

  async function editorWith(name: string, text: string): Promise<vscode.TextEditor> {
    const p = path.join(folder, name);
    fs.writeFileSync(p, text);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(p));
    return editor;
  }

  it('saves a selection beside the existing entry, keeping its comments, and inserts it by prefix', async () => {
    const source = await editorWith('team-source.properties', CONFIG + '\n');
    source.selection = new vscode.Selection(0, 0, 4, source.document.lineAt(4).text.length);
    const written = await vscode.commands.executeCommand<vscode.Uri>('msk.snippets.saveToTeam', { prefix: 'orders-iam', description: 'Orders producer over IAM' });
    assert.equal(api.lastCommandFailure('msk.snippets.saveToTeam'), undefined);
    assert.equal(written?.fsPath, file);

    const text = fs.readFileSync(file, 'utf8');
    // the old entry and both comments are still there, byte for byte
    assert.ok(text.startsWith('// Team snippets: committed with the repository, reviewed like code.\n{\n  // the platform team\'s standard producer\n'), text);
    assert.ok(text.includes('"prefix": "team-producer"'), text);
    const entries = parse(text) as Record<string, { prefix: string; body: string[]; description: string; scope?: string }>;
    assert.equal(Object.keys(entries).length, 2);
    const added = Object.values(entries).find((e) => e.prefix === 'orders-iam');
    assert.ok(added, text);
    assert.deepEqual(added.body, CONFIG.split('\n'));
    assert.equal(added.description, 'Orders producer over IAM');
    assert.ok(added.scope?.split(',').includes('properties'), String(added.scope));

    const target = await editorWith('team-target.properties', '');
    assert.equal(await vscode.commands.executeCommand('msk.snippets.insertFromTeam', { prefix: 'orders-iam' }), 'orders-iam');
    assert.equal(api.lastCommandFailure('msk.snippets.insertFromTeam'), undefined);
    assert.equal(target.document.getText(), CONFIG);
    // the earlier entry is still offered too
    const other = await editorWith('team-other.properties', '');
    assert.equal(await vscode.commands.executeCommand('msk.snippets.insertFromTeam', { prefix: 'team-producer' }), 'team-producer');
    assert.equal(other.document.getText(), 'acks=all\nenable.idempotence=true');
  });

  it('refuses a selection that holds a password, naming it, and leaves the file alone', async () => {
    const before = fs.readFileSync(file, 'utf8');
    const editor = await editorWith('team-secret.properties', 'security.protocol=SASL_SSL\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="orders" password="s3cr3t-Orders-2026";\n');
    editor.selection = new vscode.Selection(0, 0, 2, 0);
    await vscode.commands.executeCommand('msk.snippets.saveToTeam', { prefix: 'orders-scram', description: 'x' });
    const failure = api.lastCommandFailure('msk.snippets.saveToTeam');
    assert.ok(failure, 'the command failed');
    assert.match(failure, /password/i);
    assert.ok(!failure.includes('s3cr3t-Orders-2026'), failure);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });
});
