// `.msk` recipes: the parser, template expansion, and JSON / JSONL records (docs/recipes.md).
// Pure: no vscode, no sockets. Faker is loaded on demand, in a chunk of its own.
export type { OutgoingMessageLike, ParsedRecipe, Position, Range, RecipeBlock, RecipeError, RecipeHeader, RecipeText, TemplateUse } from './types';
export { parseRecipe, FIELDS, MAX_COUNT, isComment, isSeparator, splitLines } from './parse';
export { expandBlock, sampleMessage, usesFaker, resolveFaker, runFakerHelper, fakerModules, fakerMethods, RecipeExpansionError, type ExpandOptions, type FakerLike } from './expand';
export { parseJsonMessages, type JsonMessages } from './json-messages';
export { withBlockSchema } from './schema-values';
export { HELPERS, helperSpec, isFakerHelper, type HelperSpec } from './helpers';
export { recordBatchBytes } from './size';
export { oversizeFindings, OVERSIZE_RULE, type OversizeFinding } from './oversize';
export { helperTableMarkdown, withHelperTable } from './docs';
export { completionContext, templateAt, foldingRanges, fakerDocsUrl, type CompletionContext, type FoldingLines } from './editor';
import type { FakerLike } from './expand';
import { resolveFaker, usesFaker, expandBlock, type ExpandOptions } from './expand';
import type { ParsedRecipe, RecipeBlock, RecipeError, OutgoingMessageLike } from './types';

let faker: Promise<FakerLike> | undefined;

/** Faker (English locale), loaded once on first use. */
export function loadFaker(): Promise<FakerLike> {
  faker ??= import('./faker').then((m) => m.fakerInstance());
  faker.catch(() => {
    faker = undefined;
  });
  return faker;
}

/** expandBlock, loading Faker first when the block uses it. */
export async function expandBlockAsync(block: RecipeBlock, opts: ExpandOptions = {}): Promise<OutgoingMessageLike[]> {
  return expandBlock(block, usesFaker(block) && !opts.faker ? { ...opts, faker: await loadFaker() } : opts);
}

/** Errors for `{{faker.…}}` helpers that the loaded Faker does not have. */
export function checkFakerHelpers(recipe: ParsedRecipe, faker: FakerLike): RecipeError[] {
  const out: RecipeError[] = [];
  for (const b of recipe.blocks) {
    for (const t of b.templates) {
      if (!t.helper.startsWith('faker.') || t.helper.split('.').length !== 3) continue;
      const r = resolveFaker(faker, t.helper);
      if (!('problem' in r)) continue;
      const detail = `${r.problem}${r.near?.length ? ` (it has: ${r.near.slice(0, 12).join(', ')}${r.near.length > 12 ? ', …' : ''})` : ''}`;
      out.push({ message: `line ${t.range.start.line + 1}: ${detail}`, detail, range: t.nameRange, severity: 'error', blockIndex: b.index });
    }
  }
  return out;
}
