// The TextMate grammar and the language configuration of `.msk` files. vscode-textmate and
// vscode-oniguruma are not installed here, so this test reads the grammar with a small line tokenizer
// of its own (match / begin-end / include / captures, JavaScript regular expressions, which cover the
// syntax this grammar uses), checks that every regular expression compiles and every include resolves,
// and that key lines get their scopes. The real engine runs in the extension-host test (recipes.test.ts
// opens a .msk file with this grammar contributed).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser/lib/esm/main.js';

const root = resolve(__dirname, '../../..');

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  contentName?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  endCaptures?: Record<string, { name: string }>;
  patterns?: Rule[];
  include?: string;
}
interface Grammar { scopeName: string; patterns: Rule[]; repository: Record<string, Rule> }

const grammar = JSON.parse(readFileSync(join(root, 'syntaxes/msk-recipe.tmLanguage.json'), 'utf8')) as Grammar;
const rx = (src: string) => new RegExp(src, 'gd');

function flatten(patterns: Rule[]): Rule[] {
  return patterns.flatMap((p) => {
    if (p.include) {
      const target = grammar.repository[p.include.slice(1)];
      assert.ok(p.include.startsWith('#') && target, `include ${p.include} does not resolve`);
      return target.match || target.begin ? [target] : flatten(target.patterns ?? []);
    }
    return [p];
  });
}

interface Token { text: string; scopes: string[] }

function emit(out: Token[], line: string, m: RegExpExecArray, captures: Rule['captures'], scopes: string[]): void {
  // the whole match, split by its captures (non-overlapping, as this grammar's are)
  const indices = m.indices!;
  let at = m.index;
  const parts = Object.keys(captures ?? {}).map(Number).filter((k) => k > 0 && indices[k]).sort((a, b) => indices[a][0] - indices[b][0]);
  const whole = captures?.['0']?.name;
  const base = whole ? [...scopes, whole] : scopes;
  for (const k of parts) {
    const [s, e] = indices[k];
    if (s > at) out.push({ text: line.slice(at, s), scopes: base });
    if (e > s) out.push({ text: line.slice(s, e), scopes: [...base, ...captures![String(k)].name.split(' ')] });
    at = Math.max(at, e);
  }
  if (m.index + m[0].length > at) out.push({ text: line.slice(at, m.index + m[0].length), scopes: base });
}

/** Tokenizes from `pos`; returns where it stopped (the end match's end, or the line's end). */
function run(line: string, pos: number, patterns: Rule[], scopes: string[], out: Token[], end?: Rule): number {
  const rules = flatten(patterns);
  let guard = 0;
  while (pos <= line.length && guard++ < 1000) {
    let best: { m: RegExpExecArray; rule?: Rule } | undefined;
    if (end) {
      const e = rx(end.end!);
      e.lastIndex = pos;
      const m = e.exec(line);
      if (m) best = { m };
    }
    for (const r of rules) {
      const re = rx((r.match ?? r.begin)!);
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && (!best || m.index < best.m.index)) best = { m, rule: r };
    }
    if (!best) {
      if (pos < line.length) out.push({ text: line.slice(pos), scopes });
      return line.length;
    }
    if (best.m.index > pos) out.push({ text: line.slice(pos, best.m.index), scopes });
    const { m, rule } = best;
    if (!rule) {
      emit(out, line, m, end!.endCaptures, scopes);
      return m.index + m[0].length;
    }
    const inner = rule.name ? [...scopes, rule.name] : scopes;
    if (rule.match) {
      emit(out, line, m, rule.captures, inner);
      pos = m.index + Math.max(1, m[0].length);
    } else {
      emit(out, line, m, rule.beginCaptures, inner);
      const content = rule.contentName ? [...inner, rule.contentName] : inner;
      pos = run(line, m.index + m[0].length, rule.patterns ?? [], content, out, rule);
      if (pos >= line.length) return line.length;
    }
  }
  return pos;
}

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  run(line, 0, grammar.patterns, [grammar.scopeName], out);
  return out;
}

