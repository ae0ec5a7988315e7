// Messages between the viewer's host side (src/vscode/viewer) and its page (the webview script),
// and the plain data shapes both sides share. No Node types here: the page is browser code.
import type { Histogram } from './histogram';

/** How a key or value is decoded for display (src/core/messages.ts renderBytes). */
export type DecodeMode = 'auto' | 'utf8' | 'json' | 'hex' | 'base64';
export type ExportFormat = 'json' | 'jsonl' | 'csv';

export interface FilterSpec {
  /** Searched in key, value, header keys and header values. */
  text?: string;
  /** `text` is a regular expression. */
  regex?: boolean;
  /** Case matters (default: it does not). */
  caseSensitive?: boolean;
  /** Only these partitions (absent or empty: all). */
  partitions?: number[];
  /** Inclusive time range, epoch ms. */
  from?: number;
  to?: number;
  /** A field filter such as `value.amount > 100`. */
  expression?: string;
}

export interface FilterProblem {
  field: 'text' | 'expression';
  message: string;
  /** Character index in the field. */
  index?: number;
}

/**
 * [shown index, partition, offset, timestamp, key preview, value preview, header count, value bytes,
 * schema badge (a schema-registry value: the schema's label, or why it could not be decoded), 1 when the badge is an error]
 */
export type Row = [number, number, number, number, string, string, number, number, string?, number?];

/** A schema-registry value in the detail pane. */
export interface DetailSchema {
  /** Schema name, version, format and registry. */
  label?: string;
  schemaId?: string;
  /** Why the value could not be decoded (the value is then shown as raw bytes). */
  error?: string;
  note?: string;
}

export interface RenderedText {
  text: string;
  encoding: 'utf8' | 'json' | 'hex' | 'base64' | 'null';
}

export interface MessageDetail {
  index: number;
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType?: string;
  key: RenderedText & { bytes: number | null };
  value: RenderedText & { bytes: number | null };
  headers: { key: string; value: RenderedText }[];
  /** Set when the value has a schema-registry header. */
  schema?: DetailSchema;
}

export interface ViewerStatus {
  /** Messages held. */
  total: number;
  /** Messages passing the filters. */
  shown: number;
  bytes: number;
  maxMessages: number;
  maxBytes: number;
  /** Partitions of the topic (for the partition filter). */
  partitions: number[];
  state: 'reading' | 'following' | 'done' | 'paused' | 'full' | 'error';
  /** Why it stopped or what went wrong, in words. */
  note?: string;
  /** Bumped whenever the shown set changes other than by growing at its end (a new filter). */
  generation: number;
  /** The connection is read-only: "produce again" is not offered. */
  readOnly?: boolean;
}

export type HostToPage =
  | { type: 'init'; title: string; keyMode: DecodeMode; valueMode: DecodeMode }
  | { type: 'status'; status: ViewerStatus }
  | { type: 'rows'; generation: number; start: number; rows: Row[] }
  | { type: 'histogram'; histogram: Histogram | null; range?: { from: number; to: number } }
  | { type: 'detail'; detail: MessageDetail | null }
  | { type: 'filterProblems'; problems: FilterProblem[] };

export type PageAction = 'export' | 'copyRecipe' | 'produceAgain' | 'pause' | 'resume' | 'clear';

export type PageToHost =
  | { type: 'ready' }
  | { type: 'rows'; start: number; end: number }
  | { type: 'filter'; filter: FilterSpec }
  | { type: 'decode'; keyMode: DecodeMode; valueMode: DecodeMode }
  | { type: 'detail'; index: number }
  | { type: 'action'; action: PageAction; index?: number; format?: ExportFormat };
