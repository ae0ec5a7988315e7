// A small Kafka client for the hot paths kafkajs is too slow for (peek, produce): bootstrap,
// metadata, and one connection per broker, each opened through the connection factory with the
// same auth config as createKafka (TLS, mTLS, SASL PLAIN / SCRAM-SHA-512 / OAUTHBEARER for IAM) and
// the same tunnels. A connection the broker closed (idle, or a SASL session that ended, KIP-368) is
// opened again on its next use; one whose SASL session is about to end is replaced before it does.
import type { ISocketFactory, SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { parseBootstrap } from '../../core/bootstrap';
import { ApiKey } from '../../core/protocol/api-keys';
import { decodeMetadata, encodeMetadata, type MetadataResponse, type MetadataTopic } from '../../core/protocol/client-requests';
import { ErrorCode, errorName } from '../../core/protocol/errors';
import { kafkaAuthConfig, Redactor, resolveAuth } from '../auth';
import { brokerSocketFactory, explainConnectionError, type ConnectionSpec } from '../connection';
import { BrokerConnection, ConnectionClosedError, KafkaProtocolError } from './broker-connection';

export { BrokerConnection, ConnectionClosedError, KafkaProtocolError } from './broker-connection';

export interface WireClientOptions {
  clientId?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface TopicLayout {
  topic: string;
  /** partition -> leader broker id, in partition order. */
  leaders: Map<number, number>;
}

export class WireClient {
  private readonly conns = new Map<number, Promise<BrokerConnection>>();
  private brokers = new Map<number, { host: string; port: number }>();
  private bootstrapConn: BrokerConnection | null = null;
  private closed = false;

  private constructor(
    private readonly spec: ConnectionSpec,
    private readonly socketFactory: ISocketFactory,
    private readonly ssl: ConnectionOptions | undefined,
    private readonly sasl: SASLOptions | undefined,
    private readonly opts: WireClientOptions,
    readonly redactor: Redactor,
  ) {}

  /** Connects to the first bootstrap broker that answers. Errors name the auth mode and what to do. */
  static async connect(spec: ConnectionSpec, opts: WireClientOptions = {}): Promise<WireClient> {
    const redactor = new Redactor();
    const auth = await resolveAuth(spec.auth);
    const cfg = kafkaAuthConfig(auth, redactor);
    redactor.add(spec.tunnel?.kind === 'ssh' ? spec.tunnel.passphrase : spec.tunnel?.password);
    const client = new WireClient(spec, brokerSocketFactory(spec), cfg.ssl, cfg.sasl, opts, redactor);
    const errors: string[] = [];
    const bootstrap = parseBootstrap(spec.bootstrap);
    // every bootstrap broker that does not answer costs its timeout: together at most ~10 s, so
    // that an unreachable cluster is reported within 15 s
    const perBroker = opts.connectTimeoutMs ?? Math.max(3000, Math.floor(10000 / bootstrap.length));
    for (const b of bootstrap) {
      const [host, port] = splitHostPort(b);
      try {
        client.bootstrapConn = await client.open(host, port, perBroker);
        return client;
      } catch (err) {
        if (err instanceof KafkaProtocolError) throw client.explain(err); // authentication refused: no point trying the others
        errors.push(`${b}: ${(err as Error).message}`);
      }
    }
    throw client.explain(new ConnectionClosedError(`Connection error: no bootstrap broker answered (${errors.join('; ')})`));
  }

  /** As the explorer explains kafkajs's failures: the auth mode, unreachable brokers (and the ways into a VPC), redacted. */
  private explain(err: Error): Error {
    const e = err instanceof KafkaProtocolError && /SASL/.test(err.message) ? Object.assign(new Error(err.message), { name: 'KafkaJSSASLAuthenticationError' })
      : err instanceof ConnectionClosedError ? Object.assign(new Error(err.message), { name: 'KafkaJSConnectionError' }) : err;
    return explainConnectionError(e, this.spec, this.redactor);
  }

  private open(host: string, port: number, connectTimeoutMs = this.opts.connectTimeoutMs): Promise<BrokerConnection> {
    return BrokerConnection.open({
      host, port, socketFactory: this.socketFactory, ssl: this.ssl, sasl: this.sasl, clientId: this.opts.clientId,
      connectTimeoutMs, requestTimeoutMs: this.opts.requestTimeoutMs,
    });
  }

  /** Any live connection (for metadata and other cluster-wide requests). */
  async any(): Promise<BrokerConnection> {
    if (this.closed) throw new ConnectionClosedError('the client is closed');
    if (this.bootstrapConn && !this.bootstrapConn.stale) return this.bootstrapConn;
    for (const [id] of this.brokers) {
      try {
        return await this.broker(id);
      } catch {
        // try the next one
      }
    }
    this.bootstrapConn?.close();
    const [host, port] = splitHostPort(parseBootstrap(this.spec.bootstrap)[0]);
    this.bootstrapConn = await this.open(host, port);
    return this.bootstrapConn;
  }

  /** The connection to broker `id` (from the last metadata), opened again if it was closed or is stale. */
  async broker(id: number): Promise<BrokerConnection> {
    if (this.closed) throw new ConnectionClosedError('the client is closed');
    const cached = this.conns.get(id);
    if (cached) {
      const c = await cached.catch(() => null);
      if (c && !c.stale) return c;
      if (c) {
        const old = c;
        // let requests in flight finish on the old one (a stale SASL session still answers until it ends)
        setTimeout(() => old.close(), 30000).unref();
      }
      this.conns.delete(id);
    }
    const addr = this.brokers.get(id);
    if (!addr) throw new Error(`broker ${id} is not in the cluster's metadata`);
    const p = this.open(addr.host, addr.port);
    this.conns.set(id, p);
    p.catch(() => { if (this.conns.get(id) === p) this.conns.delete(id); });
    return p;
  }

  /** allowAutoCreate: let the broker create a missing topic, as producers do (where auto.create.topics.enable is on; Metadata v4+, older versions always may). */
  async metadata(topics: string[] | null, allowAutoCreate = false): Promise<MetadataResponse> {
    const conn = await this.any();
    const v = conn.version(ApiKey.Metadata);
    const md = await conn.request(ApiKey.Metadata, v, (w) => encodeMetadata(w, v, topics, allowAutoCreate), (r) => decodeMetadata(r, v));
    this.brokers = new Map(md.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }]));
    return md;
  }

  /** The topic's partitions and their leaders; a missing topic or an unknown partition is an error that says so. */
  async topicLayout(topic: string, opts: { autoCreate?: boolean; retries?: number } = {}): Promise<TopicLayout> {
    const retries = opts.retries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const md = await this.metadata([topic], opts.autoCreate === true);
      const t: MetadataTopic | undefined = md.topics.find((x) => x.name === topic);
      const err = t?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      if (err === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && !(opts.autoCreate && attempt < retries)) throw new KafkaProtocolError(err, `Topic "${topic}" does not exist (or this connection may not describe it).`);
      if (err === ErrorCode.TOPIC_AUTHORIZATION_FAILED) throw new KafkaProtocolError(err, `Not authorized to describe topic "${topic}": the IAM policy or ACLs must allow DescribeTopic (kafka-cluster:DescribeTopic).`);
      const leaderless = t!.partitions.some((p) => p.leader < 0 || !this.brokers.has(p.leader));
      if ((err === ErrorCode.NONE && !leaderless) || attempt >= retries) {
        if (err === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) throw new KafkaProtocolError(err, `Topic "${topic}" does not exist, and the cluster did not create it (auto.create.topics.enable is off, as on MSK by default): create it first.`);
        if (err !== ErrorCode.NONE) throw new KafkaProtocolError(err, `Metadata for topic "${topic}": ${errorName(err)}`);
        const leaders = new Map<number, number>();
        for (const p of [...t!.partitions].sort((a, b) => a.partition - b.partition)) leaders.set(p.partition, p.leader);
        return { topic, leaders };
      }
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
  }

  close(): void {
    this.closed = true;
    this.bootstrapConn?.close();
    for (const p of this.conns.values()) p.then((c) => c.close(), () => {});
    this.conns.clear();
  }
}

export function splitHostPort(hostPort: string): [string, number] {
  const i = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  return [host, Number(hostPort.slice(i + 1))];
}
