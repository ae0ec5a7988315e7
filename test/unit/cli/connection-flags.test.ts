// The CLI's connection flags turned into a ConnectionSpec, and the usage errors that say what to give.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { addConnectionOptions, connectionSpecFromOptions, type ConnectionFlags } from '../../../src/cli/connection-flags';
import { UsageError } from '../../../src/cli/errors';
import { bootstrapRegion, mskHostRegion } from '../../../src/core/msk-hosts';
import { awsHome, type AwsHome } from '../../helpers/aws-home';

const B = 'b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098,b-2.demo.abc123.c2.kafka.eu-west-1.amazonaws.com:9098';

function parse(argv: string[]): ConnectionFlags {
  const cmd = addConnectionOptions(new Command('t').exitOverride());
  cmd.parse(argv, { from: 'user' });
  return cmd.opts<ConnectionFlags>();
}

const usage = (re: RegExp) => (e: unknown) => e instanceof UsageError && re.test(e.message);

describe('MSK host names', () => {
  it('give the region of provisioned, public and serverless brokers', () => {
    assert.equal(mskHostRegion('b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com'), 'eu-west-1');
    assert.equal(mskHostRegion('b-2-public.demo.abc123.c3.kafka.ap-southeast-2.amazonaws.com'), 'ap-southeast-2');
    assert.equal(mskHostRegion('boot-x1y2z3.c2.kafka-serverless.us-east-2.amazonaws.com'), 'us-east-2');
    assert.equal(mskHostRegion('b-1.demo.abc.c1.kafka.cn-north-1.amazonaws.com.cn'), 'cn-north-1');
    assert.equal(mskHostRegion('b-1.demo.abc.c1.kafka.us-gov-west-1.amazonaws.com'), 'us-gov-west-1');
    assert.equal(mskHostRegion('127.0.0.1'), undefined);
    assert.equal(mskHostRegion('kafka.example.com'), undefined);
  });

  it('a bootstrap string has a region only when all its brokers agree', () => {
    assert.equal(bootstrapRegion(B), 'eu-west-1');
    assert.equal(bootstrapRegion(`${B},127.0.0.1:9092`), undefined);
    assert.equal(bootstrapRegion('b-1.a.b.c2.kafka.eu-west-1.amazonaws.com:9098,b-1.a.b.c2.kafka.us-east-1.amazonaws.com:9098'), undefined);
  });
});

