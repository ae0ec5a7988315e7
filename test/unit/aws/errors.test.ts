// classifyAwsError: what the SDK and the credential providers throw, turned into what to do next.
import { strict as assert } from 'node:assert';
import { AwsError, classifyAwsError } from '../../../src/aws/errors';
import { MskControlPlane } from '../../../src/aws/msk';

describe('AWS error classification', () => {
  it('is idempotent on AwsError', () => {
    const e = new AwsError('throttled', 'm', 'h');
    assert.equal(classifyAwsError(e), e);
  });

  it('maps the SDK\'s missing-region error to no-region with the flag to use', () => {
    const e = classifyAwsError(new Error('Region is missing'), { profile: 'p' });
    assert.equal(e.code, 'no-region');
    assert.match(e.hint, /--region/);
  });

  it('maps a TokenProviderError of an sso_session profile to sso-login-required', () => {
    const e = classifyAwsError(Object.assign(new Error("Value not present for 'clientId' in SSO Token. Cannot refresh. To refresh this SSO session run 'aws sso login' with the corresponding profile."), { name: 'TokenProviderError' }), { profile: 'dev', ssoProfile: true });
    assert.equal(e.code, 'sso-login-required');
    assert.equal(e.action?.command, 'aws sso login --profile dev');
    assert.doesNotMatch(e.message, /To refresh this SSO session/, 'the SDK\'s own advice is replaced by ours');
  });

  it('falls back to the service error with its name', () => {
    const e = classifyAwsError(Object.assign(new Error('boom'), { name: 'InternalServerErrorException', $metadata: { httpStatusCode: 500 } }), { operation: 'ListNodes', region: 'eu-west-1' });
    assert.equal(e.code, 'aws-error');
    assert.match(e.message, /InternalServerErrorException to ListNodes in eu-west-1: boom/);
  });

  it('an endpoint that refuses connections is endpoint-unreachable, naming the setting to check', async () => {
    const plane = new MskControlPlane({ region: 'us-east-1', credentials: () => Promise.resolve({ accessKeyId: 'a', secretAccessKey: 'b' }), endpoint: 'http://127.0.0.1:1', maxAttempts: 1 });
    try {
      await assert.rejects(plane.listClusters(), (err: unknown) => {
        assert.ok(err instanceof AwsError, String(err));
        assert.equal(err.code, 'endpoint-unreachable');
        assert.match(err.hint, /msk\.aws\.endpoint or --endpoint/);
        return true;
      });
    } finally {
      plane.dispose();
    }
  });
});
