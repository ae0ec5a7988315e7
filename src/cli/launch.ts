// The msk-tools command (dist/cli.js). It loads the CLI (dist/cli-main.js) and the chunks that a
// command requires from dist/ through V8's code cache, then runs the command.
//
// Compiling the bundles is a good part of the CLI's own start-up: after Node has started,
// `msk-tools --version` runs 38 ms without a cache and 23 ms with one (bench/startup.mjs).
// Node 22 has module.enableCompileCache(); Node 20, which VS Code's extension host and our users run,
// has only vm.Script's cachedData, so this file does what Node 22 does for the files of dist/:
// - each file is compiled with the cache that an earlier run left for the same bytes of the same
//   file and the same Node, when there is one;
// - when there is none, or V8 rejects it (other V8 flags, say), the cache is written at exit, when
//   it holds every function that the run compiled, and older caches of that file are removed.
// The caches are in ~/.cache/msk-tools/v8 (XDG_CACHE_HOME when set), private to the user:
// MSK_TOOLS_COMPILE_CACHE_DIR moves them, MSK_TOOLS_COMPILE_CACHE=0 turns the cache off. Any failure
// to read, compile or write a cache falls back to Node's own loading: the cache only saves time.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

interface LoadableModule {
  exports: unknown;
  filename: string;
}
type Loader = (module: LoadableModule, filename: string) => void;
// Node's Module class, as this module's constructor: require('node:module') would load Node's ES
// module loader as well (about 2 ms).
const Module = module.constructor as unknown as { _extensions: Record<string, Loader>; createRequire(filename: string): NodeJS.Require };
/** What Node wraps a CommonJS module's source in (Module.wrap). */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

/** Where the caches go, or null when the cache is off. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.MSK_TOOLS_COMPILE_CACHE === '0') return null;
  if (env.MSK_TOOLS_COMPILE_CACHE_DIR) return env.MSK_TOOLS_COMPILE_CACHE_DIR;
  const home = os.homedir();
  const base = env.XDG_CACHE_HOME || (home ? path.join(home, '.cache') : '');
  return base ? path.join(base, 'msk-tools', 'v8') : null;
}

/** A short hash of a string (FNV-1a), to tell two installations' caches of a file apart. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * Loads the .js files of `root` (not of its subfolders) through the code cache in `dir` from now
 * on. The caches to write are written when the process exits.
 */
export function installCompileCache(root: string, dir: string): void {
  const original = Module._extensions['.js'];
  const writes: (() => void)[] = [];
  Module._extensions['.js'] = function loadJs(module, filename) {
    if (path.dirname(filename) !== root) return original.call(this, module, filename);
    let compiled: ((...args: unknown[]) => void) | undefined;
    try {
      compiled = compile(filename, dir, writes);
    } catch {
      // unreadable cache folder, a Node without vm.Script's cache: Node's own loading serves
    }
    if (!compiled) return original.call(this, module, filename);
    compiled.call(module.exports, module.exports, Module.createRequire(filename), module, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const write of writes) {
      try {
        write();
      } catch {
        // a read-only home, a full disk: the next run compiles again
      }
    }
  });
}

function compile(filename: string, dir: string, writes: (() => void)[]): ((...args: unknown[]) => void) | undefined {
  const st = fs.statSync(filename);
  const prefix = `${path.basename(filename)}.${hash(path.dirname(filename))}.`;
  const file = path.join(dir, `${prefix}${st.size}-${Math.trunc(st.mtimeMs)}-${process.version}-${process.arch}.v8`);
  let cached: Buffer | undefined;
  try {
    cached = fs.readFileSync(file);
  } catch {
    cached = undefined; // the first run of this file
  }
  let source = fs.readFileSync(filename, 'utf8');
  if (source.startsWith('#!')) source = `//${source.slice(2)}`;
  const script = new vm.Script(wrap(source), { filename, cachedData: cached });
  const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  if (cached === undefined || script.cachedDataRejected === true) writes.push(() => writeCache(dir, prefix, file, script.createCachedData()));
  return fn;
}

function writeCache(dir: string, prefix: string, file: string, data: Buffer): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, { mode: 0o600 });
  fs.renameSync(tmp, file); // whole or not at all, when two runs write at once
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith(prefix) && f !== path.basename(file) && !f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true });
  }
}

if (require.main === module) {
  const dir = compileCacheDir();
  if (dir) installCompileCache(__dirname, dir);
  // module.require, not require: the CLI is a bundle of its own, which esbuild must not inline here
  (module.require('./cli-main.js') as { run(): void }).run();
}
