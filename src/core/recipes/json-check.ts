// A strict JSON (RFC 8259) checker that says where the first error is. JSON.parse does not: V8's
// messages give no position for many errors. Iterative, so deep nesting cannot overflow the stack.

export interface JsonProblem {
  /** Offset in the text of the first character that is wrong. */
  offset: number;
  message: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);
// sticky: matched at an offset of the whole text, without copying it
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function describe(text: string, i: number): string {
  if (i >= text.length) return 'the end of the value';
  const c = text[i];
  return c === '\n' || c === '\r' ? 'a line break' : `'${c}'`;
}

/**
 * Checks that `text` is one JSON value. `onTopLevelElement`, when given and the value is an array,
 * gets the [start, end) offsets of each element of that outer array.
 */
export function checkJson(text: string, onTopLevelElement?: (start: number, end: number) => void): JsonProblem | undefined {
  let i = 0;
  const n = text.length;
  const skipWs = () => {
    while (i < n && WS.has(text[i])) i++;
  };
  const fail = (message: string, at = i): JsonProblem => ({ offset: Math.min(at, n), message });
  // what each open container expects next
  const stack: ('[' | '{')[] = [];
  let topArray = false;
  let elementStart = -1;

  const scanString = (): JsonProblem | undefined => {
    const start = i;
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('a \\u escape needs 4 hexadecimal digits', i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          return fail(`invalid escape '\\${e ?? ''}' in a string (write \\\\ for a backslash)`, i);
        }
        continue;
      }
      if (c < 0x20) return fail(c === 0x0a || c === 0x0d ? 'a string cannot span lines: close it with " on the same line' : 'a control character in a string must be escaped', i);
      i++;
    }
    return fail('a string is not closed: add the closing "', start);
  };

  const scanScalar = (): JsonProblem | undefined => {
    const c = text[i];
    if (c === '"') return scanString();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0].length > 0) {
      i += m[0].length;
      return undefined;
    }
    return fail(`expected a value (an object, array, string, number, true, false or null), got ${describe(text, i)}`);
  };

  skipWs();
  if (i >= n) return fail('the value is empty');
  // value position
  for (;;) {
    skipWs();
    if (stack.length === 1 && topArray) elementStart = i;
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      if (stack.length === 1 && c === '[') topArray = true;
      i++;
      skipWs();
      const close = c === '{' ? '}' : ']';
      if (text[i] === close) {
        stack.pop();
        i++;
      } else if (c === '{') {
        if (text[i] !== '"') return fail(`expected a property name in double quotes, got ${describe(text, i)}`);
        const p = scanString();
        if (p) return p;
        skipWs();
        if (text[i] !== ':') return fail(`expected ':' after the property name, got ${describe(text, i)}`);
        i++;
        continue;
      } else {
        continue;
      }
    } else {
      const p = scanScalar();
      if (p) return p;
    }
    // after a value: close containers or move to the next element
    for (;;) {
      if (stack.length === 1 && topArray && elementStart >= 0) {
        onTopLevelElement?.(elementStart, i);
        elementStart = -1;
      }
      skipWs();
      if (stack.length === 0) {
        if (i < n) return fail(`unexpected ${describe(text, i)} after the end of the value`);
        return undefined;
      }
      const top = stack[stack.length - 1];
      const close = top === '{' ? '}' : ']';
      if (text[i] === close) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] === ',') {
        i++;
        skipWs();
        if (top === '{') {
          if (text[i] !== '"') return fail(text[i] === '}' ? 'a trailing comma before \'}\' is not allowed in JSON' : `expected a property name in double quotes, got ${describe(text, i)}`);
          const p = scanString();
          if (p) return p;
          skipWs();
          if (text[i] !== ':') return fail(`expected ':' after the property name, got ${describe(text, i)}`);
          i++;
        } else if (text[i] === ']') {
          return fail('a trailing comma before \']\' is not allowed in JSON');
        }
        break;
      }
      return fail(i >= n ? `the value ends before its '${close}'` : `expected ',' or '${close}', got ${describe(text, i)}`);
    }
  }
}

/** Removes the whitespace outside strings of valid JSON (numbers keep their digits exactly). */
export function minifyJson(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (WS.has(c)) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return out + text.slice(from);
}
