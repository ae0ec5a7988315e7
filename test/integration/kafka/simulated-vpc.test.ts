// Reaching a cluster inside a VPC (issue 8), in a simulated one (test/helpers/vpc.ts): the sandbox's
// brokers live on a network namespace's loopback and advertise MSK host names that resolve only
// there; a real OpenSSH server is the bastion on the veth address; the "laptop" is a second namespace
// that reaches only that address. `msk-tools topics` (the built CLI) and the explorer's data path
// (openKafka → ClusterAdmin.overview / describeCluster) run on the laptop: directly they fail within
// 15 s with the unreachable message; through --ssh, and through `ssh -D` as --socks5, they list the
// topics the brokers hold.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { requireBuiltCli, runCli, type CliRun } from '../../helpers/cli-process';
import { brokerName, fakeStaleNamespace, namespaceExists, removeStaleNamespaces, requireNetns, startVpc, type Vpc } from '../../helpers/vpc';
import type { ConnectionSpec } from '../../../src/kafka/connection';
import { existsSync, readFileSync } from 'node:fs';

const ROOT = resolve(__dirname, '../../..');
const DEMO_TOPICS = ['audit-log', 'compressed', 'events-with-headers', 'orders', 'orders-glue-avro', 'payments-confluent-protobuf', 'sensor-readings'];
const SOCKS_PORT = 1080; // the laptop namespace's own loopback: no clash with anything outside

/** The explorer's data path (test/helpers/explorer-probe.ts) run on the laptop. */
function explorer(vpc: Vpc, spec: ConnectionSpec): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolveP, reject) => {
    const child = spawn('ip', [...vpc.onLaptop.slice(1), process.execPath, '--import', 'tsx', join(ROOT, 'test/helpers/explorer-probe.ts'), JSON.stringify(spec)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveP({ code, out, err, ms: Date.now() - started });
    });
  });
}

const names = (r: CliRun) => {
  assert.equal(r.code, 0, `exit ${r.code}: ${r.err}`);
  return (JSON.parse(r.out) as { topics: { name: string }[] }).topics.map((t) => t.name).sort();
};

