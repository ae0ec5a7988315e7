// Which files the linter reads. Kept apart from the parsers so the editor can decide cheaply,
// before loading the engine.

export type FileKind = 'properties' | 'yaml' | 'json' | 'kafkajs';

/** The file kinds linted, by extension. Other files are linted only when named explicitly (as properties). */
export function fileKindFor(fileName: string): FileKind | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName);
  switch (m?.[1].toLowerCase()) {
    case 'properties':
      return 'properties';
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'json':
      return 'json';
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'ts':
    case 'mts':
    case 'cts':
      return 'kafkajs';
    default:
      return undefined;
  }
}

/** The editor's language ids that map to a file kind. */
export function fileKindForLanguage(languageId: string): FileKind | undefined {
  switch (languageId) {
    case 'properties':
    case 'java-properties':
    case 'spring-boot-properties':
      return 'properties';
    case 'yaml':
    case 'spring-boot-properties-yaml':
      return 'yaml';
    case 'json':
    case 'jsonc':
      return 'json';
    case 'javascript':
    case 'typescript':
      return 'kafkajs';
    default:
      return undefined;
  }
}

/** A cheap test before loading the engine: kafkajs code is linted only where it names kafkajs. */
export function worthLinting(kind: FileKind, text: string): boolean {
  return kind !== 'kafkajs' || text.includes('kafkajs');
}
