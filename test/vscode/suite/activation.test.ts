import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExplorerNode, MskExplorer } from '../../../src/vscode/explorer/tree';
import { readManifest, EXTENSION_ID, mskApi, waitFor } from './util';

/** Counts the workbench's reads of the explorer's roots (getChildren() with no node), until disposed. */
function countRootReads(explorer: MskExplorer): { readonly count: number; dispose(): void } {
  const original = Object.getOwnPropertyDescriptor(explorer, 'getChildren');
  const read = explorer.getChildren.bind(explorer);
  const counter = { count: 0, dispose: () => {
    if (original) Object.defineProperty(explorer, 'getChildren', original);
    else delete (explorer as { getChildren?: unknown }).getChildren;
  } };
  explorer.getChildren = (node?: ExplorerNode) => {
    if (!node) counter.count++;
    return read(node);
  };
  return counter;
}

/** The next change event of the explorer's tree: the node it names, or undefined for the whole tree. */
function nextTreeChange(explorer: MskExplorer, ms = 10_000): Promise<ExplorerNode | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`no tree change within ${ms} ms`)); }, ms);
    const sub = explorer.onDidChangeTreeData((node) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(node ?? undefined);
    });
  });
}

describe('extension activation', () => {
  const manifest = readManifest();

  it('is installed under its manifest id', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `extension ${EXTENSION_ID} not found`);
  });

  it('activates without error and reports its activation time', async () => {
    const api = await mskApi();
    assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.strictEqual(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0 && api.activationMs < 5000, `activation took ${api.activationMs} ms`);
    console.log(`[msk-test] activationMs=${api.activationMs.toFixed(2)}`);
  });

  it('registers every command the manifest contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 4);
    for (const id of contributed) assert.ok(registered.has(id), `command ${id} is contributed but not registered`);
  });

  it('contributes the msk view container with the msk.explorer view and its welcome content', () => {
    const containers = manifest.contributes.viewsContainers.activitybar;
    assert.deepStrictEqual(containers.map((c) => c.id), ['msk']);
    assert.deepStrictEqual(manifest.contributes.views.msk.map((v) => v.id), ['msk.explorer']);
    const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === 'msk.explorer');
    assert.ok(welcome, 'no welcome content for msk.explorer');
    assert.match(welcome.contents, /command:msk\.addConnection/);
    assert.match(welcome.contents, /command:msk\.sandbox\.start/);
  });

  it('can focus the explorer view, which the workbench then fills from our tree provider', async () => {
    const { explorer } = await mskApi();
    const reads = countRootReads(explorer);
    try {
      // VS Code generates "<view id>.focus" for every contributed view.
      await vscode.commands.executeCommand('msk.explorer.focus');
      // a view that is not showing reads nothing; a showing one reads its roots (now, or on a change)
      explorer.refresh();
      await waitFor(() => reads.count > 0, 'the explorer view to read its roots');
    } finally {
      reads.dispose();
    }
  });

  it('activates only from contributions, never eagerly', () => {
    const events: string[] = manifest.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activation event "*" is not allowed');
    assert.ok(!events.includes('onStartupFinished'), 'onStartupFinished is not allowed');
  });

  it('Refresh changes the whole tree, and the open view reads its roots again', async () => {
    const { explorer } = await mskApi();
    await vscode.commands.executeCommand('msk.explorer.focus');
    const reads = countRootReads(explorer);
    try {
      const changed = nextTreeChange(explorer);
      await vscode.commands.executeCommand('msk.explorer.refresh');
      assert.strictEqual(await changed, undefined, 'Refresh must change the whole tree, not one node');
      await waitFor(() => reads.count > 0, 'the explorer view to read its roots again');
    } finally {
      reads.dispose();
    }
  });

  it('Show Logs opens the MSK Tools output channel', async () => {
    const isOurs = (d: vscode.TextDocument) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes('MSK Tools');
    // an output channel's document exists only once the channel has been shown
    await vscode.commands.executeCommand('workbench.action.closePanel');
    assert.ok(!vscode.workspace.textDocuments.some(isOurs), 'the channel was shown before the command (this test runs first)');
    const opened = new Promise<vscode.TextDocument>((resolve) => {
      const sub = vscode.workspace.onDidOpenTextDocument((d) => { if (isOurs(d)) { sub.dispose(); resolve(d); } });
    });
    await vscode.commands.executeCommand('msk.showLogs');
    const doc = vscode.workspace.textDocuments.find(isOurs) ?? await Promise.race([opened, new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000))]);
    assert.ok(doc, `no MSK Tools output document; open: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`);
    // the channel holds what the extension logged, so this is the log a user would read
    await waitFor(() => /MSK Tools activated in/.test(doc.getText()), 'the activation line in the shown log');
  });
});
