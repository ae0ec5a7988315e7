// Framing, pipelining, malformed input and fault injection at the wire level.
import { strict as assert } from 'node:assert';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { RawClient } from '../../helpers/kafka-raw';
import * as K from '../../helpers/kafka-codec';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { ErrorCode } from '../../../src/sandbox/protocol/errors';
import { Writer } from '../../../src/sandbox/protocol/primitives';

describe('sandbox broker server', () => {
  let broker: RunningBroker;
  const logs: string[] = [];
  const open: RawClient[] = [];
  const connect = async (id = 1) => {
    const b = broker.brokers.find((x) => x.id === id)!;
    const c = await RawClient.connect(`${b.host}:${b.port}`);
    open.push(c);
    return c;
  };
  const frame = (payload: Buffer) => {
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    return Buffer.concat([size, payload]);
  };

  before(async () => {
    broker = await startBroker({ brokers: 3, log: (m) => logs.push(m) });
  });
  afterEach(() => broker.faults.clear());
  after(async () => {
    for (const c of open) c.close();
    await broker.stop();
  });

  it('answers pipelined requests in order, even when an earlier one waits', async () => {
    broker.cluster.createTopic('pipe', { partitions: 1 });
    const leader = broker.cluster.partition('pipe', 0)!.leader;
    const c = await connect(leader);
    const ids = [
      c.send(ApiKey.Fetch, 11, K.encFetch(11, [{ topic: 'pipe', partition: 0, offset: 0 }], { maxWaitMs: 150 })),
      c.send(ApiKey.ApiVersions, 2, K.encApiVersions(2)),
      c.send(ApiKey.Metadata, 8, K.encMetadata(8, ['pipe'])),
    ];
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await c.nextFrame())!.readInt32BE(0));
    assert.deepEqual(got, ids);
  });

  it('handles a request split across many TCP segments and several requests in one segment', async () => {
    const c = await connect();
    const w = new Writer().int16(ApiKey.ApiVersions).int16(2).int32(77).nullableString('x');
    const one = frame(w.toBuffer());
    for (const byte of one) c.write(Buffer.from([byte]));
    assert.equal((await c.nextFrame())!.readInt32BE(0), 77);
    c.write(Buffer.concat([one, one]));
    assert.equal((await c.nextFrame())!.readInt32BE(0), 77);
    assert.equal((await c.nextFrame())!.readInt32BE(0), 77);
  });

  it('answers ApiVersions v3 (flexible request header v2, response header v0)', async () => {
    const c = await connect();
    const res = await c.request(ApiKey.ApiVersions, 3, K.encApiVersions(3), { flexibleHeader: true });
    assert.equal(K.decApiVersions(3, res.body).errorCode, 0);
  });

  it('answers a truncated body with INVALID_REQUEST where the API has an error field', async () => {
    const c = await connect();
    const w = new Writer().int16(ApiKey.InitProducerId).int16(1).int32(5).nullableString('x').int16(3); // transactional_id cut short
    c.write(frame(w.toBuffer()));
    const f = (await c.nextFrame())!;
    assert.equal(f.readInt32BE(0), 5);
    assert.equal(f.readInt16BE(8), ErrorCode.INVALID_REQUEST);
    // the connection stays usable
    const ok = await c.request(ApiKey.ApiVersions, 0, K.encApiVersions(0));
    assert.equal(K.decApiVersions(0, ok.body).errorCode, 0);
  });

  it('closes the connection (and survives) on garbage, unknown api keys, oversized frames and unsupported versions', async () => {
    const cases: Buffer[] = [
      frame(Buffer.from([1, 2, 3])), // too short for a header
      frame(new Writer().int16(999).int16(0).int32(1).nullableString(null).toBuffer()), // unknown api key
      frame(new Writer().int16(ApiKey.Produce).int16(2).int32(1).nullableString(null).toBuffer()), // Produce v2 not offered
      frame(new Writer().int16(ApiKey.Metadata).int16(8).int32(1).nullableString(null).int32(1000000).toBuffer()), // lying array length
      (() => { const b = Buffer.alloc(4); b.writeInt32BE(200 * 1024 * 1024); return b; })(), // 200 MiB frame
      (() => { const b = Buffer.alloc(4); b.writeInt32BE(-5); return b; })(),
    ];
    for (const bytes of cases) {
      const c = await connect();
      c.write(bytes);
      assert.equal(await c.nextFrame(2000), null, `expected a close for ${bytes.subarray(0, 12).toString('hex')}`);
      assert.ok(c.closed);
    }
    const c = await connect();
    const ok = await c.request(ApiKey.ApiVersions, 0, K.encApiVersions(0));
    assert.equal(K.decApiVersions(0, ok.body).errorCode, 0);
  });

  it('faults: answers a chosen API with a chosen error code, a given number of times', async () => {
    broker.faults.failWith(ApiKey.Metadata, ErrorCode.LEADER_NOT_AVAILABLE, { times: 2 });
    const c = await connect();
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const d = K.decMetadata(8, (await c.request(ApiKey.Metadata, 8, K.encMetadata(8, ['pipe']))).body);
      codes.push(d.topics[0].errorCode);
    }
    assert.deepEqual(codes, [ErrorCode.LEADER_NOT_AVAILABLE, ErrorCode.LEADER_NOT_AVAILABLE, 0]);
  });

  it('faults: delays responses', async () => {
    broker.faults.delay(200, { apiKey: ApiKey.ApiVersions, times: 1 });
    const c = await connect();
    const t0 = Date.now();
    await c.request(ApiKey.ApiVersions, 0, K.encApiVersions(0));
    assert.ok(Date.now() - t0 >= 180);
  });

  it('faults: drops the connection after N requests of an api key (handled but unanswered), or now', async () => {
    broker.faults.dropAfter(1, { apiKey: ApiKey.CreateTopics });
    const c = await connect(1);
    const r1 = K.decCreateTopics(4, (await c.request(ApiKey.CreateTopics, 4, K.encCreateTopics(4, [{ name: 'drop-1', partitions: 1, rf: 1 }]))).body);
    assert.equal(r1.topics[0].errorCode, 0);
    c.send(ApiKey.CreateTopics, 4, K.encCreateTopics(4, [{ name: 'drop-2', partitions: 1, rf: 1 }]));
    assert.equal(await c.nextFrame(2000), null);
    assert.ok(broker.cluster.topics.has('drop-2'), 'the request was handled before the drop');
    const c2 = await connect(2);
    await c2.request(ApiKey.ApiVersions, 0, K.encApiVersions(0));
    assert.ok(broker.faults.dropConnections() >= 1);
    assert.equal(await c2.nextFrame(1000), null);
  });

  it('requires authentication on SASL listeners: only allowUnauthenticated handlers run before it', async () => {
    const server = broker.servers[0];
    server.listener.requiresSasl = true;
    try {
      const c = await connect(1);
      const ok = await c.request(ApiKey.ApiVersions, 0, K.encApiVersions(0));
      assert.equal(K.decApiVersions(0, ok.body).errorCode, 0);
      c.send(ApiKey.Metadata, 8, K.encMetadata(8, null));
      assert.equal(await c.nextFrame(2000), null);
    } finally {
      server.listener.requiresSasl = false;
    }
  });
});

