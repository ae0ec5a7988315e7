// The `.msk` recipe parser (the format: docs/recipes.md). Pure and total: any text gives blocks and
// errors, never an exception. Every node carries its range.
import { checkJson, type JsonProblem } from './json-check';
import { checkHelperUse, closest, fakerType, helperSpec, isFakerHelper, sampleOf } from './helpers';
import { scanLine, type ScanProblem } from './templates';
import { parseSchemaRef } from '../schemas/ref';
import type { ParsedRecipe, Position, Range, RecipeBlock, RecipeError, RecipeHeader, RecipeText, TemplateUse } from './types';

export const FIELDS = ['topic', 'key', 'header', 'partition', 'count', 'timestamp', 'format', 'schema'] as const;
export type FieldName = (typeof FIELDS)[number];

/** At most this many messages per block and produce. */
export const MAX_COUNT = 1_000_000;
const MAX_PARTITION = 2 ** 31 - 1;
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
// `name: value` or `header NAME: value`
const FIELD = /^(\s*)([A-Za-z][\w.-]*)(?:[ \t]+([^:\s][^:]*?))?[ \t]*:(.*)$/;

const pos = (line: number, character: number): Position => ({ line, character });
const range = (line: number, start: number, end: number): Range => ({ start: pos(line, start), end: pos(line, end) });

/** Splits as VS Code counts lines: \r\n, \r and \n each end one. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function isSeparator(line: string): boolean {
  return line.trimStart().startsWith('###');
}

export function isComment(line: string): boolean {
  const t = line.trimStart();
  return (t.startsWith('#') && !t.startsWith('###')) || t.startsWith('//');
}

class Collector {
  readonly errors: RecipeError[] = [];
  blockIndex?: number;
  block?: { hasErrors: boolean };

  add(r: Range, detail: string, severity: 'error' | 'warning' = 'error'): void {
    this.errors.push({ message: `line ${r.start.line + 1}: ${detail}`, detail, range: r, severity, blockIndex: this.blockIndex });
    if (severity === 'error' && this.block) this.block.hasErrors = true;
  }
}

const quote = (s: string) => (s.length > 60 ? `'${s.slice(0, 57)}…'` : `'${s}'`);

/** Templates of a one-line text that starts at `col` of `line`. */
function lineText(text: string, line: number, col: number, c: Collector): RecipeText {
  const problems: ScanProblem[] = [];
  const found = scanLine(text, undefined, problems);
  for (const p of problems) c.add(range(line, col + p.start, col + p.end), p.message);
  const templates: TemplateUse[] = found.map((t) => ({
    helper: t.helper, args: t.args, inJsonString: false, offset: t.start, end: t.end,
    range: range(line, col + t.start, col + t.end), nameRange: range(line, col + t.nameStart, col + t.nameEnd),
  }));
  checkUses(templates, c);
  return { text, range: range(line, col, col + text.length), templates };
}

function checkUses(templates: TemplateUse[], c: Collector): void {
  for (const t of templates) {
    const problem = checkHelperUse(t.helper, t.args);
    if (problem) c.add(t.range, problem);
  }
}

