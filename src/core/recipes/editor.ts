// What the editor needs from a recipe, kept pure so that it is tested without VS Code: what to
// complete at a position, the template under the cursor, and the folding ranges.
import { isComment, isSeparator, splitLines } from './parse';
import type { ParsedRecipe, Position, TemplateUse } from './types';

export type CompletionContext =
  /** Inside an open `{{`: `prefix` is the helper name typed so far (`faker.person.fi`). */
  | { kind: 'helper'; prefix: string; start: number; end: number; closed: boolean }
  /** At the start of a head line: a field name. */
  | { kind: 'field'; prefix: string; start: number; end: number }
  /** After `topic:`. */
  | { kind: 'topic'; prefix: string; start: number; end: number }
  /** After `format:`. */
  | { kind: 'format'; prefix: string; start: number; end: number }
  /** After `schema:`, before the registry's colon: `glue` or `confluent`. */
  | { kind: 'schema'; prefix: string; start: number; end: number };

const FIELD_LINE = /^\s*[A-Za-z][\w.-]*(?:[ \t]+[^:\s][^:]*?)?[ \t]*:/;

/** Whether `line` (0-based) is in the head of its block: only separators, comments and fields above it. */
function inHead(lines: string[], line: number): boolean {
  let start = line;
  while (start > 0 && !isSeparator(lines[start])) start--;
  let sawField = false;
  for (let i = isSeparator(lines[start]) ? start + 1 : start; i < line; i++) {
    const l = lines[i];
    const t = l.trim();
    if (t === '') {
      if (sawField) return false;
      continue;
    }
    if (isComment(l)) continue;
    if (t[0] === '{' || t[0] === '[' || !FIELD_LINE.test(l)) return false;
    sawField = true;
  }
  return true;
}

/** What to complete at `pos` of `text`, if anything. */
export function completionContext(text: string, pos: Position): CompletionContext | undefined {
  const lines = splitLines(text);
  const line = lines[pos.line];
  if (line === undefined || isSeparator(line)) return undefined;
  const before = line.slice(0, pos.character);
  // an open template: the last `{{` (not `\{{`) before the cursor with no `}}` after it
  let open = -1;
  for (let i = before.lastIndexOf('{{'); i >= 0; i = i > 0 ? before.lastIndexOf('{{', i - 1) : -1) {
    if (before[i - 1] === '{') continue; // `{{{`: the last two braces open it
    if (before[i - 1] !== '\\') open = i;
    break;
  }
  if (open >= 0 && !before.includes('}}', open)) {
    const m = /^[ \t]*([A-Za-z_][\w.]*)?$/.exec(before.slice(open + 2));
    if (!m) return undefined; // in the arguments
    const start = pos.character - (m[1]?.length ?? 0);
    const after = /^[\w.]*/.exec(line.slice(pos.character))![0];
    const rest = line.slice(pos.character);
    const close = rest.indexOf('}}');
    const reopen = rest.indexOf('{{');
    return { kind: 'helper', prefix: m[1] ?? '', start, end: pos.character + after.length, closed: close >= 0 && (reopen < 0 || close < reopen) };
  }
  if (isComment(line) || !inHead(lines, pos.line)) return undefined;
  const wordAfter = /^[\w-]*/.exec(line.slice(pos.character))![0];
  let m = /^(\s*)([A-Za-z][\w-]*)?$/.exec(before);
  if (m) return { kind: 'field', prefix: m[2] ?? '', start: m[1].length, end: pos.character + wordAfter.length };
  m = /^\s*topic[ \t]*:[ \t]*([A-Za-z0-9._-]*)$/i.exec(before);
  if (m) return { kind: 'topic', prefix: m[1], start: pos.character - m[1].length, end: pos.character + /^[A-Za-z0-9._-]*/.exec(line.slice(pos.character))![0].length };
  m = /^\s*format[ \t]*:[ \t]*(\w*)$/i.exec(before);
  if (m) return { kind: 'format', prefix: m[1], start: pos.character - m[1].length, end: pos.character + wordAfter.length };
  m = /^\s*schema[ \t]*:[ \t]*([a-z]*)$/i.exec(before);
  if (m) return { kind: 'schema', prefix: m[1], start: pos.character - m[1].length, end: pos.character + (/^[a-z]*:?/i.exec(line.slice(pos.character))![0].length) };
  return undefined;
}

const inside = (t: TemplateUse, p: Position) => t.range.start.line === p.line && t.range.start.character <= p.character && p.character <= t.range.end.character;

/** The template at `pos`, if any. */
export function templateAt(recipe: ParsedRecipe, pos: Position): TemplateUse | undefined {
  for (const b of recipe.blocks) {
    if (pos.line < b.range.start.line || pos.line > b.range.end.line) continue;
    return b.templates.find((t) => inside(t, pos));
  }
  return undefined;
}

/** A folding range by lines, both included; `kind: 'block'` for a whole block. */
export interface FoldingLines {
  start: number;
  end: number;
  kind: 'block' | 'json';
}

/** One range per block (its ### line to its last line), and one per JSON object or array over several lines. */
export function foldingRanges(recipe: ParsedRecipe): FoldingLines[] {
  const out: FoldingLines[] = [];
  for (const b of recipe.blocks) {
    if (b.range.end.line > b.range.start.line) out.push({ start: b.range.start.line, end: b.range.end.line, kind: 'block' });
    const v = b.value;
    if (!v || b.valueKind !== 'json') continue;
    // brackets outside strings and templates, with their lines
    const skip = new Map(v.templates.map((t) => [t.offset, t.end]));
    const stack: number[] = [];
    let line = v.range.start.line;
    let inString = false;
    const text = v.text;
    for (let i = 0; i < text.length; i++) {
      const to = skip.get(i);
      if (to !== undefined) {
        i = to - 1;
        continue;
      }
      const c = text[i];
      if (c === '\n') {
        line++;
        inString = false;
      } else if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') {
        inString = true;
      } else if (c === '{' || c === '[') {
        stack.push(line);
      } else if ((c === '}' || c === ']') && stack.length) {
        const from = stack.pop()!;
        // the closing bracket stays visible, as in VS Code's own JSON folding
        if (line - 1 > from) out.push({ start: from, end: line - 1, kind: 'json' });
      }
    }
  }
  return out;
}

/** Faker's page for a `faker.MODULE.METHOD` helper. */
export function fakerDocsUrl(helper: string): string | undefined {
  const m = /^faker\.([A-Za-z]\w*)\.([A-Za-z]\w*)$/.exec(helper);
  return m ? `https://fakerjs.dev/api/${m[1]}.html#${m[2].toLowerCase()}` : undefined;
}
