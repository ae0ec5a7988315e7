// Activation benchmark: how long activate() takes, and how large the bundles are.
//   node bench/activation.mjs [--runs N] [--vscode-runs N]
// Two measures of activate():
//  - in a real VS Code (code-server, extension host on Node 24): the activationMs the extension
//    reports from inside activate(), one fresh workbench per run;
//  - in plain Node with a stand-in `vscode` module: require(dist/extension.js) + activate(), each run
//    in a fresh process, which isolates our own code's cost from the workbench's.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, updateSection } from './lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : dflt; };
const runs = opt('--runs', 21);
const vscodeRuns = opt('--vscode-runs', 3);

execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' });

// a stand-in vscode module: every member is a callable, constructible, iterable no-op
const stubDir = mkdtempSync(join(tmpdir(), 'msk-bench-'));
const probe = join(stubDir, 'probe.cjs');
writeFileSync(probe, `
const Module = require('module');
const handler = {
  get(t, p) { if (p === Symbol.iterator) return function* () {}; if (p === 'then') return undefined; if (p === Symbol.toPrimitive) return () => 0; return stub; },
  apply() { return stub; }, construct() { return stub; },
};
const stub = new Proxy(function () {}, handler);
// esbuild's interop copies the module's own properties, so the top level lists vscode's members
const names = ['window', 'commands', 'workspace', 'languages', 'env', 'extensions', 'l10n', 'tasks', 'debug', 'authentication',
  'EventEmitter', 'TreeItem', 'TreeItemCollapsibleState', 'ThemeIcon', 'ThemeColor', 'Uri', 'Disposable', 'Range', 'Position',
  'Selection', 'Location', 'Diagnostic', 'DiagnosticSeverity', 'DiagnosticTag', 'DiagnosticRelatedInformation', 'CodeAction',
  'CodeActionKind', 'WorkspaceEdit', 'TextEdit', 'MarkdownString', 'ProgressLocation', 'StatusBarAlignment', 'RelativePattern',
  'CancellationTokenSource', 'ViewColumn', 'ConfigurationTarget', 'FileType', 'SnippetString', 'CompletionItem', 'CompletionItemKind', 'Hover',
  'CancellationError', 'CodeLens', 'EndOfLine', 'ExtensionMode', 'FileSystemError', 'FoldingRange', 'FoldingRangeKind', 'InputBoxValidationSeverity'];
const vscodeModule = new Proxy({}, {
  get: (t, p) => (p === '__esModule' ? undefined : stub),
  ownKeys: () => names,
  getOwnPropertyDescriptor: () => ({ value: stub, enumerable: true, configurable: true, writable: true }),
});
const origLoad = Module._load;
Module._load = function (req, ...rest) { return req === 'vscode' ? vscodeModule : origLoad.call(this, req, ...rest); };
const t0 = performance.now();
const ext = require(${JSON.stringify(join(root, 'dist/extension.js'))});
const t1 = performance.now();
const api = ext.activate({ subscriptions: [], extensionUri: stub, extensionPath: ${JSON.stringify(root)}, globalState: stub, workspaceState: stub, secrets: stub, asAbsolutePath: (p) => p });
const t2 = performance.now();
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, reported: api.activationMs }));
`);
const requireMs = [], activateMs = [];
for (let i = 0; i < runs; i++) {
  const r = spawnSync(process.execPath, [probe], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout);
  requireMs.push(m.requireMs);
  activateMs.push(m.activateMs);
}

const realMs = [];
const { findTools } = await import('../scripts/lib/tools.mjs');
if (vscodeRuns > 0 && findTools().missing.length === 0) {
  const { runVsCodeSuite } = await import('../test/vscode/run-code-server.mjs');
  for (let i = 0; i < vscodeRuns; i++) {
    const r = await runVsCodeSuite({ build: false, grep: 'activation' });
    const line = r.consoleLines.find((l) => l.includes('activationMs='));
    if (line) realMs.push(Number(line.split('activationMs=')[1]));
  }
} else {
  console.warn('!!! code-server is missing: the real VS Code activation figure is not measured (run bash .ci/tools.sh)');
}

const sizes = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js')).sort()
  .map((f) => [f, statSync(join(root, 'dist', f)).size]);
const fmt = (x) => x.toFixed(2);
const lines = [
  `Command: \`npm run bench -- activation\` (or \`node bench/activation.mjs --runs ${runs} --vscode-runs ${vscodeRuns}\`), ${new Date().toISOString().slice(0, 10)}, ${process.platform} ${process.arch}, Node ${process.version}.`,
  '',
  '| measure | median | runs |',
  '|---|---|---|',
  realMs.length ? `| activate() in real VS Code (code-server 4.139.1, Node 24 extension host) | ${fmt(median(realMs))} ms | ${realMs.length} |` : '| activate() in real VS Code | not measured (code-server missing) | 0 |',
  `| activate() with a stand-in vscode module (plain Node) | ${fmt(median(activateMs))} ms | ${runs} |`,
  `| require(dist/extension.js) (plain Node) | ${fmt(median(requireMs))} ms | ${runs} |`,
  '',
  '| bundle | bytes (minified) |',
  '|---|---|',
  ...sizes.map(([f, s]) => `| dist/${f} | ${s.toLocaleString('en')} |`),
];
console.log(lines.join('\n'));
updateSection('activation', '## Activation and bundle size', lines.join('\n'));
