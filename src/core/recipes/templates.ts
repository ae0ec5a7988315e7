// Finding `{{helper args}}` in a line of a recipe. A template never spans lines; `\{{` is a literal
// `{{`. In a JSON value, each template is marked as inside a JSON string or bare, so that its output
// is escaped for JSON, or must be a number or a boolean.

export interface ScanProblem {
  /** Column range in the line. */
  start: number;
  end: number;
  message: string;
}

/** A template found in a line, with columns; the caller turns them into ranges. */
export interface LineTemplate {
  helper: string;
  args: string[];
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  inJsonString: boolean;
}

const NAME = /[A-Za-z_][\w.]*/y;

/**
 * Scans one line. `json` carries the string state of a JSON value across the line (reset per line:
 * a JSON string cannot span lines, and the JSON check reports one that tries).
 */
export function scanLine(line: string, json: { inString: boolean } | undefined, problems: ScanProblem[]): LineTemplate[] {
  const out: LineTemplate[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === '\\' && line.startsWith('{{', i + 1)) {
      i += 3; // a literal {{
      continue;
    }
    if (c === '{' && line[i + 1] === '{') {
      const start = i;
      i += 2;
      while (line[i] === ' ' || line[i] === '\t') i++;
      NAME.lastIndex = i;
      const m = NAME.exec(line);
      if (!m) {
        const close = line.indexOf('}}', i);
        const end = close < 0 ? n : close + 2;
        problems.push({ start, end, message: line.startsWith('}}', i) ? 'an empty template `{{}}`: name a helper, e.g. `{{uuid}}` (write `\\{{` for a literal `{{`)' : 'a template must start with a helper name, e.g. `{{uuid}}` (write `\\{{` for a literal `{{`)' });
        i = end;
        continue;
      }
      const nameStart = i;
      i += m[0].length;
      const nameEnd = i;
      const args: string[] = [];
      let closed = false;
      let bad: string | undefined;
      while (i < n) {
        const ws = line[i] === ' ' || line[i] === '\t';
        while (line[i] === ' ' || line[i] === '\t') i++;
        if (line.startsWith('}}', i)) {
          i += 2;
          closed = true;
          break;
        }
        if (i >= n) break;
        if (!ws) {
          bad = `put a space between \`${m[0]}\` and its arguments`;
        }
        if (line[i] === '"') {
          let s = '';
          i++;
          let done = false;
          while (i < n) {
            if (line[i] === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
              s += line[i + 1];
              i += 2;
            } else if (line[i] === '"') {
              i++;
              done = true;
              break;
            } else {
              s += line[i++];
            }
          }
          if (!done) break;
          args.push(s);
        } else {
          const from = i;
          while (i < n && line[i] !== ' ' && line[i] !== '\t' && !line.startsWith('}}', i)) i++;
          args.push(line.slice(from, i));
        }
      }
      if (!closed) {
        problems.push({ start, end: n, message: 'a template is not closed: add `}}` on the same line (write `\\{{` for a literal `{{`)' });
        return out;
      }
      if (bad) problems.push({ start, end: i, message: bad });
      out.push({ helper: m[0], args, start, end: i, nameStart, nameEnd, inJsonString: json?.inString ?? false });
      continue;
    }
    if (json) {
      if (json.inString && c === '\\') {
        i += 2;
        continue;
      }
      if (c === '"') json.inString = !json.inString;
    }
    i++;
  }
  if (json) json.inString = false;
  return out;
}

/** Replaces the literal-brace escapes of a piece of text between templates. */
export function unescapeLiteral(s: string): string {
  return s.includes('\\{{') ? s.replace(/\\\{\{/g, '{{') : s;
}
