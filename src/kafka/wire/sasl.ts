// The SASL client exchanges of the wire client: PLAIN (RFC 4616), SCRAM-SHA-512 (RFC 5802 with
// node's crypto) and OAUTHBEARER (RFC 7628, the token from the same provider kafkajs uses, e.g. the
// IAM signer). Each mechanism is a sequence of client messages, each given the server's last answer.
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SASLOptions } from 'kafkajs';

export interface SaslExchange {
  /** Kafka's mechanism name for SaslHandshake. */
  mechanism: string;
  /** The next client message given the server's previous one (null before the first); null when done. */
  step(server: Buffer | null): Promise<Buffer | null>;
}

/** The exchange for kafkajs-style SASL options (what kafkaAuthConfig gives createKafka). */
export function saslExchange(opts: SASLOptions): SaslExchange {
  switch (opts.mechanism) {
    case 'plain':
      return plain(opts.username, opts.password);
    case 'scram-sha-512':
      return scramSha512(opts.username, opts.password);
    case 'oauthbearer':
      return oauthBearer(async () => (await opts.oauthBearerProvider()).value);
    default:
      throw new Error(`SASL mechanism ${opts.mechanism} is not supported by the wire client`);
  }
}

function plain(username: string, password: string): SaslExchange {
  let sent = false;
  return {
    mechanism: 'PLAIN',
    step: () => {
      if (sent) return Promise.resolve(null);
      sent = true;
      return Promise.resolve(Buffer.from(`\u0000${username}\u0000${password}`, 'utf8'));
    },
  };
}

function oauthBearer(token: () => Promise<string>): SaslExchange {
  let sent = false;
  return {
    mechanism: 'OAUTHBEARER',
    step: async () => {
      if (sent) return null;
      sent = true;
      return Buffer.from(`n,,\u0001auth=Bearer ${await token()}\u0001\u0001`, 'utf8');
    },
  };
}

/** RFC 5802 saslname: "=" and "," escaped. */
function saslName(s: string): string {
  return s.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function parseAttributes(msg: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of msg.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

const hmac = (key: Buffer, data: string | Buffer): Buffer => createHmac('sha512', key).update(data).digest();

export function scramSha512(username: string, password: string, nonce = randomBytes(24).toString('base64')): SaslExchange {
  const clientFirstBare = `n=${saslName(username)},r=${nonce}`;
  let state: 'first' | 'final' | 'verify' | 'done' = 'first';
  let serverSignature: Buffer | undefined;
  return {
    mechanism: 'SCRAM-SHA-512',
    async step(server) {
      switch (state) {
        case 'first':
          state = 'final';
          return Buffer.from(`n,,${clientFirstBare}`, 'utf8');
        case 'final': {
          const serverFirst = server!.toString('utf8');
          const a = parseAttributes(serverFirst);
          const serverNonce = a.get('r');
          const salt = a.get('s');
          const iterations = Number(a.get('i'));
          if (a.has('e')) throw new Error(`SCRAM authentication failed: ${a.get('e')}`);
          if (!serverNonce || !serverNonce.startsWith(nonce) || !salt || !Number.isInteger(iterations) || iterations < 1) {
            throw new Error('SCRAM authentication failed: the broker sent a malformed server-first message');
          }
          const salted = await new Promise<Buffer>((resolve, reject) =>
            pbkdf2(Buffer.from(password, 'utf8'), Buffer.from(salt, 'base64'), iterations, 64, 'sha512', (err, key) => (err ? reject(err) : resolve(key))));
          const clientKey = hmac(salted, 'Client Key');
          const storedKey = createHash('sha512').update(clientKey).digest();
          const clientFinalNoProof = `c=biws,r=${serverNonce}`;
          const authMessage = `${clientFirstBare},${serverFirst},${clientFinalNoProof}`;
          const clientSignature = hmac(storedKey, authMessage);
          const proof = Buffer.alloc(clientKey.length);
          for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i] ^ clientSignature[i];
          serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
          state = 'verify';
          return Buffer.from(`${clientFinalNoProof},p=${proof.toString('base64')}`, 'utf8');
        }
        case 'verify': {
          const a = parseAttributes(server!.toString('utf8'));
          if (a.has('e')) throw new Error(`SCRAM authentication failed: ${a.get('e')}`);
          const v = Buffer.from(a.get('v') ?? '', 'base64');
          if (v.length !== serverSignature!.length || !timingSafeEqual(v, serverSignature!)) {
            throw new Error('SCRAM authentication failed: the broker\'s server signature does not match (not the server that holds the credentials?)');
          }
          state = 'done';
          return null;
        }
        default:
          return null;
      }
    },
  };
}
