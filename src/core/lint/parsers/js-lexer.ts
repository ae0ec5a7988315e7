// A light JavaScript/TypeScript lexer: it marks which characters are code, as opposed to comments,
// string literals, template text and regular expressions. The kafkajs reader uses it to find call
// sites without parsing the whole file. When it cannot be sure, it returns undefined.

const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** 1 for the character codes a word of REGEX_AFTER_WORD starts with (all lower case ASCII). */
const WORD_FIRST = new Uint8Array(128);
for (const w of REGEX_AFTER_WORD) WORD_FIRST[w.charCodeAt(0)] = 1;

// character codes
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const DQUOTE = 34;
const SQUOTE = 39;
const DOLLAR = 36;
const RPAREN = 41;
const STAR = 42;
const SLASH = 47;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const BACKTICK = 96;
const LBRACE = 123;
const RBRACE = 125;

/** Letters, digits, `_`, `$`, and every non-ASCII character. */
function isWordCode(k: number): boolean {
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === DOLLAR || k > 127;
}

/** Scans template text from j; returns the index after the closing backtick or after `${`, or -1 when unterminated. */
function templateEnd(text: string, j: number): number {
  const n = text.length;
  for (;;) {
    if (j >= n) return -1;
    const ch = text.charCodeAt(j);
    if (ch === BACKSLASH) j += 2;
    else if (ch === BACKTICK) return j + 1;
    else if (ch === DOLLAR && text.charCodeAt(j + 1) === LBRACE) return j + 2;
    else j++;
  }
}

/** Masks up to this length reuse one buffer: allocating a typed array costs more than lexing a small file. */
const SHARED_MAX = 1 << 16;
let shared = new Uint8Array(4096);

/**
 * 1 for each code character; undefined for input the lexer does not follow (the caller parses it all).
 * The mask is valid until the next call, and may be longer than the text (read only its first
 * `text.length` entries).
 */
export function codeMask(text: string): Uint8Array | undefined {
  const n = text.length;
  let mask: Uint8Array;
  if (n > SHARED_MAX) mask = new Uint8Array(n);
  else {
    if (shared.length < n) shared = new Uint8Array(SHARED_MAX);
    else shared.fill(0, 0, n);
    mask = shared;
  }
  const templates: number[] = []; // brace depth at each open `${`
  let depth = 0;
  let regexOk = true;
  let i = 0;
  if (text.startsWith('#!')) {
    const nl = text.indexOf('\n');
    i = nl < 0 ? n : nl;
  }
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SLASH) {
      const d = text.charCodeAt(i + 1);
      if (d === SLASH) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl;
        continue;
      }
      if (d === STAR) {
        const e = text.indexOf('*/', i + 2);
        if (e < 0) return undefined;
        i = e + 2;
        continue;
      }
      if (regexOk) {
        let j = i + 1;
        let inClass = false;
        for (;;) {
          if (j >= n) return undefined;
          const ch = text.charCodeAt(j);
          if (ch === LF || ch === CR) return undefined;
          if (ch === BACKSLASH) j += 2;
          else {
            if (ch === LBRACKET) inClass = true;
            else if (ch === RBRACKET) inClass = false;
            else if (ch === SLASH && !inClass) break;
            j++;
          }
        }
        j++;
        while (j < n) {
          const k = text.charCodeAt(j) | 32; // ASCII letters of either case (no other code lands on a-z)
          if (k >= 97 && k <= 122) j++;
          else break;
        }
        i = j;
        regexOk = false;
        continue;
      }
      mask[i] = 1;
      regexOk = true;
      i++;
      continue;
    }
    if (c === DQUOTE || c === SQUOTE) {
      let j = i + 1;
      for (;;) {
        if (j >= n) return undefined;
        const ch = text.charCodeAt(j);
        if (ch === LF || ch === CR) return undefined;
        if (ch === BACKSLASH) j += 2;
        else if (ch === c) break;
        else j++;
      }
      i = j + 1;
      regexOk = false;
      continue;
    }
    if (c === BACKTICK) {
      const j = templateEnd(text, i + 1);
      if (j < 0) return undefined;
      const opened = text.charCodeAt(j - 1) === LBRACE;
      if (opened) {
        templates.push(depth);
        depth++;
        mask[j - 1] = 1;
      }
      i = j;
      regexOk = opened;
      continue;
    }
    if (c === RBRACE && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
      templates.pop();
      depth--;
      const j = templateEnd(text, i + 1);
      if (j < 0) return undefined;
      i = j;
      regexOk = text.charCodeAt(j - 1) === LBRACE;
      if (regexOk) {
        templates.push(depth);
        depth++;
      }
      continue;
    }
    mask[i] = 1;
    if (isWordCode(c)) {
      let j = i + 1;
      while (j < n && isWordCode(text.charCodeAt(j))) mask[j++] = 1;
      const len = j - i;
      // only a few short lower-case words let a regular expression follow
      regexOk = len >= 2 && len <= 10 && c < 128 && WORD_FIRST[c] === 1 && REGEX_AFTER_WORD.has(text.slice(i, j));
      i = j;
      continue;
    }
    if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
    if (c !== SPACE && c !== TAB && c !== LF && c !== CR) regexOk = !(c === RPAREN || c === RBRACKET || c === RBRACE);
    i++;
  }
  if (templates.length > 0) return undefined;
  return mask;
}
