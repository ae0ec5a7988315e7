// The data model shared by the parsers, the rules and the engine. Nothing here knows about an editor:
// positions are 0-based lines and UTF-16 columns, and fixes are plain text edits.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** Which client library reads the config: it decides key names and defaults. */
export type Dialect = 'java' | 'spring' | 'librdkafka' | 'kafkajs';

/**
 * What a config is for. `producer`: producer keys and no consumer keys. `mixed`: both (a shared file);
 * rules about values that are present apply, rules about missing settings do not. `client`: only
 * shared client keys (bootstrap, security): auth and port rules apply, producer rules do not.
 */
export type ConfigRole = 'producer' | 'mixed' | 'client';

/** A value as written: `expr` is a non-literal (kafkajs) whose value is unknown. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'null' | 'expr' | 'object';

export interface Setting {
  /** The key in the client's own terms (Java/librdkafka dotted names; kafkajs property paths). */
  key: string;
  /** The key exactly as written, after unescaping. */
  rawKey: string;
  /** The logical value as text (after unescaping / YAML and JSON decoding). */
  value: string;
  kind: ValueKind;
  keyRange: Range;
  valueRange: Range;
  /** Higher wins when one key is set more than once (Spring scopes); ties go to the later one. */
  precedence: number;
  /** Source range of characters [start, end) of `value`, where the parser can map them (broker lists). */
  subRange?: (start: number, end: number) => Range | undefined;
}

export type FixValue = string | number | boolean;

/** Turns a change to the config into text edits for its format. Returns undefined when no safe edit exists. */
export interface ConfigEditor {
  set(setting: Setting, value: FixValue): TextEdit[] | undefined;
  insert(key: string, value: FixValue): TextEdit[] | undefined;
}

/** Extra facts only the kafkajs parser knows. */
export interface KafkajsFacts {
  /** `.producer(...)`, `.send(...)`/`.sendBatch(...)`, or `new Kafka(...)`. */
  call: 'producer' | 'send' | 'client';
  /** False when the options are not a literal we can see in full (identifier from elsewhere, spread). */
  complete: boolean;
  /** The `sasl` object literal, if any. */
  saslObject?: Range;
  /** Where an import of the IAM token signer can go, and in which module style. */
  importAt: Position;
  moduleStyle: 'esm' | 'cjs';
  hasSignerImport: boolean;
}

export interface ClientConfig {
  dialect: Dialect;
  role: ConfigRole;
  settings: Setting[];
  /** Where a missing setting is reported. */
  anchor: Range;
  editor: ConfigEditor;
  kafkajs?: KafkajsFacts;
  /**
   * The config is a whole file (or YAML document) that a client reads as it is, so a connection
   * setting it leaves out takes the client's default. Not so for a `producer` section of a larger
   * config, a Spring profile file (`application-<profile>.yml`: its base file may set what it leaves
   * out), a document activated by a profile, or a Spring file that sets security for another scope.
   */
  standalone?: boolean;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /**
   * A fix that cannot change behaviour beyond its rule (set acks=all, add enable.idempotence…): the
   * editor marks it preferred, so "Auto Fix" applies it. False for a suggestion, such as a rewrite
   * of auth code, which a person must review.
   */
  preferred: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  messageId: string;
  range: Range;
  fix?: Fix;
}
