// A light JavaScript/TypeScript lexer: it marks which characters are code, as opposed to comments,
// string literals, template text and regular expressions. The kafkajs reader uses it to find call
// sites without parsing the whole file. When it cannot be sure, it returns undefined.

const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** 1 for each code character; undefined for input the lexer does not follow (the caller parses it all). */
export function codeMask(text: string): Uint8Array | undefined {
  const n = text.length;
  const mask = new Uint8Array(n);
  const templates: number[] = []; // brace depth at each open `${`
  let depth = 0;
  let regexOk = true;
  let i = 0;
  if (text.startsWith('#!')) {
    const nl = text.indexOf('\n');
    i = nl < 0 ? n : nl;
  }
  /** Scans template text from j; returns the index after the closing backtick or after `${` (then pushes). */
  const template = (j: number): number | undefined => {
    for (;;) {
      if (j >= n) return undefined;
      const ch = text[j];
      if (ch === '\\') j += 2;
      else if (ch === '`') return j + 1;
      else if (ch === '$' && text[j + 1] === '{') {
        templates.push(depth);
        depth++;
        return j + 2;
      } else j++;
    }
  };
  while (i < n) {
    const c = text[i];
    const code = text.charCodeAt(i);
    if (c === '/') {
      const d = text[i + 1];
      if (d === '/') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
        continue;
      }
      if (d === '*') {
        const e = text.indexOf('*/', i + 2);
        if (e < 0) return undefined;
        i = e + 2;
        continue;
      }
      if (regexOk) {
        let j = i + 1;
        let inClass = false;
        for (;;) {
          if (j >= n || text[j] === '\n' || text[j] === '\r') return undefined;
          const ch = text[j];
          if (ch === '\\') j += 2;
          else {
            if (ch === '[') inClass = true;
            else if (ch === ']') inClass = false;
            else if (ch === '/' && !inClass) break;
            j++;
          }
        }
        j++;
        while (j < n && /[a-z]/i.test(text[j])) j++;
        i = j;
        regexOk = false;
        continue;
      }
      mask[i] = 1;
      regexOk = true;
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= n || text[j] === '\n' || text[j] === '\r') return undefined;
        const ch = text[j];
        if (ch === '\\') j += 2;
        else if (ch === c) break;
        else j++;
      }
      i = j + 1;
      regexOk = false;
      continue;
    }
    if (c === '`') {
      const j = template(i + 1);
      if (j === undefined) return undefined;
      if (text[j - 1] === '{') mask[j - 1] = 1;
      i = j;
      regexOk = text[j - 1] === '{';
      continue;
    }
    if (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
      templates.pop();
      depth--;
      const j = template(i + 1);
      if (j === undefined) return undefined;
      i = j;
      regexOk = text[j - 1] === '{';
      continue;
    }
    mask[i] = 1;
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || (code >= 48 && code <= 57) || code > 127) {
      let j = i + 1;
      while (j < n) {
        const k = text.charCodeAt(j);
        if ((k >= 65 && k <= 90) || (k >= 97 && k <= 122) || k === 95 || k === 36 || (k >= 48 && k <= 57) || k > 127) {
          mask[j] = 1;
          j++;
        } else break;
      }
      regexOk = REGEX_AFTER_WORD.has(text.slice(i, j));
      i = j;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') regexOk = !(c === ')' || c === ']' || c === '}');
    i++;
  }
  if (templates.length > 0) return undefined;
  return mask;
}
