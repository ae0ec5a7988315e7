// The contributed snippets (snippets/*.code-snippets): each file is JSON with comments, contributed in
// package.json to the languages it is for, current with scripts/snippets.mjs; every body expands with its
// placeholders at their defaults; every producer lints clean under our own rules, read with the file kind
// its language implies (and is read as a producer: a clean result from a config the linter skipped would
// prove nothing); every port fits the snippet's auth mode.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { fileKindForLanguage, lintText, parseConfigs, type FileKind } from '../../../src/core/lint/index';
import { expandSnippet } from '../../../src/core/snippets/syntax';
import { findSecrets } from '../../../src/core/snippets/secrets';

const root = resolve(__dirname, '../../..');
const dir = join(root, 'snippets');
const PORTS: Record<string, number[]> = { iam: [9098, 9198], scram: [9096, 9196], mtls: [9094, 9194], tls: [9094, 9194] };

interface Entry { prefix: string | string[]; description?: string; body: string | string[] }

function readSnippetFile(file: string): Record<string, Entry> {
  const errors: ParseError[] = [];
  const json = parse(readFileSync(join(dir, file), 'utf8'), errors, { allowTrailingComma: false, disallowComments: false }) as Record<string, Entry>;
  assert.deepEqual(errors.map((e) => `${printParseErrorCode(e.error)} at ${e.offset}`), [], `${file} is not valid JSON`);
  return json;
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { snippets?: { language: string; path: string }[] } };
const contributed = manifest.contributes.snippets ?? [];
const files = readdirSync(dir).filter((f) => f.endsWith('.code-snippets'));
/** The connection snippets: every file but the recipe language's. */
const configFiles = files.filter((f) => !f.startsWith('msk-recipe'));

/** Python's confluent-kafka takes librdkafka's settings: its literal dict entries as librdkafka JSON. */
function pythonDictAsJson(code: string): string {
  const dict = /\((\{[\s\S]*?\n\})\)/.exec(code)?.[1];
  assert.ok(dict, 'no config dict in the Python snippet');
  const pairs = [...dict.matchAll(/^\s*'([\w.]+)':\s*('([^']*)'|True|False|\d+)/gm)].map((m) =>
    `${JSON.stringify(m[1])}: ${m[3] !== undefined ? JSON.stringify(m[3]) : m[2] === 'True' ? 'true' : m[2] === 'False' ? 'false' : m[2]}`);
  return `{${pairs.join(', ')}}`;
}

