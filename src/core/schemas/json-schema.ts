// JSON Schema through ajv: a lazily loaded chunk (dist/schemas-json.js), reached only through ./codecs.
// The payload is the value's UTF-8 JSON text; validation uses the schema's own draft where ajv has it.
import Ajv, { type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import type { CompiledSchema, ResolvedReference, SchemaIssue } from './types';

const OPTIONS = { strict: false, allErrors: true, validateFormats: false, logger: false } as const;

function ajvFor(schema: Record<string, unknown>): Ajv {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (draft.includes('2020-12')) return new Ajv2020(OPTIONS);
  if (draft.includes('2019-09')) return new Ajv2019(OPTIONS);
  return new Ajv(OPTIONS);
}

function issuesOf(errors: readonly ErrorObject[] | null | undefined): SchemaIssue[] {
  return (errors ?? []).map((e) => {
    // a missing property is reported on its parent; point at the property itself
    const missing = e.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : undefined;
    const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty?: string }).additionalProperty : undefined;
    const child = missing ?? extra;
    const path = child !== undefined ? `${e.instancePath}/${child.replace(/~/g, '~0').replace(/\//g, '~1')}` : e.instancePath;
    return { path, message: `${e.message ?? e.keyword} (schema ${e.schemaPath})` };
  });
}

export function compileJsonSchema(definition: string, references: readonly ResolvedReference[] = []): CompiledSchema {
  const parsed = JSON.parse(definition) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    if (typeof parsed !== 'boolean') throw new Error('A JSON Schema is an object (or true/false).');
  }
  let schema = parsed as Record<string, unknown>;
  // ajv 8 has no draft-04/06 meta-schemas built in: their keywords mostly read the same under draft-07
  if (typeof schema === 'object' && typeof schema.$schema === 'string' && /draft-0[46]/.test(schema.$schema)) {
    schema = { ...schema };
    delete schema.$schema;
  }
  const ajv = typeof schema === 'object' ? ajvFor(schema) : new Ajv(OPTIONS);
  for (const r of references) ajv.addSchema(JSON.parse(r.definition) as AnySchema, r.name);
  const check: ValidateFunction = ajv.compile(schema as AnySchema);
  const validate = (value: unknown): SchemaIssue[] => (check(value) ? [] : issuesOf(check.errors));
  return {
    format: 'JSON',
    decode(payload) {
      let value: unknown;
      try {
        value = JSON.parse(payload.toString('utf8'));
      } catch (err) {
        throw new Error(`the payload is not JSON text (${(err as Error).message})`, { cause: err });
      }
      const issues = validate(value);
      if (issues.length) throw new Error(`the value does not match the schema: ${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`);
      return { value };
    },
    validate,
    encode(value) {
      const issues = validate(value);
      if (issues.length) throw new Error(`${issues[0].path || '/'}: ${issues[0].message}`);
      return { payload: Buffer.from(JSON.stringify(value), 'utf8') };
    },
  };
}
