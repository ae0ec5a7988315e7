// The helper table of docs/recipes.md, written from HELPERS: the docs and the editor's hover and
// completion say the same (test/unit/recipes/docs.test.ts checks the page is current).
import { HELPERS } from './helpers';

export const HELPER_TABLE_START = '<!-- helpers:start (written from src/core/recipes/helpers.ts) -->';
export const HELPER_TABLE_END = '<!-- helpers:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The Markdown table of the built-in helpers, between its markers. */
export function helperTableMarkdown(): string {
  const rows = HELPERS.map((h) => `| \`${cell(h.signature)}\` | ${cell(h.description)} | \`${cell(h.example)}\` | ${h.type} |`);
  return [HELPER_TABLE_START, '| Helper | What it gives | Example | Type |', '|---|---|---|---|', ...rows, HELPER_TABLE_END].join('\n');
}

/** The page with its helper table replaced by the current one; undefined when the markers are missing. */
export function withHelperTable(page: string): string | undefined {
  const s = page.indexOf(HELPER_TABLE_START);
  const e = page.indexOf(HELPER_TABLE_END);
  if (s < 0 || e < s) return undefined;
  return page.slice(0, s) + helperTableMarkdown() + page.slice(e + HELPER_TABLE_END.length);
}
