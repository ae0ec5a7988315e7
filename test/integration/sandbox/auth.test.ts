// Auth listeners of the sandbox broker against real clients: kafkajs 2.2.4 (PLAIN, SCRAM-SHA-512,
// OAUTHBEARER with tokens from aws-msk-iam-sasl-signer-js, checked against the sandbox's IAM
// credentials, TLS, mTLS) and kcat/librdkafka (SCRAM over SASL_PLAINTEXT and SASL_SSL, mTLS). Every
// listener must advertise its own ports in Metadata.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, logLevel, Partitioners, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { generate } from 'selfsigned';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { SANDBOX_IAM_CREDENTIALS, type IamCredential } from '../../../src/sandbox/auth/iam';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { ErrorCode } from '../../../src/sandbox/protocol/errors';
import { RawClient } from '../../helpers/kafka-raw';
import { requireKcat, runKcat } from '../../helpers/kcat';

const USERS = [
  { username: 'alice', password: 'alice-secret' },
  { username: 'bob,the=admin', password: 'p@ss,w=rd ünïcödé' },
];
const { user: IAM_USER, role: IAM_ROLE } = SANDBOX_IAM_CREDENTIALS;

/** A token from the real MSK signer, with credentials handed to it as a provider (default: the sandbox's user key). */
async function iamToken(cred: IamCredential = IAM_USER, region = 'us-east-1'): Promise<string> {
  const { token } = await generateAuthTokenFromCredentialsProvider({ region, awsCredentialsProvider: () => Promise.resolve({ ...cred }) });
  return token;
}

