// Builds and packages the extension as a .vsix with @vscode/vsce, without network.
// Everything the extension runs is bundled by esbuild, so node_modules is left out (--no-dependencies);
// .vscodeignore keeps sources, tests and fixtures out of the package.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `${name}-${version}.vsix`);
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
// no `repository` in package.json until the project has a public address (a placeholder must not reach
// users); LICENSE is packaged, so vsce's license check runs
execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out],
  { stdio: 'inherit', cwd: root });
const size = statSync(out).size;
console.log(`${out}: ${(size / 1024).toFixed(1)} KiB`);
const limit = 1.5 * 1024 * 1024;
if (size >= limit) {
  console.error(`the .vsix is ${size} bytes, over the 1.5 MB budget`);
  process.exit(1);
}
