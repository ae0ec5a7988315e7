// Starts the local sandbox in a child process (the host entry, dist/sandbox-host.js) and talks to it
// over Node's IPC channel. Node built-ins only, so the extension can load this without the sandbox's
// own chunk: the brokers run in the child, never in the caller's event loop.
//
// The child runs on the caller's own runtime: process.execPath with ELECTRON_RUN_AS_NODE=1, which
// turns VS Code's Electron binary into plain Node and is ignored by a plain Node (code-server's
// extension host, the CLI, tests).
import { fork, type ChildProcess } from 'node:child_process';
import type { HostError, HostEvent, HostOptions, HostRequest } from './host-protocol';
import type { SandboxInfo } from './sandbox';

export type { HostOptions } from './host-protocol';

export interface SandboxProcessOptions {
  /** Path of the host entry: dist/sandbox-host.js (or src/sandbox/host.ts with execArgv loading tsx). */
  hostScript: string;
  options?: HostOptions;
  /** One call per log line of the child (its sandbox log, and anything it writes to stdout/stderr). */
  log?: (line: string) => void;
  /** Aborting kills the child, and the returned promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Default process.execPath. */
  execPath?: string;
  /** Default []: the caller's flags (an inspector port, say) are not the child's. */
  execArgv?: string[];
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
  /** How long the start may take before the child is killed (default 120 s: the demo seed runs kafkajs). */
  startTimeoutMs?: number;
}

export interface SandboxProcess {
  readonly info: SandboxInfo;
  readonly pid: number;
  /** The discovery file the child wrote for the CLI, if any. */
  readonly discoveryFile: string | undefined;
  /** Resolves when the child has exited, with its exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Asks the child to stop, and kills it if it has not exited within graceMs (default 5000). */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous: sends SIGTERM (the child stops its brokers and exits). For deactivate(). */
  kill(): void;
}

/** A start failure, with the child's own error (EADDRINUSE, SavedStateError, …) when it reported one. */
export class SandboxStartError extends Error {
  override name = 'SandboxStartError';
  constructor(message: string, readonly code?: string, readonly causeName?: string) {
    super(message);
  }
}

function lines(stream: NodeJS.ReadableStream | null, each: (line: string) => void): void {
  if (!stream) return;
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    let i: number;
    while ((i = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, i).replace(/\r$/, '');
      rest = rest.slice(i + 1);
      if (line) each(line);
    }
  });
  stream.on('end', () => {
    if (rest) each(rest);
    rest = '';
  });
}

export function startSandboxProcess(opts: SandboxProcessOptions): Promise<SandboxProcess> {
  const log = opts.log ?? (() => {});
  if (opts.signal?.aborted) return Promise.reject(abortError());
  const child: ChildProcess = fork(opts.hostScript, [JSON.stringify(opts.options ?? {})], {
    execPath: opts.execPath ?? process.execPath,
    execArgv: opts.execArgv ?? [],
    env: { ...process.env, ...opts.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  lines(child.stdout, log);
  lines(child.stderr, log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  return new Promise<SandboxProcess>((resolve, reject) => {
    let settled = false;
    const cleanup = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      cleanup();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(err);
    };
    const onAbort = () => fail(abortError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => fail(new SandboxStartError(`the sandbox did not start within ${Math.round((opts.startTimeoutMs ?? 120_000) / 1000)} s`)), opts.startTimeoutMs ?? 120_000);
    child.once('error', (err) => fail(new SandboxStartError(`could not start the sandbox process (${opts.execPath ?? process.execPath}): ${err.message}`)));
    child.once('exit', (code, signal) => fail(new SandboxStartError(`the sandbox process exited before it was ready (${signal ? `signal ${signal}` : `exit code ${code}`})`)));
    child.on('message', (ev: HostEvent) => {
      if (ev?.type === 'log') log(ev.message);
      else if (ev?.type === 'error') fail(startError(ev.error));
      else if (ev?.type === 'ready' && !settled) {
        settled = true;
        cleanup();
        resolve(handle(child, ev.info, ev.pid, ev.discoveryFile, exited));
      }
    });
  });
}

function handle(child: ChildProcess, info: SandboxInfo, pid: number, discoveryFile: string | undefined, exited: SandboxProcess['exited']): SandboxProcess {
  const alive = () => child.exitCode === null && child.signalCode === null;
  let stopping: Promise<void> | undefined;
  return {
    info,
    pid,
    discoveryFile,
    exited,
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        if (!alive()) return;
        const req: HostRequest = { type: 'stop' };
        if (child.connected) child.send(req);
        else child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (alive()) child.kill('SIGKILL');
        }, graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
    kill() {
      if (alive()) child.kill('SIGTERM');
    },
  };
}

function abortError(): Error {
  const e = new Error('starting the sandbox was cancelled');
  e.name = 'AbortError';
  return e;
}

function startError(e: HostError): SandboxStartError {
  if (e.code === 'EADDRINUSE') {
    return new SandboxStartError(`a port the sandbox needs is already in use (${e.message}). Stop the program that holds it (another sandbox?), or choose other ports.`, e.code, e.name);
  }
  return new SandboxStartError(e.message, e.code, e.name);
}