/** Whether a template may stand outside quotes in JSON: it yields a number, a boolean, or JSON scalars. */
function bareOk(t: TemplateUse): boolean {
  if (isFakerHelper(t.helper)) return fakerType(t.helper) !== 'string';
  if (t.helper === 'pick') return t.args.length > 0 && t.args.every((a) => a.trim() !== '' && !/[[{]/.test(a) && checkJson(a) === undefined);
  const spec = helperSpec(t.helper);
  return spec !== undefined && spec.type !== 'string';
}

/**
 * Expands a JSON value with sample values and checks it. Errors inside a template's output point at
 * the template; others at the character itself.
 */
function checkJsonValue(value: RecipeText, firstLine: number, c: Collector): void {
  let out = '';
  const pieces: { out: number; src: number; template?: TemplateUse }[] = [];
  // literal text, with each `\{{` escape as a piece of its own (it is one character shorter in the output)
  const literal = (from: number, to: number) => {
    let at = from;
    for (;;) {
      const esc = value.text.indexOf('\\{{', at);
      const stop = esc < 0 || esc >= to ? to : esc;
      pieces.push({ out: out.length, src: at });
      out += value.text.slice(at, stop);
      if (stop === to) return;
      pieces.push({ out: out.length, src: esc + 1 });
      out += '{{';
      at = esc + 3;
    }
  };
  let at = 0;
  for (const t of value.templates) {
    literal(at, t.offset);
    pieces.push({ out: out.length, src: t.offset, template: t });
    const sample = sampleOf(t.helper, t.args);
    out += t.inJsonString ? JSON.stringify(sample).slice(1, -1) : bareOk(t) ? sample : JSON.stringify(sample);
    at = t.end;
  }
  literal(at, value.text.length);
  const problem: JsonProblem | undefined = checkJson(out);
  if (!problem) return;
  let piece = pieces[0];
  for (const p of pieces) if (p.out <= problem.offset) piece = p;
  const src = piece.template ? piece.template.offset : Math.min(piece.src + (problem.offset - piece.out), value.text.length);
  const before = value.text.slice(0, src);
  const nl = before.lastIndexOf('\n');
  const line = firstLine + (before.match(/\n/g)?.length ?? 0);
  const ch = src - (nl + 1);
  const lineLength = value.text.split('\n')[line - firstLine].length;
  // a problem at the end of a line (a string left open, a missing comma) marks the line's last character
  const col = Math.max(0, ch >= lineLength ? lineLength - 1 : ch);
  const r = piece.template ? piece.template.range : range(line, col, Math.min(col + 1, lineLength));
  c.add(r, `the value is not valid JSON${piece.template ? ' once its templates are filled in' : ''}: ${problem.message} (write \`format: text\` to send it as text)`);
}

function looksLikeField(line: string): boolean {
  const m = FIELD.exec(line);
  if (!m) return false;
  const name = m[2].toLowerCase();
  return name === 'header' ? m[3] !== undefined : m[3] === undefined && (FIELDS as readonly string[]).includes(name);
}

function parseBlock(lines: string[], s: number, e: number, hasSep: boolean, index: number, c: Collector): RecipeBlock | undefined {
  // a block of blank lines and comments only is no block
  const contentful = (l: string) => l.trim() !== '' && !isComment(l);
  let last = -1;
  for (let i = e - 1; i >= (hasSep ? s + 1 : s); i--) {
    if (lines[i].trim() !== '') {
      last = i;
      break;
    }
  }
  let any = false;
  for (let i = hasSep ? s + 1 : s; i < e; i++) if (contentful(lines[i])) any = true;
  if (!any) return undefined;

  const sepLine = lines[s];
  const titleStart = hasSep ? sepLine.indexOf('###') + 3 : 0;
  const block: RecipeBlock = {
    index,
    range: { start: pos(s, 0), end: pos(last, lines[last].length) },
    separatorRange: hasSep ? range(s, 0, sepLine.length) : undefined,
    title: hasSep ? sepLine.slice(titleStart).trim() : '',
    topic: '',
    headers: [],
    count: 1,
    valueKind: 'text',
    templates: [],
    hasErrors: false,
  };
  c.blockIndex = index;
  c.block = block;
  const seen = new Map<string, number>();
  let format: 'json' | 'text' | undefined;
  let sawField = false;
  let valueStart = -1;
  let i = hasSep ? s + 1 : s;
  for (; i < e; i++) {
    const line = lines[i];
    const t = line.trim();
    if (t === '') {
      if (sawField) {
        valueStart = i + 1;
        break;
      }
      continue;
    }
    if (isComment(line)) continue;
    if (t[0] === '{' || t[0] === '[') {
      valueStart = i;
      break;
    }
    const m = FIELD.exec(line);
    const lead = line.length - line.trimStart().length;
    const name = m ? m[2].toLowerCase() : '';
    const known = m && (name === 'header' ? m[3] !== undefined : m[3] === undefined && (FIELDS as readonly string[]).includes(name));
    if (!m || !known) {
      const whole = range(i, lead, line.trimEnd().length);
      if (m && name === 'header') {
        c.add(whole, '`header` needs a name: write `header NAME: VALUE`, e.g. `header trace-id: {{uuid}}`');
        continue;
      }
      const written = m ? (m[3] ? `${m[2]} ${m[3]}` : m[2]) : undefined;
      const near = written && !m![3] ? closest(m![2], FIELDS) : undefined;
      if (written && near) {
        c.add(range(i, lead, lead + m![2].length), `unknown field \`${m![2]}\`: did you mean \`${near}\`? (fields: ${FIELDS.join(', ')})`);
        continue;
      }
      c.add(whole, `expected a field (\`topic: NAME\`, \`key: …\`, \`header NAME: …\`, \`partition: N\`, \`count: N\`, \`timestamp: …\`, \`format: json|text\`, \`schema: glue:…|confluent:…\`), got ${quote(t)}: leave a blank line between the fields and a text value`);
      valueStart = i;
      break;
    }
    sawField = true;
    const nameStart = m[1].length;
    const nameEnd = nameStart + m[2].length;
    const colon = line.indexOf(':', nameEnd);
    const rawValue = m[4];
    const valueCol = colon + 1 + (rawValue.length - rawValue.trimStart().length);
    const v = rawValue.trim();
    const vRange = range(i, valueCol, valueCol + v.length);
    const fieldId = name === 'header' ? `header ${m[3]}` : name;
    const fieldRange = range(i, nameStart, line.trimEnd().length);
    const first = seen.get(fieldId);
    if (first !== undefined) {
      c.add(fieldRange, `${name === 'header' ? `header \`${m[3]}\`` : `\`${name}\``} is given twice in this block (first on line ${first + 1}): keep one`);
      continue;
    }
    seen.set(fieldId, i);
    switch (name) {
      case 'topic':
        block.topicRange = vRange;
        block.topic = v;
        if (v === '') c.add(fieldRange, '`topic` is empty: name the topic to produce to');
        else if (v.includes('{{')) c.add(vRange, 'templates are not allowed in `topic`: name the topic itself');
        else if (!TOPIC.test(v) || v === '.' || v === '..') c.add(vRange, `${quote(v)} is not a valid topic name: Kafka allows letters, digits, '.', '_' and '-' (1 to 249 of them)`);
        break;
      case 'key':
        if (v === '') c.add(fieldRange, '`key` is empty: remove the line for a null key, or give a key');
        else block.key = lineText(v, i, valueCol, c);
        break;
      case 'header': {
        const hName = m[3];
        const hStart = line.indexOf(hName, nameEnd);
        const h: RecipeHeader = { name: hName, nameRange: range(i, hStart, hStart + hName.length), value: lineText(v, i, valueCol, c), range: fieldRange };
        if (hName.includes('{{')) c.add(h.nameRange, 'templates are not allowed in a header name');
        block.headers.push(h);
        break;
      }
      case 'partition':
        block.partitionRange = vRange;
        if (/^\d{1,10}$/.test(v) && Number(v) <= MAX_PARTITION) block.partition = Number(v);
        else c.add(v ? vRange : fieldRange, `\`partition\` must be a non-negative whole number, got ${quote(v)}; remove the line to let the producer choose`);
        break;
      case 'count':
        block.countRange = vRange;
        if (/^\d{1,7}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_COUNT) block.count = Number(v);
        else c.add(v ? vRange : fieldRange, `\`count\` must be a whole number from 1 to ${MAX_COUNT}, got ${quote(v)}`);
        break;
      case 'timestamp': {
        block.timestampRange = vRange;
        let ms: number | undefined;
        if (/^\d{1,15}$/.test(v)) ms = Number(v);
        else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v)) {
          const parsed = Date.parse(v.replace(' ', 'T'));
          if (Number.isFinite(parsed) && parsed >= 0) ms = parsed;
        }
        if (ms === undefined) c.add(v ? vRange : fieldRange, `\`timestamp\` must be epoch milliseconds or an ISO-8601 time such as 2026-01-31T12:00:00Z, got ${quote(v)}`);
        else block.timestamp = ms;
        break;
      }
      case 'format':
        if (v === 'json' || v === 'text') format = v;
        else c.add(v ? vRange : fieldRange, `\`format\` must be json or text, got ${quote(v)}`);
        break;
      case 'schema': {
        block.schemaRange = vRange;
        if (v.includes('{{')) {
          c.add(vRange, 'templates are not allowed in `schema`: name the schema itself, e.g. `schema: glue:REGISTRY/SCHEMA@latest`');
          break;
        }
        const ref = parseSchemaRef(v);
        if ('problem' in ref) c.add(v ? vRange : fieldRange, `\`schema\`: ${ref.problem}`);
        else block.schema = ref;
        break;
      }
    }
  }
  if (valueStart >= 0) {
    let from = valueStart;
    while (from <= last && lines[from].trim() === '') from++;
    if (from <= last) {
      const valueLines = lines.slice(from, last + 1);
      const text = valueLines.join('\n');
      const firstChar = text.trimStart()[0];
      block.valueKind = format ?? (firstChar === '{' || firstChar === '[' ? 'json' : 'text');
      const json = block.valueKind === 'json' ? { inString: false } : undefined;
      const templates: TemplateUse[] = [];
      let offset = 0;
      valueLines.forEach((l, k) => {
        const problems: ScanProblem[] = [];
        for (const t of scanLine(l, json, problems)) {
          templates.push({
            helper: t.helper, args: t.args, inJsonString: t.inJsonString, offset: offset + t.start, end: offset + t.end,
            range: range(from + k, t.start, t.end), nameRange: range(from + k, t.nameStart, t.nameEnd),
          });
        }
        for (const p of problems) c.add(range(from + k, p.start, p.end), p.message);
        offset += l.length + 1;
      });
      checkUses(templates, c);
      block.value = { text, range: { start: pos(from, 0), end: pos(last, lines[last].length) }, templates };
      if (sawField && looksLikeField(lines[from])) {
        const l = lines[from];
        c.add(range(from, l.length - l.trimStart().length, l.trimEnd().length), 'this line looks like a field but is part of the value: remove the blank line above it to make it a field', 'warning');
      }
      if (block.valueKind === 'json') {
        for (const t of templates) {
          if (!t.inJsonString && !bareOk(t) && checkHelperUse(t.helper, t.args) === undefined) {
            c.add(t.range, `\`${value(lines, t)}\` gives text, which JSON must quote: write "${value(lines, t)}"`);
          }
        }
        checkJsonValue(block.value, from, c);
      }
    }
  }
  block.templates = [...(block.key?.templates ?? []), ...block.headers.flatMap((h) => h.value.templates), ...(block.value?.templates ?? [])];
  if (!block.topic && block.topicRange === undefined) {
    const r = block.separatorRange ?? range(s, 0, lines[s].length);
    c.add(r, `this block has no topic: add a line \`topic: NAME\`${block.title ? ` to "${block.title}"` : ''}`);
  }
  c.block = undefined;
  c.blockIndex = undefined;
  return block;
}

function value(lines: string[], t: TemplateUse): string {
  return lines[t.range.start.line].slice(t.range.start.character, t.range.end.character);
}

/** Parses a recipe file. Never throws. */
export function parseRecipe(text: string): ParsedRecipe {
  const c = new Collector();
  const blocks: RecipeBlock[] = [];
  try {
    const lines = splitLines(text);
    const seps: number[] = [];
    for (let i = 0; i < lines.length; i++) if (isSeparator(lines[i])) seps.push(i);
    const starts: [number, boolean][] = [[0, false], ...seps.map((s): [number, boolean] => [s, true])];
    if (seps[0] === 0) starts.shift();
    for (let k = 0; k < starts.length; k++) {
      const [s, hasSep] = starts[k];
      const e = k + 1 < starts.length ? starts[k + 1][0] : lines.length;
      const b = parseBlock(lines, s, e, hasSep, blocks.length, c);
      if (b) blocks.push(b);
    }
  } catch (err) {
    // a bug of ours must not take the editor or the CLI down: report it where the user looks
    c.add(range(0, 0, 0), `the recipe parser failed (${err instanceof Error ? err.message : String(err)}): please report this`);
  }
  return { blocks, errors: c.errors };
}
