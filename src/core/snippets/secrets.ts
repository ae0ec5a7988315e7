// Finds secrets in a text about to be shared (a team snippet is committed with the repository):
// private keys, AWS secret keys, access key ids and session tokens, and literal passwords or secrets in
// the config formats our snippets cover (.properties, YAML, JSON, JAAS, JavaScript/TypeScript, Python,
// Go). A value that only names where the secret comes from (`${env:X}`, `${X}`, `process.env.X`,
// `os.environ[...]`, `os.Getenv(...)`, a snippet placeholder) is not a secret.

export type SecretKind = 'private-key' | 'aws-secret-key' | 'aws-access-key-id' | 'aws-session-token' | 'password' | 'secret';

export interface SecretFinding {
  kind: SecretKind;
  /** 0-based line and character of the secret's value (or of the PEM's BEGIN line). */
  line: number;
  character: number;
  /** The setting that holds it, when there is one. */
  key?: string;
  /** What was found, for a message: "a password (sasl.password, line 3)". */
  label: string;
}

const KIND_NAME: Record<SecretKind, string> = {
  'private-key': 'a private key',
  'aws-secret-key': 'an AWS secret access key',
  'aws-access-key-id': 'an AWS access key id',
  'aws-session-token': 'an AWS session token',
  password: 'a password',
  secret: 'a secret',
};

const PEM = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----/g;
const ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g;

/**
 * A key and its value: `key=value`, `key: value`, `key = "value"`, `"key": "value"`, `key: 'value'`,
 * `key := "value"`, `'key': 'value'`, JAAS `key="value"`. Group 1 the key, then the value: quoted (2, 3, 4)
 * or bare (5).
 */
const ASSIGNMENT = /(?:^|[\s{,;(])["']?([A-Za-z_][\w.\-[\]]*)["']?[ \t]*(?::=|[=:])[ \t]*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`\n]*)`|([^\s,;'"`)}\]]+))/gm;

function kindOfKey(key: string): SecretKind | undefined {
  const k = key.toLowerCase().replace(/[\s\-_.[\]]/g, '');
  if (/secretaccesskey$|secretkey$|awssecret/.test(k)) return 'aws-secret-key';
  if (/sessiontoken$|securitytoken$/.test(k)) return 'aws-session-token';
  if (/(password|passwd|passphrase|pwd)$/.test(k) || /^pass$/.test(k)) return 'password';
  // names, ids and ARNs of secrets are not secrets
  if (/(secret|token|apikey|privatekey)$/.test(k) && !/(arn|id|name|type|location|path|file|prefix|ref)$/.test(k)) return 'secret';
  return undefined;
}

/** A value that says where a secret comes from, or holds none. */
function isReference(value: string): boolean {
  const v = value.trim();
  if (v === '' || v === 'null' || v === 'undefined' || v === 'None' || v === 'nil') return true;
  if (/^\$\{[^}]*\}?$/.test(v) || /^\\?\$\{/.test(v) || /^\$[A-Z_][A-Z0-9_]*$/.test(v)) return true; // ${env:X} ${X} $X, snippet placeholders
  if (/^%\(?[\w.]+\)?s?$/.test(v) || /^<[^>]*>$/.test(v) || /^\{\{[^}]*\}\}$/.test(v)) return true; // %(X)s <your password> {{ x }}
  if (/^(process\.env|os\.environ|os\.getenv|os\.Getenv|System\.getenv|env\(|getenv\(|import\.meta\.env)/.test(v)) return true;
  return false;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}

/** The secrets in `text`, in order of position; empty when there is none. */
export function findSecrets(text: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  const add = (kind: SecretKind, offset: number, key?: string) => {
    const pos = positionAt(text, offset);
    if (out.some((f) => f.line === pos.line && f.kind === kind)) return;
    out.push({ kind, ...pos, key, label: `${KIND_NAME[kind]} (${key ? `${key}, ` : ''}line ${pos.line + 1})` });
  };
  for (const m of text.matchAll(PEM)) add('private-key', m.index);
  for (const m of text.matchAll(ACCESS_KEY_ID)) add('aws-access-key-id', m.index);
  for (const m of text.matchAll(ASSIGNMENT)) {
    const key = m[1];
    const kind = kindOfKey(key);
    if (!kind) continue;
    const value = m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    // in code, `password: password` or `pass: cfg.pass` names a variable, not a literal
    const quoted = m[2] !== undefined || m[3] !== undefined || m[4] !== undefined;
    if (isReference(value)) continue;
    if (!quoted && /^[A-Za-z_$][\w$]*(\.[\w$]+|\[[^\]]*\]|\(.*)*$/.test(value) && looksLikeCode(text)) continue;
    add(kind, m.index + m[0].lastIndexOf(value), key);
  }
  return out.sort((a, b) => a.line - b.line || a.character - b.character);
}

/** A text in a programming language (where a bare word after `key:` is a variable) rather than a config file. */
function looksLikeCode(text: string): boolean {
  return /\b(const|let|var|require\(|function|def|func|return)\b|^\s*import\s/m.test(text);
}

/** One sentence naming what was found, for the refusal message. */
export function describeSecrets(found: readonly SecretFinding[]): string {
  const shown = found.slice(0, 3).map((f) => f.label);
  const more = found.length > 3 ? `, and ${found.length - 3} more` : '';
  return shown.join(', ') + more;
}
