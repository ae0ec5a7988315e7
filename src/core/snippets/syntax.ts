// VS Code's snippet syntax (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_snippet-syntax),
// the part our snippets use: tabstops `$1` `${1}`, placeholders `${1:default}` (nested too), choices
// `${1|a,b|}`, variables `$NAME` `${NAME}` `${NAME:default}`, and `\` escaping `$`, `}` and `\`.
// expandSnippet() fills every placeholder with its default, as accepting each one would; it throws on what
// VS Code would not read as the author meant (an unclosed `${`), so a broken body fails its test.

export class SnippetSyntaxError extends Error {}

export interface Expansion {
  text: string;
  /** The tabstop numbers met, in order of appearance (0 is the final cursor). */
  tabstops: number[];
}

/** Variables VS Code knows, with what they expand to when no editor state says otherwise. */
const KNOWN_VARIABLES = /^(TM_(SELECTED_TEXT|CURRENT_LINE|CURRENT_WORD|LINE_INDEX|LINE_NUMBER|FILENAME|FILENAME_BASE|DIRECTORY|FILEPATH)|RELATIVE_FILEPATH|CLIPBOARD|WORKSPACE_NAME|WORKSPACE_FOLDER|CURSOR_INDEX|CURSOR_NUMBER|CURRENT_\w+|RANDOM|RANDOM_HEX|UUID|BLOCK_COMMENT_START|BLOCK_COMMENT_END|LINE_COMMENT)$/;

/** Expands a body (the lines joined with \n), with `variables` for the values of $TM_* and the like (default: empty). */
export function expandSnippet(body: string | string[], variables: Record<string, string> = {}): Expansion {
  const src = Array.isArray(body) ? body.join('\n') : body;
  const tabstops: number[] = [];
  let i = 0;

  const fail = (why: string): never => {
    throw new SnippetSyntaxError(`${why} at offset ${i}: ${JSON.stringify(src.slice(Math.max(0, i - 20), i + 20))}`);
  };

  // reads text up to `stop` (a `}` closing a placeholder), expanding what it holds
  function sequence(inside: boolean): string {
    let out = '';
    while (i < src.length) {
      const c = src[i];
      if (c === '\\' && (src[i + 1] === '$' || src[i + 1] === '}' || src[i + 1] === '\\')) {
        out += src[i + 1];
        i += 2;
      } else if (c === '$') {
        out += dollar();
      } else if (c === '}' && inside) {
        return out;
      } else {
        out += c;
        i++;
      }
    }
    if (inside) fail('unclosed ${');
    return out;
  }

  function dollar(): string {
    i++; // $
    const simple = /^(\d+|[A-Za-z_]\w*)/.exec(src.slice(i));
    if (simple) {
      i += simple[1].length;
      return /^\d/.test(simple[1]) ? tab(Number(simple[1]), '') : variable(simple[1], undefined);
    }
    if (src[i] !== '{') return '$'; // a lone $ is text
    i++;
    const head = /^(\d+|[A-Za-z_]\w*)/.exec(src.slice(i));
    if (!head) fail('${ without a tabstop number or a variable name');
    const name = head![1];
    i += name.length;
    const numeric = /^\d/.test(name);
    if (src[i] === '}') {
      i++;
      return numeric ? tab(Number(name), '') : variable(name, undefined);
    }
    if (src[i] === ':') {
      i++;
      const inner = sequence(true);
      i++; // }
      return numeric ? tab(Number(name), inner) : variable(name, inner);
    }
    if (src[i] === '|' && numeric) {
      i++;
      const options: string[] = [];
      let cur = '';
      while (i < src.length && !(src[i] === '|' && src[i + 1] === '}')) {
        if (src[i] === '\\' && /[,|\\$}]/.test(src[i + 1] ?? '')) {
          cur += src[i + 1];
          i += 2;
        } else if (src[i] === ',') {
          options.push(cur);
          cur = '';
          i++;
        } else cur += src[i++];
      }
      if (i >= src.length) fail('unclosed choice');
      options.push(cur);
      i += 2; // |}
      return tab(Number(name), options[0]);
    }
    if (src[i] === '/' && !numeric) fail(`variable transforms (\${${name}/…}) are not used by our snippets`);
    return fail(`unexpected ${JSON.stringify(src[i] ?? 'end')} in \${${name}`);
  }

  function tab(n: number, value: string): string {
    tabstops.push(n);
    return value;
  }

  function variable(name: string, fallback: string | undefined): string {
    if (Object.prototype.hasOwnProperty.call(variables, name)) return variables[name];
    if (KNOWN_VARIABLES.test(name)) return fallback ?? '';
    // VS Code turns an unknown variable into a placeholder holding its name: a typo in a body
    return fail(`unknown snippet variable ${name}`);
  }

  const text = sequence(false);
  return { text, tabstops };
}

/** Text as a snippet body inserts it verbatim: `$`, `}` and `\` escaped. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => '\\' + c);
}

/** A selection as the `body` of a snippet file entry: one string per line, escaped, line ends normalised. */
export function snippetBodyOf(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n').map(escapeSnippetText);
}
