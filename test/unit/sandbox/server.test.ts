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
