import * as assert from 'node:assert/strict';
import { addTeamSnippet, readTeamSnippets, TeamSnippetFileError, usedPrefixes } from '../../../src/core/snippets/team-file';
import { expandSnippet } from '../../../src/core/snippets/syntax';

// a project snippet file as a team keeps it: comments, a trailing comma, its own indentation
const EXISTING = `// Our team's snippets: commit changes with a review.
{
    /* the producer every service starts from */
    "Orders producer": {
        "prefix": "orders-producer",
        "description": "Orders producer",
        "body": ["bootstrap.servers=$1", "acks=all"], // keep acks=all
    },
}
`;

describe('team snippet file (.vscode/msk.code-snippets)', () => {
  it('adds an entry and keeps every other entry, the comments and the indentation', () => {
    const selection = 'security.protocol=SASL_SSL\nsasl.jaas.config=... password="${env:PW}";';
    const { text, name } = addTeamSnippet(EXISTING, { prefix: 'msk-iam', description: 'IAM client', selection });
    assert.equal(name, 'IAM client');
    for (const kept of ["// Our team's snippets: commit changes with a review.", '/* the producer every service starts from */', '// keep acks=all',
      '    "Orders producer": {\n        "prefix": "orders-producer",']) assert.ok(text.includes(kept), `lost: ${kept}\n${text}`);
    assert.match(text, /\n {4}"IAM client": \{\n {8}"prefix": "msk-iam"/);
    const entries = readTeamSnippets(text);
    assert.deepEqual(entries.map((e) => e.prefix), ['orders-producer', 'msk-iam']);
    // the body inserts the selection verbatim: ${env:PW} is not a tabstop
    assert.equal(expandSnippet(entries[1].body).text, selection);
  });

  it('starts a new file, and numbers a name that is taken', () => {
    const first = addTeamSnippet('', { prefix: 'a', description: 'Config', selection: 'acks=all' });
    assert.deepEqual(JSON.parse(first.text), { Config: { prefix: 'a', description: 'Config', body: ['acks=all'] } });
    const second = addTeamSnippet(first.text, { prefix: 'b', description: 'Config', selection: 'x', scope: 'properties' });
    assert.equal(second.name, 'Config (2)');
    assert.deepEqual(readTeamSnippets(second.text).map((e) => [e.name, e.prefix, e.scope]), [['Config', 'a', undefined], ['Config (2)', 'b', 'properties']]);
    assert.deepEqual([...usedPrefixes(second.text)], ['a', 'b']);
  });

  it('keeps CRLF line ends and tab indentation', () => {
    const crlf = '{\r\n\t"x": {\r\n\t\t"prefix": "x",\r\n\t\t"body": "x"\r\n\t}\r\n}\r\n';
    const { text } = addTeamSnippet(crlf, { prefix: 'y', description: 'Y', selection: 'y' });
    assert.ok(text.startsWith('{\r\n\t"x": {\r\n\t\t"prefix": "x",'), text);
    assert.ok(!/[^\r]\n/.test(text), 'a bare LF crept in');
    assert.match(text, /\r\n\t"Y": \{\r\n\t\t"prefix": "y"/);
  });

  it('refuses a file that is not a JSON object, saying where, and leaves it alone', () => {
    assert.throws(() => addTeamSnippet('{ "a": ', { prefix: 'p', description: 'd', selection: 's' }), (e: unknown) => e instanceof TeamSnippetFileError && /line 1/.test(e.message));
    assert.throws(() => readTeamSnippets('[1, 2]'), /one JSON object/);
  });
});
