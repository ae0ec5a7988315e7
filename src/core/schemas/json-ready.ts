// Decoded values as the viewer and JSONL lines show them: plain JSON. Bytes become base64 text
// (Protobuf's JSON mapping does the same), Maps become objects, 64-bit integers beyond the safe
// range become decimal text.

export function toJsonReady(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(toJsonReady);
  if (value instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of value) o[String(k)] = toJsonReady(v);
    return o;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function' && !(value instanceof Date)) {
    // protobufjs Long and similar carry their own JSON form
    const j = (value as { toJSON(): unknown }).toJSON();
    if (j !== value) return toJsonReady(j);
  }
  if (value instanceof Date) return value.toISOString();
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(value)) o[k] = toJsonReady((value as Record<string, unknown>)[k]);
  return o;
}

/** A JSON Pointer (RFC 6901) of path segments. */
export function pointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
