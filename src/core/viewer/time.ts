// A start time as a person types it: ISO-8601, epoch milliseconds, or relative to now (-15m, -2h,
// -1d, -30s, -1w). `now` is passed in: core has no clock.

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

export function parsePeekTime(text: string, now: number): number | undefined {
  const s = text.trim();
  if (!s) return undefined;
  const rel = /^-(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(s);
  if (rel) return Math.round(now - Number(rel[1]) * UNIT_MS[rel[2].toLowerCase()]);
  if (/^\d{10,}$/.test(s)) return Number(s);
  // a date with a time needs a zone or is read as UTC, so the same text means the same instant everywhere
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(s)) return undefined;
  const withZone = /[T ]\d{2}:\d{2}/.test(s) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? `${s}Z` : s;
  const ms = Date.parse(withZone.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : undefined;
}