describe('contributed snippets (snippets/*.code-snippets)', () => {
  it('are what scripts/snippets.mjs writes', () => {
    execFileSync(process.execPath, [join(root, 'scripts/snippets.mjs'), '--check'], { stdio: 'pipe' });
  });

  it('are contributed in package.json, each file for the languages it serves, and every file exists', () => {
    assert.ok(configFiles.length >= 8, `only ${configFiles.length} snippet files`);
    for (const f of files) assert.ok(contributed.some((c) => c.path === `./snippets/${f}`), `${f} is not contributed`);
    for (const c of contributed) assert.ok(files.includes(c.path.replace('./snippets/', '')), `${c.path} does not exist`);
    const languagesOf = (f: string) => contributed.filter((c) => c.path === `./snippets/${f}`).map((c) => c.language).sort();
    assert.deepEqual(languagesOf('java-properties.code-snippets'), ['java-properties', 'properties']);
    assert.deepEqual(languagesOf('spring-properties.code-snippets'), ['properties', 'spring-boot-properties']);
    assert.deepEqual(languagesOf('spring-yaml.code-snippets'), ['spring-boot-properties-yaml', 'yaml']);
    assert.deepEqual(languagesOf('kafkajs-typescript.code-snippets'), ['typescript', 'typescriptreact']);
    assert.deepEqual(languagesOf('kafkajs-javascript.code-snippets'), ['javascript', 'javascriptreact']);
    assert.deepEqual(languagesOf('librdkafka-json.code-snippets'), ['json', 'jsonc']);
    assert.deepEqual(languagesOf('python-confluent-kafka.code-snippets'), ['python']);
    assert.deepEqual(languagesOf('go-franz-go.code-snippets'), ['go']);
  });

  for (const file of files) {
    describe(file, () => {
      const entries = readSnippetFile(file);
      const languages = contributed.filter((c) => c.path === `./snippets/${file}`).map((c) => c.language);
      const kinds = new Set(languages.map((l) => fileKindForLanguage(l)).filter((k): k is FileKind => k !== undefined));

      it('has unique prefixes, a description and a body per entry, and every body expands', () => {
        const prefixes = new Set<string>();
        assert.ok(Object.keys(entries).length > 0);
        for (const [name, e] of Object.entries(entries)) {
          for (const p of [e.prefix].flat()) {
            assert.ok(!prefixes.has(p), `${name}: prefix ${p} twice`);
            prefixes.add(p);
          }
          assert.ok(e.description && e.description.length > 10, `${name}: no description`);
          const { text, tabstops } = expandSnippet(e.body, { TM_FILENAME: 'file', TM_FILENAME_BASE: 'file', TM_SELECTED_TEXT: '' });
          assert.ok(text.trim().length > 0, `${name}: empty`);
          assert.ok(!/\$\{\d|\$\d/.test(text), `${name}: a tabstop left in ${text}`);
          assert.ok(tabstops.length > 0, `${name}: no tabstop`);
        }
      });

      if (configFiles.includes(file)) {
        for (const [name, e] of Object.entries(entries)) {
          const mode = /-(iam|scram|mtls|tls)$/.exec([e.prefix].flat()[0])?.[1];
          const role = /-(producer|consumer)-/.exec([e.prefix].flat()[0])?.[1];
          const { text } = expandSnippet(e.body);

          it(`${name}: ports fit ${mode}, and it holds no secret`, () => {
            assert.ok(mode && role, `prefix ${String(e.prefix)} names no role and mode`);
            const ports = [...text.matchAll(/amazonaws\.com:(\d+)/g)].map((m) => Number(m[1]));
            assert.ok(ports.length >= 2, `${name}: no broker address`);
            for (const p of ports) assert.ok(PORTS[mode].includes(p), `${name}: port ${p} is not a ${mode} port`);
            assert.deepEqual(findSecrets(text), []);
          });

          if (kinds.size > 0) {
            for (const kind of kinds) {
              it(`${name}: lints clean as ${kind}, read as a ${role === 'producer' ? 'producer' : 'client'} config`, () => {
                const fileName = { properties: file.startsWith('spring') ? 'application.properties' : 'client.properties', yaml: 'application.yml', json: 'librdkafka.json', kafkajs: file.includes('typescript') ? 'kafka.ts' : 'kafka.js' }[kind];
                const configs = parseConfigs(text, kind, fileName);
                assert.ok(configs.length >= 1, `${name}: the linter found no client config`);
                const roles = configs.map((c) => c.role);
                // a consumer's config is a `client` one to the linter (only MSK005 and MSK006 apply)
                assert.ok(roles.includes(role === 'producer' ? 'producer' : 'client'), `${name}: read as ${roles.join(', ')}`);
                assert.deepEqual(lintText(text, fileName, {}, kind).map((f) => `${f.ruleId} ${f.message}`), []);
              });
            }
          } else if (file.startsWith('python')) {
            it(`${name}: its librdkafka settings lint clean as librdkafka JSON`, () => {
              const json = pythonDictAsJson(text);
              if (role === 'producer') assert.ok(parseConfigs(json, 'json').some((c) => c.role === 'producer'), json);
              assert.deepEqual(lintText(json, 'client.json', {}, 'json').map((f) => `${f.ruleId} ${f.message}`), []);
            });
          } else if (file.startsWith('go')) {
            it(`${name}: franz-go options as the rules ask (idempotent writes kept, acks from all in-sync replicas)`, () => {
              assert.ok(!/DisableIdempotentWrite|NoAck|LeaderAck/.test(text), text);
              if (role === 'producer') assert.match(text, /kgo\.RequiredAcks\(kgo\.AllISRAcks\(\)\)/);
              if (mode === 'iam') assert.match(text, /aws\.ManagedStreamingIAM/);
              if (mode === 'scram') assert.match(text, /AsSha512Mechanism/);
              assert.match(text, /kgo\.DialTLSConfig/);
            });
          }
        }
      }
    });
  }
});
