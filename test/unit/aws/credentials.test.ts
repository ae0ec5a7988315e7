// Profiles and credentials through the SDK's real loader and providers, on real files in a
// temporary HOME: SSO (sso_session and legacy) with an expired session, credential_process,
// role_arn with source_profile, missing credentials, a missing profile.
import { strict as assert } from 'node:assert';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { AwsError } from '../../../src/aws/errors';
import { listProfiles, sharedFilePaths } from '../../../src/aws/profiles';
import { connectionRegions, resolveCredentials } from '../../../src/aws/credentials';
import { AwsConnection } from '../../../src/aws/connection';
import { MskControlPlane } from '../../../src/aws/msk';
import { awsHome, type AwsHome } from '../../helpers/aws-home';

const CONFIG = `
[default]
region = eu-west-1

[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer
region = us-east-1

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Developer

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile proc]
credential_process = PROC
region = ap-southeast-2

[profile ops]
role_arn = arn:aws:iam::444455556666:role/msk-ops
source_profile = base
region = eu-central-1

[services local]
kafka =
  endpoint_url = http://127.0.0.1:14566
`;
const CREDENTIALS = `
[base]
aws_access_key_id = AKIABASE
aws_secret_access_key = base-secret

[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = default-secret
`;

describe('AWS profiles and credentials (real SDK providers, temporary files)', function () {
  this.timeout(20000);
  let home: AwsHome;

  beforeEach(() => {
    home = awsHome(CONFIG, CREDENTIALS);
    const script = join(home.dir, 'creds.sh');
    writeFileSync(script, '#!/bin/sh\necho \'{"Version":1,"AccessKeyId":"AKIAPROC","SecretAccessKey":"proc-secret","SessionToken":"tok"}\'\n');
    chmodSync(script, 0o755);
    writeFileSync(home.configFile, CONFIG.replace('PROC', script));
  });
  afterEach(() => home.restore());

  it('lists every profile of both files with its kind and region, not sso-session or services sections', async () => {
    const profiles = await listProfiles();
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind, p.region ?? null, p.files.join('+')]),
      [
        ['base', 'static', null, 'credentials'],
        ['default', 'static', 'eu-west-1', 'config+credentials'],
        ['dev', 'sso', 'us-east-1', 'config'],
        ['legacy', 'sso', null, 'config'],
        ['ops', 'assume-role', 'eu-central-1', 'config'],
        ['proc', 'credential-process', 'ap-southeast-2', 'config'],
      ],
    );
    assert.equal(profiles.find((p) => p.name === 'dev')?.ssoSession, 'corp');
    assert.equal(profiles.find((p) => p.name === 'ops')?.sourceProfile, 'base');
  });

  it('honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', async () => {
    const other = join(home.dir, 'other-config');
    const otherCreds = join(home.dir, 'other-credentials');
    writeFileSync(other, '[profile elsewhere]\nregion = sa-east-1\n');
    writeFileSync(otherCreds, '[keys-only]\naws_access_key_id = A\naws_secret_access_key = B\n');
    process.env.AWS_CONFIG_FILE = other;
    process.env.AWS_SHARED_CREDENTIALS_FILE = otherCreds;
    assert.deepEqual(sharedFilePaths(), { configFile: other, credentialsFile: otherCreds });
    assert.deepEqual((await listProfiles()).map((p) => p.name), ['elsewhere', 'keys-only']);
    const creds = await (await resolveCredentials({ profile: 'keys-only' })).provider();
    assert.equal(creds.accessKeyId, 'A');
  });

  it('an expired sso_session token asks for `aws sso login --profile dev`, with an action', async () => {
    home.ssoToken('corp', { accessToken: 'expired', expiresAt: new Date(Date.now() - 60_000).toISOString(), region: 'us-east-1', startUrl: 'https://corp.awsapps.com/start' });
    const { provider } = await resolveCredentials({ profile: 'dev' });
    await assert.rejects(provider(), (err: unknown) => {
      assert.ok(err instanceof AwsError, String(err));
      assert.equal(err.code, 'sso-login-required');
      assert.match(err.hint, /Run `aws sso login --profile dev`/);
      assert.deepEqual(err.action, { id: 'aws.ssoLogin', title: 'Run aws sso login', command: 'aws sso login --profile dev' });
      return true;
    });
  });

  it('a legacy SSO profile (sso_start_url) whose cached token expired asks for the same login', async () => {
    home.ssoToken('https://legacy.awsapps.com/start', { accessToken: 'expired', expiresAt: new Date(Date.now() - 60_000).toISOString(), region: 'us-east-1', startUrl: 'https://legacy.awsapps.com/start' });
    const { provider } = await resolveCredentials({ profile: 'legacy' });
    await assert.rejects(provider(), (err: unknown) => err instanceof AwsError && err.code === 'sso-login-required' && err.action?.command === 'aws sso login --profile legacy');
  });

  it('an SSO profile with no login at all asks for the login too', async () => {
    const { provider } = await resolveCredentials({ profile: 'dev' });
    await assert.rejects(provider(), (err: unknown) => err instanceof AwsError && err.code === 'sso-login-required');
  });

  it('the control plane surfaces the SSO login error from its first call, before any request is sent', async () => {
    const { provider, profile } = await resolveCredentials({ profile: 'dev' });
    // Port 9 (discard) on loopback: if a request were sent it would fail differently.
    const plane = new MskControlPlane({ region: 'us-east-1', credentials: provider, endpoint: 'http://127.0.0.1:9', profile: 'dev', ssoProfile: profile?.kind === 'sso', maxAttempts: 1 });
    try {
      await assert.rejects(plane.listClusters(), (err: unknown) => err instanceof AwsError && err.code === 'sso-login-required' && /aws sso login --profile dev/.test(err.hint));
    } finally {
      plane.dispose();
    }
  });

  it('credential_process runs the command and uses what it prints', async () => {
    const creds = await (await resolveCredentials({ profile: 'proc' })).provider();
    assert.deepEqual([creds.accessKeyId, creds.secretAccessKey, creds.sessionToken], ['AKIAPROC', 'proc-secret', 'tok']);
  });

  it('role_arn with source_profile assumes the role with the source profile\'s keys (STS mocked)', async () => {
    const sts = mockClient(STSClient);
    try {
      sts.on(AssumeRoleCommand).resolves({
        Credentials: { AccessKeyId: 'ASIAROLE', SecretAccessKey: 'role-secret', SessionToken: 'role-token', Expiration: new Date(Date.now() + 3600_000) },
        AssumedRoleUser: { Arn: 'arn:aws:sts::444455556666:assumed-role/msk-ops/s', AssumedRoleId: 'AROA:s' },
      });
      const creds = await (await resolveCredentials({ profile: 'ops' })).provider();
      assert.equal(creds.accessKeyId, 'ASIAROLE');
      const calls = sts.commandCalls(AssumeRoleCommand);
      assert.equal(calls.length, 1);
      assert.equal(calls[0].args[0].input.RoleArn, 'arn:aws:iam::444455556666:role/msk-ops');
    } finally {
      sts.restore();
    }
  });

  it('default credentials: with nothing configured, says which sources were tried', async () => {
    writeFileSync(home.configFile, '');
    writeFileSync(home.credentialsFile, '');
    const r = await resolveCredentials();
    await assert.rejects(r.provider(), (err: unknown) => {
      assert.ok(err instanceof AwsError, String(err));
      assert.equal(err.code, 'no-credentials');
      assert.equal(err.sourcesTried?.length, 4);
      assert.match(err.message, /AWS_ACCESS_KEY_ID/);
      assert.match(err.message, new RegExp(home.configFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
      assert.match(err.message, /EC2 instance metadata \(disabled by AWS_EC2_METADATA_DISABLED\)/);
      assert.match(err.hint, /aws configure/);
      return true;
    });
  });

  it('default credentials come from the environment first', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    const creds = await (await resolveCredentials()).provider();
    assert.equal(creds.accessKeyId, 'AKIAENV');
  });

  it('a profile that does not exist is named, with the files read', async () => {
    await assert.rejects(AwsConnection.open({ profile: 'nope' }), (err: unknown) => {
      assert.ok(err instanceof AwsError);
      assert.equal(err.code, 'profile-not-found');
      assert.match(err.message, /"nope"/);
      assert.ok(err.message.includes(home.configFile));
      return true;
    });
  });

  it('regions: the connection\'s own, else the profile\'s, else AWS_REGION; none is an error', async () => {
    const profiles = await listProfiles();
    const dev = profiles.find((p) => p.name === 'dev');
    const legacy = profiles.find((p) => p.name === 'legacy');
    assert.deepEqual(connectionRegions(['eu-west-1', ' us-east-1 ', 'eu-west-1'], dev), ['eu-west-1', 'us-east-1']);
    assert.deepEqual(connectionRegions(undefined, dev), ['us-east-1']);
    assert.deepEqual(connectionRegions([], legacy, { AWS_REGION: 'us-west-2' }), ['us-west-2']);
    assert.deepEqual(connectionRegions([], legacy, {}), []);
    await assert.rejects(AwsConnection.open({ profile: 'legacy' }), (err: unknown) => err instanceof AwsError && err.code === 'no-region' && /--region/.test(err.hint));
    const c = await AwsConnection.open({ profile: 'proc' });
    assert.deepEqual(c.regions, ['ap-southeast-2']);
    c.dispose();
  });
});