describe('connection flags → ConnectionSpec', () => {
  let dir: string;
  let home: AwsHome;
  let pem: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'msk-flags-'));
    pem = join(dir, 'x.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    home = awsHome('[default]\nregion = ap-south-1\n[profile other]\nregion = sa-east-1\n', '[default]\naws_access_key_id = AKIAX\naws_secret_access_key = s\n');
  });
  after(() => {
    home.restore();
    rmSync(dir, { recursive: true, force: true });
  });
  const spec = (argv: string[], env: NodeJS.ProcessEnv = {}) => connectionSpecFromOptions(parse(argv), env);

  it('plaintext without auth flags; TLS with --tls, --ca or --tls-server-name', async () => {
    assert.deepEqual(await spec(['--bootstrap', '127.0.0.1:9092']), { name: 'msk-tools', bootstrap: '127.0.0.1:9092', auth: { mode: 'plaintext' } });
    assert.deepEqual((await spec(['--bootstrap', B, '--tls'])).auth, { mode: 'tls' });
    assert.deepEqual((await spec(['--bootstrap', B, '--ca', pem, '--tls-server-name', 'b-1.x'])).auth, { mode: 'tls', caFile: pem, servername: 'b-1.x' });
  });

  it('mTLS from --cert and --key, the passphrase from the named variable', async () => {
    assert.deepEqual((await spec(['--bootstrap', B, '--cert', pem, '--key', pem, '--key-passphrase-env', 'KP'], { KP: 'pass' })).auth, { mode: 'mtls', certFile: pem, keyFile: pem, passphrase: 'pass' });
    await assert.rejects(spec(['--bootstrap', B, '--cert', pem]), usage(/both --cert FILE and --key FILE/));
    await assert.rejects(spec(['--bootstrap', B, '--cert', join(dir, 'nope.pem'), '--key', pem]), usage(/--cert .*nope\.pem: cannot read it \(ENOENT\)/));
  });

  it('SCRAM typed: the password only from an environment variable', async () => {
    assert.deepEqual((await spec(['--bootstrap', B, '--scram-user', 'alice', '--scram-password-env', 'PW'], { PW: 'pw' })).auth, { mode: 'sasl_scram', username: 'alice', password: 'pw' });
    await assert.rejects(spec(['--bootstrap', B, '--scram-user', 'alice']), usage(/--scram-password-env VAR/));
    await assert.rejects(spec(['--bootstrap', B, '--scram-user', 'alice', '--scram-password-env', 'PW']), usage(/PW is not set/));
    await assert.rejects(spec(['--bootstrap', B, '--scram-user', 'alice', '--scram-password-env', 'pw=secret']), usage(/the NAME of an environment variable/));
    await assert.rejects(spec(['--bootstrap', B, '--scram-password-env', 'PW'], { PW: 'x' }), usage(/needs --scram-user/));
  });

  it('SCRAM from a Secrets Manager secret: region from its ARN', async () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:AmazonMSK_demo-AbCdEf';
    const auth = (await spec(['--bootstrap', B, '--scram-secret', arn])).auth;
    assert.equal(auth?.mode, 'sasl_scram');
    assert.equal(auth?.mode === 'sasl_scram' && auth.secret?.secretId, arn);
    await assert.rejects(spec(['--bootstrap', B, '--scram-secret', arn, '--scram-user', 'x']), usage(/cannot be combined/));
  });

  it('IAM: the region from --region, else the broker host names, else the profile', async () => {
    const region = async (argv: string[]) => {
      const a = (await spec(argv)).auth;
      assert.equal(a?.mode, 'sasl_iam');
      return a?.mode === 'sasl_iam' ? a.region : undefined;
    };
    assert.equal(await region(['--bootstrap', B, '--iam', '--region', 'us-west-2']), 'us-west-2');
    assert.equal(await region(['--bootstrap', B, '--iam']), 'eu-west-1');
    assert.equal(await region(['--bootstrap', '127.0.0.1:19392', '--iam']), 'ap-south-1');
    assert.equal(await region(['--bootstrap', '127.0.0.1:19392', '--iam', '--profile', 'other']), 'sa-east-1');
  });

  it('one auth mode at a time; AWS flags only with an AWS mode', async () => {
    await assert.rejects(spec(['--bootstrap', B, '--iam', '--scram-user', 'a', '--scram-password-env', 'P'], { P: 'x' }), usage(/--iam and --scram-… cannot be combined/));
    await assert.rejects(spec(['--bootstrap', B, '--iam', '--cert', pem, '--key', pem]), usage(/cannot be combined/));
    await assert.rejects(spec(['--bootstrap', B, '--profile', 'other']), usage(/--profile is for AWS credentials/));
  });

  it('--bootstrap is required and checked', async () => {
    await assert.rejects(spec([]), usage(/--bootstrap is required/));
    await assert.rejects(spec(['--bootstrap', 'nohost']), usage(/--bootstrap: "nohost" is not a broker address/));
  });

  it('--ssh user@host[:port] with a key, known_hosts and an accepted fingerprint', async () => {
    const fp = 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8';
    const s = await spec(['--bootstrap', B, '--ssh', 'ec2-user@10.0.0.5:2222', '--ssh-key', pem, '--ssh-known-hosts', pem, '--ssh-accept-fingerprint', fp, '--ssh-key-passphrase-env', 'KP'], { KP: 'kp' });
    assert.deepEqual(s.tunnel, { kind: 'ssh', host: '10.0.0.5', port: 2222, username: 'ec2-user', privateKeyPath: pem, passphrase: 'kp', knownHostsFile: pem, hostKeyFingerprint: fp });
    const agent = await spec(['--bootstrap', B, '--ssh', 'me@bastion'], { SSH_AUTH_SOCK: '/run/agent.sock' });
    assert.deepEqual(agent.tunnel, { kind: 'ssh', host: 'bastion', port: 22, username: 'me', agent: '/run/agent.sock' });
    await assert.rejects(spec(['--bootstrap', B, '--ssh', 'me@bastion:x', '--ssh-key', pem]), usage(/--ssh "me@bastion:x": write it as user@host\[:port\]/));
    await assert.rejects(spec(['--bootstrap', B, '--ssh', 'me@bastion', '--ssh-key', pem, '--ssh-accept-fingerprint', 'yes']), usage(/SHA256 fingerprint/));
    await assert.rejects(spec(['--bootstrap', B, '--ssh-key', pem]), usage(/--ssh-key is for an SSH tunnel: add --ssh/));
  });

  it('--socks5 host:port, not together with --ssh', async () => {
    assert.deepEqual((await spec(['--bootstrap', B, '--socks5', '127.0.0.1:1080'])).tunnel, { kind: 'socks5', host: '127.0.0.1', port: 1080 });
    await assert.rejects(spec(['--bootstrap', B, '--socks5', '127.0.0.1']), usage(/--socks5 "127.0.0.1": write it as host:port/));
    await assert.rejects(spec(['--bootstrap', B, '--socks5', '127.0.0.1:1080', '--ssh', 'a@b', '--ssh-key', pem]), usage(/--ssh and --socks5 cannot be combined/));
  });
});
