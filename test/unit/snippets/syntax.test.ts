import * as assert from 'node:assert/strict';
import { escapeSnippetText, expandSnippet, snippetBodyOf, SnippetSyntaxError } from '../../../src/core/snippets/syntax';

describe('snippet syntax: expandSnippet', () => {
  it('fills tabstops, placeholders (nested too) and choices with their defaults', () => {
    const r = expandSnippet(['a=${1:one}', 'b=$2 c=${3}', 'd=${4|all,-1|}', 'e=${5:x ${6:y} z}$0']);
    assert.equal(r.text, 'a=one\nb= c=\nd=all\ne=x y z');
    assert.deepEqual(r.tabstops, [1, 2, 3, 4, 6, 5, 0]);
  });

  it('reads escapes: \\$, \\} and \\\\ stand for themselves; other backslashes are text', () => {
    assert.equal(expandSnippet('password="\\${env:${1:PW}\\}" path=C:\\\\x \\n').text, 'password="${env:PW}" path=C:\\x \\n');
    assert.equal(expandSnippet('${1:a\\}b}').text, 'a}b');
    assert.equal(expandSnippet('${1|a\\,b,c|}').text, 'a,b');
  });

  it('expands variables from the map, known ones to their default or empty, and refuses unknown ones', () => {
    assert.equal(expandSnippet('$TM_FILENAME ${TM_SELECTED_TEXT:none} ${WORKSPACE_NAME}', { TM_FILENAME: 'f.ts' }).text, 'f.ts none ');
    assert.throws(() => expandSnippet('${TM_FILENAMEX}'), SnippetSyntaxError);
    assert.throws(() => expandSnippet('$KAFKA_PASSWORD'), /unknown snippet variable KAFKA_PASSWORD/);
  });

  it('keeps a lone $ and a lone } as text, and refuses an unclosed ${', () => {
    assert.equal(expandSnippet('cost $ 5 }').text, 'cost $ 5 }');
    assert.throws(() => expandSnippet('a ${1:never closed'), /unclosed/);
    assert.throws(() => expandSnippet('a ${1|x,y'), /unclosed choice/);
    assert.throws(() => expandSnippet('${ x}'), SnippetSyntaxError);
  });
});

describe('snippet syntax: escaping a selection', () => {
  it('escapes $, } and \\ so that the body inserts the text verbatim', () => {
    const text = 'sasl.jaas.config=... password="${env:PW}";\npath=C:\\dir\r\nlast $1 }';
    const body = snippetBodyOf(text);
    assert.equal(body.length, 3);
    assert.equal(expandSnippet(body).text, text.replace(/\r\n/g, '\n'));
    assert.equal(escapeSnippetText('${x}'), '\\${x\\}');
  });
});
