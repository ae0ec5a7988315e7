// docs/recipes.md, the recipe snippets and the demo recipe: the helper table is the one in code (so
// the page, the hover and the completion agree), every field is documented, and every example,
// snippet and demo block parses without errors (Faker names checked against Faker itself).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'jsonc-parser/lib/esm/main.js';
import { checkFakerHelpers, expandBlockAsync, FIELDS, HELPERS, loadFaker, parseRecipe, withHelperTable } from '../../../src/core/recipes/index';
import { expandSnippet } from '../../../src/core/snippets/syntax';

const root = resolve(__dirname, '../../..');
const page = readFileSync(join(root, 'docs/recipes.md'), 'utf8');

async function clean(text: string, where: string): Promise<void> {
  const r = parseRecipe(text);
  assert.deepEqual(r.errors.map((e) => e.message), [], where);
  assert.ok(r.blocks.length > 0, `${where}: no block`);
  assert.deepEqual(checkFakerHelpers(r, await loadFaker()).map((e) => e.message), [], where);
  for (const b of r.blocks) {
    for (const m of await expandBlockAsync(b, { count: 2 })) if (b.valueKind === 'json' && m.value !== null) JSON.parse(m.value);
  }
}

describe('recipe docs, snippets and demo', () => {
  it('docs/recipes.md holds the helper table written from the code (run withHelperTable to refresh it)', () => {
    assert.equal(withHelperTable(page), page, 'docs/recipes.md: the helper table is stale');
    for (const h of HELPERS) assert.ok(page.includes(`| \`${h.signature}\` |`), h.name);
  });

  it('documents every field', () => {
    for (const f of FIELDS) assert.match(page, new RegExp(`\\| \`${f}[ :]`), f);
  });

  it('its recipe examples parse without errors', async () => {
    const blocks = [...page.matchAll(/```\n(###[\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(blocks.length >= 1);
    for (const b of blocks) await clean(b, 'docs/recipes.md example');
  });

  it('each recipe snippet expands, at its defaults, to a recipe without errors', async () => {
    const snippets = parse(readFileSync(join(root, 'snippets/msk-recipe.code-snippets'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
    assert.ok(Object.keys(snippets).length >= 2);
    assert.ok(Object.values(snippets).some((s) => s.prefix === 'msk-block') && Object.values(snippets).some((s) => s.prefix === 'msk-order'));
    for (const [name, s] of Object.entries(snippets)) await clean(expandSnippet(s.body).text, `snippet ${name}`);
  });

  it('the demo workspace\'s recipes parse without errors', async () => {
    const files = readdirSync(join(root, 'demo/workspace')).filter((f) => f.endsWith('.msk'));
    assert.ok(files.includes('orders.msk'));
    for (const f of files) await clean(readFileSync(join(root, 'demo/workspace', f), 'utf8'), f);
  });
});
