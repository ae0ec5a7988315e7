// Protocol fuzzing: for every API (and version) the broker's dispatch table offers, thousands of
// random and mutated request frames, from a fixed seed so any failure replays. The versions come
// from the handler table at run time, not from a list here. For each frame the broker must either
// answer it (one response frame carrying its correlation id) or close the connection, within a
// bounded wait; frames it cannot dispatch (too short, unknown api key, unsupported version, an
// API that needs authentication on a SASL listener) must close it. The process must stay up, and
// no handler may fail with an internal error (a bug, not a malformed request).
import { strict as assert } from 'node:assert';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import type { ApiHandler } from '../../../src/sandbox/protocol/handler';
import { ApiKey } from '../../../src/sandbox/protocol/api-keys';
import { Writer } from '../../../src/sandbox/protocol/primitives';
import { buildBatch } from '../../../src/sandbox/protocol/record-batch';
import { RawClient } from '../../helpers/kafka-raw';
import * as K from '../../helpers/kafka-codec';

/** Frames per API; FUZZ_FRAMES overrides (e.g. 100000 for a long local run). */
const FRAMES_PER_API = Number(process.env.FUZZ_FRAMES ?? 10000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const LANES = 16;
/**
 * A frame unanswered after SLOW_MS is set aside on its own connection (a Fetch may long-poll, as
 * Kafka's does, up to its max wait: 30 s at most here) and the lane goes on with a new connection.
 * Set-aside frames must be answered, or their connection closed, within ANSWER_WITHIN_MS.
 */
const SLOW_MS = 1000;
const ANSWER_WITHIN_MS = 40000;

/** xorshift32: small, fast, reproducible. */
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))) };
}
type Rng = ReturnType<typeof prng>;

const MEMBER = 'fuzz-member';
/** A plausible request body for (api, version); `n` keeps group names apart so groups do not pile up. */
function seedBody(apiKey: number, v: number, n: number): (w: Writer) => void {
  // n twice, apart: a mutation that overwrites a few bytes of the id still leaves it unique, so two
  // frames rarely share a group (a second member would legitimately wait for the rebalance).
  const group = `fz${String(n).padStart(7, '0')}-x-${String(n).padStart(7, '0')}`;
  switch (apiKey) {
    case ApiKey.ApiVersions: return K.encApiVersions(v);
    case ApiKey.Metadata: return K.encMetadata(v, ['fuzz']);
    case ApiKey.Produce: return K.encProduce(v, 1, 'fuzz', 0, buildBatch([{ key: Buffer.from('k'), value: Buffer.from(`v${n}`) }]));
    case ApiKey.Fetch: return K.encFetch(v, [{ topic: 'fuzz', partition: 0, offset: 0 }], { maxWaitMs: 0, minBytes: 1 });
    case ApiKey.ListOffsets: return K.encListOffsets(v, 'fuzz', [{ index: 0, timestamp: -1 }]);
    case ApiKey.CreateTopics: return K.encCreateTopics(v, [{ name: 'fuzz', partitions: 1, rf: 1 }], true);
    case ApiKey.DeleteTopics: return K.encDeleteTopics(v, ['fuzz-never-there']);
    case ApiKey.CreatePartitions: return K.encCreatePartitions(v, [{ name: 'fuzz', count: 2 }], true);
    case ApiKey.DescribeConfigs: return K.encDescribeConfigs(v, [{ type: 2, name: 'fuzz', keys: null }], true);
    case ApiKey.AlterConfigs: return K.encAlterConfigs(v, [{ type: 2, name: 'fuzz', configs: [['retention.ms', '60000']] }], true);
    case ApiKey.InitProducerId: return K.encInitProducerId(v);
    case ApiKey.FindCoordinator: return K.encFindCoordinator(v, group);
    case ApiKey.JoinGroup: return K.encJoinGroup(v, { groupId: group, protocols: [{ name: 'range', metadata: Buffer.from([0, 1, 0, 0, 0, 0]) }] });
    case ApiKey.SyncGroup: return K.encSyncGroup(v, group, 1, MEMBER, [{ memberId: MEMBER, assignment: Buffer.from([0, 1]) }]);
    case ApiKey.Heartbeat: return K.encHeartbeat(v, group, 1, MEMBER);
    case ApiKey.LeaveGroup: return K.encLeaveGroup(v, group, [{ memberId: MEMBER }]);
    case ApiKey.OffsetCommit: return K.encOffsetCommit(v, { groupId: group, topics: [{ name: 'fuzz', partitions: [{ index: 0, offset: 1 }] }] });
    case ApiKey.OffsetFetch: return K.encOffsetFetch(v, group, [{ name: 'fuzz', partitions: [0] }]);
    case ApiKey.ListGroups: return K.encListGroups(v);
    case ApiKey.DescribeGroups: return K.encDescribeGroups(v, [group]);
    case ApiKey.DeleteGroups: return K.encDeleteGroups(v, [group]);
    case ApiKey.SaslHandshake: return K.encSaslHandshake(v, 'PLAIN');
    case ApiKey.SaslAuthenticate: return K.encSaslAuthenticate(v, Buffer.from('\0u\0p'));
    // An API with no seed here yet: zeros decode as empty strings, arrays and zero numbers.
    default: return (w) => { w.raw(Buffer.alloc(32)); };
  }
}

