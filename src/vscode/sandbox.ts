// The local sandbox of this window: start it (with progress and cancel) in a child process of its
// own (src/sandbox/process.ts: VS Code's own Node, ELECTRON_RUN_AS_NODE), show it in the explorer,
// stop it with the window or on demand. Its log lines go to the "MSK Tools" output channel.
import * as vscode from 'vscode';
import type { SandboxInfo } from '../sandbox/sandbox';
import type { SandboxProcess } from '../sandbox/process';
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
  crashed: (how: string) => `MSK Tools: the local sandbox stopped unexpectedly (${how}). Its last log lines are in the "MSK Tools" output; start it again with "Restart".`,
  showLogs: 'Show Logs',
  restart: 'Restart',
  startFailed: (detail: string) => `${detail} The sandbox's log lines are in the "MSK Tools" output.`,
};

export class SandboxController implements vscode.Disposable {
  private running: SandboxProcess | undefined;
  private starting: Promise<SandboxInfo | undefined> | undefined;

  /** hostScript: the sandbox host entry, dist/sandbox-host.js of this extension. */
  constructor(private readonly connections: ConnectionsSource, private readonly explorer: MskExplorer, private readonly hostScript: string) {}

  get bootstrap(): string | undefined {
    return this.running?.info.bootstrap;
  }

  /** The running sandbox's listeners, endpoints and credentials files, or undefined. */
  get info(): SandboxInfo | undefined {
    return this.running?.info;
  }

  /** The sandbox process's pid while it runs (tests check that it is not the extension host's). */
  get pid(): number | undefined {
    return this.running?.pid;
  }

  async start(): Promise<SandboxInfo | undefined> {
    if (this.running) {
      void vscode.window.showInformationMessage(text.already(this.running.info.bootstrap));
      return this.running.info;
    }
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<SandboxInfo | undefined> {
    const sandbox = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: text.starting, cancellable: true },
      async (_progress, token) => {
        const { startSandboxProcess } = await import('../sandbox/process');
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await startSandboxProcess({
            hostScript: this.hostScript,
            options: { seed: 'demo', owner: 'vscode' },
            log: (msg) => log().info(`sandbox: ${msg}`),
            signal: abort.signal,
          });
        } catch (err) {
          if (abort.signal.aborted) return undefined;
          throw new Error(text.startFailed(err instanceof Error ? err.message : String(err)), { cause: err });
        } finally {
          sub.dispose();
        }
      },
    );
    if (!sandbox) {
      void vscode.window.showInformationMessage(text.cancelled);
      return undefined;
    }
    this.running = sandbox;
    void sandbox.exited.then(({ code, signal }) => this.onExit(sandbox, signal ? `signal ${signal}` : `exit code ${code}`));
    const { info } = sandbox;
    this.connections.add({ name: SANDBOX_CONNECTION, bootstrap: info.bootstrap });
    this.explorer.refresh();
    void vscode.commands.executeCommand('setContext', 'msk.sandboxRunning', true);
    log().info(`sandbox: process ${sandbox.pid}, bootstrap ${info.bootstrap}, MSK API ${info.mskEndpoint}${sandbox.discoveryFile ? `, found by the CLI through ${sandbox.discoveryFile}` : ''}`);
    void vscode.window.showInformationMessage(text.started(info.bootstrap), text.copy).then((pick) => {
      if (pick === text.copy) void vscode.env.clipboard.writeText(info.bootstrap);
    });
    return info;
  }

  /** The child exited: after stop() that is expected; otherwise it crashed or was killed. */
  private onExit(sandbox: SandboxProcess, how: string): void {
    if (this.running !== sandbox) return;
    this.detach();
    log().error(`sandbox: the sandbox process ${sandbox.pid} exited unexpectedly (${how})`);
    void vscode.window.showErrorMessage(text.crashed(how), text.showLogs, text.restart).then((pick) => {
      if (pick === text.showLogs) log().show();
      if (pick === text.restart) void vscode.commands.executeCommand('msk.sandbox.start');
    });
  }

  private detach(): void {
    this.running = undefined;
    this.connections.remove(SANDBOX_CONNECTION);
    this.explorer.refresh();
    void vscode.commands.executeCommand('setContext', 'msk.sandboxRunning', false);
  }

  async stop(): Promise<void> {
    const sb = this.running;
    if (!sb) {
      void vscode.window.showInformationMessage(text.notRunning);
      return;
    }
    this.detach();
    await sb.stop();
    void vscode.window.showInformationMessage(text.stopped);
  }

  dispose(): void {
    // synchronous: the window is closing. The child stops its brokers on SIGTERM, and would also
    // stop by itself when the IPC channel closes with this process.
    this.running?.kill();
    this.running = undefined;
  }
}
