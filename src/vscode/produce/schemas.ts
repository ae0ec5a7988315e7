// Produce from the window with schemas: a recipe block's `schema:` and a JSON/JSONL record's
// "schema" (docs/recipes.md). The connection's registries are the viewer's (../schemas/session.ts:
// the sandbox's own, else the msk.schemas settings). Every value is validated before any is sent;
// an invalid one is reported by its place and the schema's path, and nothing is sent.
import type { SchemaMessageLike, SchemaProblem } from '../../core/schemas/produce';
import { encodeSchemaMessages } from '../../core/schemas/produce';
import { schemaLabel } from '../../core/schemas/present';
import type { ClusterHandle } from '../explorer/cluster';
import { schemaSessionFor } from '../schemas/session';
import { UserError, type DataDeps } from '../viewer/target';
import type { SourcedMessage } from './run';

const LISTED = 5;

export const schemaProduceMessages = {
  invalid: (count: number, problems: string[]) => `${count === 1 ? 'A value does' : `${count} problems: values do`} not match their schema, so nothing was sent: ${problems.join('; ')}. Fix the values at those lines to match the schema.`,
  lookup: (problems: string[], sandbox: boolean) => `The schema could not be used, so nothing was sent: ${problems.join('; ')}. ${sandbox
    ? 'Check the schema reference (glue:REGISTRY/SCHEMA@VERSION or confluent:SUBJECT@VERSION) against the sandbox\'s registries in the MSK explorer.'
    : 'Check the schema reference (glue:REGISTRY/SCHEMA@VERSION or confluent:SUBJECT@VERSION), and the settings msk.schemas.glue (registryName, region, profile) and msk.schemas.confluent (url, username; the password with "MSK: Set Confluent Schema Registry Password").'}`,
  encoded: (n: number, labels: string[]) => `${n} value(s) encoded with ${labels.join(', ')}`,
};

function listed(problems: SchemaProblem[]): string[] {
  const items = problems.slice(0, LISTED).map((p) => p.message);
  if (problems.length > LISTED) items.push(`and ${problems.length - LISTED} more`);
  return items;
}

/**
 * Encodes, in place, the messages that name a schema; throws a UserError that says what to fix.
 * A run without any schema costs one scan of the messages.
 */
export async function encodeWithSchemas(deps: DataDeps, handle: ClusterHandle, messages: SourcedMessage[]): Promise<void> {
  const list = messages as unknown as { message: SchemaMessageLike; where: string }[];
  if (!list.some((s) => s.message.schema)) return;
  const out = await encodeSchemaMessages(list, () => schemaSessionFor(handle.target.bootstrap, deps.schemas, deps.log));
  if (!out.ok) {
    const lookup = out.problems.filter((p) => p.path === undefined);
    const text = lookup.length
      ? schemaProduceMessages.lookup(listed(lookup), deps.schemas?.sandbox?.()?.bootstrap === handle.target.bootstrap)
      : schemaProduceMessages.invalid(out.problems.length, listed(out.problems));
    deps.log.warn(`produce: ${text}`);
    throw new UserError(text);
  }
  deps.log.info(`produce: ${schemaProduceMessages.encoded(out.encoded, out.schemas.map(schemaLabel))}`);
}
