import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const benchmarksFile = join(root, 'docs/benchmarks.md');

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Replaces this benchmark's own section of docs/benchmarks.md, between its markers. */
export function updateSection(name, heading, body) {
  const start = `<!-- bench:${name}:start -->`, end = `<!-- bench:${name}:end -->`;
  let doc = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${heading}\n\n${body}\n${end}`;
  const i = doc.indexOf(start), j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(benchmarksFile, doc);
}