/** A CA of another party and a client certificate it signs: what the mTLS listener must refuse. */
async function foreignClientCert(): Promise<{ cert: string; key: string }> {
  const ca = await generate([{ name: 'commonName', value: 'Some other CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true, critical: true }],
  });
  const leaf = await generate([{ name: 'commonName', value: 'msk-sandbox-client' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [{ name: 'basicConstraints', cA: false }, { name: 'extKeyUsage', clientAuth: true }],
  });
  return { cert: leaf.cert, key: leaf.private };
}

function ports(bootstrap: string): number[] {
  return bootstrap.split(',').map((hp) => Number(hp.split(':')[1])).sort((a, b) => a - b);
}

describe('sandbox auth listeners (real clients)', function () {
  this.timeout(60_000);

  let broker: RunningBroker;
  const logs: string[] = [];
  let tmp: string;
  let caFile: string;

  function kafka(listener: string, extra: Partial<KafkaConfig> = {}): Kafka {
    return new Kafka({
      clientId: `auth-test-${listener}`,
      brokers: broker.listeners[listener].bootstrap.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      authenticationTimeout: 3000,
      retry: { retries: 1, initialRetryTime: 100 },
      ...extra,
    });
  }

  /** Connects an admin, returns the advertised broker ports and the topics; always disconnects. */
  async function adminProbe(k: Kafka): Promise<{ ports: number[]; topics: string[] }> {
    const admin = k.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      const topics = await admin.listTopics();
      return { ports: cluster.brokers.map((b) => b.port).sort((a, b) => a - b), topics };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async function produce(k: Kafka, topic: string, value: string): Promise<void> {
    const producer = k.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true });
    try {
      await producer.connect();
      const [r] = await producer.send({ topic, messages: [{ key: 'k', value }] });
      assert.equal(r.errorCode, 0);
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  }

  before(async function () {
    broker = await startBroker({
      brokers: 2,
      users: USERS,
      log: (m) => logs.push(m),
      listeners: [
        { name: 'plaintext', security: 'PLAINTEXT' },
        { name: 'tls', security: 'SSL' },
        { name: 'sasl_scram', security: 'SASL_SSL', mechanisms: ['SCRAM-SHA-512'] },
        { name: 'sasl_iam', security: 'SASL_SSL', mechanisms: ['OAUTHBEARER'] },
        { name: 'sasl_plain', security: 'SASL_PLAINTEXT', mechanisms: ['PLAIN', 'SCRAM-SHA-512'] },
        { name: 'mtls', security: 'SSL', clientAuth: 'required' },
        // OAUTHBEARER without TLS, so the wire-level tests below can read SaslAuthenticate's answer.
        { name: 'iam_plain', security: 'SASL_PLAINTEXT', mechanisms: ['OAUTHBEARER'] },
      ],
    });
    tmp = mkdtempSync(join(tmpdir(), 'sandbox-auth-'));
    caFile = join(tmp, 'ca.pem');
    writeFileSync(caFile, broker.tls!.caPem);
    writeFileSync(join(tmp, 'client-cert.pem'), broker.tls!.clientCertPem);
    writeFileSync(join(tmp, 'client-key.pem'), broker.tls!.clientKeyPem);
    const foreign = await foreignClientCert();
    writeFileSync(join(tmp, 'foreign-cert.pem'), foreign.cert);
    writeFileSync(join(tmp, 'foreign-key.pem'), foreign.key);
  });

  after(async function () {
    await broker?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('exposes one bootstrap string per listener, each on its own ports, and the CA', function () {
    assert.deepEqual(Object.keys(broker.listeners), ['plaintext', 'tls', 'sasl_scram', 'sasl_iam', 'sasl_plain', 'mtls', 'iam_plain']);
    const all = Object.values(broker.listeners).flatMap((l) => ports(l.bootstrap));
    assert.equal(new Set(all).size, 14, 'every broker listens on a distinct port per listener');
    assert.equal(broker.bootstrap, broker.listeners.plaintext.bootstrap);
    assert.deepEqual(broker.listeners.sasl_scram.mechanisms, ['SCRAM-SHA-512']);
    assert.match(broker.tls!.caPem, /^-----BEGIN CERTIFICATE-----/);
  });

  describe('kafkajs 2.2.4', function () {
    it('SASL/PLAIN: produces and lists topics; Metadata advertises the sasl_plain ports', async function () {
      const k = kafka('sasl_plain', { sasl: { mechanism: 'plain', username: 'alice', password: 'alice-secret' } });
      await produce(k, 'auth-plain', 'hello plain');
      const probe = await adminProbe(k);
      assert.deepEqual(probe.ports, ports(broker.listeners.sasl_plain.bootstrap));
      assert.ok(probe.topics.includes('auth-plain'));
      assert.ok(logs.some((l) => l.includes('authenticated as User:alice with PLAIN')), 'the principal is the user');
    });

    it('SCRAM-SHA-512 over TLS: produces, consumes in a group, lists topics; never points at other ports', async function () {
      const k = kafka('sasl_scram', { ssl: { ca: [broker.tls!.caPem] }, sasl: { mechanism: 'scram-sha-512', username: 'bob,the=admin', password: 'p@ss,w=rd ünïcödé' } });
      await produce(k, 'auth-scram', 'hello scram');
      const probe = await adminProbe(k);
      assert.deepEqual(probe.ports, ports(broker.listeners.sasl_scram.bootstrap));
      assert.ok(probe.topics.includes('auth-scram'));
      // A group exercises FindCoordinator: the coordinator must be on the sasl_scram ports too.
      const consumer = k.consumer({ groupId: 'auth-scram-group', heartbeatInterval: 200, maxWaitTimeInMs: 100, sessionTimeout: 6000, rebalanceTimeout: 6000 });
      try {
        await consumer.connect();
        await consumer.subscribe({ topic: 'auth-scram', fromBeginning: true });
        const got = await new Promise<string>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error('no message within 15 s')), 15_000);
          void consumer.run({ eachMessage: ({ message }) => { clearTimeout(t); resolve(String(message.value)); return Promise.resolve(); } });
        });
        assert.equal(got, 'hello scram');
      } finally {
        await consumer.disconnect().catch(() => undefined);
      }
      assert.ok(logs.some((l) => l.includes('authenticated as User:bob,the=admin with SCRAM-SHA-512')));
    });

    it('OAUTHBEARER over TLS with a real aws-msk-iam-sasl-signer-js token signed with the sandbox\'s key: principal is its IAM user', async function () {
      const sasl: SASLOptions = { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: await iamToken() }) };
      const k = kafka('sasl_iam', { ssl: { ca: [broker.tls!.caPem] }, sasl });
      await produce(k, 'auth-iam', 'hello iam');
      const probe = await adminProbe(k);
      assert.deepEqual(probe.ports, ports(broker.listeners.sasl_iam.bootstrap));
      assert.ok(probe.topics.includes('auth-iam'));
      assert.ok(logs.some((l) => l.includes(`authenticated as ${IAM_USER.principal} with OAUTHBEARER`)));
    });

    it('OAUTHBEARER with temporary credentials (session token): principal is the assumed role', async function () {
      const sasl: SASLOptions = { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: await iamToken(IAM_ROLE) }) };
      const probe = await adminProbe(kafka('sasl_iam', { ssl: { ca: [broker.tls!.caPem] }, sasl }));
      assert.deepEqual(probe.ports, ports(broker.listeners.sasl_iam.bootstrap));
      assert.ok(logs.some((l) => l.includes(`authenticated as ${IAM_ROLE.principal} with OAUTHBEARER`)));
    });

    it('IAM tokens the sandbox cannot verify fail with an authentication error that says why', async function () {
      const real = await iamToken();
      const text = Buffer.from(real, 'base64url').toString('utf8');
      const tampered = Buffer.from(text.replace('X-Amz-Expires=900', 'X-Amz-Expires=600'), 'utf8').toString('base64url');
      const cases: [string, Promise<string> | string, RegExp][] = [
        ['unknown key', iamToken({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }), /AKIAIOSFODNN7EXAMPLE is not known/],
        ['wrong secret', iamToken({ accessKeyId: IAM_USER.accessKeyId, secretAccessKey: 'guessed' }), /signature does not match/],
        ['wrong region', iamToken(IAM_USER, 'eu-west-1'), /signed for region eu-west-1, but this cluster is in us-east-1/],
        ['tampered', tampered, /signature does not match/],
      ];
      for (const [what, token, re] of cases) {
        const value = await token;
        const sasl: SASLOptions = { mechanism: 'oauthbearer', oauthBearerProvider: () => Promise.resolve({ value }) };
        await assert.rejects(adminProbe(kafka('sasl_iam', { ssl: { ca: [broker.tls!.caPem] }, sasl })), (e: Error) => e.name === 'KafkaJSSASLAuthenticationError' && re.test(e.message), what);
      }
    });

    it('TLS listener: lists topics with the generated CA; advertises the tls ports', async function () {
      const probe = await adminProbe(kafka('tls', { ssl: { ca: [broker.tls!.caPem] } }));
      assert.deepEqual(probe.ports, ports(broker.listeners.tls.bootstrap));
    });

    it('TLS listener: a client that does not trust the CA is refused', async function () {
      await assert.rejects(adminProbe(kafka('tls', { ssl: true })), /certificate|self.signed|issuer/i);
    });

    it('mTLS listener: accepts the client certificate signed by the sandbox\'s client CA; advertises the mtls ports', async function () {
      const probe = await adminProbe(kafka('mtls', { ssl: { ca: [broker.tls!.caPem], cert: broker.tls!.clientCertPem, key: broker.tls!.clientKeyPem } }));
      assert.deepEqual(probe.ports, ports(broker.listeners.mtls.bootstrap));
    });

    it('mTLS listener: refuses a client without a certificate, and one whose certificate another CA signed', async function () {
      const foreign = await foreignClientCert();
      const cases: [string, ConnectionOptions][] = [
        ['no certificate', { ca: [broker.tls!.caPem] }],
        ['another CA', { ca: [broker.tls!.caPem], cert: foreign.cert, key: foreign.key }],
        ['the server certificate (signed by the server CA, not the client CA)', { ca: [broker.tls!.caPem], cert: broker.tls!.certPem, key: broker.tls!.keyPem }],
      ];
      for (const [what, ssl] of cases) {
        const refusedBefore = logs.filter((l) => l.includes('(mtls): TLS handshake failed')).length;
        // With TLS 1.3 the client may see the server's alert, or only the connection closing after it.
        await assert.rejects(adminProbe(kafka('mtls', { ssl })), (e: Error) => /alert certificate required|Closed connection/i.test(e.message), what);
        assert.ok(logs.filter((l) => l.includes('(mtls): TLS handshake failed')).length > refusedBefore, `${what}: the broker refused the handshake`);
      }
      // The TLS listener without clientAuth still takes clients that present no certificate.
      await adminProbe(kafka('tls', { ssl: { ca: [broker.tls!.caPem] } }));
    });

    it('a wrong SCRAM password fails with an authentication error', async function () {
      const k = kafka('sasl_scram', { ssl: { ca: [broker.tls!.caPem] }, sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'wrong' } });
      await assert.rejects(adminProbe(k), { name: 'KafkaJSSASLAuthenticationError' });
    });

    it('a wrong PLAIN password and an unknown user fail with an authentication error', async function () {
      for (const [username, password] of [['alice', 'nope'], ['mallory', 'alice-secret']]) {
        const k = kafka('sasl_plain', { sasl: { mechanism: 'plain', username, password } });
        await assert.rejects(adminProbe(k), { name: 'KafkaJSSASLAuthenticationError' });
      }
    });

    it('a malformed or expired IAM token fails with an authentication error', async function () {
      const real = Buffer.from(await iamToken(), 'base64url').toString('utf8');
      const expired = Buffer.from(real.replace(/X-Amz-Date=\d{8}T\d{6}Z/, 'X-Amz-Date=20200101T000000Z').replace(/%2F\d{8}%2F/, '%2F20200101%2F'), 'utf8').toString('base64url');
      for (const value of ['not a token', Buffer.from('https://example.com/').toString('base64url'), expired]) {
        const sasl: SASLOptions = { mechanism: 'oauthbearer', oauthBearerProvider: () => Promise.resolve({ value }) };
        const k = kafka('sasl_iam', { ssl: { ca: [broker.tls!.caPem] }, sasl });
        await assert.rejects(adminProbe(k), { name: 'KafkaJSSASLAuthenticationError' });
      }
      assert.ok(logs.some((l) => /Invalid MSK IAM token: it expired/.test(l)), 'the expired token is named as such');
    });

    it('a mechanism the listener does not offer is refused', async function () {
      const k = kafka('sasl_scram', { ssl: { ca: [broker.tls!.caPem] }, sasl: { mechanism: 'plain', username: 'alice', password: 'alice-secret' } });
      await assert.rejects(adminProbe(k), /not supported|UNSUPPORTED_SASL_MECHANISM|mechanism/i);
    });
  });

  describe('wire level', function () {
    function plainPort(): number {
      return broker.listeners.sasl_plain.brokers[0].port;
    }

    it('closes an unauthenticated connection that sends Metadata on a SASL listener', async function () {
      const c = await RawClient.connect(`127.0.0.1:${plainPort()}`);
      try {
        c.send(ApiKey.Metadata, 1, (w) => w.int32(-1));
        assert.equal(await c.nextFrame(3000), null);
      } finally {
        c.close();
      }
    });

    it('UNSUPPORTED_SASL_MECHANISM lists the enabled mechanisms, then closes', async function () {
      const c = await RawClient.connect(`127.0.0.1:${plainPort()}`);
      try {
        const r = (await c.request(ApiKey.SaslHandshake, 1, (w) => w.string('GSSAPI'))).body;
        assert.equal(r.int16(), ErrorCode.UNSUPPORTED_SASL_MECHANISM);
        assert.deepEqual(r.array((r) => r.string()), ['PLAIN', 'SCRAM-SHA-512']);
        assert.equal(await c.nextFrame(3000), null);
      } finally {
        c.close();
      }
    });

    it('SaslHandshake on a plaintext listener answers ILLEGAL_SASL_STATE', async function () {
      const c = await RawClient.connect(broker.listeners.plaintext.bootstrap);
      try {
        const r = (await c.request(ApiKey.SaslHandshake, 1, (w) => w.string('PLAIN'))).body;
        assert.equal(r.int16(), ErrorCode.ILLEGAL_SASL_STATE);
      } finally {
        c.close();
      }
    });

    it('SaslAuthenticate failure carries SASL_AUTHENTICATION_FAILED and a message', async function () {
      const c = await RawClient.connect(`127.0.0.1:${plainPort()}`);
      try {
        await c.request(ApiKey.SaslHandshake, 1, (w) => w.string('PLAIN'));
        const r = (await c.request(ApiKey.SaslAuthenticate, 1, (w) => w.bytes(Buffer.from('\0alice\0bad')))).body;
        assert.equal(r.int16(), ErrorCode.SASL_AUTHENTICATION_FAILED);
        assert.match(r.nullableString() ?? '', /invalid username or password/);
        assert.equal(await c.nextFrame(3000), null);
      } finally {
        c.close();
      }
    });

    it('SaslHandshake v0 then a bare PLAIN token (no Kafka header) authenticates; Metadata and FindCoordinator use this listener', async function () {
      const c = await RawClient.connect(`127.0.0.1:${plainPort()}`);
      try {
        const hs = (await c.request(ApiKey.SaslHandshake, 0, (w) => w.string('PLAIN'))).body;
        assert.equal(hs.int16(), 0);
        const token = Buffer.from('\0alice\0alice-secret');
        const size = Buffer.alloc(4);
        size.writeInt32BE(token.length);
        c.write(Buffer.concat([size, token]));
        const reply = await c.nextFrame(3000);
        assert.ok(reply !== null, 'the server answers the token with a (empty) size-prefixed frame');
        assert.equal(reply.length, 0);
        const md = (await c.request(ApiKey.Metadata, 1, (w) => w.int32(0))).body;
        const brokers = md.array((r) => { const id = r.int32(); const host = r.string(); const port = r.int32(); r.nullableString(); return { id, host, port }; });
        assert.deepEqual(brokers, broker.listeners.sasl_plain.brokers);
        const fc = (await c.request(ApiKey.FindCoordinator, 1, (w) => w.string('any-group').int8(0))).body;
        fc.int32();
        assert.equal(fc.int16(), 0);
        fc.nullableString();
        fc.int32();
        fc.string();
        assert.ok(ports(broker.listeners.sasl_plain.bootstrap).includes(fc.int32()), 'the coordinator is on a sasl_plain port');
      } finally {
        c.close();
      }
    });

    it('SaslHandshake v0 then a bad bare token closes the connection', async function () {
      const c = await RawClient.connect(`127.0.0.1:${plainPort()}`);
      try {
        await c.request(ApiKey.SaslHandshake, 0, (w) => w.string('PLAIN'));
        const token = Buffer.from('\0alice\0wrong');
        const size = Buffer.alloc(4);
        size.writeInt32BE(token.length);
        c.write(Buffer.concat([size, token]));
        assert.equal(await c.nextFrame(3000), null);
      } finally {
        c.close();
      }
    });
    async function iamExchange(token: string): Promise<{ code: number; message: string | null; lifetime: number; c: RawClient }> {
      const c = await RawClient.connect(broker.listeners.iam_plain.bootstrap);
      const hs = (await c.request(ApiKey.SaslHandshake, 1, (w) => w.string('OAUTHBEARER'))).body;
      assert.equal(hs.int16(), 0);
      const r = (await c.request(ApiKey.SaslAuthenticate, 1, (w) => w.bytes(Buffer.from(`n,,\x01auth=Bearer ${token}\x01\x01`)))).body;
      const code = r.int16();
      const message = r.nullableString();
      r.bytes();
      return { code, message, lifetime: Number(r.int64()), c };
    }

    it('IAM: a tampered token gets SASL_AUTHENTICATION_FAILED (58) with the reason, then the connection closes', async function () {
      const text = Buffer.from(await iamToken(), 'base64url').toString('utf8');
      const { code, message, c } = await iamExchange(Buffer.from(text.replace(/X-Amz-Date=(\d{8}T\d{4})(\d{2})Z/, (_m, a: string, ss: string) => `X-Amz-Date=${a}${String((Number(ss) + 1) % 60).padStart(2, '0')}Z`), 'utf8').toString('base64url'));
      try {
        assert.equal(code, ErrorCode.SASL_AUTHENTICATION_FAILED);
        assert.match(message ?? '', /Invalid MSK IAM token: the signature does not match/);
        assert.equal(await c.nextFrame(3000), null);
      } finally {
        c.close();
      }
    });

    it('IAM: a valid token authenticates; session_lifetime_ms is the token\'s remaining lifetime (as Kafka does for OAUTHBEARER)', async function () {
      const { code, lifetime, c } = await iamExchange(await iamToken());
      try {
        assert.equal(code, 0);
        assert.ok(lifetime > 890_000 && lifetime <= 900_000, `lifetime ${lifetime}`);
        const md = (await c.request(ApiKey.Metadata, 1, (w) => w.int32(0))).body;
        assert.equal(md.array((r) => { const id = r.int32(); r.string(); r.int32(); r.nullableString(); return id; }).length, 2);
      } finally {
        c.close();
      }
    });
  });

  describe('kcat (librdkafka 2.0.2)', function () {
    let kcat: string;

    before(function () {
      kcat = requireKcat(this);
    });

    function scramArgs(listener: string, user = 'alice', password = 'alice-secret'): string[] {
      const l = broker.listeners[listener];
      const args = ['-b', l.bootstrap, '-X', `security.protocol=${l.security}`, '-X', 'sasl.mechanisms=SCRAM-SHA-512', '-X', `sasl.username=${user}`, '-X', `sasl.password=${password}`];
      if (l.security === 'SASL_SSL') args.push('-X', `ssl.ca.location=${caFile}`);
      return args;
    }

    function listedPorts(stdout: string): number[] {
      return [...stdout.matchAll(/broker \d+ at [^:\s]+:(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    }

    for (const listener of ['sasl_plain', 'sasl_scram']) {
      it(`SCRAM-SHA-512 on ${listener}: -L lists the listener's ports, -P produces, -C reads back`, async function () {
        const topic = `kcat-${listener}`;
        const md = await runKcat(kcat, [...scramArgs(listener), '-L', '-m', '5'], { timeoutMs: 15_000 });
        assert.equal(md.code, 0, md.stderr);
        assert.deepEqual(listedPorts(md.stdout), ports(broker.listeners[listener].bootstrap));
        const p = await runKcat(kcat, [...scramArgs(listener), '-P', '-t', topic, '-p', '0'], { input: 'one\ntwo\n', timeoutMs: 15_000 });
        assert.equal(p.code, 0, p.stderr);
        const c = await runKcat(kcat, [...scramArgs(listener), '-C', '-t', topic, '-p', '0', '-o', 'beginning', '-e', '-q'], { timeoutMs: 15_000 });
        assert.equal(c.code, 0, c.stderr);
        assert.deepEqual(c.stdout.trim().split('\n'), ['one', 'two']);
      });
    }

    it('a wrong SCRAM password fails', async function () {
      const r = await runKcat(kcat, [...scramArgs('sasl_plain', 'alice', 'wrong'), '-L', '-m', '3'], { timeoutMs: 15_000 });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /authenticat/i);
    });

    function sslArgs(listener: string, cert?: string): string[] {
      const args = ['-b', broker.listeners[listener].bootstrap, '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${caFile}`];
      if (cert) args.push('-X', `ssl.certificate.location=${join(tmp, `${cert}-cert.pem`)}`, '-X', `ssl.key.location=${join(tmp, `${cert}-key.pem`)}`);
      return args;
    }

    it('mTLS: with the sandbox\'s client certificate, -L lists the mtls ports and -P/-C round-trip', async function () {
      const md = await runKcat(kcat, [...sslArgs('mtls', 'client'), '-L', '-m', '5'], { timeoutMs: 15_000 });
      assert.equal(md.code, 0, md.stderr);
      assert.deepEqual(listedPorts(md.stdout), ports(broker.listeners.mtls.bootstrap));
      const p = await runKcat(kcat, [...sslArgs('mtls', 'client'), '-P', '-t', 'kcat-mtls', '-p', '0'], { input: 'secure\n', timeoutMs: 15_000 });
      assert.equal(p.code, 0, p.stderr);
      const c = await runKcat(kcat, [...sslArgs('mtls', 'client'), '-C', '-t', 'kcat-mtls', '-p', '0', '-o', 'beginning', '-e', '-q'], { timeoutMs: 15_000 });
      assert.deepEqual(c.stdout.trim().split('\n'), ['secure']);
    });

    it('mTLS: without a client certificate, or with one from another CA, the handshake fails', async function () {
      for (const cert of [undefined, 'foreign']) {
        const r = await runKcat(kcat, [...sslArgs('mtls', cert), '-L', '-m', '3'], { timeoutMs: 15_000 });
        assert.notEqual(r.code, 0, `${cert ?? 'no certificate'}: ${r.stdout}`);
        assert.match(r.stderr, /SSL|handshake|certificate|Disconnected/i, r.stderr);
      }
      assert.ok(logs.some((l) => /\(mtls\): TLS handshake failed/.test(l)), 'the broker logs the refused handshakes');
    });
  });
});
