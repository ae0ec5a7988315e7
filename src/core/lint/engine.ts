import { jsonConfigs } from './parsers/json';
import { kafkajsConfigs } from './parsers/kafkajs';
import { propertiesConfigs } from './parsers/properties';
import { yamlConfigs } from './parsers/yaml';
import type { FixRequest, Rule } from './rules/rule';
import { rules as allRules } from './rules/index';
import { effectiveLimit, type LintOptions } from './settings';
import { readSuppressions } from './suppress';
import { fileKindFor, worthLinting, type FileKind } from './kinds';
import { LineIndex } from './text';
import type { ClientConfig, Finding, Fix, Range, TextEdit } from './types';

export function parseConfigs(text: string, kind: FileKind, fileName = ''): ClientConfig[] {
  switch (kind) {
    case 'properties':
      return propertiesConfigs(text);
    case 'yaml':
      return yamlConfigs(text);
    case 'json':
      return jsonConfigs(text);
    case 'kafkajs':
      return kafkajsConfigs(text, fileName || 'file.ts');
  }
}

/** Message templates split once into literal text (even indexes) and placeholder names (odd indexes). */
const templates = new Map<string, string[]>();

function format(template: string, data: Record<string, string | number> | undefined): string {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    templates.set(template, parts);
  }
  if (parts.length === 1) return template;
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    out += (data && k in data ? String(data[k]) : `{${k}}`) + parts[i + 1];
  }
  return out;
}

function resolveFix(rule: Rule, config: ClientConfig, req: FixRequest | undefined): Fix | undefined {
  if (!req) return undefined;
  const edits: TextEdit[] = [];
  for (const a of req.actions) {
    const e = 'edits' in a ? a.edits : 'set' in a ? config.editor.set(a.set, a.value) : config.editor.insert(a.insert, a.value);
    if (!e) return undefined; // no safe edit for this format: offer no fix rather than a wrong one
    edits.push(...e);
  }
  return { title: format(rule.meta.messages[req.titleId] ?? req.titleId, req.data), edits, preferred: !req.suggestion };
}

/** `application-<profile>.properties|yml|yaml`: Spring Boot reads it on top of its base file. */
const SPRING_PROFILE_FILE = /(?:^|[\\/])application-[^\\/]+\.(?:properties|ya?ml)$/i;

const rangeKey = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/**
 * Lints one file's text. `fileName` picks the parser (by extension) unless `kind` is given.
 * Findings are sorted by position; fixes are text edits against `text`.
 */
export function lintText(text: string, fileName: string, options: LintOptions = {}, kind?: FileKind): Finding[] {
  const k = kind ?? fileKindFor(fileName) ?? 'properties';
  if (!worthLinting(k, text)) return [];
  const configs = parseConfigs(text, k, fileName);
  if (configs.length === 0) return [];
  if (SPRING_PROFILE_FILE.test(fileName)) for (const c of configs) c.standalone = false;
  const suppress = readSuppressions(text);
  const maxMessageBytes = effectiveLimit(options);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of allRules) {
    const sev = options.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (sev === 'off') continue;
    for (const config of configs) {
      rule.check({
        config,
        maxMessageBytes,
        clusters: options.clusters ?? [],
        report(r) {
          if (suppress.isSuppressed(rule.meta.id, r.range.start.line)) return;
          // the same setting can reach a rule through two configs (e.g. Spring's shared properties)
          const key = `${rule.meta.id}|${r.messageId}|${rangeKey(r.range)}`;
          if (seen.has(key)) return;
          seen.add(key);
          const message = format(rule.meta.messages[r.messageId] ?? r.messageId, r.data);
          out.push({ ruleId: rule.meta.id, severity: sev, message, messageId: r.messageId, range: r.range, fix: resolveFix(rule, config, r.fix) });
        },
      });
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return out;
}

/** Applies non-overlapping edits to a text (tests, and any caller without an editor). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const idx = new LineIndex(text);
  const sorted = edits
    .map((e, i) => ({ start: idx.offset(e.range.start), end: idx.offset(e.range.end), text: e.newText, i }))
    .sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
