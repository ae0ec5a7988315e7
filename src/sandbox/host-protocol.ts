// The messages between a sandbox host process (dist/sandbox-host.js, src/sandbox/host.ts) and the
// process that forked it (src/sandbox/process.ts), over Node's IPC channel. Types only.
import type { SandboxInfo, SandboxOptions } from './sandbox';

/** What the parent passes to the host (as JSON in argv[2]): the sandbox's options, minus the logger. */
export interface HostOptions extends Omit<SandboxOptions, 'log'> {
  /** Written into the discovery file; default 'cli'. */
  owner?: 'cli' | 'vscode';
  /** Write a discovery file for the CLI (default true). */
  discovery?: boolean;
}

/** Child → parent. */
export type HostEvent =
  | { type: 'log'; message: string }
  | { type: 'ready'; info: SandboxInfo; pid: number; discoveryFile?: string }
  | { type: 'error'; error: HostError }
  | { type: 'stopped' };

/** An error of the start, as data (an Error does not cross the IPC channel). */
export interface HostError {
  message: string;
  name?: string;
  /** errno code, e.g. EADDRINUSE */
  code?: string;
}

/** Parent → child. */
export type HostRequest = { type: 'stop' };