describe('a cluster inside a simulated VPC (network namespaces, OpenSSH bastion)', function () {
  this.timeout(180_000);
  let vpc: Vpc | undefined;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    requireNetns(this);
    requireBuiltCli();
    vpc = await startVpc({ brokers: 3, seed: 'demo' });
    const { accessKeyId, secretAccessKey } = vpc.sandbox.iamCredentials.user;
    // The laptop's AWS credentials: the sandbox's IAM user. No region: --iam reads it from the broker names.
    env = { PATH: process.env.PATH, HOME: vpc.dir, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(vpc.dir, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: join(vpc.dir, 'no-credentials') };
  });
  after(async () => {
    await vpc?.stop();
  });

  const onLaptop = (args: string[]) => runCli(args, { env, wrapper: vpc!.onLaptop });
  const ssh = () => ['--ssh', `${vpc!.sshUser}@${vpc!.bastionIp}`, '--ssh-key', vpc!.userKey, '--ssh-known-hosts', vpc!.knownHosts];
  const sshTunnel = (): ConnectionSpec['tunnel'] => ({ kind: 'ssh', host: vpc!.bastionIp, port: 22, username: vpc!.sshUser, privateKeyPath: vpc!.userKey, knownHostsFile: vpc!.knownHosts });

  it('the brokers advertise MSK host names, and inside the VPC they list the demo topics', async () => {
    assert.equal(vpc!.sandbox.bootstrap.split(',')[0].split(':')[0], brokerName(1));
    const inside = await runCli(['topics', '--format', 'json', '--bootstrap', vpc!.sandbox.bootstrap], { env, wrapper: ['ip', 'netns', 'exec', vpc!.vpcNs] });
    assert.deepEqual(names(inside), DEMO_TOPICS);
  });

  it('from the laptop a direct connection fails within 15 s, naming the brokers tried and the ways into a VPC', async () => {
    const r = await onLaptop(['topics', '--bootstrap', vpc!.sandbox.listeners.sasl_iam, '--iam', '--ca', vpc!.sandbox.caFile]);
    assert.equal(r.code, 2, r.err);
    assert.ok(r.ms < 15_000, `${r.ms} ms`);
    assert.match(r.err, new RegExp(`Cannot reach the cluster: tried ${brokerName(1).replace(/\./g, '\\.')}:\\d+, .* \\(IAM \\(SASL/OAUTHBEARER\\)\\) directly`));
    for (const re of [/VPN/, /Direct Connect/, /PrivateLink/, /--ssh/, /--socks5/, /public access/, /9194/, /9196/, /9198/]) assert.match(r.err, re);
    // The bastion's address is reachable, the brokers' ports on it are not (they listen on the VPC's loopback).
    const port = vpc!.sandbox.bootstrap.split(',')[0].split(':')[1];
    const byIp = await onLaptop(['topics', '--bootstrap', `${vpc!.bastionIp}:${port}`]);
    assert.equal(byIp.code, 2);
    assert.match(byIp.err, /Cannot reach the cluster: tried 10\.213\.\d+\.2:\d+ \(plaintext\) directly \(connect ECONNREFUSED/);
  });

  it('the explorer data path fails the same way from the laptop', async () => {
    const r = await explorer(vpc!, { name: 'vpc', bootstrap: vpc!.sandbox.bootstrap });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /^Cannot reach the cluster: tried b-1\.msk-vpc\S+ .*\(plaintext\) directly .*VPN.*--ssh/);
  });

  it('msk-tools topics --ssh lists the topics through the bastion: plaintext, and IAM over TLS with the region from the broker names', async () => {
    const before = (readLog(vpc!).match(/server_request_direct_tcpip/g) ?? []).length;
    assert.deepEqual(names(await onLaptop(['topics', '--format', 'json', '--bootstrap', vpc!.sandbox.bootstrap, ...ssh()])), DEMO_TOPICS);
    const iam = await onLaptop(['topics', '--format', 'json', '--bootstrap', vpc!.sandbox.listeners.sasl_iam, '--iam', '--ca', vpc!.sandbox.caFile, ...ssh()]);
    assert.deepEqual(names(iam), DEMO_TOPICS);
    // sshd forwarded connections to the advertised names (the bastion resolved them inside the VPC)
    const log = readLog(vpc!);
    assert.ok((log.match(/server_request_direct_tcpip/g) ?? []).length > before);
    assert.match(log, new RegExp(`${brokerName(1).replace(/\./g, '\\.')}`));
  });

  it('an unknown bastion host key is refused with its fingerprint, and accepted with --ssh-accept-fingerprint', async () => {
    const base = ['topics', '--format', 'json', '--bootstrap', vpc!.sandbox.bootstrap, '--ssh', `${vpc!.sshUser}@${vpc!.bastionIp}`, '--ssh-key', vpc!.userKey, '--ssh-known-hosts', '/dev/null'];
    const refused = await onLaptop(base);
    assert.equal(refused.code, 2, refused.err);
    assert.match(refused.err, /^msk-tools: SSH tunnel failed: The SSH host key of 10\.213\.\d+\.2:22 is unknown/);
    assert.ok(refused.err.includes(vpc!.hostFingerprint), refused.err);
    assert.deepEqual(names(await onLaptop([...base, '--ssh-accept-fingerprint', vpc!.hostFingerprint])), DEMO_TOPICS);
  });

  it('the explorer data path works through the SSH tunnel', async () => {
    const r = await explorer(vpc!, { name: 'vpc', bootstrap: vpc!.sandbox.bootstrap, tunnel: sshTunnel() });
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as { brokers: string[]; topics: string[]; described: string[] };
    assert.deepEqual(doc.brokers.map((b) => b.split(':')[0]).sort(), [brokerName(1), brokerName(2), brokerName(3)]);
    assert.deepEqual([...doc.topics].sort(), DEMO_TOPICS);
    assert.deepEqual([...doc.described].sort(), DEMO_TOPICS);
  });

  it('both work through ssh -D as a SOCKS5 proxy (--socks5), TLS verified against the broker names', async () => {
    const socks = await vpc!.startSshSocks(SOCKS_PORT);
    try {
      assert.deepEqual(names(await onLaptop(['topics', '--format', 'json', '--bootstrap', vpc!.sandbox.listeners.tls, '--ca', vpc!.sandbox.caFile, '--socks5', `127.0.0.1:${SOCKS_PORT}`])), DEMO_TOPICS);
      const r = await explorer(vpc!, { name: 'vpc', bootstrap: vpc!.sandbox.bootstrap, tunnel: { kind: 'socks5', host: '127.0.0.1', port: SOCKS_PORT } });
      assert.equal(r.code, 0, r.err);
      assert.deepEqual([...(JSON.parse(r.out) as { topics: string[] }).topics].sort(), DEMO_TOPICS);
    } finally {
      socks.kill('SIGTERM');
    }
  });

  it('a bastion that cannot reach the brokers is named, within 15 s', async () => {
    // a port nothing listens on inside the VPC
    const r = await onLaptop(['topics', '--bootstrap', `${brokerName(1)}:1`, ...ssh()]);
    assert.equal(r.code, 2, r.err);
    assert.ok(r.ms < 15_000, `${r.ms} ms`);
    assert.match(r.err, new RegExp(`Cannot reach the cluster through the SSH bastion root@${vpc!.bastionIp.replace(/\./g, '\\.')}:22: tried ${brokerName(1).replace(/\./g, '\\.')}:1 \\(plaintext\\)`));
  });
});

describe('simulated VPC cleanup', function () {
  this.timeout(60_000);
  before(function () {
    requireNetns(this);
  });

  it('removes a namespace and /etc/netns folder left by a crashed run', () => {
    const stale = fakeStaleNamespace();
    assert.ok(namespaceExists(stale));
    assert.ok(removeStaleNamespaces().includes(stale));
    assert.ok(!namespaceExists(stale));
    assert.ok(!existsSync(`/etc/netns/${stale}`));
  });

  it('a VPC that is stopped leaves no namespace or /etc/netns folder behind', async () => {
    requireBuiltCli();
    const vpc = await startVpc({ brokers: 1, seed: 'none' });
    const made = [vpc.vpcNs, vpc.laptopNs];
    assert.ok(made.every(namespaceExists));
    await vpc.stop();
    for (const ns of made) {
      assert.ok(!namespaceExists(ns), ns);
      assert.ok(!existsSync(`/etc/netns/${ns}`), ns);
    }
  });
});

function readLog(vpc: Vpc): string {
  return existsSync(vpc.sshdLog) ? readFileSync(vpc.sshdLog, 'utf8') : '';
}
