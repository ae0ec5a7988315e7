import * as vscode from 'vscode';
import { addConnection } from './vscode/connections';
import { registerAdminCommands } from './vscode/admin/commands';
import { lastFailure, registerCommand } from './vscode/commands';
import { ClusterRegistry, setNodeRefresher } from './vscode/explorer/cluster';
import { AwsSource } from './vscode/explorer/aws';
import { registerAwsCommands } from './vscode/explorer/aws-commands';
import { ConnectionsSource } from './vscode/explorer/connections';
import { WarningDecorations } from './vscode/explorer/decorations';
import { MskExplorer } from './vscode/explorer/tree';
import { registerLint, type LintEvents } from './vscode/lint/index';
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
  readonly registry: ClusterRegistry;
  /** The last error a command showed, until it next succeeds (tests check refusals with it). */
  lastCommandFailure(id: string): string | undefined;
  /** The linter's events: a test waits for a lint pass instead of sleeping. */
  readonly lint: LintEvents;
}

export function activate(context: vscode.ExtensionContext): MskToolsApi {
  const started = performance.now();
  const explorer = new MskExplorer();
  explorer.useMedia(context.extensionUri);
  setNodeRefresher((node) => explorer.refresh(node));
  // one registry of cluster clients for every loader; the bootstrap loader also feeds the linter
  const registry = new ClusterRegistry(context.workspaceState, { read: (h, o) => connections.noteRead(h, o), failed: (h) => connections.noteFailed(h) });
  const connections = new ConnectionsSource(registry);
  const sandbox = new SandboxController(connections, explorer);
  const aws = new AwsSource(registry);
  context.subscriptions.push(
    explorer,
    registry,
    connections,
    sandbox,
    explorer.addSource(connections),
    aws,
    explorer.addSource(aws),
    ...registerAwsCommands(explorer),
    vscode.window.registerTreeDataProvider('msk.explorer', explorer),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('msk.connections') || e.affectsConfiguration('msk.aws')) explorer.refresh();
      else if (e.affectsConfiguration('msk.explorer')) explorer.rerender();
    }),
    vscode.window.registerFileDecorationProvider(new WarningDecorations()),
    ...registerAdminCommands({ explorer, registry }),
    registerCommand('msk.addConnection', messages.addConnection, async () => {
      if (await addConnection()) explorer.refresh();
    }),
    registerCommand('msk.sandbox.start', messages.startSandbox, () => sandbox.start()),
    registerCommand('msk.sandbox.stop', messages.stopSandbox, () => sandbox.stop()),
    registerCommand('msk.showLogs', 'Show Logs', () => log().show()),
    { dispose: disposeLog },
  );
  const lint = registerLint(context, connections);
  const activationMs = performance.now() - started;
  log().info(`MSK Tools activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, explorer, connections, sandbox, registry, lastCommandFailure: lastFailure, lint };
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
