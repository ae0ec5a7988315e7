import * as fs from 'fs';
import * as path from 'path';

/** The repository root: the nearest folder above this file holding our package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate) && JSON.parse(fs.readFileSync(candidate, 'utf8')).name === 'vscode-msk') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no vscode-msk package.json above ${__dirname}`);
    dir = up;
  }
}

export function readManifest(): any {
  return JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
}

export const EXTENSION_ID = 'msk-tools.vscode-msk';

/** Polls `probe` until it returns a truthy value or the time runs out. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
