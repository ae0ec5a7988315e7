// Brokers that cannot be reached: the message names what was tried and the ways into a VPC, for
// kafkajs's own errors (real ones, from a port nothing listens on) and the tunnels' messages.
import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { createKafka, explainConnectionError, type ConnectionSpec } from '../../../src/kafka/connection';
import { tunnelError, unreachableError } from '../../../src/kafka/unreachable';

const MSK = 'b-1.demo.abc123.c2.kafka.us-east-1.amazonaws.com:9098,b-2.demo.abc123.c2.kafka.us-east-1.amazonaws.com:9098';
const VPC_ADVICE = [/VPN/, /Direct Connect/, /PrivateLink/, /SSH tunnel/, /--ssh/, /public access/, /9194/, /9196/, /9198/];

/** A loopback port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('unreachable clusters', () => {
  it('a refused direct connection (a real kafkajs error) names the brokers, the mode and every way in', async () => {
    const port = await closedPort();
    const spec: ConnectionSpec = { name: 't', bootstrap: `127.0.0.1:${port}`, auth: { mode: 'tls' } };
    const admin = createKafka(spec).admin();
    const err = await admin.connect().then(() => assert.fail('connected'), (e: unknown) => e);
    const e = explainConnectionError(err, spec);
    assert.equal(e.name, 'KafkaUnreachableError');
    assert.match(e.message, new RegExp(`^Cannot reach the cluster: tried 127\\.0\\.0\\.1:${port} \\(TLS\\) directly \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)\\.`));
    for (const re of VPC_ADVICE) assert.match(e.message, re);
  });

  it('names unresolvable broker names and kafkajs connect timeouts as unreachable; a long list is shortened', () => {
    const spec = { bootstrap: `${MSK},b-3.demo.abc123.c2.kafka.us-east-1.amazonaws.com:9098,b-4.demo.abc123.c2.kafka.us-east-1.amazonaws.com:9098`, auth: { mode: 'plaintext' as const } };
    const dns = Object.assign(new Error('Connection error: getaddrinfo ENOTFOUND b-1.demo.abc123.c2.kafka.us-east-1.amazonaws.com'), { name: 'KafkaJSConnectionError', code: 'ENOTFOUND' });
    const wrapped = Object.assign(new Error(dns.message), { name: 'KafkaJSNumberOfRetriesExceeded', cause: dns });
    const e = unreachableError(wrapped, spec)!;
    assert.match(e.message, /tried b-1\.demo\S+:9098, b-2\S+, b-3\S+ and 1 more \(plaintext\) directly \(getaddrinfo ENOTFOUND b-1\.demo/);
    const timeout = unreachableError(Object.assign(new Error('Connection timeout'), { name: 'KafkaJSConnectionError' }), spec)!;
    assert.match(timeout.message, /^Cannot reach the cluster: .*\(Connection timeout\)\. MSK brokers are reachable only from inside their VPC/);
    const deadline = unreachableError(Object.assign(new Error('connecting: the cluster did not answer within 12 s'), { name: 'TimeoutError' }), spec)!;
    assert.match(deadline.message, /did not answer within 12 s/);
  });

  it('through a tunnel: says which tunnel, and whether the tunnel or the brokers behind it are out of reach', () => {
    const ssh = { bootstrap: MSK, auth: { mode: 'sasl_iam' as const, region: 'us-east-1', credentials: () => Promise.resolve({ accessKeyId: 'a', secretAccessKey: 'b' }) }, tunnel: { kind: 'ssh' as const, host: '10.0.0.5', username: 'ec2-user' } };
    const down = unreachableError(new Error('Connection error: Cannot reach the SSH bastion ec2-user@10.0.0.5:22 (ECONNREFUSED): check the host and port'), ssh)!;
    assert.match(down.message, /^Cannot reach the cluster: tried b-1\S+, b-2\S+ \(IAM \(SASL\/OAUTHBEARER\)\) through the SSH bastion ec2-user@10\.0\.0\.5:22, which could not be reached/);
    const behind = unreachableError(new Error('The SSH bastion ec2-user@10.0.0.5:22 could not open a connection to b-1.demo.abc123.c2.kafka.us-east-1.amazonaws.com:9098 (Connection refused)'), ssh)!;
    assert.match(behind.message, /^Cannot reach the cluster through the SSH bastion ec2-user@10\.0\.0\.5:22: tried .*inside the cluster's VPC.*resolves the broker names/);
    const socks = { bootstrap: MSK, tunnel: { kind: 'socks5' as const, host: '127.0.0.1', port: 1080 } };
    const proxy = unreachableError(new Error('Cannot reach the SOCKS5 proxy 127.0.0.1:1080 (connect ECONNREFUSED 127.0.0.1:1080): check that it runs'), socks)!;
    assert.match(proxy.message, /through the SOCKS5 proxy 127\.0\.0\.1:1080, which could not be reached/);
  });

  it('a tunnel that refuses (host key, bastion key) gives its own message, not a broker auth hint', () => {
    const spec: ConnectionSpec = { name: 't', bootstrap: MSK, tunnel: { kind: 'ssh', host: '10.0.0.5', username: 'ec2-user' } };
    const hostKey = new Error('Connection error: The SSH host key of 10.0.0.5:22 is unknown (SHA256:abc is not in /root/.ssh/known_hosts). Verify this fingerprint');
    const retries = Object.assign(new Error(hostKey.message), { name: 'KafkaJSNumberOfRetriesExceeded', cause: Object.assign(hostKey, { name: 'KafkaJSConnectionError' }) });
    const e = explainConnectionError(retries, spec);
    assert.equal(e.name, 'KafkaTunnelError');
    assert.match(e.message, /^SSH tunnel failed: The SSH host key of 10\.0\.0\.5:22 is unknown/);
    assert.equal(tunnelError(retries, { tunnel: undefined }), undefined);
    const rejected = tunnelError(new Error('The SSH bastion ec2-user@10.0.0.5:22 rejected the key /k: check the user name'), spec)!;
    assert.match(rejected.message, /^SSH tunnel failed: The SSH bastion .* rejected the key/);
  });

  it('leaves refusals to the auth explanations: SASL failures and TLS errors are not "unreachable"', () => {
    const spec = { bootstrap: MSK, auth: { mode: 'sasl_scram' as const, username: 'u', password: 'p' } };
    assert.equal(unreachableError(Object.assign(new Error('SASL SCRAM SHA512 authentication failed'), { name: 'KafkaJSSASLAuthenticationError' }), spec), undefined);
    assert.equal(unreachableError(Object.assign(new Error('Connection error: unable to verify the first certificate'), { name: 'KafkaJSConnectionError' }), spec), undefined);
    const sasl = explainConnectionError(Object.assign(new Error('SASL SCRAM SHA512 authentication failed'), { name: 'KafkaJSSASLAuthenticationError' }), { name: 't', ...spec });
    assert.match(sasl.message, /^SASL\/SCRAM-SHA-512 authentication failed/);
  });
});
