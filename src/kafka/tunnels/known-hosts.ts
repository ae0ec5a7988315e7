// OpenSSH known_hosts lookup (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): plain and hashed (|1|salt|hash)
// host patterns, [host]:port for non-22 ports, * and ? wildcards, !negation, and @revoked. Lines
// marked @cert-authority are skipped: host certificates are not supported.
import { createHash, createHmac } from 'node:crypto';

export interface KnownKey {
  type: string;
  key: Buffer;
  revoked: boolean;
}

/** SHA256 fingerprint as `ssh-keygen -l` prints it: SHA256:<unpadded base64>. */
export function fingerprint(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The name a known_hosts line uses for host:port. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcard(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(name);
}

function patternMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) {
      if (wildcard(p.slice(1), name)) return false;
    } else if (wildcard(p, name)) {
      matched = true;
    }
  }
  return matched;
}

/** Keys known for host:port in the text of a known_hosts file. */
export function knownKeys(text: string, host: string, port: number): KnownKey[] {
  const name = knownHostsName(host, port);
  const out: KnownKey[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      if (fields[0] !== '@revoked') continue;
      revoked = true;
      fields.shift();
    }
    const [hosts, type, b64] = fields;
    if (!hosts || !type || !b64 || !patternMatches(hosts, name)) continue;
    out.push({ type, key: Buffer.from(b64, 'base64'), revoked });
  }
  return out;
}

/** Host key algorithms to offer so that the server presents a key of a type known_hosts holds. */
export function hostKeyAlgorithms(keys: KnownKey[]): string[] {
  const algs = new Set<string>();
  for (const k of keys) {
    if (k.revoked) continue;
    if (k.type === 'ssh-rsa') ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'].forEach((a) => algs.add(a));
    else algs.add(k.type);
  }
  return [...algs];
}
