// A viewer message as a `.msk` recipe block (docs/recipes.md), for "Copy as Recipe": topic, key,
// headers and partition as fields, then the value (pretty JSON when it is JSON). A decoded
// schema-registry value is written as its JSON with a `schema:` line naming its schema version.
import { isValidUtf8 } from '../messages';
import type { ViewerMessage } from './filter';

/** `{{` would start a template in a recipe: written as the format's escape, `\{{` (docs/recipes.md). */
export function escapeTemplates(s: string): string {
  return s.replace(/\{\{/g, '\\{{');
}

export function messageAsRecipe(m: ViewerMessage, topic: string): string {
  const lines = [`### ${topic} partition ${m.partition} offset ${m.offset}`, `topic: ${topic}`];
  if (m.key !== null) lines.push(`key: ${escapeTemplates(isValidUtf8(m.key) ? m.key.toString('utf8') : m.key.toString('base64'))}`);
  for (const h of m.headers) if (h.value !== null && isValidUtf8(h.value)) lines.push(`header ${h.key}: ${escapeTemplates(h.value.toString('utf8'))}`);
  lines.push(`partition: ${m.partition}`);
  if (m.value !== null && m.schema?.ref !== undefined && m.schema.error === undefined && m.schema.decoded !== undefined) {
    // a decoded schema-registry value: its JSON with the schema that produces it again in the same wire format
    const json = JSON.stringify(m.schema.decoded, null, 2);
    lines.push(`schema: ${m.schema.ref}`);
    // a scalar (an Avro string, say) is JSON too, but only `format: json` reads it so
    if (json[0] !== '{' && json[0] !== '[') lines.push('format: json');
    lines.push('', escapeTemplates(json));
  } else if (m.value !== null) {
    const text = isValidUtf8(m.value) ? m.value.toString('utf8') : m.value.toString('base64');
    let body = text;
    const t = text.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        body = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        // not JSON, though it looks like it: the text as it is, which the recipe must not parse as JSON
        lines.push('format: text');
      }
    }
    lines.push('', escapeTemplates(body));
  }
  return lines.join('\n') + '\n';
}
