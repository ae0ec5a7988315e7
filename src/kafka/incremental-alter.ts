// IncrementalAlterConfigs (API key 44) for one topic, over a socket of our own: kafkajs 2.2.4 has no
// such request, and AlterConfigs would replace the topic's whole dynamic set (dropping an override
// someone added after we read it). One connection to one broker (any broker forwards topic config
// changes to the controller), ApiVersions first so an old broker gets a clear error, then v0.
// The transport is a parameter so the connection factory (TLS, SASL) can plug in later.
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Reader, Writer } from '../core/protocol/primitives';

export const INCREMENTAL_ALTER_CONFIGS_KEY = 44;
const API_VERSIONS_KEY = 18;
const TOPIC_RESOURCE = 2;
export const DEFAULT_DEADLINE_MS = 15_000;

export type ConfigOpType = 'SET' | 'DELETE' | 'APPEND' | 'SUBTRACT';
const OP_IDS: Record<ConfigOpType, number> = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 };

export interface ConfigOp {
  name: string;
  op: ConfigOpType;
  /** Required except for DELETE. */
  value?: string;
}

export interface BrokerAddress { host: string; port: number }

export interface BrokerTransport {
  /** TLS options: the socket is a TLS one (MSK's 9094/9096/9098 listeners); absent: plaintext. */
  tls?: tls.ConnectionOptions;
  /** Replaces both: opens the socket (e.g. a connection factory with SASL done). Must emit 'connect'/'secureConnect' as net/tls do. */
  connect?: (broker: BrokerAddress) => net.Socket;
  clientId?: string;
  deadlineMs?: number;
}

/** Kafka error codes a per-resource answer can carry, by name for messages. */
const ERROR_NAMES: Record<number, string> = {
  [-1]: 'UNKNOWN_SERVER_ERROR', 3: 'UNKNOWN_TOPIC_OR_PARTITION', 7: 'REQUEST_TIMED_OUT', 29: 'TOPIC_AUTHORIZATION_FAILED',
  31: 'CLUSTER_AUTHORIZATION_FAILED', 35: 'UNSUPPORTED_VERSION', 40: 'INVALID_CONFIG', 41: 'NOT_CONTROLLER', 42: 'INVALID_REQUEST',
  44: 'POLICY_VIOLATION', 73: 'INVALID_UPDATE_VERSION',
};

export class ConfigChangeError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
    this.name = 'ConfigChangeError';
  }
}

// ---- wire format (pure) ----

