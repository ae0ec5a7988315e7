// A recipe block's messages with its schema (`schema:`, or a default such as `produce --schema`):
// each message keeps its text and gains the value as data for the encoder (src/core/schemas/produce.ts).
import type { SchemaRef } from '../schemas/types';
import type { OutgoingMessageLike, RecipeBlock } from './types';

/** A JSON value parsed, a text value as text, a tombstone null. A block without a schema is left as it is. */
export function withBlockSchema(block: RecipeBlock, messages: OutgoingMessageLike[], fallback?: SchemaRef): OutgoingMessageLike[] {
  const ref = block.schema ?? fallback;
  if (!ref) return messages;
  for (const m of messages) {
    m.schema = ref;
    // expandBlock writes a JSON value as minified JSON text: it parses back to the data
    m.data = m.value === null ? null : block.valueKind === 'json' ? (JSON.parse(m.value) as unknown) : m.value;
  }
  return messages;
}