/** The scopes that every token covering `piece` (its first occurrence in `line`) has. */
function scopesOf(line: string, piece: string): string[] {
  const at = line.indexOf(piece);
  assert.ok(at >= 0, `${piece} not in ${line}`);
  let pos = 0;
  let common: string[] | undefined;
  for (const t of tokenize(line)) {
    if (pos < at + piece.length && pos + t.text.length > at) common = common ? common.filter((s) => t.scopes.includes(s)) : t.scopes;
    pos += t.text.length;
  }
  assert.equal(pos, line.length, 'the tokens cover the line');
  assert.ok(common, `no token for ${piece}`);
  return common;
}

const has = (line: string, piece: string, scope: string) => {
  const s = scopesOf(line, piece);
  assert.ok(s.some((x) => x === scope || x.startsWith(`${scope}.`)), `"${piece}" in ${JSON.stringify(line)} has ${s.join(' ')}, not ${scope}`);
};

describe('.msk TextMate grammar and language configuration', () => {
  it('is JSON with the scope name package.json contributes, and every rule compiles and resolves', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { grammars: { language: string; scopeName: string; path: string }[]; languages: { id: string; extensions: string[]; configuration: string }[] } };
    const g = manifest.contributes.grammars.find((x) => x.language === 'msk-recipe');
    assert.deepEqual(g, { language: 'msk-recipe', scopeName: grammar.scopeName, path: './syntaxes/msk-recipe.tmLanguage.json' });
    const lang = manifest.contributes.languages.find((l) => l.id === 'msk-recipe');
    assert.deepEqual(lang?.extensions, ['.msk']);
    assert.equal(lang?.configuration, './syntaxes/msk-recipe.language-configuration.json');
    const walk = (r: Rule, where: string) => {
      for (const k of ['match', 'begin', 'end'] as const) if (r[k] !== undefined) assert.doesNotThrow(() => rx(r[k]!), `${where}.${k}`);
      if (r.begin) assert.ok(r.end !== undefined, `${where}: begin without end`);
      (r.patterns ?? []).forEach((p, i) => walk(p, `${where}.patterns[${i}]`));
      if (r.patterns) flatten(r.patterns);
    };
    grammar.patterns.forEach((p, i) => walk(p, `patterns[${i}]`));
    for (const [k, r] of Object.entries(grammar.repository)) walk(r, k);
    flatten(grammar.patterns);
    // every repository entry is used
    const used = JSON.stringify(grammar).match(/"#[\w-]+"/g)!.map((s) => s.slice(2, -1));
    for (const k of Object.keys(grammar.repository)) assert.ok(used.includes(k), `repository entry ${k} is never included`);
  });

  it('scopes the block separator and its title', () => {
    has('### Order created', '###', 'punctuation.definition.block');
    has('### Order created', 'Order created', 'entity.name.section');
  });

  it('scopes # and // comments, but not ### as a comment', () => {
    has('# a note', '# a note', 'comment.line.number-sign');
    has('  // a note', '// a note', 'comment.line.double-slash');
    assert.ok(!scopesOf('### title', '###').some((s) => s.startsWith('comment')));
  });

  it('scopes fields: names, the topic, numbers, format, header names and values with templates', () => {
    has('topic: orders', 'topic', 'keyword.other.field');
    has('topic: orders', 'orders', 'entity.name.type.topic');
    has('count: 5', '5', 'constant.numeric');
    has('partition: 2', 'partition', 'keyword.other.field');
    has('format: json', 'json', 'constant.language.format');
    has('format: xml', 'xml', 'invalid.illegal');
    has('header trace-id: t-{{uuid}}', 'header', 'keyword.other.field');
    has('header trace-id: t-{{uuid}}', 'trace-id', 'variable.other.header-name');
    has('header trace-id: t-{{uuid}}', 't-', 'string.unquoted.header-value');
    has('header trace-id: t-{{uuid}}', 'uuid', 'support.function.helper');
    has('key: customer-{{int 1 9}}', 'key', 'keyword.other.field');
    has('key: customer-{{int 1 9}}', 'customer-', 'string.unquoted.key');
    has('key: customer-{{int 1 9}}', '9', 'constant.numeric.argument');
  });

  it('scopes `schema:`: the registry, the name, the version and a Protobuf message type', () => {
    const line = 'schema: confluent:payments-value@3#shop.Refund';
    has(line, 'schema', 'keyword.other.field.schema');
    has(line, 'confluent', 'support.type.registry');
    has(line, 'payments-value', 'entity.name.type.schema');
    has(line, '3', 'constant.numeric.version');
    has(line, 'shop.Refund', 'entity.name.type.message');
    has('schema: glue:shop/OrderPlaced@latest', 'shop/OrderPlaced', 'entity.name.type.schema');
    has('schema: glue:shop/OrderPlaced@latest', 'latest', 'constant.numeric.version');
  });

  it('scopes templates: braces, helper names (Faker\'s too), quoted and bare arguments; \\{{ is an escape', () => {
    const line = 'hello {{pick "New York" Paris}} {{faker.person.firstName}} \\{{literal}}';
    has(line, '{{', 'punctuation.definition.template.begin');
    has(line, 'pick', 'support.function.helper');
    has(line, '"New York"', 'string.quoted.double.argument');
    has(line, 'Paris', 'variable.parameter.argument');
    has(line, '}}', 'punctuation.definition.template.end');
    has(line, 'faker.person.firstName', 'support.function.helper');
    has(line, '\\{{', 'constant.character.escape.template');
    assert.ok(!scopesOf(line, 'literal').some((s) => s.startsWith('meta.template')), 'an escaped {{ starts no template');
  });

  it('scopes JSON values: strings with templates inside, numbers, constants, bare templates', () => {
    const line = '  "amount": {{float 5 50 2}}, "id": "o-{{uuid}}", "paid": true, "n": -1.5e3, "s": "a\\"b"';
    has(line, '"amount"', 'string.quoted.double.json');
    has(line, 'float', 'support.function.helper');
    assert.ok(!scopesOf(line, 'float').some((s) => s.startsWith('string')), 'a bare template is not in a string');
    has(line, 'o-', 'string.quoted.double.json');
    has(line, 'uuid', 'support.function.helper');
    assert.ok(scopesOf(line, 'uuid').some((s) => s.startsWith('string.quoted.double.json')), 'a template inside a JSON string stays in it');
    has(line, 'true', 'constant.language.json');
    has(line, '-1.5e3', 'constant.numeric.json');
    has(line, '\\"', 'constant.character.escape.json');
    has('{', '{', 'punctuation.definition.dictionary');
    has('[1, 2]', '[', 'punctuation.definition.array');
  });

  it('language configuration: # comments, brackets, auto-closing pairs and region markers for folding', () => {
    const errors: ParseError[] = [];
    const conf = parse(readFileSync(join(root, 'syntaxes/msk-recipe.language-configuration.json'), 'utf8'), errors) as {
      comments: { lineComment: string }; brackets: string[][]; autoClosingPairs: { open: string; close: string }[]; folding: { markers: { start: string; end: string } }; wordPattern: string;
    };
    assert.deepEqual(errors, []);
    assert.equal(conf.comments.lineComment, '#');
    assert.deepEqual(conf.brackets, [['{', '}'], ['[', ']']]);
    assert.deepEqual(conf.autoClosingPairs.map((p) => p.open + p.close), ['{}', '[]', '""']);
    const start = new RegExp(conf.folding.markers.start);
    const end = new RegExp(conf.folding.markers.end);
    assert.ok(start.test('# region orders') && start.test('// region') && !start.test('### region'));
    assert.ok(end.test('# endregion') && !end.test('# region'));
    const word = new RegExp(conf.wordPattern, 'g');
    assert.deepEqual('{{faker.person.firstName}} x-id 12.5'.match(word), ['faker.person.firstName', 'x-id', '12.5']);
  });
});
