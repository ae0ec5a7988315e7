// The connection factory's tunnels against a real OpenSSH bastion on loopback: kafkajs reaches the
// sandbox's brokers (bootstrap and every advertised broker) through ssh2 direct-tcpip channels, through
// `ssh -D` as a SOCKS5 proxy, and with TLS end to end inside the SSH tunnel.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel, type ISocketFactory } from 'kafkajs';
import { createKafka, withAdmin } from '../../../src/kafka/connection';
import { tunnelSocketFactory, type TunnelSpec, type TunnelSocketFactory } from '../../../src/kafka/tunnels';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { ENCRYPTED_KEY_PASSPHRASE, freePort, requireMicrosocks, requireOpenSsh, startMicrosocks, startBastion, startSshSocks, type Bastion, type SocksProxy } from '../../helpers/sshd';

function brokerPorts(bootstrap: string): number[] {
  return bootstrap.split(',').map((hp) => Number(hp.split(':').pop()));
}

/** Records every host:port kafkajs asks the factory for. */
function recording(factory: ISocketFactory, seen: Set<string>): ISocketFactory {
  return (args) => {
    seen.add(`${args.host}:${args.port}`);
    return factory(args);
  };
}

async function roundTrip(kafka: Kafka, topic: string): Promise<{ topics: string[]; value: string }> {
  const topics = await withAdmin(kafka, async (admin) => {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    return admin.listTopics();
  });
  const producer = kafka.producer();
  await producer.connect();
  const sent = `hello through ${topic}`;
  try {
    await producer.send({ topic, messages: [{ key: 'k', value: sent }] });
  } finally {
    await producer.disconnect();
  }
  const consumer = kafka.consumer({ groupId: `g-${topic}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const value = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no message within 20 s')), 20000);
      void consumer.run({
        eachMessage: ({ message }) => {
          clearTimeout(t);
          resolve(message.value?.toString() ?? '');
          return Promise.resolve();
        },
      });
    });
    return { topics, value };
  } finally {
    await consumer.disconnect();
  }
}

async function connectError(spec: TunnelSpec, bootstrap: string): Promise<{ message: string; ms: number }> {
  const started = Date.now();
  const kafka = createKafka({ name: 't', bootstrap, tunnel: spec });
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (e) {
    if (process.env.SHOW_TUNNEL_ERRORS) console.log(`      ${(e as Error).message}`);
    return { message: (e as Error).message, ms: Date.now() - started };
  } finally {
    await admin.disconnect().catch(() => {});
  }
  throw new Error('connected, but it should have failed');
}

describe('kafka tunnels through a real OpenSSH bastion', function () {
  this.timeout(90000);
  let bastion: Bastion | undefined;
  let socks: SocksProxy | undefined;
  let sb: RunningSandbox | undefined;
  const factories: TunnelSocketFactory[] = [];
  const factory = (spec: TunnelSpec) => {
    const f = tunnelSocketFactory(spec);
    factories.push(f);
    return f;
  };
  const sshSpec = (over: Partial<Extract<TunnelSpec, { kind: 'ssh' }>> = {}): TunnelSpec => ({
    kind: 'ssh',
    host: '127.0.0.1',
    port: bastion!.port,
    username: bastion!.user,
    privateKeyPath: bastion!.userKey,
    knownHostsFile: bastion!.knownHosts,
    ...over,
  });

  before(async function () {
    requireOpenSsh(this);
    bastion = await startBastion();
    socks = await startSshSocks(bastion);
    sb = await startSandbox({ brokers: 3, seed: 'none' });
  });

  after(async () => {
    for (const f of factories) await f.close().catch(() => {});
    await sb?.stop().catch(() => {});
    await socks?.stop();
    await bastion?.stop();
  });

  it('lists topics and produces and consumes through an SSH tunnel, reaching every advertised broker', async () => {
    const seen = new Set<string>();
    const kafka = new Kafka({ clientId: 't', brokers: [sb!.bootstrap.split(',')[0]], logLevel: logLevel.NOTHING, socketFactory: recording(factory(sshSpec()), seen) });
    const { topics, value } = await roundTrip(kafka, 'via-ssh');
    assert.ok(topics.includes('via-ssh'), topics.join(','));
    assert.equal(value, 'hello through via-ssh');
    // kafkajs was given one bootstrap broker, and went to all three advertised ones through the tunnel
    const ports = brokerPorts(sb!.bootstrap);
    for (const p of ports) assert.ok([...seen].includes(`127.0.0.1:${p}`), `no connection to broker ${p}: ${[...seen].join(',')}`);
    // and sshd itself forwarded to each of them (its DEBUG1 log names every direct-tcpip target)
    const log = readFileSync(bastion!.logFile, 'utf8');
    for (const p of ports) assert.match(log, new RegExp(`server_request_direct_tcpip: .*target 127\\.0\\.0\\.1 port ${p}\\b`));
  });

  it('createKafka uses the tunnel of its ConnectionSpec', async () => {
    const forwards = () => readFileSync(bastion!.logFile, 'utf8').split('server_request_direct_tcpip').length - 1;
    const before = forwards();
    const kafka = createKafka({ name: 'vpc', bootstrap: sb!.bootstrap, tunnel: sshSpec() });
    const topics = await withAdmin(kafka, (admin) => admin.listTopics());
    assert.ok(topics.includes('via-ssh'), topics.join(','));
    assert.ok(forwards() > before, 'the connection did not go through the bastion');
  });

  it('lists topics and produces and consumes through ssh -D as a SOCKS5 proxy', async () => {
    const seen = new Set<string>();
    const kafka = new Kafka({ clientId: 't', brokers: [sb!.bootstrap.split(',')[0]], logLevel: logLevel.NOTHING, socketFactory: recording(factory({ kind: 'socks5', host: '127.0.0.1', port: socks!.port }), seen) });
    const { topics, value } = await roundTrip(kafka, 'via-socks');
    assert.ok(topics.includes('via-socks'));
    assert.equal(value, 'hello through via-socks');
    for (const p of brokerPorts(sb!.bootstrap)) assert.ok(seen.has(`127.0.0.1:${p}`), [...seen].join(','));
  });

  it('authenticates to a SOCKS5 proxy with a username and password (RFC 1929, microsocks)', async function () {
    requireMicrosocks(this);
    const proxy = await startMicrosocks('proxy-user', 'proxy-secret');
    try {
      const kafka = createKafka({ name: 'socks-auth', bootstrap: sb!.bootstrap, tunnel: { kind: 'socks5', host: '127.0.0.1', port: proxy.port, username: 'proxy-user', password: 'proxy-secret' } });
      const topics = await withAdmin(kafka, async (admin) => {
        await admin.createTopics({ topics: [{ topic: 'via-socks-auth' }], waitForLeaders: true });
        return admin.listTopics();
      });
      assert.ok(topics.includes('via-socks-auth'), topics.join(','));
      const { message } = await connectError({ kind: 'socks5', host: '127.0.0.1', port: proxy.port, username: 'proxy-user', password: 'wrong-secret' }, sb!.bootstrap);
      assert.match(message, /SOCKS5 proxy 127\.0\.0\.1:\d+ refused authentication.*check the proxy user name and password/);
      assert.ok(!message.includes('wrong-secret'), message);
      // and without credentials the proxy does not let us through either
      const none = await connectError({ kind: 'socks5', host: '127.0.0.1', port: proxy.port }, sb!.bootstrap);
      assert.match(none.message, /SOCKS5 proxy 127\.0\.0\.1:\d+ requires authentication.*give its user name and password/);
    } finally {
      await proxy.stop();
    }
  });

  it('runs TLS end to end inside the SSH tunnel, verifying the broker certificate and its name', async () => {
    const tlsBootstrap = sb!.listeners.tls.replace(/127\.0\.0\.1/g, 'localhost');
    const ca = readFileSync(sb!.caFile, 'utf8');
    // the accepted-fingerprint path, with an empty known_hosts
    const empty = join(bastion!.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const spec = sshSpec({ knownHostsFile: empty, hostKeyFingerprint: bastion!.hostFingerprint });
    const kafka = new Kafka({ clientId: 't', brokers: tlsBootstrap.split(','), ssl: { ca }, logLevel: logLevel.NOTHING, socketFactory: factory(spec) });
    const { topics, value } = await roundTrip(kafka, 'via-ssh-tls');
    assert.ok(topics.includes('via-ssh-tls'));
    assert.equal(value, 'hello through via-ssh-tls');
    // without the CA, the same path is refused: verification really happens inside the tunnel
    const untrusted = new Kafka({ clientId: 't', brokers: tlsBootstrap.split(','), ssl: true, retry: { retries: 0 }, logLevel: logLevel.NOTHING, socketFactory: factory(spec) });
    const admin = untrusted.admin();
    await assert.rejects(admin.connect(), /self[- ]signed|unable to verify|certificate/i);
    await admin.disconnect().catch(() => {});
    // and a name the certificate does not hold is refused: hostname verification is on
    const misnamed = new Kafka({ clientId: 't', brokers: tlsBootstrap.split(','), ssl: { ca, servername: 'b-1.not-this-cluster.example' }, retry: { retries: 0 }, logLevel: logLevel.NOTHING, socketFactory: factory(spec) });
    const admin2 = misnamed.admin();
    await assert.rejects(admin2.connect(), /does not match|altnames/i);
    await admin2.disconnect().catch(() => {});
  });

  it('createKafka combines its tunnel with its TLS auth (caFile, hostname verified)', async () => {
    const kafka = createKafka({ name: 'vpc-tls', bootstrap: sb!.listeners.tls.replace(/127\.0\.0\.1/g, 'localhost'), auth: { mode: 'tls', caFile: sb!.caFile }, tunnel: sshSpec() });
    const topics = await withAdmin(kafka, (admin) => admin.listTopics());
    assert.ok(topics.includes('via-ssh-tls'), topics.join(','));
    const wrongName = createKafka({ name: 'vpc-tls', bootstrap: sb!.listeners.tls, auth: { mode: 'tls', caFile: sb!.caFile, servername: 'b-1.other.example' }, tunnel: sshSpec() });
    await assert.rejects(withAdmin(wrongName, (admin) => admin.listTopics()), /does not match|altnames/i);
  });

  it('accepts an encrypted key with its passphrase and a hashed known_hosts (ssh-keygen -H)', async () => {
    const hashed = join(bastion!.dir, 'hashed_known_hosts');
    copyFileSync(bastion!.knownHosts, hashed);
    const r = spawnSync('ssh-keygen', ['-H', '-f', hashed], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(hashed, 'utf8'), /^\|1\|/);
    const kafka = createKafka({ name: 'vpc', bootstrap: sb!.bootstrap, tunnel: sshSpec({ knownHostsFile: hashed, privateKeyPath: bastion!.encryptedKey, passphrase: ENCRYPTED_KEY_PASSPHRASE }) });
    const topics = await withAdmin(kafka, (admin) => admin.listTopics());
    assert.ok(topics.includes('via-ssh'), topics.join(','));
  });

  it('reports an encrypted key given without its passphrase', async () => {
    const { message } = await connectError(sshSpec({ privateKeyPath: bastion!.encryptedKey }), sb!.bootstrap);
    assert.match(message, /encrypted_key .*give its passphrase/);
  });

  it('refuses an unknown host key, saying how to accept it', async () => {
    const empty = join(bastion!.dir, 'none_known_hosts');
    writeFileSync(empty, '');
    const { message } = await connectError(sshSpec({ knownHostsFile: empty }), sb!.bootstrap);
    assert.match(message, /host key of 127\.0\.0\.1:\d+ is unknown/);
    assert.ok(message.includes(bastion!.hostFingerprint), message);
    assert.match(message, /Verify this fingerprint/);
  });

  it('refuses a host key that differs from known_hosts', async () => {
    const wrong = join(bastion!.dir, 'wrong_known_hosts');
    const otherPub = readFileSync(`${bastion!.otherKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    writeFileSync(wrong, `[127.0.0.1]:${bastion!.port} ${otherPub}\n`);
    const { message } = await connectError(sshSpec({ knownHostsFile: wrong }), sb!.bootstrap);
    assert.match(message, /has CHANGED/);
  });

  it('reports a key the bastion does not accept, saying what to check', async () => {
    const { message } = await connectError(sshSpec({ privateKeyPath: bastion!.otherKey }), sb!.bootstrap);
    assert.match(message, /rejected the key .*other_key/);
    assert.match(message, /authorized_keys/);
  });

  it('reports a SOCKS5 proxy that is down within 15 s', async () => {
    const port = await freePort();
    const { message, ms } = await connectError({ kind: 'socks5', host: '127.0.0.1', port }, sb!.bootstrap);
    assert.match(message, /Cannot reach the SOCKS5 proxy 127\.0\.0\.1:\d+ .*ECONNREFUSED/);
    assert.ok(ms < 15000, `${ms} ms`);
  });

  it('reports a bastion that is down within 15 s', async () => {
    const port = await freePort(); // nothing listens there
    const { message, ms } = await connectError(sshSpec({ port }), sb!.bootstrap);
    assert.match(message, /Cannot reach the SSH bastion .*ECONNREFUSED/);
    assert.ok(ms < 15000, `${ms} ms`);
  });
});
