// SCRAM (RFC 5802; SHA-512 for Kafka/MSK, SHA-256 as in RFC 7677), server side, without channel
// binding. Per user the salted password is derived once at start (PBKDF2) and only StoredKey and
// ServerKey are kept. Exchange: client-first -> server-first -> client-final -> server-final.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { SaslAuthError, type SaslMechanismName, type SaslSession, type SaslStep, type SaslUser } from './types';

export type ScramHash = 'sha256' | 'sha512';

const HASH_BYTES: Record<ScramHash, number> = { sha256: 32, sha512: 64 };
export const SCRAM_MIN_ITERATIONS = 4096;

export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

export interface ScramOptions {
  hash?: ScramHash;
  iterations?: number;
  /** Salt for a user (default: 16 random bytes each). Tests pass the RFC's salt here. */
  saltFor?: (username: string) => Buffer;
  /** The server's part of the nonce (default: 24 random bytes, base64). Tests pass the RFC's here. */
  serverNonce?: () => string;
}

function hmac(hash: ScramHash, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(hash, key).update(data).digest();
}

function h(hash: ScramHash, data: Buffer): Buffer {
  return createHash(hash).update(data).digest();
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

/** Derives the stored credential of a password (what a server keeps instead of the password). */
export function scramCredential(hash: ScramHash, password: string, salt: Buffer, iterations: number): ScramCredential {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, HASH_BYTES[hash], hash);
  const clientKey = hmac(hash, salted, 'Client Key');
  return { salt, iterations, storedKey: h(hash, clientKey), serverKey: hmac(hash, salted, 'Server Key') };
}

/** saslname decoding: "=2C" is ",", "=3D" is "="; any other "=" is an error (RFC 5802 §5.1). */
export function decodeSaslName(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '=') {
      out += s[i];
      continue;
    }
    const esc = s.slice(i + 1, i + 3);
    if (esc === '2C') out += ',';
    else if (esc === '3D') out += '=';
    else return null;
    i += 2;
  }
  return out;
}

const PRINTABLE_NONCE = /^[\x21-\x2b\x2d-\x7e]+$/;

export class ScramAuthenticator {
  readonly hash: ScramHash;
  readonly mechanism: string;
  private readonly credentials = new Map<string, ScramCredential>();
  private readonly iterations: number;
  private readonly serverNonce: () => string;
  /** Makes up stable credentials for unknown users, so a failure does not tell whether the user exists. */
  private readonly decoySecret = randomBytes(32);

  constructor(users: readonly SaslUser[], opts: ScramOptions = {}) {
    this.hash = opts.hash ?? 'sha512';
    this.mechanism = this.hash === 'sha512' ? 'SCRAM-SHA-512' : 'SCRAM-SHA-256';
    this.iterations = opts.iterations ?? SCRAM_MIN_ITERATIONS;
    if (this.iterations < SCRAM_MIN_ITERATIONS) throw new Error(`SCRAM iterations must be at least ${SCRAM_MIN_ITERATIONS}`);
    this.serverNonce = opts.serverNonce ?? (() => randomBytes(24).toString('base64'));
    const saltFor = opts.saltFor ?? (() => randomBytes(16));
    for (const u of users) this.credentials.set(u.username, scramCredential(this.hash, u.password, saltFor(u.username), this.iterations));
  }

  private credentialFor(username: string): { cred: ScramCredential; known: boolean } {
    const cred = this.credentials.get(username);
    if (cred) return { cred, known: true };
    const fake = hmac(this.hash, this.decoySecret, username);
    return { cred: { salt: fake.subarray(0, 16), iterations: this.iterations, storedKey: h(this.hash, fake), serverKey: fake }, known: false };
  }

  session(): SaslSession {
    type State =
      | { at: 'first' }
      | { at: 'final'; username: string; known: boolean; cred: ScramCredential; gs2Header: string; nonce: string; firstBare: string; serverFirst: string }
      | { at: 'done' };
    let state: State = { at: 'first' };
    const fail = (msg: string): never => {
      state = { at: 'done' };
      throw new SaslAuthError(`${this.mechanism}: ${msg}`);
    };
    return {
      mechanism: this.mechanism as SaslMechanismName,
      step: (token: Buffer): SaslStep => {
        const msg = token.toString('utf8');
        if (state.at === 'first') {
          // gs2-header: cbind-flag "," [authzid] ","
          const m = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/s.exec(msg);
          if (!m) return fail('malformed client-first message');
          if (m[1].startsWith('p=')) return fail('channel binding is not supported');
          const firstBare = m[3];
          const attrs = firstBare.split(',');
          if (attrs[0]?.startsWith('m=')) return fail('mandatory extensions are not supported');
          if (!attrs[0]?.startsWith('n=') || !attrs[1]?.startsWith('r=')) return fail('malformed client-first message');
          const username = decodeSaslName(attrs[0].slice(2));
          if (username === null || username === '') return fail('invalid username encoding');
          if (attrs.slice(2).some((a) => !/^[A-Za-z]+=/.test(a))) return fail('malformed client-first message');
          if (attrs.slice(2).some((a) => a === 'tokenauth=true')) return fail('delegation tokens are not supported');
          const authzid = m[2] ? decodeSaslName(m[2].slice(2)) : '';
          if (authzid !== '' && authzid !== username) return fail('the authorization id differs from the username');
          const clientNonce = attrs[1].slice(2);
          if (!PRINTABLE_NONCE.test(clientNonce)) return fail('invalid client nonce');
          const { cred, known } = this.credentialFor(username);
          const nonce = clientNonce + this.serverNonce();
          const serverFirst = `r=${nonce},s=${cred.salt.toString('base64')},i=${cred.iterations}`;
          state = { at: 'final', username, known, cred, gs2Header: msg.slice(0, msg.length - firstBare.length), nonce, firstBare, serverFirst };
          return { response: Buffer.from(serverFirst, 'utf8'), done: false };
        }
        if (state.at === 'final') {
          const s = state;
          const proofAt = msg.lastIndexOf(',p=');
          if (proofAt < 0) return fail('malformed client-final message: no proof');
          const withoutProof = msg.slice(0, proofAt);
          const attrs = withoutProof.split(',');
          if (attrs[0] !== `c=${Buffer.from(s.gs2Header, 'utf8').toString('base64')}`) return fail('channel binding data does not match the client-first message');
          // Like Kafka's broker, accept a nonce that merely ends with ours: librdkafka sends its own
          // nonce again in front of the combined one.
          if (!attrs[1]?.startsWith('r=') || !attrs[1].endsWith(s.nonce)) return fail('nonce mismatch');
          const proof = Buffer.from(msg.slice(proofAt + 3), 'base64');
          const authMessage = `${s.firstBare},${s.serverFirst},${withoutProof}`;
          const clientSignature = hmac(this.hash, s.cred.storedKey, authMessage);
          if (proof.length !== clientSignature.length) return fail('authentication failed: invalid credentials');
          const clientKey = xor(proof, clientSignature);
          if (!s.known || !timingSafeEqual(h(this.hash, clientKey), s.cred.storedKey)) return fail('authentication failed: invalid credentials');
          const serverSignature = hmac(this.hash, s.cred.serverKey, authMessage);
          state = { at: 'done' };
          return { response: Buffer.from(`v=${serverSignature.toString('base64')}`, 'utf8'), done: true, principal: `User:${s.username}` };
        }
        return fail('the exchange is already over');
      },
    };
  }
}
