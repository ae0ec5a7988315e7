// Finds the files `msk-tools lint` reads: explicit files as given, directories walked in name order,
// skipping node_modules, .git and whatever the .gitignore files above and inside them exclude.
// A folder that cannot be read is reported by its own path and the walk goes on; symbolic links are
// followed only to files inside the walked folder.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

export interface WalkedFile {
  /** The path as found: the argument, or the argument joined with the names below it. */
  path: string;
  explicit: boolean;
  /** Set for a folder below the argument that could not be read: the walk skipped it and went on. */
  error?: NodeJS.ErrnoException;
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

/** Whether `target` is `root` or lies below it (both real paths). */
function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Whether a symbolic link leads to a file inside the walked tree. Links to folders are never
 * followed (they can loop), and links that lead outside the tree are not followed either: a walk of
 * a repository lints that repository, not whatever its links point at.
 */
function linkToFileInside(abs: string, realRoot: string): boolean {
  try {
    const target = realpathSync(abs);
    return inside(realRoot, target) && statSync(target).isFile();
  } catch {
    return false; // a dangling link
  }
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
  const realRoot = realpathSync(resolve(cwd, arg));
  const stack: { dir: string; asFound: string; igs: IgnoreFile[] }[] = [{ dir: resolve(cwd, arg), asFound: arg, igs: inheritedIgnores(resolve(cwd, arg)) }];
  let first = true;
  while (stack.length > 0) {
    const { dir, asFound, igs: parentIgs } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      // the argument itself is the caller's to name; a folder below it is reported here, and the walk goes on
      if (first) throw e;
      yield { path: asFound, explicit: false, error: e as NodeJS.ErrnoException };
      continue;
    } finally {
      first = false;
    }
    const own = loadIgnore(dir);
    const igs = own ? [...parentIgs, own] : parentIgs;
    const subdirs: typeof stack = [];
    for (const e of entries) {
      if (ALWAYS_SKIPPED.has(e.name)) continue;
      const abs = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        isFile = linkToFileInside(abs, realRoot);
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