function header(w: Writer, apiKey: number, v: number, correlationId: number, flexible: boolean): Writer {
  w.int16(apiKey).int16(v).int32(correlationId).nullableString('fuzz');
  if (flexible) w.taggedFields();
  return w;
}

/** The payload of a valid request (header + body), then one of several mutations of it. */
function fuzzPayload(rng: Rng, h: ApiHandler, n: number, correlationId: number): Buffer {
  const v = h.minVersion + rng.int(h.maxVersion - h.minVersion + 1);
  const flexible = h.flexibleFrom !== undefined && v >= h.flexibleFrom;
  const w = header(new Writer(), h.apiKey, v, correlationId, flexible);
  const headerLength = w.length;
  seedBody(h.apiKey, v, n)(w);
  let p = w.toBuffer();
  const bodyAt = () => headerLength + rng.int(Math.max(1, p.length - headerLength));
  switch (rng.int(9)) {
    case 0: // a valid header and a random body
      p = Buffer.concat([p.subarray(0, headerLength), rng.bytes(rng.int(256))]);
      break;
    case 1: { // flip a few bytes of the body
      p = Buffer.from(p);
      for (let i = 1 + rng.int(3); i > 0 && p.length > headerLength; i--) p[bodyAt()] ^= 1 + rng.int(255);
      break;
    }
    case 2: // cut the body short
      p = p.subarray(0, bodyAt());
      break;
    case 3: // garbage after a valid request
      p = Buffer.concat([p, rng.bytes(1 + rng.int(64))]);
      break;
    case 4: { // an extreme value where a length, count or size may be
      p = Buffer.from(p);
      const at = bodyAt();
      const extremes = [0x7fffffff, -1, -2, 0x80000000 | 0, 0, 0x10000, 0x7fff];
      const x = extremes[rng.int(extremes.length)];
      if (rng.int(2) && at + 4 <= p.length) p.writeInt32BE(x | 0, at);
      else if (at + 2 <= p.length) p.writeInt16BE((x << 16) >> 16, at);
      break;
    }
    case 5: { // random bytes inserted
      const at = bodyAt();
      p = Buffer.concat([p.subarray(0, at), rng.bytes(1 + rng.int(16)), p.subarray(at)]);
      break;
    }
    case 6: { // the header's version or flexibility wrong for the body
      p = Buffer.from(p);
      p.writeInt16BE(rng.int(3) === 0 ? -1 - rng.int(3) : rng.int(20), 2);
      break;
    }
    case 7: { // the header's client id length lies
      p = Buffer.from(p);
      p.writeInt16BE([-2, 0x7fff, 1000, p.length][rng.int(4)], 8);
      break;
    }
    default: // completely random bytes, sometimes too short for a header
      p = rng.bytes(rng.int(48));
  }
  return p;
}

/** What the broker must do with a payload, from its header alone. */
function mustClose(payload: Buffer, broker: RunningBroker, authenticated: boolean): boolean {
  if (payload.length < 8) return true;
  const h = broker.handlers.get(payload.readInt16BE(0));
  if (!h) return true;
  const v = payload.readInt16BE(2);
  if ((v < h.minVersion || v > h.maxVersion) && h.apiKey !== ApiKey.ApiVersions) return true;
  return !authenticated && !h.allowUnauthenticated;
}

