// The local sandbox in this window: start it (with progress and cancel), show it in the explorer,
// stop it with the window or on demand.
import * as vscode from 'vscode';
import type { RunningSandbox } from '../sandbox/index';
import type { ConnectionsSource } from './explorer/connections';
import type { MskExplorer } from './explorer/tree';
import { log } from './log';

export const SANDBOX_CONNECTION = 'Local sandbox';

const text = {
  starting: 'MSK Tools: starting the local sandbox…',
  started: (bootstrap: string) => `MSK Tools: the local sandbox is running at ${bootstrap}, with demo topics and a consumer group.`,
  already: (bootstrap: string) => `MSK Tools: the local sandbox is already running at ${bootstrap}.`,
  notRunning: 'MSK Tools: the local sandbox is not running. Start it with "MSK: Start Local Sandbox".',
  stopped: 'MSK Tools: the local sandbox stopped.',
  copy: 'Copy Bootstrap',
  cancelled: 'MSK Tools: starting the sandbox was cancelled.',
};

export class SandboxController implements vscode.Disposable {
  private running: RunningSandbox | undefined;
  private starting: Promise<RunningSandbox | undefined> | undefined;

  constructor(private readonly connections: ConnectionsSource, private readonly explorer: MskExplorer) {}

  get bootstrap(): string | undefined {
    return this.running?.bootstrap;
  }

  async start(): Promise<RunningSandbox | undefined> {
    if (this.running) {
      void vscode.window.showInformationMessage(text.already(this.running.bootstrap));
      return this.running;
    }
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<RunningSandbox | undefined> {
    const sandbox = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: text.starting, cancellable: true },
      async (_progress, token) => {
        const { startSandbox } = await import('../sandbox/index');
        const sb = await startSandbox({ seed: 'demo', log: (msg) => log().info(`sandbox: ${msg}`) });
        if (token.isCancellationRequested) {
          await sb.stop();
          return undefined;
        }
        return sb;
      },
    );
    if (!sandbox) {
      void vscode.window.showInformationMessage(text.cancelled);
      return undefined;
    }
    this.running = sandbox;
    this.connections.add({ name: SANDBOX_CONNECTION, bootstrap: sandbox.bootstrap });
    this.explorer.refresh();
    void vscode.commands.executeCommand('setContext', 'msk.sandboxRunning', true);
    log().info(`sandbox: bootstrap ${sandbox.bootstrap}, MSK API ${sandbox.mskEndpoint}`);
    void vscode.window.showInformationMessage(text.started(sandbox.bootstrap), text.copy).then((pick) => {
      if (pick === text.copy) void vscode.env.clipboard.writeText(sandbox.bootstrap);
    });
    return sandbox;
  }

  async stop(): Promise<void> {
    const sb = this.running;
    if (!sb) {
      void vscode.window.showInformationMessage(text.notRunning);
      return;
    }
    this.running = undefined;
    this.connections.remove(SANDBOX_CONNECTION);
    this.explorer.refresh();
    void vscode.commands.executeCommand('setContext', 'msk.sandboxRunning', false);
    await sb.stop();
    void vscode.window.showInformationMessage(text.stopped);
  }

  dispose(): void {
    void this.running?.stop();
    this.running = undefined;
  }
}
