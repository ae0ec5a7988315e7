// SASL re-authentication (KIP-368) with connections.max.reauth.ms set: SaslAuthenticate v1 tells the
// client its session lifetime; a client that re-authenticates in time keeps its connection (kafkajs
// 2.2.4 does, with IAM tokens from aws-msk-iam-sasl-signer-js); one that does not is closed on its next
// request. Byte-level tests pin down what Kafka's broker does: same mechanism, same principal.
import assert from 'node:assert/strict';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { SANDBOX_IAM_CREDENTIALS } from '../../../src/sandbox/auth/iam';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { ErrorCode } from '../../../src/sandbox/protocol/errors';
import { RawClient } from '../../helpers/kafka-raw';

const REAUTH_MS = 2000;
const USERS = [
  { username: 'alice', password: 'alice-secret' },
  { username: 'bob', password: 'bob-secret' },
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sandbox SASL re-authentication (connections.max.reauth.ms)', function () {
  this.timeout(60_000);
  let broker: RunningBroker;
  const logs: string[] = [];

  before(async () => {
    broker = await startBroker({
      brokers: 1,
      users: USERS,
      connectionsMaxReauthMs: REAUTH_MS,
      log: (m) => logs.push(m),
      listeners: [
        { name: 'sasl', security: 'SASL_PLAINTEXT', mechanisms: ['PLAIN', 'OAUTHBEARER'] },
        { name: 'sasl_iam', security: 'SASL_SSL', mechanisms: ['OAUTHBEARER'] },
      ],
    });
  });
  after(async () => broker?.stop());

  async function connect(): Promise<RawClient> {
    return RawClient.connect(broker.listeners.sasl.bootstrap);
  }

  /** SaslHandshake v1 + one SaslAuthenticate v1 with PLAIN; returns the error code, message and lifetime. */
  async function plain(c: RawClient, user: string, password: string): Promise<{ code: number; message: string | null; lifetime: number }> {
    const hs = (await c.request(ApiKey.SaslHandshake, 1, (w) => w.string('PLAIN'))).body;
    assert.equal(hs.int16(), 0, 'handshake accepted');
    const r = (await c.request(ApiKey.SaslAuthenticate, 1, (w) => w.bytes(Buffer.from(`\0${user}\0${password}`)))).body;
    const code = r.int16();
    const message = r.nullableString();
    r.bytes();
    return { code, message, lifetime: Number(r.int64()) };
  }

  async function metadataWorks(c: RawClient): Promise<boolean> {
    c.send(ApiKey.Metadata, 1, (w) => w.int32(0));
    return (await c.nextFrame(3000)) !== null;
  }

  it('SaslAuthenticate v1 answers session_lifetime_ms = connections.max.reauth.ms', async () => {
    const c = await connect();
    try {
      const r = await plain(c, 'alice', 'alice-secret');
      assert.equal(r.code, 0);
      assert.equal(r.lifetime, REAUTH_MS);
      assert.ok(await metadataWorks(c));
    } finally {
      c.close();
    }
  });

  it('a connection that does not re-authenticate is closed on its first request after the session ends', async () => {
    const c = await connect();
    try {
      assert.equal((await plain(c, 'alice', 'alice-secret')).code, 0);
      await sleep(REAUTH_MS + 200);
      assert.equal(await metadataWorks(c), false, 'Metadata after expiry closes the connection');
      assert.ok(logs.some((l) => /SASL session expired before Metadata/.test(l)));
    } finally {
      c.close();
    }
  });

  it('re-authenticating in time (same mechanism, same principal) gives a new session on the same connection', async () => {
    const c = await connect();
    try {
      assert.equal((await plain(c, 'alice', 'alice-secret')).code, 0);
      await sleep(REAUTH_MS / 2);
      const again = await plain(c, 'alice', 'alice-secret');
      assert.equal(again.code, 0);
      assert.equal(again.lifetime, REAUTH_MS);
      await sleep(REAUTH_MS / 2 + 300); // past the first session's end, inside the second's
      assert.ok(await metadataWorks(c), 'the connection lives on');
      assert.ok(logs.some((l) => /re-authenticated as User:alice with PLAIN/.test(l)));
    } finally {
      c.close();
    }
  });

  it('a re-authentication may also come after expiry: SaslHandshake is the one request still allowed', async () => {
    const c = await connect();
    try {
      assert.equal((await plain(c, 'alice', 'alice-secret')).code, 0);
      await sleep(REAUTH_MS + 200);
      assert.equal((await plain(c, 'alice', 'alice-secret')).code, 0);
      assert.ok(await metadataWorks(c));
    } finally {
      c.close();
    }
  });

  it('re-authenticating as another principal fails (SASL_AUTHENTICATION_FAILED) and closes', async () => {
    const c = await connect();
    try {
      assert.equal((await plain(c, 'alice', 'alice-secret')).code, 0);
      const r = await plain(c, 'bob', 'bob-secret');
      assert.equal(r.code, ErrorCode.SASL_AUTHENTICATION_FAILED);
      assert.match(r.message ?? '', /Cannot change principals during re-authentication from User:alice: User:bob/);
      assert.equal(await c.nextFrame(3000), null);
    } finally {
      c.close();
    }
  });

  it('re-authenticating with another mechanism fails and closes', async () => {
    const c = await connect();
    try {
      assert.equal((await plain(c, 'alice', 'alice-secret')).code, 0);
      const hs = (await c.request(ApiKey.SaslHandshake, 1, (w) => w.string('OAUTHBEARER'))).body;
      assert.equal(hs.int16(), 0);
      const r = (await c.request(ApiKey.SaslAuthenticate, 1, (w) => w.bytes(Buffer.from('n,,\x01auth=Bearer x\x01\x01')))).body;
      assert.equal(r.int16(), ErrorCode.SASL_AUTHENTICATION_FAILED);
      assert.match(r.nullableString() ?? '', /not supported for re-authentication of mechanism 'PLAIN'/);
      assert.equal(await c.nextFrame(3000), null);
    } finally {
      c.close();
    }
  });

  it('kafkajs 2.2.4 with IAM re-authenticates with fresh tokens and keeps producing past several session lifetimes', async () => {
    let tokens = 0;
    const kafka = new Kafka({
      clientId: 'reauth-test',
      brokers: broker.listeners.sasl_iam.bootstrap.split(','),
      logLevel: logLevel.NOTHING,
      ssl: { ca: [broker.tls!.caPem] },
      // Re-authenticate when less than 1 s of the 2 s session is left.
      reauthenticationThreshold: 1000,
      sasl: {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => {
          tokens++;
          const { token } = await generateAuthTokenFromCredentialsProvider({ region: 'us-east-1', awsCredentialsProvider: () => Promise.resolve({ ...SANDBOX_IAM_CREDENTIALS.user }) });
          return { value: token };
        },
      },
      retry: { retries: 0 },
    });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
    const before = logs.filter((l) => /re-authenticated as .* with OAUTHBEARER/.test(l)).length;
    const expiredBefore = logs.filter((l) => /SASL session expired/.test(l)).length;
    await producer.connect();
    try {
      // retries: 0, so a closed connection would fail a send instead of being papered over.
      for (let i = 0; i < 20; i++) {
        const [r] = await producer.send({ topic: 'reauth', messages: [{ value: `m${i}` }] });
        assert.equal(r.errorCode, 0);
        await sleep(300);
      }
    } finally {
      await producer.disconnect();
    }
    const reauths = logs.filter((l) => /re-authenticated as .* with OAUTHBEARER/.test(l)).length - before;
    assert.ok(reauths >= 2, `re-authentications: ${reauths}`);
    assert.ok(tokens >= reauths + 1, `a fresh token each time (${tokens} tokens)`);
    assert.equal(logs.filter((l) => /SASL session expired/.test(l)).length, expiredBefore, 'no connection outlived its session');
  });
});
