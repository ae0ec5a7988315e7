// Where a running local sandbox can be found: each sandbox process (`msk-tools sandbox`, or the one
// VS Code starts) writes one small file, sandbox-<pid>.json, into a folder only its user can read,
// and removes it when it stops. The CLI's peek and produce read it when no --bootstrap is given.
//
// One file per process rather than one shared file, so that two sandboxes (a shell's and a window's)
// never overwrite or delete each other's entry; a reader takes the newest one that is alive.
//
// The files hold addresses only, never a secret. (The sandbox's IAM keys and SCRAM password are fixed
// constants of the sandbox, documented in the README, so a client that wants --iam against it uses
// those through the ordinary AWS credential chain; nothing here needs them.)
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What a sandbox process writes about itself. */
export interface SandboxDiscovery {
  version: 1;
  pid: number;
  /** ISO-8601 time the sandbox became ready. */
  startedAt: string;
  /** Who started it: the CLI or a VS Code window. */
  owner: 'cli' | 'vscode';
  /** Plaintext bootstrap, "host:port,…". */
  bootstrap: string;
  /** Bootstrap per listener (plaintext, tls, sasl_scram, sasl_iam, sasl_plain). */
  listeners: Record<string, string>;
  /** PEM file of the CA of the TLS listeners. */
  caFile?: string;
  mskEndpoint?: string;
  secretsEndpoint?: string;
  /** The Glue Schema Registry emulator (an endpoint for @aws-sdk/client-glue). */
  glueEndpoint?: string;
  /** The Confluent-compatible schema registry's URL. */
  registryEndpoint?: string;
  region?: string;
}

/** What findRunningSandbox() answers: the newest live sandbox, as its file says (less the format version). */
export type FoundSandbox = Omit<SandboxDiscovery, 'version'>;

const FILE_RE = /^sandbox-(\d+)\.json$/;

/**
 * The folder of discovery files: $MSK_TOOLS_RUNTIME_DIR (tests point it at a temp folder), else
 * $XDG_RUNTIME_DIR/msk-tools (per user, cleared at logout), else ~/.msk-tools.
 */
export function discoveryDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MSK_TOOLS_RUNTIME_DIR) return env.MSK_TOOLS_RUNTIME_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'msk-tools');
  return join(homedir(), '.msk-tools');
}

export function discoveryFile(pid: number, dir = discoveryDir()): string {
  return join(dir, `sandbox-${pid}.json`);
}

/** Writes this process's discovery file (mode 0600, in a 0700 folder), atomically. Returns its path. */
export function writeDiscovery(entry: Omit<SandboxDiscovery, 'version'>, dir = discoveryDir()): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = discoveryFile(entry.pid, dir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, ...entry }, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600); // an existing tmp file would have kept its mode
  renameSync(tmp, file);
  return file;
}

/** Removes the discovery file of `pid` (this process by default); never throws. */
export function removeDiscovery(pid: number = process.pid, dir = discoveryDir()): void {
  try {
    rmSync(discoveryFile(pid, dir), { force: true });
  } catch {
    // best effort: a reader also skips entries whose process is gone
  }
}

/** Parses a discovery file's text; undefined when it is not one (a reader skips it). */
export function parseDiscovery(text: string): SandboxDiscovery | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (o.version !== 1 || !Number.isInteger(o.pid) || (o.pid as number) <= 0) return undefined;
  if (typeof o.bootstrap !== 'string' || !/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/.test(o.bootstrap)) return undefined;
  if (typeof o.startedAt !== 'string' || typeof o.listeners !== 'object' || o.listeners === null) return undefined;
  const listeners: Record<string, string> = {};
  for (const [k, val] of Object.entries(o.listeners as Record<string, unknown>)) if (typeof val === 'string') listeners[k] = val;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return {
    version: 1,
    pid: o.pid as number,
    startedAt: o.startedAt,
    owner: o.owner === 'vscode' ? 'vscode' : 'cli',
    bootstrap: o.bootstrap,
    listeners,
    caFile: str(o.caFile),
    mskEndpoint: str(o.mskEndpoint),
    secretsEndpoint: str(o.secretsEndpoint),
    glueEndpoint: str(o.glueEndpoint),
    registryEndpoint: str(o.registryEndpoint),
    region: str(o.region),
  };
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else (then it is not our sandbox, but it is alive)
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Resolves true when host:port accepts a TCP connection within timeoutMs. The socket-opening probe
 * lives in src/kafka (findLocalSandbox in src/kafka/local-sandbox.ts); this module stays pure.
 */
export type PortProbe = (host: string, port: number, timeoutMs: number) => Promise<boolean>;

export interface FindOptions {
  dir?: string;
  /** Checks that the first plaintext broker answers (src/kafka/local-sandbox.ts has the TCP one). */
  probe: PortProbe;
  /** How long the port check waits (default 1000 ms). */
  timeoutMs?: number;
}

/** Every discovery entry in the folder, newest first; entries of dead processes are removed. */
export function listDiscoveries(dir = discoveryDir()): SandboxDiscovery[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: SandboxDiscovery[] = [];
  for (const name of names) {
    const m = FILE_RE.exec(name);
    if (!m) continue;
    let entry: SandboxDiscovery | undefined;
    try {
      entry = parseDiscovery(readFileSync(join(dir, name), 'utf8'));
    } catch {
      continue;
    }
    if (!entry || entry.pid !== Number(m[1])) continue;
    if (!pidAlive(entry.pid)) {
      removeDiscovery(entry.pid, dir); // left behind by a sandbox that was killed
      continue;
    }
    out.push(entry);
  }
  return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.pid - a.pid);
}

function splitHostPort(hp: string): { host: string; port: number } {
  const i = hp.lastIndexOf(':');
  return { host: hp.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(hp.slice(i + 1)) };
}

/**
 * The newest running local sandbox, or null: one whose process is alive and whose first plaintext
 * broker accepts a connection (a pid can be reused by another program after a crash).
 */
export async function findRunningSandbox(options: FindOptions): Promise<FoundSandbox | null> {
  const probe = options.probe;
  for (const e of listDiscoveries(options.dir ?? discoveryDir())) {
    const { host, port } = splitHostPort(e.bootstrap.split(',')[0]);
    if (!(await probe(host, port, options.timeoutMs ?? 1000))) continue;
    const found: FoundSandbox = { bootstrap: e.bootstrap, listeners: e.listeners, pid: e.pid, startedAt: e.startedAt, owner: e.owner };
    if (e.caFile !== undefined) found.caFile = e.caFile;
    if (e.mskEndpoint !== undefined) found.mskEndpoint = e.mskEndpoint;
    if (e.secretsEndpoint !== undefined) found.secretsEndpoint = e.secretsEndpoint;
    if (e.glueEndpoint !== undefined) found.glueEndpoint = e.glueEndpoint;
    if (e.registryEndpoint !== undefined) found.registryEndpoint = e.registryEndpoint;
    if (e.region !== undefined) found.region = e.region;
    return found;
  }
  return null;
}