export function encodeRequest(apiKey: number, version: number, correlationId: number, clientId: string, body: (w: Writer) => void): Buffer {
  const w = new Writer().int32(0); // size, patched below
  w.int16(apiKey).int16(version).int32(correlationId).nullableString(clientId);
  body(w);
  const frame = w.toBuffer();
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

/** IncrementalAlterConfigs v0 body: one topic resource. */
export function encodeIncrementalAlterTopic(topic: string, ops: readonly ConfigOp[], validateOnly: boolean): (w: Writer) => void {
  return (w) => {
    w.array([topic], (w, name) => {
      w.int8(TOPIC_RESOURCE).string(name);
      w.array(ops, (w, o) => w.string(o.name).int8(OP_IDS[o.op]).nullableString(o.op === 'DELETE' ? null : o.value ?? null));
    });
    w.bool(validateOnly);
  };
}

export interface ResourceAnswer { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string }

export function decodeIncrementalAlterResponse(r: Reader): { throttleMs: number; resources: ResourceAnswer[] } {
  const throttleMs = r.int32();
  const resources = r.array((r) => ({ errorCode: r.int16(), errorMessage: r.nullableString(), resourceType: r.int8(), resourceName: r.string() }));
  return { throttleMs, resources };
}

/** ApiVersions v0 answer: the error code and each API's version range. */
export function decodeApiVersionsV0(r: Reader): { errorCode: number; apis: Map<number, { min: number; max: number }> } {
  const errorCode = r.int16();
  const apis = new Map<number, { min: number; max: number }>();
  for (const a of r.array((r) => ({ key: r.int16(), min: r.int16(), max: r.int16() }))) apis.set(a.key, { min: a.min, max: a.max });
  return { errorCode, apis };
}

/** A per-resource error as a sentence naming the configs and what to do next. */
export function describeResourceError(topic: string, ops: readonly ConfigOp[], a: ResourceAnswer): string {
  const name = ERROR_NAMES[a.errorCode] ?? `error ${a.errorCode}`;
  const said = a.errorMessage ? `: ${a.errorMessage}` : '';
  // the configs the broker's message names, else every config of the request
  const named = ops.filter((o) => a.errorMessage?.includes(o.name)).map((o) => o.name);
  const configs = (named.length ? named : ops.map((o) => o.name)).join(', ');
  switch (a.errorCode) {
    case 3: return `topic "${topic}" does not exist (${name}): it was deleted meanwhile; refresh the explorer`;
    case 40: return `the cluster refused ${configs} of "${topic}" (${name}${said}): correct the value and try again; nothing was changed`;
    case 42: return `the cluster found the request for ${configs} of "${topic}" invalid (${name}${said}); nothing was changed`;
    case 29: case 31: return `not allowed to change the configs of "${topic}" (${name}): ask for the AlterConfigs permission on the topic (with IAM: kafka-cluster:AlterTopicDynamicConfiguration); nothing was changed`;
    case 44: return `a policy of the cluster refused ${configs} of "${topic}" (${name}${said}); nothing was changed`;
    case 41: case 7: return `the cluster could not apply ${configs} of "${topic}" now (${name}${said}): try again in a moment`;
    default: return `the cluster refused ${configs} of "${topic}" (${name}${said})`;
  }
}

// ---- one connection ----

/** A framed request/response connection; answers are matched by correlation id, in order. */
class BrokerConnection {
  private buf: Buffer = Buffer.alloc(0);
  private pending = new Map<number, { resolve: (r: Reader) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;

  private constructor(private readonly socket: net.Socket, private readonly clientId: string) {
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('the broker closed the connection')));
  }

  static open(broker: BrokerAddress, t: BrokerTransport): Promise<BrokerConnection> {
    return new Promise((resolve, reject) => {
      const socket = t.connect ? t.connect(broker) : t.tls ? tls.connect({ ...t.tls, host: broker.host, port: broker.port, servername: t.tls.servername ?? (net.isIP(broker.host) ? undefined : broker.host) }) : net.connect(broker.port, broker.host);
      const ready = t.tls && !t.connect ? 'secureConnect' : 'connect';
      const onError = (err: Error) => reject(err);
      socket.once('error', onError);
      socket.once(ready, () => {
        socket.off('error', onError);
        resolve(new BrokerConnection(socket, t.clientId ?? 'msk-tools'));
      });
    });
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    while (this.buf.length >= 4) {
      const size = this.buf.readInt32BE(0);
      if (this.buf.length < 4 + size) break;
      const r = new Reader(this.buf, 4, 4 + size);
      this.buf = this.buf.subarray(4 + size);
      const id = r.int32();
      const p = this.pending.get(id);
      this.pending.delete(id);
      p?.resolve(r);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  request(apiKey: number, version: number, body: (w: Writer) => void): Promise<Reader> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.write(encodeRequest(apiKey, version, id, this.clientId, body));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * Applies `ops` to `topic`'s configs with IncrementalAlterConfigs v0 (only those configs change), on
 * the first of `brokers` that accepts a connection. Rejects with a message saying what to do when the
 * broker is too old, refuses a config, or does not answer within the deadline (15 s).
 */
export async function incrementalAlterTopicConfigs(brokers: readonly BrokerAddress[], topic: string, ops: readonly ConfigOp[], transport: BrokerTransport = {}, validateOnly = false): Promise<void> {
  if (!ops.length) return;
  const bad = ops.find((o) => o.op !== 'DELETE' && o.value === undefined);
  if (bad) throw new Error(`${bad.op} of ${bad.name} needs a value`);
  const ms = transport.deadlineMs ?? DEFAULT_DEADLINE_MS;
  let conn: BrokerConnection | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const work = async () => {
    const errors: string[] = [];
    for (const b of brokers) {
      try {
        conn = await BrokerConnection.open(b, transport);
        // the deadline passed while connecting: close what opened late
        if (finished) conn.close();
        break;
      } catch (err) {
        errors.push(`${b.host}:${b.port}: ${(err as Error).message}`);
      }
    }
    if (!conn) throw new Error(`could not connect to a broker to change the configs of "${topic}" (${errors.join('; ') || 'no brokers known'}): check that the cluster is reachable, then refresh the explorer`);
    const versions = decodeApiVersionsV0(await conn.request(API_VERSIONS_KEY, 0, () => undefined));
    const range = versions.apis.get(INCREMENTAL_ALTER_CONFIGS_KEY);
    if (versions.errorCode !== 0 || !range || range.min > 0) {
      throw new Error(`the cluster's brokers do not support IncrementalAlterConfigs (Kafka 2.3 or newer), so the configs of "${topic}" were not changed: upgrade the cluster's Kafka version, or change them with kafka-configs.sh --alter`);
    }
    const answer = decodeIncrementalAlterResponse(await conn.request(INCREMENTAL_ALTER_CONFIGS_KEY, 0, encodeIncrementalAlterTopic(topic, ops, validateOnly)));
    const mine = answer.resources.find((a) => a.resourceType === TOPIC_RESOURCE && a.resourceName === topic);
    if (!mine) throw new Error(`the cluster gave no answer for the configs of "${topic}": refresh the explorer and check them`);
    if (mine.errorCode !== 0) throw new ConfigChangeError(describeResourceError(topic, ops, mine), mine.errorCode);
  };
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`changing the configs of "${topic}": the cluster did not answer within ${Math.round(ms / 1000)} s; check them before trying again`)), ms);
  });
  try {
    await Promise.race([work(), timeout]);
  } finally {
    finished = true;
    clearTimeout(timer);
    conn?.close();
  }
}
