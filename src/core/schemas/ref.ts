// The one way to name a schema for produce, shared by a recipe's `schema:` field, a JSON/JSONL
// record's "schema" and `msk-tools produce --schema`:
//   glue:[REGISTRY/]SCHEMA[@VERSION][#MESSAGE]     confluent:SUBJECT[@VERSION][#MESSAGE]
// VERSION is a number from 1 or `latest` (the default). MESSAGE picks a Protobuf message type (full or
// short name; default the file's first). The tail is read from the right, so a name may hold `@` or
// `#` as long as what follows is not a version or a message name. Pure: no registry, no codec.
import type { SchemaRef } from './types';

const REF = /^(glue|confluent):(.+?)(?:@(latest|\d+))?(?:#([A-Za-z_][\w.]*))?$/;
// Glue's own pattern for registry and schema names
const GLUE_NAME = /^[A-Za-z0-9_$#.-]{1,255}$/;

export const SCHEMA_REF_EXAMPLES = 'glue:REGISTRY/SCHEMA@latest, glue:SCHEMA@2 or confluent:SUBJECT@latest (add #MessageType to pick a Protobuf message)';

/** A reference's parts, or the reason it is not one (a sentence that says what to write). */
export function parseSchemaRef(text: string): SchemaRef | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: `name the schema: ${SCHEMA_REF_EXAMPLES}` };
  const m = REF.exec(t);
  if (!m) {
    const kind = /^([^:]*):/.exec(t)?.[1];
    if (kind === undefined || (kind !== 'glue' && kind !== 'confluent')) {
      return { problem: `${JSON.stringify(t)} names no registry: start with glue: or confluent:, e.g. ${SCHEMA_REF_EXAMPLES}` };
    }
    return { problem: `${JSON.stringify(t)} is not a schema reference: write ${SCHEMA_REF_EXAMPLES}` };
  }
  const [, registry, name, version, messageType] = m;
  if (version !== undefined && version !== 'latest' && (Number(version) < 1 || !Number.isSafeInteger(Number(version)))) {
    return { problem: `version ${version} of ${JSON.stringify(t)}: versions count from 1 (or write @latest)` };
  }
  const ref: SchemaRef = { registry: registry as SchemaRef['registry'], schemaName: name, version: version === undefined || version === 'latest' ? 'latest' : Number(version) };
  if (messageType !== undefined) ref.messageType = messageType;
  if (registry === 'glue') {
    const slash = name.indexOf('/');
    if (slash >= 0) {
      const reg = name.slice(0, slash);
      const schema = name.slice(slash + 1);
      if (!GLUE_NAME.test(reg) || !GLUE_NAME.test(schema)) {
        return { problem: `${JSON.stringify(t)}: Glue registry and schema names are letters, digits and _ $ # . - (write glue:REGISTRY/SCHEMA@VERSION)` };
      }
      ref.registryName = reg;
      ref.schemaName = schema;
    } else if (!GLUE_NAME.test(name)) {
      return { problem: `${JSON.stringify(t)}: a Glue schema name is letters, digits and _ $ # . - (write glue:REGISTRY/SCHEMA@VERSION)` };
    }
  } else if (/^\s|\s$/.test(name)) {
    return { problem: `${JSON.stringify(t)}: a subject does not start or end with a space` };
  }
  return ref;
}

export function isSchemaRefProblem(r: SchemaRef | { problem: string }): r is { problem: string } {
  return 'problem' in r;
}

/** The reference as it would be written (for messages and the log). */
export function formatSchemaRef(ref: SchemaRef): string {
  const name = ref.registry === 'glue' && ref.registryName ? `${ref.registryName}/${ref.schemaName}` : ref.schemaName;
  return `${ref.registry}:${name}@${ref.version}${ref.messageType ? `#${ref.messageType}` : ''}`;
}
