// The auth pieces that need no broker: the IAM token cache (clock injected), redaction of logs and
// errors, and the kafkajs settings each mode produces.
import assert from 'node:assert/strict';
import { iamTokenProvider, IAM_TOKEN_LIFETIME_MS, kafkaAuthConfig, explainAuthError, Redactor, REDACTED } from '../../../src/kafka/auth';
import type { AwsCredentialsProvider as AwsCredentialIdentityProvider } from '../../../src/kafka/auth';

const KEYS = { accessKeyId: 'AKIAUNITTEST000001', secretAccessKey: 'unit-test-secret-access-key' };

describe('kafka auth: IAM token cache', () => {
  function setup(extra: { tokenLifetimeMs?: number; expiration?: Date } = {}) {
    let t = 1_000_000;
    let calls = 0;
    const credentials: AwsCredentialIdentityProvider = () => {
      calls++;
      return Promise.resolve({ ...KEYS, ...(extra.expiration ? { expiration: extra.expiration } : {}) });
    };
    const tokens: string[] = [];
    const p = iamTokenProvider({ region: 'us-east-1', credentials, tokenLifetimeMs: extra.tokenLifetimeMs, now: () => t, onToken: (tok) => tokens.push(tok) });
    return { p, tokens, calls: () => calls, advance: (ms: number) => (t += ms) };
  }

  it('reuses a token until 80% of its lifetime, then signs a new one', async () => {
    const s = setup({ tokenLifetimeMs: 10_000 });
    const a = await s.p();
    s.advance(7_999);
    assert.equal((await s.p()).value, a.value);
    assert.equal(s.p.signed, 1);
    s.advance(2);
    await s.p();
    assert.equal(s.p.signed, 2);
    assert.equal(s.tokens.length, 2);
  });

  it('concurrent callers share one signing', async () => {
    const s = setup();
    const all = await Promise.all([s.p(), s.p(), s.p()]);
    assert.equal(s.calls(), 1);
    assert.equal(new Set(all.map((x) => x.value)).size, 1);
  });

  it('the default lifetime is the signer\'s 15 minutes; credentials that expire sooner shorten it, and X-Amz-Expires stays whole', async () => {
    const d = setup();
    await d.p();
    d.advance(IAM_TOKEN_LIFETIME_MS * 0.8 - 1);
    await d.p();
    assert.equal(d.p.signed, 1);
    const s = setup({ expiration: new Date(1_000_000 + 100_000.5) });
    const tok = await s.p();
    const url = Buffer.from(tok.value, 'base64url').toString();
    assert.match(url, /X-Amz-Expires=900(&|$)/);
    s.advance(80_001);
    await s.p();
    assert.equal(s.p.signed, 2, 'refreshed at 80% of the credentials\' remaining life');
  });
});

describe('kafka auth: redaction and settings', () => {
  it('Redactor replaces every remembered secret in text and errors', () => {
    const r = new Redactor();
    r.add('s3cret-password');
    r.add('abc'); // too short to redact safely
    assert.equal(r.redact('x s3cret-password y s3cret-password abc'), `x ${REDACTED} y ${REDACTED} abc`);
    const e = r.redactError(new Error('failed with s3cret-password'));
    assert.equal(e.message, `failed with ${REDACTED}`);
    assert.ok(!e.stack?.includes('s3cret-password'));
  });

  it('each mode gives kafkajs the right ssl/sasl settings and remembers its secrets', () => {
    const r = new Redactor();
    assert.deepEqual(kafkaAuthConfig(undefined, r), {});
    assert.deepEqual(kafkaAuthConfig({ mode: 'tls', servername: 'b-1.example' }, r), { ssl: { rejectUnauthorized: true, servername: 'b-1.example' } });
    const scram = kafkaAuthConfig({ mode: 'sasl_scram', username: 'u', password: 'scram-password-value' }, r);
    assert.deepEqual(scram.sasl, { mechanism: 'scram-sha-512', username: 'u', password: 'scram-password-value' });
    assert.equal(r.redact('scram-password-value'), REDACTED);
    const iam = kafkaAuthConfig({ mode: 'sasl_iam', region: 'eu-west-1', credentials: () => Promise.resolve(KEYS) }, r);
    assert.equal(iam.sasl?.mechanism, 'oauthbearer');
    assert.equal(iam.ssl?.rejectUnauthorized, true);
    assert.throws(() => kafkaAuthConfig({ mode: 'sasl_scram', secret: { secretId: 'AmazonMSK_a', read: () => Promise.resolve({ username: 'u', password: 'p' }) } }, r), /AmazonMSK_a has not been read yet/);
  });

  it('explainAuthError names the mode and what to do, redacted; other errors pass through', () => {
    const r = new Redactor();
    r.add('pw-in-message');
    const sasl = Object.assign(new Error('SASL SCRAM SHA512 authentication failed: pw-in-message'), { name: 'KafkaJSSASLAuthenticationError' });
    const e = explainAuthError(sasl, { mode: 'sasl_scram', username: 'u', password: 'pw-in-message' }, r);
    assert.match(e.message, /^SASL\/SCRAM-SHA-512 authentication failed: .*Check the username and password/);
    assert.ok(!e.message.includes('pw-in-message'));
    const other = new Error('Topic not found');
    assert.equal(explainAuthError(other, undefined, r), other);
  });
});
