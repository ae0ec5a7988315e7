import * as vscode from 'vscode';
import { registerConnectionCommands } from './vscode/connection-commands';
import { registerAdminCommands } from './vscode/admin/commands';
import { registerDataCommands } from './vscode/viewer/commands';
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
import { registerSchemaCommands } from './vscode/schemas/commands';
import { registerSchemaExplorer } from './vscode/explorer/schemas';
import { RecipesSource } from './vscode/explorer/recipes';
import { registerRecipes } from './vscode/recipes/index';
import { registerSnippetCommands } from './vscode/snippets/commands';
import { setPrompter, type Prompter } from './vscode/prompter';

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
  /** Extension-host tests only (ExtensionMode.Test): answer the connection prompts (src/vscode/prompter.ts). */
  readonly testing?: { setPrompter(p: Prompter | undefined): void; secrets: vscode.SecretStorage; logUri: vscode.Uri; globalStorageUri: vscode.Uri };
}

export function activate(context: vscode.ExtensionContext): MskToolsApi {
  const started = performance.now();
  const explorer = new MskExplorer();
  explorer.useMedia(context.extensionUri);
  setNodeRefresher((node) => explorer.refresh(node));
  // one registry of cluster clients for every loader; the bootstrap loader also feeds the linter
  const registry = new ClusterRegistry(context.workspaceState, { read: (h, o) => connections.noteRead(h, o), failed: (h) => connections.noteFailed(h) });
  const connections = new ConnectionsSource(registry, context.secrets);
  const sandbox = new SandboxController(connections, explorer, context.asAbsolutePath('dist/sandbox-host.js'));
  const schemaCommands = registerSchemaCommands(context.secrets, () => sandbox.info);
  const aws = new AwsSource(registry, { state: context.globalState, secrets: context.secrets });
  const recipes = new RecipesSource(() => explorer.rerender());
  context.subscriptions.push(
    explorer,
    registry,
    connections,
    sandbox,
    explorer.addSource(connections),
    aws,
    explorer.addSource(aws),
    // the workspace's .msk recipes under a "Recipes" node; a file added or deleted re-renders the tree
    explorer.addSource(recipes),
    recipes,
    ...registerSnippetCommands(),
    ...registerAwsCommands(explorer),
    vscode.window.registerTreeDataProvider('msk.explorer', explorer),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('msk.connections') || e.affectsConfiguration('msk.aws')) explorer.refresh();
      else if (e.affectsConfiguration('msk.explorer')) explorer.rerender();
    }),
    vscode.window.registerFileDecorationProvider(new WarningDecorations()),
    ...registerAdminCommands({ explorer, registry }),
    ...schemaCommands.disposables,
    ...registerSchemaExplorer(schemaCommands.context),
    ...registerDataCommands({ explorer, registry, extensionUri: context.extensionUri, schemas: schemaCommands.context }),
    ...registerConnectionCommands({ explorer, secrets: context.secrets, aws }),
    registerCommand('msk.sandbox.start', messages.startSandbox, () => sandbox.start()),
    registerCommand('msk.sandbox.stop', messages.stopSandbox, () => sandbox.stop()),
    registerCommand('msk.showLogs', 'Show Logs', () => log().show()),
    { dispose: disposeLog },
  );
  const lint = registerLint(context, connections);
  // .msk recipes: diagnostics, CodeLens, completion, hover and folding (the parser loads on the first recipe)
  registerRecipes(context, connections);
  const activationMs = performance.now() - started;
  log().info(`MSK Tools activated in ${activationMs.toFixed(1)} ms`);
  // the prompts' test hook exists only in an extension-host test run, never on a user's path
  const testing = context.extensionMode === vscode.ExtensionMode.Test
    ? { setPrompter, secrets: context.secrets, logUri: context.logUri, globalStorageUri: context.globalStorageUri }
    : undefined;
  return { activationMs, explorer, connections, sandbox, registry, lastCommandFailure: lastFailure, lint, testing };
}

export function deactivate(): void {
  // everything is released through context.subscriptions
}
