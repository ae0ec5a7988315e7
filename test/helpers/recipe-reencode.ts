// A schema message copied as a recipe block (the viewer's Copy as Recipe), produced again: the block
// is parsed (no errors), expanded once, validated and encoded with the block's schema. Returns the
// bytes that would be sent, to compare with the message that was copied.
import * as assert from 'node:assert/strict';
import { expandBlock, parseRecipe, withBlockSchema } from '../../src/core/recipes/index';
import { encodeSchemaMessages, type SchemaSession } from '../../src/core/schemas/index';

export async function reencodeRecipe(text: string, session: SchemaSession): Promise<Buffer | null> {
  const parsed = parseRecipe(text);
  assert.deepEqual(parsed.errors, [], text);
  const sourced = withBlockSchema(parsed.blocks[0], expandBlock(parsed.blocks[0], { count: 1 })).map((message) => ({ message, where: 'copied' }));
  const out = await encodeSchemaMessages(sourced, () => Promise.resolve(session));
  assert.ok(out.ok, JSON.stringify(out));
  return sourced[0].message.value as Buffer | null;
}
