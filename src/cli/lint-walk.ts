// Finds the files `msk-tools lint` reads: explicit files as given, directories walked in name order,
// skipping node_modules, .git and whatever the .gitignore files above and inside them exclude.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

export interface WalkedFile {
  /** The path as found: the argument, or the argument joined with the names below it. */
  path: string;
  explicit: boolean;
}

interface IgnoreFile {
  base: string;
  ig: Ignore;
}

function loadIgnore(dir: string): IgnoreFile | undefined {
  const file = join(dir, '.gitignore');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // no .gitignore here
  }
  return { base: dir, ig: ignore().add(text) };
}

/** .gitignore files from the repository root (the nearest folder above holding .git) down to `dir`'s parent. */
function inheritedIgnores(dir: string): IgnoreFile[] {
  const chain: string[] = [];
  let cur = resolve(dir);
  for (;;) {
    const parent = dirname(cur);
    if (existsSync(join(cur, '.git')) || parent === cur) break;
    cur = parent;
    chain.unshift(cur);
  }
  if (!existsSync(join(cur, '.git'))) return [];
  return chain.map(loadIgnore).filter((x): x is IgnoreFile => !!x);
}

function ignored(abs: string, isDir: boolean, igs: IgnoreFile[]): boolean {
  for (const { base, ig } of igs) {
    const rel = relative(base, abs).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (ig.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

function joinAsFound(root: string, name: string): string {
  return root.endsWith('/') || root.endsWith(sep) ? root + name : root + sep + name;
}

/**
 * Yields the files to lint under `arg`. `wanted` says which names a walk picks up. Throws the fs
 * error for an argument that does not exist or cannot be read (the caller names it).
 */
export function* walk(arg: string, wanted: (name: string) => boolean, cwd = process.cwd()): Generator<WalkedFile> {
  const st = statSync(resolve(cwd, arg));
  if (!st.isDirectory()) {
    yield { path: arg, explicit: true };
    return;
  }
  const stack: { dir: string; asFound: string; igs: IgnoreFile[] }[] = [{ dir: resolve(cwd, arg), asFound: arg, igs: inheritedIgnores(resolve(cwd, arg)) }];
  while (stack.length > 0) {
    const { dir, asFound, igs: parentIgs } = stack.pop()!;
    const own = loadIgnore(dir);
    const igs = own ? [...parentIgs, own] : parentIgs;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: typeof stack = [];
    for (const e of entries) {
      if (ALWAYS_SKIPPED.has(e.name)) continue;
      const abs = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        // follow links to files; never links to folders (loops)
        try {
          isFile = statSync(abs).isFile();
        } catch {
          isFile = false;
        }
        isDir = false;
      }
      if (!isDir && !isFile) continue;
      if (ignored(abs, isDir, igs)) continue;
      const p = joinAsFound(asFound, e.name);
      if (isDir) subdirs.push({ dir: abs, asFound: p, igs });
      else if (wanted(e.name)) yield { path: p, explicit: false };
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}