/** Produce with acks=0 is answered only when it fails to decode: a probe request follows it. */
function mayGoUnanswered(payload: Buffer, broker: RunningBroker): boolean {
  if (payload.length < 8 || payload.readInt16BE(0) !== ApiKey.Produce) return false;
  const h = broker.handlers.get(ApiKey.Produce)!;
  const v = payload.readInt16BE(2);
  try {
    let at = 8;
    const clientIdLength = payload.readInt16BE(at);
    at += 2 + Math.max(0, clientIdLength);
    if (h.flexibleFrom !== undefined && v >= h.flexibleFrom) at += 1; // empty tagged fields (mutations aside)
    if (v >= 3) {
      const tx = payload.readInt16BE(at);
      at += 2 + Math.max(0, tx);
    }
    return payload.readInt16BE(at) === 0;
  } catch {
    return false;
  }
}

function frameOf(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

type Outcome = { kind: 'answered' | 'closed' } | { kind: 'slow'; settled: Promise<Outcome> };

/** Sends one frame on the lane's connection and classifies what happens, failing on anything else. */
async function exchange(lane: { c: RawClient | null; bootstrap: string }, payload: Buffer, expectClose: boolean, unanswerable: boolean, describe: string): Promise<Outcome> {
  if (!lane.c || lane.c.closed) lane.c = await RawClient.connect(lane.bootstrap);
  const c = lane.c;
  const sentAt = Date.now();
  c.write(frameOf(payload));
  let probeId: number | undefined;
  if (unanswerable) probeId = c.send(ApiKey.ApiVersions, 0, K.encApiVersions(0), { correlationId: 0x7eadbeef });
  let f = await c.nextFrame(SLOW_MS);
  if (!f && !c.closed) {
    // Set aside: this connection now belongs to the frame; the lane opens another.
    lane.c = null;
    const settled = c.nextFrame(ANSWER_WITHIN_MS - (Date.now() - sentAt)).then((late) => {
      f = late;
      if (process.env.FUZZ_DEBUG) console.log(`slow ${Date.now() - sentAt} ms: ${describe}`);
      const out = classify();
      c.close();
      return out;
    });
    return { kind: 'slow', settled };
  }
  return classify();

  function classify(): Outcome {
    if (!f) {
      assert.ok(c.closed, `no answer within ${ANSWER_WITHIN_MS} ms and the connection is still open: ${describe}`);
      return { kind: 'closed' };
    }
    return answered(f);
  }
  function answered(f: Buffer): Outcome {
  assert.ok(!expectClose, `answered a frame that must close the connection: ${describe}`);
  const correlationId = f.readInt32BE(0);
  if (probeId !== undefined && correlationId === probeId) return { kind: 'answered' }; // acks=0: only the probe answered
  assert.equal(correlationId, payload.readInt32BE(4), `answer with a foreign correlation id: ${describe}`);
  // An acks=0 produce answered anyway (it did not decode): its probe's answer may still be on the
  // way, so this connection is not reused (the probe would pose as the next frame's answer).
  if (probeId !== undefined) c.close();
  return { kind: 'answered' };
  }
}

describe('sandbox broker protocol fuzz', function () {
  this.timeout(600000);
  let broker: RunningBroker;
  const logs: string[] = [];

  before(async () => {
    broker = await startBroker({
      brokers: 1,
      listeners: [
        { name: 'plaintext', security: 'PLAINTEXT' },
        { name: 'sasl_plain', security: 'SASL_PLAINTEXT', mechanisms: ['PLAIN'] },
      ],
      users: [{ username: 'u', password: 'p' }],
      log: (m) => { if (/internal error/.test(m)) logs.push(m); }, // 270,000 frames: keep only findings
    });
    const t = broker.cluster.createTopic('fuzz', { partitions: 1 });
    // data at offset 0, so a fetch that keeps its offset is answered at once whatever its max wait
    const c = await RawClient.connect(broker.listeners.plaintext.bootstrap);
    await c.request(ApiKey.Produce, 3, K.encProduce(3, 1, 'fuzz', 0, buildBatch([{ value: Buffer.from('seed') }])));
    c.close();
    assert.equal(t.partitions[0].log.highWatermark, 1);
  });
  after(async () => broker?.stop());

  it(`every advertised API: ${FRAMES_PER_API} random and mutated frames each get an answer or a closed connection`, async () => {
    // FUZZ_API=Name limits a replay to one API (the frames differ from a full run's).
    const handlers = broker.handlers.list().filter((h) => !process.env.FUZZ_API || h.name === process.env.FUZZ_API);
    assert.ok(handlers.length >= (process.env.FUZZ_API ? 1 : 20), 'the dispatch table lists the APIs');
    const rng = prng(SEED);
    const stats = new Map<string, { answered: number; closed: number }>();
    let correlation = 1;
    let n = 0;
    const jobs: { payload: Buffer; api: string; expectClose: boolean; unanswerable: boolean }[] = [];
    for (const h of handlers) {
      for (let i = 0; i < FRAMES_PER_API; i++) {
        const payload = fuzzPayload(rng, h, n++, correlation++ & 0x3fffffff);
        jobs.push({ payload, api: h.name, expectClose: mustClose(payload, broker, true), unanswerable: mayGoUnanswered(payload, broker) });
      }
    }
    const lanes = Array.from({ length: LANES }, () => ({ c: null as RawClient | null, bootstrap: broker.listeners.plaintext.bootstrap }));
    const t0 = Date.now();
    let next = 0;
    const slow: Promise<void>[] = [];
    const slowByApi = new Map<string, number>();
    const count = (api: string, out: Outcome) => {
      if (out.kind === 'slow') return;
      const s = stats.get(api) ?? { answered: 0, closed: 0 };
      s[out.kind]++;
      stats.set(api, s);
    };
    await Promise.all(lanes.map(async (lane) => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const out = await exchange(lane, job.payload, job.expectClose, job.unanswerable, `${job.api} frame ${job.payload.toString('hex').slice(0, 160)}`);
        count(job.api, out);
        if (out.kind === 'slow') {
          slowByApi.set(job.api, (slowByApi.get(job.api) ?? 0) + 1);
          slow.push(out.settled.then((o) => count(job.api, o)));
        }
      }
      lane.c?.close();
    }));
    const loopMs = Date.now() - t0;
    await Promise.all(slow);
    if (process.env.FUZZ_DEBUG) console.log(`${jobs.length} frames: loop ${loopMs} ms, slow ones settled after ${Date.now() - t0} ms`);
    // A slow answer is no finding by itself: Fetch long-polls, group calls wait for their barrier, and a
    // busy machine delays anything. Each one still had to settle, answered or closed, within
    // ANSWER_WITHIN_MS (classify() fails an open, silent connection), so a hang is caught either way.
    if (process.env.FUZZ_DEBUG) console.log(`slow answers by API: ${JSON.stringify([...slowByApi])}`);
    for (const h of handlers) {
      const s = stats.get(h.name)!;
      assert.equal(s.answered + s.closed, FRAMES_PER_API, h.name);
      // valid and lightly mutated requests are answered, hopeless ones close: both paths ran
      assert.ok(s.answered > 0 && s.closed > 0, `${h.name}: ${JSON.stringify(s)}`);
    }
    const internal = logs.filter((l) => /internal error/.test(l));
    assert.deepEqual(internal, [], 'no handler failed with an internal error');
    // still up and answering normally
    const c = await RawClient.connect(broker.listeners.plaintext.bootstrap);
    const res = K.decApiVersions(0, (await c.request(ApiKey.ApiVersions, 0, K.encApiVersions(0))).body);
    c.close();
    assert.equal(res.errorCode, 0);
  });

  it('before SASL authentication, a frame of any API that needs authentication closes the connection', async () => {
    const rng = prng(SEED + 1);
    let n = 0;
    const lane = { c: null as RawClient | null, bootstrap: broker.listeners.sasl_plain.bootstrap };
    for (const h of broker.handlers.list().filter((x) => !x.allowUnauthenticated)) {
      for (let i = 0; i < 20; i++) {
        const v = h.minVersion + rng.int(h.maxVersion - h.minVersion + 1);
        const w = header(new Writer(), h.apiKey, v, 100 + i, h.flexibleFrom !== undefined && v >= h.flexibleFrom);
        seedBody(h.apiKey, v, n++)(w);
        const payload = w.toBuffer();
        assert.ok(mustClose(payload, broker, false));
        const out = await exchange(lane, payload, true, false, `${h.name} v${v} before authentication`);
        assert.equal(out.kind, 'closed');
      }
    }
    lane.c?.close();
  });
});
