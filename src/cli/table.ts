// Plain-text tables and the --format option shared by the listing subcommands.
import { UsageError } from './errors';

export type OutputFormat = 'json' | 'text';

export function parseFormat(value: string | undefined): OutputFormat {
  const f = value ?? 'text';
  if (f !== 'json' && f !== 'text') throw new UsageError(`--format must be "json" or "text", got "${f}"`);
  return f;
}

/** Left-aligned columns separated by two spaces; the header row first. */
export function table(header: string[], rows: (string | number)[][]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

/** Collects repeatable options (--region a --region b). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}
