import * as vscode from 'vscode';
import { registerCommand } from './vscode/commands';
import { addConnection } from './vscode/connections';
import { ConnectionsSource } from './vscode/explorer/connections';
import { MskExplorer } from './vscode/explorer/tree';
import { registerLint } from './vscode/lint/index';
import { disposeLog, log } from './vscode/log';
import { messages } from './vscode/messages';
import { SandboxController } from './vscode/sandbox';

/** What activate() hands to other extensions and to our tests. */
export interface MskToolsApi {
  /** How long activate() took, in milliseconds. */
  readonly activationMs: number;
  readonly explorer: MskExplorer;
  readonly connections: ConnectionsSource;
  readonly sandbox: SandboxController;
}

export function activate(context: vscode.ExtensionContext): MskToolsApi {
  const started = performance.now();
  const explorer = new MskExplorer();
  const connections = new ConnectionsSource();
  const sandbox = new SandboxController(connections, explorer);
  context.subscriptions.push(
    explorer,
    connections,
    sandbox,
    explorer.addSource(connections),
    vscode.window.registerTreeDataProvider('msk.explorer', explorer),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('msk.connections')) explorer.refresh();
    }),
    registerCommand('msk.explorer.refresh', 'Refresh', () => explorer.refresh()),
    registerCommand('msk.addConnection', messages.addConnection, async () => {
      if (await addConnection()) explorer.refresh();
    }),
    registerCommand('msk.sandbox.start', messages.startSandbox, () => sandbox.start()),
    registerCommand('msk.sandbox.stop', messages.stopSandbox, () => sandbox.stop()),
    registerCommand('msk.showLogs', 'Show Logs', () => log().show()),
    { dispose: disposeLog },
  );
  registerLint(context, connections);
  const activationMs = performance.now() - started;
  log().info(`MSK Tools activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, explorer, connections, sandbox };
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
