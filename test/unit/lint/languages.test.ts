// The one list of linted languages (src/core/lint/kinds.ts) drives activation, diagnostics and code
// actions: package.json's onLanguage events must name exactly those languages, and the code action
// selector is built from the same list.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileKindFor, fileKindForLanguage, LINTED_LANGUAGES, lintedDocumentFilters } from '../../../src/core/lint/kinds';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { activationEvents: string[] };

describe('linted languages', () => {
  it("package.json's onLanguage activation events are exactly the linted languages", () => {
    const onLanguage = manifest.activationEvents.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
    assert.deepEqual([...onLanguage].sort(), Object.keys(LINTED_LANGUAGES).sort());
  });

  it('gives Spring Boot files (their own language ids) diagnostics and code actions alike', () => {
    const selectorLanguages = new Set(lintedDocumentFilters().map((f) => f.language));
    for (const [language, kind] of [['spring-boot-properties', 'properties'], ['spring-boot-properties-yaml', 'yaml']] as const) {
      assert.equal(fileKindForLanguage(language), kind);
      assert.ok(selectorLanguages.has(language), `${language} in the code action selector`);
    }
    // every language the diagnostics read is in the selector, on disk and untitled
    for (const language of Object.keys(LINTED_LANGUAGES)) {
      const schemes = lintedDocumentFilters().filter((f) => f.language === language).map((f) => f.scheme).sort();
      assert.deepEqual(schemes, ['file', 'untitled'], language);
    }
  });

  it('reads .jsx and .tsx files, and the React language ids, as kafkajs code', () => {
    assert.equal(fileKindFor('app/routes/events.jsx'), 'kafkajs');
    assert.equal(fileKindFor('app/page.TSX'), 'kafkajs');
    assert.equal(fileKindForLanguage('javascriptreact'), 'kafkajs');
    assert.equal(fileKindForLanguage('typescriptreact'), 'kafkajs');
  });

  it('does not lint other languages, nor take inherited object keys for languages', () => {
    for (const id of ['plaintext', 'markdown', 'toString', 'constructor', '__proto__']) assert.equal(fileKindForLanguage(id), undefined, id);
  });
});