describe('sandbox broker server: limits', () => {
  const started: RunningBroker[] = [];
  const open: RawClient[] = [];
  const start = async (options: Parameters<typeof startBroker>[0]) => {
    const b = await startBroker({ brokers: 1, ...options });
    started.push(b);
    return b;
  };
  const connect = async (bootstrap: string) => {
    const c = await RawClient.connect(bootstrap);
    open.push(c);
    return c;
  };
  /** An ApiVersions v0 request padded to `size` bytes (the handler ignores what follows the header). */
  const apiVersionsOfSize = (size: number, correlationId: number) => {
    const f = Buffer.alloc(4 + size);
    f.writeInt32BE(size, 0);
    new Writer().int16(ApiKey.ApiVersions).int16(0).int32(correlationId).nullableString('big').toBuffer().copy(f, 4);
    return f;
  };
  const sizeOnly = (size: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(size);
    return b;
  };
  const saslPlainListener = [{ name: 'sasl_plain', security: 'SASL_PLAINTEXT' as const, mechanisms: ['PLAIN' as const] }];
  const user = { username: 'u', password: 'p' };
  const authenticate = async (c: RawClient) => {
    const hs = K.decSaslHandshake(1, (await c.request(ApiKey.SaslHandshake, 1, K.encSaslHandshake(1, 'PLAIN'))).body);
    assert.equal(hs.errorCode, 0);
    const auth = K.decSaslAuthenticate(1, (await c.request(ApiKey.SaslAuthenticate, 1, K.encSaslAuthenticate(1, Buffer.from('\0u\0p')))).body);
    assert.equal(auth.errorCode, 0);
  };
  /** Waits (bounded) for a condition the server reaches asynchronously. */
  const until = async (what: string, cond: () => boolean) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(cond(), `timed out waiting for ${what}`);
  };

  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    for (const b of started.splice(0)) await b.stop();
  });

  it('before SASL authentication, closes a connection as soon as it declares a frame over 512 KiB (the body is never awaited)', async () => {
    const b = await start({ listeners: saslPlainListener, users: [user] });
    const c = await connect(b.bootstrap);
    c.write(sizeOnly(600 * 1024)); // the size alone: a broker that waits for the body never closes
    assert.equal(await c.nextFrame(5000), null);
    assert.ok(c.closed, 'the connection was closed, not left waiting for 600 KiB');
    // exactly 512 KiB is still allowed before authentication
    const ok = await connect(b.bootstrap);
    ok.write(apiVersionsOfSize(512 * 1024, 9));
    const f = await ok.nextFrame(5000);
    assert.ok(f, 'a 512 KiB frame before authentication is answered');
    assert.equal(f.readInt32BE(0), 9);
  });

  it('after SASL authentication, accepts frames up to socket.request.max.bytes', async () => {
    const b = await start({ listeners: saslPlainListener, users: [user] });
    const c = await connect(b.bootstrap);
    await authenticate(c);
    c.write(apiVersionsOfSize(3 * 1024 * 1024, 11));
    const f = await c.nextFrame(10000);
    assert.ok(f, 'a 3 MiB frame after authentication is answered');
    assert.equal(f.readInt32BE(0), 11);
  });

  it('socket.request.max.bytes is configurable: a frame over it closes the connection at once, one at it is answered', async () => {
    const cap = 2 * 1024 * 1024;
    const b = await start({ socketRequestMaxBytes: cap });
    assert.equal(b.limits.socketRequestMaxBytes, cap);
    const over = await connect(b.bootstrap);
    over.write(sizeOnly(cap + 1));
    assert.equal(await over.nextFrame(5000), null);
    assert.ok(over.closed);
    const at = await connect(b.bootstrap);
    at.write(apiVersionsOfSize(cap, 12));
    assert.equal((await at.nextFrame(10000))?.readInt32BE(0), 12);
    await assert.rejects(startBroker({ socketRequestMaxBytes: 0 }), /socketRequestMaxBytes must be a whole number/);
  });

  it('past the receive budget, a connection stops reading until frames already received are handled', async () => {
    const b = await start({ queuedMaxRequestBytes: 256 * 1024 });
    b.faults.delay(500, { apiKey: ApiKey.ApiVersions, times: 1 }); // A's frame is held while handled
    const a = await connect(b.bootstrap);
    const bc = await connect(b.bootstrap);
    const order: string[] = [];
    a.write(apiVersionsOfSize(300 * 1024, 1));
    const aDone = a.nextFrame(10000).then((f) => { order.push(`a:${f?.readInt32BE(0)}`); });
    await until('A to be received', () => b.limits.budget.inUse >= 300 * 1024);
    bc.write(apiVersionsOfSize(300 * 1024, 2));
    const bDone = bc.nextFrame(10000).then((f) => { order.push(`b:${f?.readInt32BE(0)}`); });
    await until('B to wait for budget', () => b.limits.budget.waiting === 1);
    assert.deepEqual(order, [], 'B is not handled while A holds the budget');
    await Promise.all([aDone, bDone]);
    assert.deepEqual(order, ['a:1', 'b:2']);
    await until('the budget to be released', () => b.limits.budget.inUse === 0 && b.limits.budget.waiting === 0);
  });

  it('closes idle connections after connections.max.idle.ms, but not one waiting for its answer', async () => {
    const b = await start({ connectionsMaxIdleMs: 300 });
    b.cluster.createTopic('idle', { partitions: 1 });
    const idle = await connect(b.bootstrap);
    await idle.request(ApiKey.ApiVersions, 0, K.encApiVersions(0));
    assert.equal(await idle.nextFrame(5000), null);
    assert.ok(idle.closed, 'closed after 300 ms without traffic');
    // a long-poll Fetch (1.2 s, with no data) is a request in progress, not idleness
    const busy = await connect(b.bootstrap);
    const res = await busy.request(ApiKey.Fetch, 11, K.encFetch(11, [{ topic: 'idle', partition: 0, offset: 0 }], { maxWaitMs: 1200 }), { timeoutMs: 5000 });
    assert.equal(res.correlationId, 1);
    assert.ok(!busy.closed);
  });
});
