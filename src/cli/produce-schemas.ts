// `msk-tools produce` with schemas: `--schema REF` (the default for records and blocks that name
// none), a record's "schema" and a recipe block's `schema:`. Every value that names a schema is
// validated first (src/core/schemas/produce.ts); one invalid value and nothing is sent. The
// registries are peek's (src/cli/schemas.ts). Nothing here loads unless a schema is named.
import type { OutgoingMessageLike } from '../core/recipes/index';
import type { SchemaRef } from '../core/schemas/types';
import { parseSchemaRef } from '../core/schemas/ref';
import { UsageError } from './errors';
import { lazySchemaSession, type SchemaFlags } from './schemas';

export { withBlockSchema } from '../core/recipes/index';

/** Problems listed before "…". */
const LISTED = 20;

/** The --schema flag as a reference; a usage error says how to write one. */
export function schemaFlag(v: string | undefined): SchemaRef | undefined {
  if (v === undefined) return undefined;
  const ref = parseSchemaRef(v);
  if ('problem' in ref) throw new UsageError(`--schema ${v}: ${ref.problem}`);
  return ref;
}

/**
 * Encodes, in place, every message that names a schema. Throws a UsageError that lists each invalid
 * value by its place and the schema's path, and says nothing was sent.
 */
export async function applySchemas(sourced: { message: OutgoingMessageLike; where: string }[], flags: SchemaFlags): Promise<void> {
  if (!sourced.some((s) => s.message.schema)) return;
  const { encodeSchemaMessages } = await import('../core/schemas/index');
  // produce takes a Buffer value as it is: the messages are typed as text only for the recipe code
  const out = await encodeSchemaMessages(sourced as unknown as { message: OutgoingMessageLike & { value: string | Buffer | null }; where: string }[], lazySchemaSession(flags));
  if (out.ok) return;
  const lines = out.problems.slice(0, LISTED).map((p) => `  ${p.message}`).join('\n');
  const more = out.problems.length > LISTED ? `\n  … and ${out.problems.length - LISTED} more` : '';
  const next = out.problems.some((p) => p.path === undefined)
    ? 'Check the schema reference (glue:REGISTRY/SCHEMA@VERSION or confluent:SUBJECT@VERSION) and the registry flags (--glue, --glue-endpoint, --region, --schema-registry).'
    : 'Fix the values at those places to match the schema.';
  throw new UsageError(`${out.problems.length} problem(s) with schemas; nothing was sent:\n${lines}${more}\n${next}`);
}
