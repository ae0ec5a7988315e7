import { strict as assert } from 'node:assert';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { checkMskIamToken, OAuthBearerAuthenticator, parseOAuthBearerMessage } from '../../../../src/sandbox/auth/oauthbearer';
import { SaslAuthError } from '../../../../src/sandbox/auth/types';

const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SIGNED_AT = Date.UTC(2024, 5, 1, 12, 0, 0); // 20240601T120000Z
const SIG = 'a'.repeat(64);

/** A presigned URL the way the MSK signer lays it out; `edit` changes the text before encoding. */
function url(edit: (u: string) => string = (u) => u): string {
  return edit(
    'https://kafka.us-east-1.amazonaws.com/?Action=kafka-cluster%3AConnect&User-Agent=aws-msk-iam-sasl-signer-js%2F1.0.3' +
      `&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${AKID}%2F20240601%2Fus-east-1%2Fkafka-cluster%2Faws4_request` +
      `&X-Amz-Date=20240601T120000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIG}`,
  );
}
const tokenOf = (u: string) => Buffer.from(u, 'utf8').toString('base64url');
const at = (ms: number) => ({ now: SIGNED_AT + ms });

describe('sandbox auth: MSK IAM token shape (OAUTHBEARER)', () => {
  it('accepts a well-shaped token inside its window and reports who and until when', () => {
    const info = checkMskIamToken(tokenOf(url()), at(60_000));
    assert.equal(info.accessKeyId, AKID);
    assert.equal(info.region, 'us-east-1');
    assert.equal(info.expiresAt.getTime(), SIGNED_AT + 900_000);
    assert.equal(info.temporaryCredentials, false);
    assert.equal(checkMskIamToken(tokenOf(url((u) => `${u}&X-Amz-Security-Token=abc%2F%2B%3D`)), at(0)).temporaryCredentials, true);
  });

  it('accepts a token from the real aws-msk-iam-sasl-signer-js', async () => {
    const { token } = await generateAuthTokenFromCredentialsProvider({
      region: 'eu-west-1',
      awsCredentialsProvider: () => Promise.resolve({ accessKeyId: 'ASIAXAMPLEXAMPLE1234', secretAccessKey: 'x', sessionToken: 'tok' }),
    });
    const info = checkMskIamToken(token);
    assert.equal(info.accessKeyId, 'ASIAXAMPLEXAMPLE1234');
    assert.equal(info.region, 'eu-west-1');
    assert.equal(info.temporaryCredentials, true);
  });

  const cases: [string, string, RegExp][] = [
    ['empty', '', /empty/],
    ['padding', tokenOf(url()) + '=', /base64url/],
    ['standard base64 characters', Buffer.from(url() + '??>').toString('base64'), /base64url/],
    ['not a URL', tokenOf('hello world'), /URL/],
    ['http', tokenOf(url((u) => u.replace('https:', 'http:'))), /scheme/],
    ['other host', tokenOf(url((u) => u.replace('kafka.us-east-1.amazonaws.com', 'kafka.us-east-1.example.com'))), /host/],
    ['other path', tokenOf(url((u) => u.replace('.com/?', '.com/x?'))), /kafka\.<region>/],
    ['no Action', tokenOf(url((u) => u.replace('Action=kafka-cluster%3AConnect&', ''))), /Action is missing/],
    ['other Action', tokenOf(url((u) => u.replace('kafka-cluster%3AConnect', 'kafka-cluster%3AReadData'))), /Action/],
    ['other algorithm', tokenOf(url((u) => u.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1'))), /X-Amz-Algorithm/],
    ['other service', tokenOf(url((u) => u.replace('%2Fkafka-cluster%2F', '%2Fs3%2F'))), /service/],
    ['region mismatch', tokenOf(url((u) => u.replace('%2Fus-east-1%2F', '%2Fus-west-2%2F'))), /region/],
    ['short credential', tokenOf(url((u) => u.replace('%2Faws4_request', ''))), /X-Amz-Credential/],
    ['bad access key id', tokenOf(url((u) => u.replace(AKID, 'akia-lower'))), /access key id/],
    ['bad date', tokenOf(url((u) => u.replace('20240601T120000Z', '2024-06-01T12:00:00Z'))), /X-Amz-Date/],
    ['impossible date', tokenOf(url((u) => u.replace('20240601T120000Z', '20240631T120000Z').replace('%2F20240601%2F', '%2F20240631%2F'))), /X-Amz-Date/],
    ['scope date mismatch', tokenOf(url((u) => u.replace('%2F20240601%2F', '%2F20240602%2F'))), /scope date/],
    ['lifetime over 15 minutes', tokenOf(url((u) => u.replace('X-Amz-Expires=900', 'X-Amz-Expires=3600'))), /X-Amz-Expires/],
    ['no host signed', tokenOf(url((u) => u.replace('SignedHeaders=host', 'SignedHeaders=x-amz-date'))), /SignedHeaders/],
    ['uppercase signature', tokenOf(url((u) => u.replace(SIG, 'A'.repeat(64)))), /X-Amz-Signature/],
    ['short signature', tokenOf(url((u) => u.replace(SIG, 'a'.repeat(63)))), /X-Amz-Signature/],
    ['repeated parameter', tokenOf(url((u) => `${u}&X-Amz-Expires=900`)), /twice/],
  ];
  for (const [what, token, re] of cases) {
    it(`rejects: ${what}`, () => {
      assert.throws(() => checkMskIamToken(token, at(0)), (e: Error) => e instanceof SaslAuthError && re.test(e.message));
    });
  }

  it('rejects an expired token and one signed in the future, accepts clock skew up to 5 minutes', () => {
    assert.throws(() => checkMskIamToken(tokenOf(url()), at(900_000)), /expired at 2024-06-01T12:15:00.000Z/);
    assert.throws(() => checkMskIamToken(tokenOf(url()), at(-6 * 60_000)), /future/);
    assert.doesNotThrow(() => checkMskIamToken(tokenOf(url()), at(-4 * 60_000)));
  });

  it('parses the RFC 7628 client message, with and without extensions and authzid', () => {
    assert.equal(parseOAuthBearerMessage('n,,\x01auth=Bearer abc\x01\x01').token, 'abc');
    const m = parseOAuthBearerMessage('n,a=me,\x01auth=Bearer abc\x01traceId=42\x01\x01');
    assert.equal(m.authzid, 'me');
    assert.equal(m.extensions.get('traceId'), '42');
    for (const bad of ['', 'n,,auth=Bearer abc', 'n,,\x01auth=Bearer abc\x01', 'n,,\x01auth=Basic abc\x01\x01', 'n,,\x01x=1\x01\x01', 'n,,\x01noequals\x01\x01']) {
      assert.throws(() => parseOAuthBearerMessage(bad), SaslAuthError, JSON.stringify(bad));
    }
  });

  it('authenticates a signed token as its credential\'s principal; an authzid must name the same key', async () => {
    const cred = { accessKeyId: AKID, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const auth = new OAuthBearerAuthenticator({ credentials: [cred], region: 'us-east-1' });
    const { token } = await generateAuthTokenFromCredentialsProvider({ region: 'us-east-1', awsCredentialsProvider: () => Promise.resolve(cred) });
    const msg = (authz: string, t = token) => Buffer.from(`n,${authz},\x01auth=Bearer ${t}\x01\x01`);
    assert.equal(auth.session().step(msg('')).principal, `User:${AKID}`);
    assert.equal(auth.session().step(msg(`a=${AKID}`)).done, true);
    assert.throws(() => auth.session().step(msg('a=someone')), /authorization id/);
    // A well-shaped token whose signature is made up is refused: shape alone is not enough.
    const shaped = new OAuthBearerAuthenticator({ credentials: [cred], region: 'us-east-1', now: () => SIGNED_AT });
    assert.throws(() => shaped.session().step(msg('', tokenOf(url()))), /signature does not match/);
  });
});
