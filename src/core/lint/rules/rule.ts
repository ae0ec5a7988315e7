import type { ConnectedCluster } from '../settings';
import type { ClientConfig, FixValue, Range, Setting, Severity, TextEdit } from '../types';

/** What a rule is, apart from how it checks: ids, docs, message texts. */
export interface RuleMeta {
  id: string;
  slug: string;
  description: string;
  defaultSeverity: Severity;
  /** Repository-relative path of the rule's doc page. */
  docs: string;
  /** Message and fix-title templates by id; `{name}` placeholders are filled from report data. */
  messages: Record<string, string>;
  fixable: boolean;
}

/** A fix as data: set a value, add a setting, or raw edits; the engine turns it into text edits. */
export type FixAction = { set: Setting; value: FixValue } | { insert: string; value: FixValue } | { edits: TextEdit[] };

export interface FixRequest {
  titleId: string;
  data?: Record<string, string | number>;
  actions: FixAction[];
  /** A suggestion to review rather than a fix to apply blindly: it may change behaviour beyond the rule (see Fix.preferred). */
  suggestion?: boolean;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  range: Range;
  fix?: FixRequest;
}

export interface RuleContext {
  config: ClientConfig;
  /** The max message size in force (bytes). */
  maxMessageBytes: number;
  /** Clusters the editor is connected to (none in the CLI). */
  clusters: readonly ConnectedCluster[];
  // a function property, not a method: rules destructure it from the context
  report: (r: Report) => void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}
