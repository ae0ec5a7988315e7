import * as assert from 'assert';
import * as vscode from 'vscode';
import { readManifest, EXTENSION_ID } from './util';

describe('extension activation', () => {
  const manifest = readManifest();

  it('is installed under its manifest id', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `extension ${EXTENSION_ID} not found`);
  });

  it('activates without error and reports its activation time', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const api = await ext.activate();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0 && api.activationMs < 5000, `activation took ${api.activationMs} ms`);
    console.log(`[msk-test] activationMs=${api.activationMs.toFixed(2)}`);
  });

  it('registers every command the manifest contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(contributed.length >= 4);
    for (const id of contributed) assert.ok(registered.has(id), `command ${id} is contributed but not registered`);
  });

  it('contributes the msk view container with the msk.explorer view and its welcome content', () => {
    const containers = manifest.contributes.viewsContainers.activitybar;
    assert.deepStrictEqual(containers.map((c: { id: string }) => c.id), ['msk']);
    assert.deepStrictEqual(manifest.contributes.views.msk.map((v: { id: string }) => v.id), ['msk.explorer']);
    const welcome = manifest.contributes.viewsWelcome.find((w: { view: string }) => w.view === 'msk.explorer');
    assert.match(welcome.contents, /command:msk\.addConnection/);
    assert.match(welcome.contents, /command:msk\.sandbox\.start/);
  });

  it('can focus the explorer view (the view is really contributed to the workbench)', async () => {
    // VS Code generates "<view id>.focus" for every contributed view.
    await vscode.commands.executeCommand('msk.explorer.focus');
  });

  it('activates only from contributions, never eagerly', () => {
    const events: string[] = manifest.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activation event "*" is not allowed');
    assert.ok(!events.includes('onStartupFinished'), 'onStartupFinished is not allowed');
  });

  it('runs a contributed command through the error-reporting wrapper', async () => {
    await vscode.commands.executeCommand('msk.explorer.refresh');
  });
});
