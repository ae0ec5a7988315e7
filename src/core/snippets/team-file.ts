// The team's snippet file, .vscode/msk.code-snippets: VS Code's project snippet file, JSON with comments,
// which the team commits. Entries are added with jsonc-parser's modify/applyEdits, which edit the text in
// place: every other entry, the comments and the formatting stay as the team wrote them.
import { applyEdits, modify, parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js'; // the ESM build: esbuild cannot follow the UMD build's requires
import { snippetBodyOf } from './syntax';

export const TEAM_SNIPPETS_PATH = '.vscode/msk.code-snippets';

export interface TeamSnippet {
  /** The entry's name (its key in the file). */
  name: string;
  prefix: string;
  description: string;
  body: string[];
  /** Language ids the snippet is offered in; absent: every language. */
  scope?: string;
}

export class TeamSnippetFileError extends Error {}

/** Reads the file's entries; throws TeamSnippetFileError when it is not a JSON object (with comments). */
export function readTeamSnippets(text: string): TeamSnippet[] {
  const root = parseFile(text);
  const out: TeamSnippet[] = [];
  for (const [name, v] of Object.entries(root)) {
    if (!v || typeof v !== 'object') continue;
    const e = v as Record<string, unknown>;
    const prefix = Array.isArray(e.prefix) ? String(e.prefix[0] ?? '') : typeof e.prefix === 'string' ? e.prefix : '';
    const body = Array.isArray(e.body) ? e.body.map(String) : typeof e.body === 'string' ? [e.body] : undefined;
    if (!body) continue;
    out.push({ name, prefix, description: typeof e.description === 'string' ? e.description : '', body, scope: typeof e.scope === 'string' ? e.scope : undefined });
  }
  return out;
}

function parseFile(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    throw new TeamSnippetFileError(`${TEAM_SNIPPETS_PATH} is not valid JSON (${printParseErrorCode(e.error)} on line ${line}): fix it, then save the snippet again.`);
  }
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new TeamSnippetFileError(`${TEAM_SNIPPETS_PATH} must hold one JSON object of snippets.`);
  return root as Record<string, unknown>;
}

/** A name for the entry that no other entry has: the description, else the prefix, numbered if taken. */
export function entryName(text: string, wanted: string): string {
  const taken = new Set(Object.keys(parseFile(text)));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted} (${n})`)) return `${wanted} (${n})`;
}

/** The prefixes already in use, to refuse a second entry with the same one. */
export function usedPrefixes(text: string): Set<string> {
  return new Set(readTeamSnippets(text).map((s) => s.prefix));
}

/**
 * The file's text with one more entry, `selection` as its body (escaped, so it inserts verbatim).
 * `text` is the current file ('' for a new one). Indentation follows the file's own, else 2 spaces.
 */
export function addTeamSnippet(text: string, entry: { prefix: string; description: string; selection: string; scope?: string }): { text: string; name: string } {
  const name = entryName(text, entry.description.trim() || entry.prefix);
  const value: Record<string, unknown> = { prefix: entry.prefix, description: entry.description, body: snippetBodyOf(entry.selection) };
  if (entry.scope) value.scope = entry.scope;
  const base = text.trim() === '' ? '{}\n' : text;
  const eol = base.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)"/.exec(base)?.[1] ?? '  ';
  const edits = modify(base, [name], value, {
    formattingOptions: { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol },
  });
  return { text: applyEdits(base, edits), name };
}
