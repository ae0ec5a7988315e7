// Bundles the extension, the CLI and the lazily loaded chunks with esbuild.
//   node scripts/build.mjs            production build (minified, with source maps)
//   node scripts/build.mjs --watch    rebuild on change
//   node scripts/build.mjs --tests    also compile src/ and test/ file by file into out/ (for the VS Code suite)
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');

// Heavy parts live in their own files and are loaded on first use. A dynamic `import()` of one of
// these modules is rewritten to a require of the chunk beside the bundle, so activation never pays
// for them. Key: source module (relative to src/, without extension); value: chunk name in dist/.
export const chunks = {
  'core/lint/index': 'lint',
  'sandbox/index': 'sandbox',
  'kafka/index': 'kafka',
  // the peek and produce engines with their wire client, for the CLI and the kafka chunk: msk-tools
  // peek and produce load neither the kafka chunk nor kafkajs
  'kafka/wire/engines': 'wire',
  'aws/index': 'aws',
  'kafka/tunnels/ssh': 'kafka-ssh',
  'kafka/tunnels/socks5': 'kafka-socks',
  'core/snippets/index': 'snippets',
  'vscode/viewer/index': 'viewer',
  // schema registries (issue 10): each codec library and the Glue client load only when a message needs them
  'core/schemas/avro': 'schemas-avro',
  'core/schemas/json-schema': 'schemas-json',
  'core/schemas/protobuf': 'schemas-protobuf',
  // the .msk parser and expansion: loaded on the first recipe opened; Faker (English only) on the first one using it
  'core/recipes/index': 'recipes',
  'core/recipes/faker': 'recipes-faker',
};

// Packages that several chunks use are bundled once, into a file of their own that those chunks
// require at run time (esbuild's own code splitting needs ESM output). Key: package name (its main
// entry; a subpath import would still be bundled in place); value: file name in dist/.
export const sharedPackages = {
  kafkajs: 'kafkajs',
};

// Build options of single chunks. aws: the AWS SDK clients' ES modules, which esbuild can tree-shake to the
// commands used (the Glue client's CommonJS build alone carries every Glue operation: ~230 KB more).
const chunkOptions = {
  aws: { mainFields: ['module', 'main'] },
};

const chunkPaths = new Map(Object.entries(chunks).map(([src, name]) => [join(root, 'src', src + '.ts'), name]));

function resolveTs(resolveDir, spec) {
  const base = resolve(resolveDir, spec);
  for (const candidate of [base, base + '.ts', join(base, 'index.ts')]) {
    if (chunkPaths.has(candidate)) return candidate;
  }
  return undefined;
}

const lazyChunks = {
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (a) => {
      if (a.kind !== 'dynamic-import') return undefined;
      const target = resolveTs(a.resolveDir, a.path);
      if (!target) return undefined;
      return { path: `./${chunkPaths.get(target)}.js`, external: true };
    });
  },
};

/** Points imports of a shared package at its file in dist/ (in every build but that file's own). */
function sharedPackagesPlugin(self) {
  const names = Object.keys(sharedPackages).filter((p) => sharedPackages[p] !== self);
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'shared-packages',
    setup(build) {
      if (names.length) build.onResolve({ filter }, (a) => ({ path: `./${sharedPackages[a.path]}.js`, external: true }));
    },
  };
}

// ssh2 (and its cpu-features) try native .node addons inside try/catch and fall back to pure
// JavaScript; left external, they are simply absent from dist/, so the bundle uses the fallback.
const nativeAddonsExternal = {
  name: 'native-addons-external',
  setup(build) {
    build.onResolve({ filter: /\.node$/ }, (a) => ({ path: a.path, external: true }));
  },
};

// commander requires child_process (and with it net and stream) as it loads, for executable
// subcommands, which msk-tools has none of: in the CLI, child_process loads when commander first
// spawns, which saves about 9 ms of every command's start-up.
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (a) => (/[\\/]node_modules[\\/]commander[\\/]/.test(a.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({ contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };", loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: !watch,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  // dynamic import of a chunk becomes a plain require, which every extension host supports
  supported: { 'dynamic-import': false },
  plugins: [lazyChunks, sharedPackagesPlugin(undefined), nativeAddonsExternal],
  outdir: join(root, 'dist'),
  metafile: true,
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, external: ['vscode'] },
  // the msk-tools command: dist/cli.js loads the CLI (dist/cli-main.js) through V8's code cache
  { ...common, entryPoints: { cli: 'src/cli/launch.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: { 'cli-main': 'src/cli/main.ts' }, plugins: [...common.plugins, commanderLazyChildProcess] },
  // the sandbox in a child process of its own (src/sandbox/process.ts forks it); it requires sandbox.js
  { ...common, entryPoints: { 'sandbox-host': 'src/sandbox/host.ts' } },
  // the message viewer's page: browser code for its webview (strict CSP: one script file, no eval)
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', supported: {}, plugins: [], entryPoints: { 'viewer-page': 'src/vscode/viewer/page/main.ts' } },
  ...Object.entries(chunks).map(([src, name]) => ({ ...common, ...(chunkOptions[name] ?? {}), entryPoints: { [name]: `src/${src}.ts` }, external: ['vscode'] })),
].filter((b) => Object.values(b.entryPoints).every((p) => exists(join(root, p))));
for (const [pkg, name] of Object.entries(sharedPackages)) {
  builds.push({ ...common, entryPoints: { [name]: pkg }, plugins: [lazyChunks, sharedPackagesPlugin(name)] });
}

function exists(p) { try { return statSync(p).isFile(); } catch { return false; } }

function listTs(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

async function buildTests() {
  // File-by-file transpile, so the VS Code suite can require src/ modules and mocha from node_modules.
  rmSync(join(root, 'out'), { recursive: true, force: true });
  // test/fixtures are inputs for the linter, some deliberately odd (decorators, broken syntax): never run
  const fixtures = join(root, 'test', 'fixtures');
  const files = [...listTs(join(root, 'src')), ...listTs(join(root, 'test')).filter((f) => !f.startsWith(fixtures + '/'))].map((f) => relative(root, f));
  await esbuild.build({
    entryPoints: files, outdir: join(root, 'out'), outbase: root, bundle: false, platform: 'node',
    target: 'node18', format: 'cjs', sourcemap: 'inline', logLevel: 'warning',
  });
}

process.chdir(root);
// the WebAssembly kernels of the read path are assembled by a script of ours: refresh their module
// source when the script changed (scripts/wasm-kernels.mjs; a unit test checks the file is current)
{
  const { generatedSource, OUT } = await import('./wasm-kernels.mjs');
  const src = generatedSource();
  let cur = '';
  try { cur = readFileSync(OUT, 'utf8'); } catch { /* first build */ }
  if (cur !== src) writeFileSync(OUT, src);
}
if (!watch) rmSync(join(root, 'dist'), { recursive: true, force: true });
if (watch) {
  const ctxs = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log('[watch] esbuild is watching src/ …');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  if (args.has('--tests')) await buildTests();
  if (args.has('--meta')) {
    for (const r of results) console.log(await esbuild.analyzeMetafile(r.metafile));
  }
}
