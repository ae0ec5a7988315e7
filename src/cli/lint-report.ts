// Output formats of `msk-tools lint`: text, json, sarif (2.1.0, for GitHub code scanning), github (workflow commands).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, RuleMeta } from '../core/lint/index';

export type LintFormat = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly LintFormat[] = ['text', 'json', 'sarif', 'github'];

export interface FileFindings {
  file: string;
  findings: Finding[];
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
  message: string;
}

export function toJsonFindings(results: FileFindings[]): JsonFinding[] {
  return results.flatMap(({ file, findings }) =>
    findings.map((f) => ({
      file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
    })),
  );
}

export function formatText(results: FileFindings[]): string {
  const rows = toJsonFindings(results);
  const lines = rows.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.ruleId} ${r.message}`);
  const errors = rows.filter((r) => r.severity === 'error').length;
  const files = new Set(rows.map((r) => r.file)).size;
  const scanned = results.length;
  lines.push(rows.length === 0
    ? `No problems in ${scanned} file${scanned === 1 ? '' : 's'}.`
    : `${rows.length} problem${rows.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}) in ${files} of ${scanned} file${scanned === 1 ? '' : 's'}.`);
  return lines.join('\n') + '\n';
}

export function formatJson(results: FileFindings[]): string {
  return JSON.stringify(toJsonFindings(results), null, 2) + '\n';
}

/** Workflow commands escape %, CR and LF in messages, and also : and , in properties. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(results: FileFindings[], slugs: Map<string, string>): string {
  const level = { error: 'error', warning: 'warning', info: 'notice' } as const;
  return toJsonFindings(results)
    .map((r) => {
      const title = `${r.ruleId} ${slugs.get(r.ruleId) ?? ''}`.trim();
      const props = `file=${escapeProperty(r.file.split(sep).join('/'))},line=${r.line},col=${r.column},endLine=${r.endLine},endColumn=${r.endColumn},title=${escapeProperty(title)}`;
      return `::${level[r.severity as keyof typeof level] ?? 'warning'} ${props}::${escapeData(r.message)}\n`;
    })
    .join('');
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** An empty range becomes a start point: SARIF then extends the region to the end of the line. */
function sarifRegion(f: Finding): Record<string, number> {
  const { start, end } = f.range;
  const region: Record<string, number> = { startLine: start.line + 1, startColumn: start.character + 1 };
  if (end.line !== start.line || end.character !== start.character) {
    region.endLine = end.line + 1;
    region.endColumn = end.character + 1;
  }
  return region;
}

/**
 * A file below the working directory is a URI relative to it (base SRCROOT); any other file is an
 * absolute file:// URI. Never `../`: code scanning cannot place a location outside the checkout.
 */
function sarifLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = resolve(cwd, file);
  const rel = relative(cwd, abs);
  if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(sep).map((seg) => encodeURIComponent(seg)).join('/'), uriBaseId: 'SRCROOT' };
}

/** `help`: the rule's doc page (markdown), when at hand. */
export function formatSarif(results: FileFindings[], rules: { meta: RuleMeta; help?: string }[], version: string, cwd: string): string {
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'msk-tools',
            semanticVersion: version,
            rules: rules.map(({ meta, help }) => ({
              id: meta.id,
              name: meta.slug.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: meta.description },
              help: help ? { text: `${meta.description} (${meta.docs} in MSK Tools)`, markdown: help } : { text: `${meta.description} (${meta.docs} in MSK Tools)` },
              defaultConfiguration: { level: SARIF_LEVEL[meta.defaultSeverity] },
              properties: { tags: ['kafka', 'msk', 'reliability'] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap(({ file, findings }) =>
          findings.map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: index.get(f.ruleId) ?? 0,
            level: SARIF_LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: sarifLocation(file, cwd),
                  region: sarifRegion(f),
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
