// Where the heavy test tools live: Node 24 and code-server, installed by .ci/tools.sh into a cache
// outside the repository, keyed by version. Also finds Debian's chromium and kcat.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { execFileSync } from 'node:child_process';

export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.139.1';
export const NODE24_VERSION = process.env.NODE24_VERSION || '24';
export const cacheRoot = () =>
  process.env.MSK_TOOLS_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'msk-tools');
export const inCI = () => process.env.CI === 'true' || process.env.CI === '1';

export function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Paths of the tools, or a list of what is missing and how to get it. */
export function findTools() {
  const node24 = join(cacheRoot(), `node-${NODE24_VERSION}`, 'node_modules/node/bin/node');
  const csDir = join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const codeServer = join(csDir, 'node_modules/code-server/out/node/entry.js');
  const chromium = process.env.CHROMIUM_PATH || which('chromium') || which('chromium-browser');
  const missing = [];
  if (!existsSync(node24)) missing.push(`Node ${NODE24_VERSION} runtime (${node24}): run "bash .ci/tools.sh"`);
  if (!existsSync(codeServer) || !existsSync(join(csDir, '.complete')))
    missing.push(`code-server ${CODE_SERVER_VERSION} (${codeServer}): run "bash .ci/tools.sh"`);
  if (!chromium) missing.push('chromium: run "apt-get install -y chromium"');
  return { node24, codeServer, chromium, missing };
}
