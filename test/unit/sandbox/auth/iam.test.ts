// MSK IAM token signatures: tokens from the real aws-msk-iam-sasl-signer-js are accepted for the
// sandbox's credentials; tokens signed independently with @smithy/signature-v4 (the SDK's own SigV4
// signer) for another action, region, key or session token, and tokens altered after signing, are not.
import { strict as assert } from 'node:assert';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { SANDBOX_IAM_CREDENTIALS, verifyMskIamToken, type IamCredential } from '../../../../src/sandbox/auth/iam';
import { AuthService } from '../../../../src/sandbox/auth/service';
import { resolveListeners } from '../../../../src/sandbox/auth/listeners';
import { SaslAuthError } from '../../../../src/sandbox/auth/types';

const CREDS: IamCredential[] = Object.values(SANDBOX_IAM_CREDENTIALS);
const { user, role } = SANDBOX_IAM_CREDENTIALS;
const REGION = 'us-east-1';

function bytes(d: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof d === 'string') return d;
  return ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);
}

/** node:crypto behind the Checksum interface @smithy/signature-v4 wants (an HMAC when given a key). */
class NodeSha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
  reset(): void {}
}

/** A token laid out as the MSK signer lays it out, signed by the SDK's SigV4 signer with these inputs. */
async function smithyToken(o: { cred: IamCredential; region?: string; action?: string; expiresIn?: number; signingDate?: Date }): Promise<string> {
  const region = o.region ?? REGION;
  const hostname = `kafka.${region}.amazonaws.com`;
  const signer = new SignatureV4({ service: 'kafka-cluster', region, credentials: o.cred, sha256: NodeSha256, applyChecksum: false });
  const signed = await signer.presign(
    { method: 'GET', protocol: 'https:', hostname, path: '/', headers: { host: hostname }, query: { Action: o.action ?? 'kafka-cluster:Connect' } },
    { expiresIn: o.expiresIn ?? 900, signingDate: o.signingDate },
  );
  const q = new URLSearchParams(signed.query as Record<string, string>);
  return Buffer.from(`https://${hostname}/?${q.toString()}`, 'utf8').toString('base64url');
}

async function signerToken(cred: IamCredential, region = REGION): Promise<string> {
  const { token } = await generateAuthTokenFromCredentialsProvider({ region, awsCredentialsProvider: () => Promise.resolve({ ...cred }) });
  return token;
}

/** Decodes, edits the URL text, re-encodes: what a tampering client would send. */
function edit(token: string, f: (url: string) => string): string {
  return Buffer.from(f(Buffer.from(token, 'base64url').toString('utf8')), 'utf8').toString('base64url');
}

function refuses(token: string, re: RegExp, opts: { now?: number; credentials?: IamCredential[] } = {}): void {
  assert.throws(
    () => verifyMskIamToken(token, { credentials: opts.credentials ?? CREDS, region: REGION, now: opts.now }),
    (e: Error) => e instanceof SaslAuthError && re.test(e.message),
    `expected ${re}`,
  );
}

