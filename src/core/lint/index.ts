// The lint engine's public face, loaded lazily (dist/lint.js) by the CLI and the editor.
export { applyEdits, lintText, parseConfigs } from './engine';
export { fileKindFor, fileKindForLanguage, worthLinting, type FileKind } from './kinds';
export { rules } from './rules/index';
export type { Rule, RuleMeta } from './rules/index';
export { docsPath } from './rules/rule';
export { DEFAULT_MAX_MESSAGE_BYTES, SERVERLESS_MAX_MESSAGE_BYTES } from './msk';
export { LintConfigError, mergeOptions, parseLintConfig, parseSeverities, validMaxMessageBytes, type LintOptions, type ConnectedCluster } from './settings';
export type { ClientConfig, Finding, Fix, Position, Range, Severity, SeveritySetting, TextEdit } from './types';
