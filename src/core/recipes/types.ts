// The data model of `.msk` recipes (docs/recipes.md). Positions are 0-based lines and UTF-16
// columns, as in LSP and VS Code; a range's end is exclusive.

import type { Position, Range } from '../lint/types';
import type { SchemaRef } from '../schemas/types';

// The same position model as the linter's (one shape for every diagnostic the editor shows).
export type { Position, Range };

/** One `{{helper args}}` in a key, a header value or a value. */
export interface TemplateUse {
  /** `uuid`, `int`, `faker.person.fullName`… */
  helper: string;
  /** The arguments as written, unquoted. */
  args: string[];
  /** From `{{` to `}}`, both included. */
  range: Range;
  /** The helper's name only. */
  nameRange: Range;
  /** Inside a JSON string literal of a JSON value: the output is escaped for JSON. */
  inJsonString: boolean;
  /** Offsets [offset, end) in the text of the RecipeText that holds it. */
  offset: number;
  end: number;
}

/** A piece of text that may hold templates: a key, a header value or a value. */
export interface RecipeText {
  /** As written (a multi-line value's lines are joined with `\n`). */
  text: string;
  range: Range;
  templates: TemplateUse[];
}

export interface RecipeHeader {
  name: string;
  nameRange: Range;
  value: RecipeText;
  /** The whole `header NAME: VALUE` line. */
  range: Range;
}

export interface RecipeBlock {
  /** 0-based, in file order; what `msk.produce.recipeBlock` and `expandBlock` take. */
  index: number;
  /** From the `###` line (or the file's start) to the block's last line. */
  range: Range;
  /** The `###` line, absent for a block before the first separator. */
  separatorRange?: Range;
  /** The text after `###`, trimmed; '' when none. */
  title: string;
  /** The topic; '' when the block has none (an error says so). */
  topic: string;
  topicRange?: Range;
  key?: RecipeText;
  headers: RecipeHeader[];
  partition?: number;
  partitionRange?: Range;
  /** How many messages one produce of the block sends (default 1). */
  count: number;
  countRange?: Range;
  /** Epoch milliseconds; absent: the producer's clock. */
  timestamp?: number;
  timestampRange?: Range;
  /** Absent: a tombstone (null value). */
  value?: RecipeText;
  /** `json` when the value starts with `{` or `[` or `format: json` says so; else `text`. */
  valueKind: 'json' | 'text';
  /** `schema: glue:…|confluent:…`: the value is validated against it and sent in its registry's wire format. */
  schema?: SchemaRef;
  schemaRange?: Range;
  /** Every template of the block, in order (key, headers, value). */
  templates: TemplateUse[];
  /** True when the block has an error: producing it is refused. */
  hasErrors: boolean;
}

export interface RecipeError {
  /** With the 1-based line first, for the CLI: "line 4: `partition` must be …". */
  message: string;
  /** The same without the line, for the editor's diagnostics. */
  detail: string;
  range: Range;
  severity: 'error' | 'warning';
  /** The block it belongs to, if any. */
  blockIndex?: number;
}

export interface ParsedRecipe {
  blocks: RecipeBlock[];
  errors: RecipeError[];
}

/** The shape of src/kafka/produce.ts' OutgoingMessage, with text only (a recipe writes text). */
export interface OutgoingMessageLike {
  key?: string | null;
  value: string | null;
  headers?: Record<string, string>;
  partition?: number;
  timestamp?: number;
  /** A JSON/JSONL record's "schema" (or the file's default): `data` is then encoded with it in place of `value`. */
  schema?: SchemaRef;
  /** With `schema`: the record's value as JSON data, exactly as written. */
  data?: unknown;
}
