import { strict as assert } from 'node:assert';
import { SecretStore, SecretsApiError } from '../../../../src/sandbox/secrets/store';
import { startSecretsApi } from '../../../../src/sandbox/secrets/server';

const store = new SecretStore(
  [
    { name: 'AmazonMSK_alice', value: '{"username":"alice","password":"a"}', description: 'team payments', tags: { team: 'payments' } },
    { name: 'AmazonMSK_bob', value: '{"username":"bob","password":"b"}', tags: { env: 'dev' } },
    { name: 'other/app', value: 'x', description: 'not for MSK' },
  ],
  { region: 'eu-west-1', accountId: '111122223333', createdAt: new Date('2026-01-02T03:04:05Z') },
);
const names = (body: Record<string, unknown>) => (store.listSecrets(body) as { SecretList: { Name: string }[] }).SecretList.map((s) => s.Name);
const apiError = (type: string) => (e: unknown) => e instanceof SecretsApiError && e.type === type;

describe('sandbox Secrets Manager emulator: store', () => {
  it('makes AWS-shaped ARNs (name plus a six-character suffix), stable across restarts', () => {
    const arn = store.find('AmazonMSK_alice').arn;
    assert.match(arn, /^arn:aws:secretsmanager:eu-west-1:111122223333:secret:AmazonMSK_alice-[A-Za-z0-9]{6}$/);
    const again = new SecretStore([{ name: 'AmazonMSK_alice', value: '' }], { region: 'eu-west-1', accountId: '111122223333' });
    assert.equal(again.find('AmazonMSK_alice').arn, arn);
  });

  it('GetSecretValue: SecretString, AWSCURRENT, CreatedDate in epoch seconds', () => {
    const v = store.getSecretValue({ SecretId: 'AmazonMSK_bob' }) as Record<string, unknown>;
    assert.equal(v.SecretString, '{"username":"bob","password":"b"}');
    assert.deepEqual(v.VersionStages, ['AWSCURRENT']);
    assert.equal(v.CreatedDate, Date.parse('2026-01-02T03:04:05Z') / 1000);
    assert.throws(() => store.getSecretValue({}), apiError('InvalidParameterException'));
    assert.throws(() => store.getSecretValue({ SecretId: 42 }), apiError('InvalidParameterException'));
    assert.throws(() => store.getSecretValue({ SecretId: 'AmazonMSK_bob', VersionId: 'nope' }), apiError('ResourceNotFoundException'));
  });

  it('ListSecrets filters match prefixes; values within a key are alternatives, "!" negates, keys combine', () => {
    assert.deepEqual(names({}), ['AmazonMSK_alice', 'AmazonMSK_bob', 'other/app']);
    assert.deepEqual(names({ Filters: [{ Key: 'name', Values: ['AmazonMSK_'] }] }), ['AmazonMSK_alice', 'AmazonMSK_bob']);
    assert.deepEqual(names({ Filters: [{ Key: 'name', Values: ['amazonmsk_'] }] }), [], 'case-sensitive');
    assert.deepEqual(names({ Filters: [{ Key: 'name', Values: ['AmazonMSK_a', 'other'] }] }), ['AmazonMSK_alice', 'other/app']);
    assert.deepEqual(names({ Filters: [{ Key: 'name', Values: ['AmazonMSK_', '!AmazonMSK_b'] }] }), ['AmazonMSK_alice']);
    assert.deepEqual(names({ Filters: [{ Key: 'name', Values: ['AmazonMSK_'] }, { Key: 'tag-key', Values: ['env'] }] }), ['AmazonMSK_bob']);
    assert.deepEqual(names({ Filters: [{ Key: 'tag-value', Values: ['pay'] }] }), ['AmazonMSK_alice']);
    assert.deepEqual(names({ Filters: [{ Key: 'description', Values: ['not'] }] }), ['other/app']);
    assert.deepEqual(names({ Filters: [{ Key: 'all', Values: ['team'] }] }), ['AmazonMSK_alice']);
    assert.deepEqual(names({ SortOrder: 'desc' }), ['other/app', 'AmazonMSK_bob', 'AmazonMSK_alice']);
  });

  it('ListSecrets pages with MaxResults and a NextToken bound to its query', () => {
    const first = store.listSecrets({ MaxResults: 2 }) as { SecretList: unknown[]; NextToken?: string };
    assert.equal(first.SecretList.length, 2);
    const second = store.listSecrets({ MaxResults: 2, NextToken: first.NextToken }) as { SecretList: { Name: string }[]; NextToken?: string };
    assert.deepEqual(second.SecretList.map((s) => s.Name), ['other/app']);
    assert.equal(second.NextToken, undefined);
    assert.throws(() => store.listSecrets({ MaxResults: 2, NextToken: first.NextToken, Filters: [{ Key: 'name', Values: ['A'] }] }), apiError('InvalidNextTokenException'));
    assert.throws(() => store.listSecrets({ NextToken: 'garbage' }), apiError('InvalidNextTokenException'));
    for (const MaxResults of [0, 101, 1.5, '2']) assert.throws(() => store.listSecrets({ MaxResults }), apiError('InvalidParameterException'), String(MaxResults));
    assert.throws(() => store.listSecrets({ Filters: [{ Key: 'owner', Values: ['x'] }] }), apiError('InvalidParameterException'));
    assert.throws(() => store.listSecrets({ Filters: [{ Key: 'name', Values: [] }] }), apiError('InvalidParameterException'));
  });

  it('refuses bad configurations', () => {
    const opts = { region: 'us-east-1', accountId: '123456789012' };
    assert.throws(() => new SecretStore([{ name: 'a b', value: '' }], opts), /invalid secret name/);
    assert.throws(() => new SecretStore([{ name: 'a', value: '' }, { name: 'a', value: '' }], opts), /used twice/);
  });
});

describe('sandbox Secrets Manager emulator: HTTP', () => {
  it('answers unknown operations, other methods and bad JSON with typed JSON 1.1 errors', async () => {
    const api = await startSecretsApi({ secrets: [], region: 'us-east-1' });
    try {
      const post = (target: string, body: string) =>
        fetch(api.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }, body });
      const cases: [Promise<Response>, number, string][] = [
        [post('secretsmanager.PutSecretValue', '{}'), 400, 'UnknownOperationException'],
        [post('kafka.ListClusters', '{}'), 400, 'UnknownOperationException'],
        [fetch(api.endpoint), 400, 'UnknownOperationException'],
        [post('secretsmanager.ListSecrets', '{oops'), 400, 'SerializationException'],
        [post('secretsmanager.ListSecrets', '[]'), 400, 'SerializationException'],
        [post('secretsmanager.GetSecretValue', '{"SecretId":"x"}'), 400, 'ResourceNotFoundException'],
      ];
      for (const [res, status, type] of cases) {
        const r = await res;
        assert.equal(r.status, status);
        assert.equal(r.headers.get('x-amzn-errortype'), type);
        const body = (await r.json()) as { __type: string; message: string };
        assert.equal(body.__type, type);
        assert.ok(body.message.length > 0);
      }
      const ok = await post('secretsmanager.ListSecrets', '');
      assert.deepEqual(await ok.json(), { SecretList: [] });
    } finally {
      await api.stop();
    }
  });
});