describe('sandbox auth: MSK IAM token signatures (SigV4)', () => {
  it('accepts the real signer\'s tokens for the long-term key and for temporary credentials; names the principal', async () => {
    const u = verifyMskIamToken(await signerToken(user), { credentials: CREDS, region: REGION });
    assert.equal(u.principal, user.principal);
    assert.equal(u.temporaryCredentials, false);
    const r = verifyMskIamToken(await signerToken(role), { credentials: CREDS, region: REGION });
    assert.equal(r.principal, role.principal);
    assert.equal(r.temporaryCredentials, true);
  });

  it('accepts a token from the SDK\'s own SigV4 signer (independent of the MSK signer\'s layout)', async () => {
    assert.equal(verifyMskIamToken(await smithyToken({ cred: user }), { credentials: CREDS, region: REGION }).accessKeyId, user.accessKeyId);
  });

  it('refuses a token signed for another region, naming both regions', async () => {
    refuses(await signerToken(user, 'eu-west-1'), /signed for region eu-west-1, but this cluster is in us-east-1/);
  });

  it('refuses a properly signed token for another action', async () => {
    refuses(await smithyToken({ cred: user, action: 'kafka-cluster:ReadData' }), /Action is "kafka-cluster:ReadData", expected kafka-cluster:Connect/);
  });

  it('refuses an unknown access key id, and a known one signed with the wrong secret', async () => {
    refuses(await signerToken({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }), /AKIAIOSFODNN7EXAMPLE is not known/);
    refuses(await signerToken({ accessKeyId: user.accessKeyId, secretAccessKey: 'not-the-secret' }), /signature does not match/);
  });

  it('refuses tokens altered after signing', async () => {
    const t = await signerToken(user);
    const sig = /X-Amz-Signature=([0-9a-f]{64})/.exec(Buffer.from(t, 'base64url').toString('utf8'))![1];
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    refuses(edit(t, (u) => u.replace(sig, flipped)), /signature does not match/);
    refuses(edit(t, (u) => u.replace('X-Amz-Expires=900', 'X-Amz-Expires=899')), /signature does not match/);
    refuses(edit(t, (u) => `${u}&Extra=1`), /signature does not match/);
    // The signer adds User-Agent after signing, so it is not covered: changing it changes nothing.
    assert.doesNotThrow(() => verifyMskIamToken(edit(t, (u) => u.replace(/User-Agent=[^&]+/, 'User-Agent=other%2F1')), { credentials: CREDS, region: REGION }));
  });

  it('refuses an expired token, one signed in the future, and expired temporary credentials', async () => {
    const t = await signerToken(user);
    refuses(t, /it expired at/, { now: Date.now() + 901_000 });
    refuses(await smithyToken({ cred: user, signingDate: new Date(Date.now() + 10 * 60_000) }), /signed in the future/);
    const shortLived = { ...role, expiresAt: Date.now() + 60_000 };
    const rt = await smithyToken({ cred: shortLived });
    assert.doesNotThrow(() => verifyMskIamToken(rt, { credentials: [shortLived], region: REGION }));
    refuses(rt, /temporary credentials ASIAMSKSANDBOXROLE01 expired/, { credentials: [shortLived], now: Date.now() + 61_000 });
  });

  it('temporary credentials: the session token must be present and be the issued one; a long-term key takes none', async () => {
    refuses(edit(await signerToken(role), (u) => u.replace(/&X-Amz-Security-Token=[^&]+/, '')), /needs its session token/);
    refuses(await smithyToken({ cred: { ...role, sessionToken: 'another-session' } }), /session token is not the one/);
    refuses(await smithyToken({ cred: { ...user, sessionToken: 'x' } }), /is a long-term access key/);
  });

  it('refuses a token that signs more than the host header', async () => {
    const t = await signerToken(user);
    refuses(edit(t, (u) => u.replace('X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=host%3Bx-amz-date')), /SignedHeaders must be "host"/);
  });

  it('OAUTHBEARER through the auth service: principal and credential expiry; session lifetime as Kafka computes it', async () => {
    const listeners = resolveListeners([{ name: 'iam', security: 'SASL_PLAINTEXT', mechanisms: ['OAUTHBEARER', 'PLAIN'] }]);
    const now = Date.now();
    const capped = new AuthService({ listeners, users: [{ username: 'u', password: 'p' }], connectionsMaxReauthMs: 20_000, now: () => now });
    const msg = Buffer.from(`n,,\x01auth=Bearer ${await signerToken(user)}\x01\x01`);
    const step = capped.startSession('OAUTHBEARER').step(msg);
    assert.equal(step.principal, user.principal);
    assert.ok(step.expiresAt! > now + 890_000 && step.expiresAt! <= now + 900_000);
    assert.equal(capped.sessionLifetimeMs(step), 20_000, 'connections.max.reauth.ms caps the token lifetime');
    const uncapped = new AuthService({ listeners, users: [{ username: 'u', password: 'p' }], now: () => now });
    assert.equal(uncapped.sessionLifetimeMs(step), step.expiresAt! - now, 'without a cap, the token expiry ends the session');
    const plain = uncapped.startSession('PLAIN').step(Buffer.from('\0u\0p'));
    assert.equal(uncapped.sessionLifetimeMs(plain), 0, 'PLAIN without a cap: no expiry');
    assert.equal(capped.sessionLifetimeMs(plain), 20_000);
    assert.throws(() => new AuthService({ listeners, connectionsMaxReauthMs: -1 }), /connectionsMaxReauthMs/);
  });
});
