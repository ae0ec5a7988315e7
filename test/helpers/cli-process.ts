// Runs the built CLI (dist/cli.js, made by `node scripts/build.mjs`, which `npm test` runs first) as a
// real process: its stdout, stderr, exit code and how long it took.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CLI = join(resolve(__dirname, '../..'), 'dist/cli.js');

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "node scripts/build.mjs" first (npm test does)`);
}

/**
 * `node [nodeArgs] dist/cli.js args`, optionally through a wrapper command (e.g. ["ip", "netns",
 * "exec", NS]). Killed after killAfterMs (default 60 s) so that a hang fails the test instead of
 * stalling it.
 */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; nodeArgs?: string[]; wrapper?: string[]; killAfterMs?: number } = {}): Promise<CliRun> {
  const argv = [process.execPath, ...(opts.nodeArgs ?? []), CLI, ...args];
  const [cmd, ...rest] = opts.wrapper ? [...opts.wrapper, ...argv] : argv;
  const started = Date.now();
  return new Promise((resolveP, reject) => {
    const child = spawn(cmd, rest, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveP({ code, out, err, ms: Date.now() - started });
    });
  });
}
