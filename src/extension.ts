import * as vscode from 'vscode';
import { registerCommand } from './vscode/commands';
import { MskExplorer } from './vscode/explorer/tree';
import { disposeLog, log } from './vscode/log';
import { messages } from './vscode/messages';

/** What activate() hands to other extensions and to our tests. */
export interface MskToolsApi {
  /** How long activate() took, in milliseconds. */
  readonly activationMs: number;
  readonly explorer: MskExplorer;
}

export function activate(context: vscode.ExtensionContext): MskToolsApi {
  const started = performance.now();
  const explorer = new MskExplorer();
  context.subscriptions.push(
    explorer,
    vscode.window.registerTreeDataProvider('msk.explorer', explorer),
    registerCommand('msk.explorer.refresh', 'Refresh', () => explorer.refresh()),
    registerCommand('msk.addConnection', messages.addConnection, () =>
      vscode.window.showInformationMessage(messages.comingSoon(messages.addConnection)),
    ),
    registerCommand('msk.sandbox.start', messages.startSandbox, () =>
      vscode.window.showInformationMessage(messages.comingSoon(messages.startSandbox)),
    ),
    registerCommand('msk.showLogs', 'Show Logs', () => log().show()),
    { dispose: disposeLog },
  );
  const activationMs = performance.now() - started;
  log().info(`MSK Tools activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, explorer };
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
