// Which files the linter reads. Kept apart from the parsers so the editor can decide cheaply,
// before loading the engine.
import { PRODUCER_KEYS } from './keys';

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
    case 'jsx':
    case 'tsx':
      return 'kafkajs';
    default:
      return undefined;
  }
}

/**
 * The one list of editor languages the linter reads, and the file kind each is read as. Activation
 * (package.json's onLanguage events, checked by a unit test), diagnostics and code actions all use
 * it. The Spring Boot Tools extension gives application.properties and application.yml their own
 * language ids; other extensions name Java properties `java-properties`.
 */
export const LINTED_LANGUAGES: Readonly<Record<string, FileKind>> = Object.freeze({
  properties: 'properties',
  'java-properties': 'properties',
  'spring-boot-properties': 'properties',
  yaml: 'yaml',
  'spring-boot-properties-yaml': 'yaml',
  json: 'json',
  jsonc: 'json',
  javascript: 'kafkajs',
  javascriptreact: 'kafkajs',
  typescript: 'kafkajs',
  typescriptreact: 'kafkajs',
});

/** The editor's language ids that map to a file kind. */
export function fileKindForLanguage(languageId: string): FileKind | undefined {
  return Object.prototype.hasOwnProperty.call(LINTED_LANGUAGES, languageId) ? LINTED_LANGUAGES[languageId] : undefined;
}

/** Document filters for every linted language, on disk and untitled (a plain DocumentSelector). */
export function lintedDocumentFilters(): { language: string; scheme: 'file' | 'untitled' }[] {
  return Object.keys(LINTED_LANGUAGES).flatMap((language) => [
    { language, scheme: 'file' as const },
    { language, scheme: 'untitled' as const },
  ]);
}

/**
 * Words a text must hold to produce any finding: every finding needs a producer key (MSK001-004,
 * MSK007; its longest segment is listed), a `producer` section, `sasl.mechanism` (MSK005),
 * bootstrap servers (MSK006), or a Spring `kafka` key. Escapes (\\u) could hide a key, so a text
 * holding one is always read.
 */
const KEY_WORDS: readonly string[] = [
  ...new Set([...PRODUCER_KEYS].map((k) => k.split('.').reduce((a, b) => (b.length > a.length ? b : a)))),
  'producer', 'mechanism', 'bootstrap', 'broker',
];
const SPRING_KAFKA = /(?:^|[\s"'{,.])[Kk][Aa][Ff][Kk][Aa]["']?\s*:|spring\.kafka/m;

function hasKeyWord(text: string): boolean {
  // plain substring searches are much quicker than one regular expression with many alternatives
  for (const w of KEY_WORDS) if (text.includes(w)) return true;
  return /[Kk][Aa][Ff][Kk][Aa]/.test(text) && SPRING_KAFKA.test(text);
}

/** A cheap test, before parsing (and, in the editor, before loading the engine). */
export function worthLinting(kind: FileKind, text: string): boolean {
  if (kind === 'kafkajs') return text.includes('kafkajs');
  return hasKeyWord(text) || text.includes('\\u');
}
