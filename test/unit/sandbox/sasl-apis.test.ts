// Byte-level tests of SaslHandshake (17) v0-1 and SaslAuthenticate (36) v0-1 against a broker with
// a SASL_PLAINTEXT listener: requests encoded by hand from the public message schemas, responses
// decoded field by field (no bytes may be left over).
import { strict as assert } from 'node:assert';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { RawClient } from '../../helpers/kafka-raw';
import * as K from '../../helpers/kafka-codec';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { ErrorCode } from '../../../src/sandbox/protocol/errors';
import { defaultHandlers } from '../../../src/sandbox/protocol/handlers';
import { Reader } from '../../../src/sandbox/protocol/primitives';

const plain = (user: string, password: string, authzid = '') => Buffer.from(`${authzid}\0${user}\0${password}`, 'utf8');
const MECHANISMS = ['PLAIN', 'SCRAM-SHA-512'];

describe('sandbox SASL APIs (byte level)', function () {
  this.timeout(10000);
  let broker: RunningBroker;
  const open: RawClient[] = [];

  async function connect(listener: 'sasl' | 'plaintext' = 'sasl'): Promise<RawClient> {
    const c = await RawClient.connect(broker.listeners[listener].bootstrap);
    open.push(c);
    return c;
  }
  async function handshake(c: RawClient, v: number, mechanism: string) {
    return K.decSaslHandshake(v, (await c.request(ApiKey.SaslHandshake, v, K.encSaslHandshake(v, mechanism))).body);
  }
  async function authenticate(c: RawClient, v: number, token: Buffer) {
    return K.decSaslAuthenticate(v, (await c.request(ApiKey.SaslAuthenticate, v, K.encSaslAuthenticate(v, token))).body);
  }
  /** True when a Metadata v1 request is answered (an authenticated connection). */
  async function metadataWorks(c: RawClient): Promise<boolean> {
    c.send(ApiKey.Metadata, 1, K.encMetadata(1, []));
    const frame = await c.nextFrame(2000);
    if (!frame) return false;
    const d = K.decMetadata(1, new Reader(frame, 4));
    assert.equal(d.brokers.length, 1);
    assert.equal(d.brokers[0].port, broker.listeners.sasl.brokers[0].port, 'advertises the SASL listener');
    return true;
  }
  async function closes(c: RawClient): Promise<boolean> {
    return (await c.nextFrame(2000)) === null && c.closed;
  }

  before(async () => {
    broker = await startBroker({
      brokers: 1,
      users: [{ username: 'alice', password: 'alice-secret' }],
      listeners: [
        { name: 'plaintext', security: 'PLAINTEXT' },
        { name: 'sasl', security: 'SASL_PLAINTEXT', mechanisms: ['PLAIN', 'SCRAM-SHA-512'] },
      ],
    });
  });
  after(async () => {
    for (const c of open) c.close();
    await broker.stop();
  });

  it('the handlers advertise SaslHandshake 0-1 and SaslAuthenticate 0-1', () => {
    const byKey = new Map(defaultHandlers().map((h) => [h.apiKey, [h.minVersion, h.maxVersion]]));
    assert.deepEqual(byKey.get(ApiKey.SaslHandshake), [0, 1]);
    assert.deepEqual(byKey.get(ApiKey.SaslAuthenticate), [0, 1]);
  });

  it('an unauthenticated request other than ApiVersions/SASL closes the connection', async () => {
    const c = await connect();
    const v = K.decApiVersions(1, (await c.request(ApiKey.ApiVersions, 1, K.encApiVersions(1))).body);
    assert.equal(v.errorCode, 0);
    assert.equal(await metadataWorks(c), false);
  });

  describe('SaslHandshake', () => {
    for (const v of [0, 1]) {
      it(`v${v}: PLAIN is accepted and the enabled mechanisms are listed`, async () => {
        const c = await connect();
        const d = await handshake(c, v, 'PLAIN');
        assert.deepEqual(d, { errorCode: 0, mechanisms: MECHANISMS });
      });
      it(`v${v}: an unsupported mechanism gets UNSUPPORTED_SASL_MECHANISM (33) with the enabled list, then the connection closes`, async () => {
        const c = await connect();
        const d = await handshake(c, v, 'GSSAPI');
        assert.deepEqual(d, { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: MECHANISMS });
        assert.equal(d.errorCode, 33);
        assert.ok(await closes(c));
      });
      it(`v${v}: on a non-SASL listener, or a second time, it is ILLEGAL_SASL_STATE (34)`, async () => {
        const p = await connect('plaintext');
        assert.deepEqual(await handshake(p, v, 'PLAIN'), { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] });
        assert.ok(await closes(p));
        const c = await connect();
        assert.equal((await handshake(c, v, 'PLAIN')).errorCode, 0);
        if (v === 0) return; // after a v0 handshake the next frame is a bare token, not a request
        assert.deepEqual(await handshake(c, v, 'PLAIN'), { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: MECHANISMS });
        assert.ok(await closes(c));
      });
    }

    it('v0 + bare PLAIN token (no request header): an empty token back, then requests work', async () => {
      const c = await connect();
      assert.equal((await handshake(c, 0, 'PLAIN')).errorCode, 0);
      const token = plain('alice', 'alice-secret');
      const size = Buffer.alloc(4);
      size.writeInt32BE(token.length);
      c.write(Buffer.concat([size, token]));
      const reply = await c.nextFrame(2000);
      assert.ok(reply, 'a size-prefixed reply');
      assert.equal(reply.length, 0, 'PLAIN answers an empty token');
      assert.equal(await metadataWorks(c), true);
    });

    it('v0 + bare PLAIN token with a wrong password: the connection closes (v0 cannot carry an error)', async () => {
      const c = await connect();
      assert.equal((await handshake(c, 0, 'PLAIN')).errorCode, 0);
      const token = plain('alice', 'wrong');
      const size = Buffer.alloc(4);
      size.writeInt32BE(token.length);
      c.write(Buffer.concat([size, token]));
      assert.ok(await closes(c));
    });
  });

  describe('SaslAuthenticate', () => {
    for (const v of [0, 1]) {
      it(`v${v}: PLAIN success: no error, null message, empty auth bytes${v >= 1 ? ', session_lifetime_ms 0' : ''}; then requests work`, async () => {
        const c = await connect();
        assert.equal((await handshake(c, 1, 'PLAIN')).errorCode, 0);
        const res = await c.request(ApiKey.SaslAuthenticate, v, K.encSaslAuthenticate(v, plain('alice', 'alice-secret')));
        // The exact bytes: error_code 0, error_message null (-1), auth_bytes empty, [session_lifetime_ms 0].
        const expected = Buffer.from(v >= 1 ? '0000ffff000000000000000000000000' : '0000ffff00000000', 'hex');
        assert.deepEqual(res.frame.subarray(4), expected);
        const d = K.decSaslAuthenticate(v, res.body);
        assert.deepEqual(d, { errorCode: 0, errorMessage: null, authBytes: Buffer.alloc(0), sessionLifetimeMs: v >= 1 ? 0 : -1 });
        assert.equal(await metadataWorks(c), true);
      });
      it(`v${v}: PLAIN failure: SASL_AUTHENTICATION_FAILED (58) with a message, then the connection closes`, async () => {
        for (const token of [plain('alice', 'wrong'), plain('mallory', 'alice-secret'), plain('alice', 'alice-secret', 'bob')]) {
          const c = await connect();
          assert.equal((await handshake(c, 1, 'PLAIN')).errorCode, 0);
          const d = await authenticate(c, v, token);
          assert.equal(d.errorCode, 58);
          assert.equal(d.errorCode, ErrorCode.SASL_AUTHENTICATION_FAILED);
          assert.match(d.errorMessage ?? '', /Authentication failed/);
          assert.equal(d.authBytes.length, 0);
          assert.equal(d.sessionLifetimeMs, v >= 1 ? 0 : -1);
          assert.ok(await closes(c));
        }
      });
      it(`v${v}: a malformed PLAIN message fails with a message too`, async () => {
        const c = await connect();
        assert.equal((await handshake(c, 1, 'PLAIN')).errorCode, 0);
        const d = await authenticate(c, v, Buffer.from('no-nul-separators'));
        assert.equal(d.errorCode, ErrorCode.SASL_AUTHENTICATION_FAILED);
        assert.match(d.errorMessage ?? '', /Invalid SASL\/PLAIN message/);
        assert.ok(await closes(c));
      });
      it(`v${v}: without a handshake, or after authentication, it is ILLEGAL_SASL_STATE (34)`, async () => {
        const c = await connect();
        const d = await authenticate(c, v, plain('alice', 'alice-secret'));
        assert.equal(d.errorCode, ErrorCode.ILLEGAL_SASL_STATE);
        assert.ok(d.errorMessage);
        assert.ok(await closes(c));
        const a = await connect();
        assert.equal((await handshake(a, 1, 'PLAIN')).errorCode, 0);
        assert.equal((await authenticate(a, v, plain('alice', 'alice-secret'))).errorCode, 0);
        assert.equal((await authenticate(a, v, plain('alice', 'alice-secret'))).errorCode, ErrorCode.ILLEGAL_SASL_STATE);
        assert.ok(await closes(a));
      });
      it(`v${v}: SCRAM-SHA-512, two round trips (RFC 5802), server signature checked`, async () => {
        const c = await connect();
        assert.equal((await handshake(c, 1, 'SCRAM-SHA-512')).errorCode, 0);
        const nonce = randomBytes(12).toString('base64');
        const clientFirstBare = `n=alice,r=${nonce}`;
        const first = await authenticate(c, v, Buffer.from(`n,,${clientFirstBare}`));
        assert.equal(first.errorCode, 0);
        assert.equal(first.errorMessage, null);
        const serverFirst = first.authBytes.toString('utf8');
        const attrs = new Map(serverFirst.split(',').map((kv) => [kv.slice(0, 1), kv.slice(2)] as [string, string]));
        assert.ok(attrs.get('r')!.startsWith(nonce) && attrs.get('r')!.length > nonce.length);
        assert.equal(attrs.get('i'), '4096');
        const salted = pbkdf2Sync('alice-secret', Buffer.from(attrs.get('s')!, 'base64'), 4096, 64, 'sha512');
        const clientKey = createHmac('sha512', salted).update('Client Key').digest();
        const withoutProof = `c=biws,r=${attrs.get('r')}`;
        const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
        const sig = createHmac('sha512', createHash('sha512').update(clientKey).digest()).update(authMessage).digest();
        const proof = Buffer.from(clientKey.map((b, i) => b ^ sig[i])).toString('base64');
        const final = await authenticate(c, v, Buffer.from(`${withoutProof},p=${proof}`));
        assert.equal(final.errorCode, 0);
        const serverKey = createHmac('sha512', salted).update('Server Key').digest();
        assert.equal(final.authBytes.toString('utf8'), `v=${createHmac('sha512', serverKey).update(authMessage).digest('base64')}`);
        assert.equal(final.sessionLifetimeMs, v >= 1 ? 0 : -1);
        assert.equal(await metadataWorks(c), true);
      });
    }
  });
});
