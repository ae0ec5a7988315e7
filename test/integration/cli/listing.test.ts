// msk-tools clusters / topics / groups against the local sandbox with its demo seed, run
// in-process through main() as a shell would run them (stdout, stderr, exit code).
import { strict as assert } from 'node:assert';
import { main, EXIT } from '../../../src/cli/main';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { DEMO_GROUP } from '../../../src/sandbox/seed';
import { awsHome, type AwsHome } from '../../helpers/aws-home';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => (out.push(String(s)), true));
  process.stderr.write = ((s: string) => (err.push(String(s)), true));
  const savedExit = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
    process.exitCode = savedExit;
  }
}

describe('msk-tools clusters, topics and groups against the sandbox', function () {
  this.timeout(60000);
  let sb: RunningSandbox;
  let home: AwsHome;

  before(async () => {
    sb = await startSandbox({ seed: 'demo' });
    home = awsHome('[default]\nregion = us-east-1\n[profile denied]\nregion = us-east-1\n', `[default]\naws_access_key_id = AKIATEST\naws_secret_access_key = s\n[denied]\naws_access_key_id = ${sb.mskFaultKeys.accessDenied}\naws_secret_access_key = s\n`);
  });
  after(async () => {
    home?.restore();
    await sb?.stop();
  });

  it('clusters --endpoint lists the provisioned and serverless clusters with their bootstrap strings (json)', async () => {
    const r = await run(['clusters', '--endpoint', sb.mskEndpoint, '--format', 'json']);
    assert.equal(r.code, EXIT.ok, r.err);
    const doc = JSON.parse(r.out) as { profile: null; endpoint: string; regions: { region: string; clusters: number; error: null }[]; clusters: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(doc), ['profile', 'endpoint', 'regions', 'clusters']);
    assert.deepEqual(doc.regions, [{ region: 'us-east-1', clusters: 6, error: null }]);
    const prov = doc.clusters.find((c) => c.name === 'msk-sandbox')!;
    assert.deepEqual(Object.keys(prov), ['name', 'arn', 'region', 'type', 'state', 'kafkaVersion', 'authModes', 'brokerCount', 'instanceType', 'storageGiB', 'publicAccess', 'bootstrap', 'bootstrapError']);
    assert.equal(prov.arn, sb.clusters[0]);
    assert.equal(prov.type, 'PROVISIONED');
    assert.deepEqual(prov.bootstrap, [
      { authMode: 'plaintext', access: 'private', brokers: sb.listeners.plaintext },
      { authMode: 'tls', access: 'private', brokers: sb.listeners.tls },
      { authMode: 'sasl_scram', access: 'private', brokers: sb.listeners.sasl_scram },
      { authMode: 'sasl_iam', access: 'private', brokers: sb.listeners.sasl_iam },
    ]);
    const serverless = doc.clusters.find((c) => c.type === 'SERVERLESS')!;
    assert.deepEqual(serverless.bootstrap, [{ authMode: 'sasl_iam', access: 'private', brokers: sb.listeners.sasl_iam }]);
    assert.equal(serverless.brokerCount, null);
    const pub = doc.clusters.find((c) => c.name === 'msk-sandbox-public')!;
    assert.equal(pub.publicAccess, true);
  });

  it('clusters in text shows each cluster, its state and bootstrap strings', async () => {
    const r = await run(['clusters', '--endpoint', sb.mskEndpoint, '--region', 'us-east-1']);
    assert.equal(r.code, EXIT.ok, r.err);
    assert.match(r.out, /^msk-sandbox {2}\(us-east-1\) {2}PROVISIONED · ACTIVE · Kafka 3\.6\.0 · 3 brokers · auth: plaintext, tls, sasl_scram, sasl_iam$/m);
    assert.match(r.out, /^msk-sandbox-serverless {2}\(us-east-1\) {2}SERVERLESS · ACTIVE · auth: sasl_iam$/m);
    assert.match(r.out, /CREATING/);
    assert.ok(r.out.includes(`sasl_iam    public            ${sb.listeners.sasl_iam}`), r.out);
  });

  it('clusters with a denied profile exits 2 and names the IAM action', async () => {
    const r = await run(['clusters', '--profile', 'denied', '--endpoint', sb.mskEndpoint, '--format', 'json']);
    assert.equal(r.code, EXIT.usage);
    const doc = JSON.parse(r.out) as { regions: { error: { code: string; iamAction: string; hint: string } }[] };
    assert.equal(doc.regions[0].error.code, 'access-denied');
    assert.equal(doc.regions[0].error.iamAction, 'kafka:ListClustersV2');
    assert.match(doc.regions[0].error.hint, /Allow kafka:ListClustersV2/);
  });

  it('clusters with an unknown profile exits 2 with what to do', async () => {
    const r = await run(['clusters', '--profile', 'nope', '--endpoint', sb.mskEndpoint]);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /profile "nope" is not in the shared config or credentials file/);
    assert.match(r.err, /aws configure list-profiles/);
  });

  it('groups --group billing-service shows its lag per partition and in total, from the broker\'s offsets', async () => {
    const r = await run(['groups', '--bootstrap', sb.bootstrap, '--group', DEMO_GROUP, '--format', 'json']);
    assert.equal(r.code, EXIT.ok, r.err);
    const { groups } = JSON.parse(r.out) as { groups: { groupId: string; state: string; members: unknown[]; partitions: { topic: string; partition: number; committed: number; latest: number; lag: number }[]; totalLag: number }[] };
    assert.equal(groups.length, 1);
    const g = groups[0];
    assert.deepEqual(Object.keys(g), ['groupId', 'state', 'protocolType', 'protocol', 'members', 'partitions', 'totalLag']);
    assert.equal(g.groupId, DEMO_GROUP);
    assert.equal(g.members.length, 0);
    assert.equal(g.partitions.length, 3);
    for (const p of g.partitions) {
      const hw = sb.broker.cluster.partition(p.topic, p.partition)!.log.highWatermark;
      assert.equal(p.latest, hw);
      assert.equal(p.lag, hw - p.committed);
      assert.ok(p.lag > 0);
    }
    assert.equal(g.totalLag, g.partitions.reduce((s, p) => s + p.lag, 0));
    const text = await run(['groups', '--bootstrap', sb.bootstrap]);
    assert.equal(text.code, EXIT.ok, text.err);
    assert.match(text.out, new RegExp(`^${DEMO_GROUP} {2}state \\w+ {2}protocol consumer\\S* {2}members 0 {2}total lag ${g.totalLag}$`, 'm'));
    assert.match(text.out, /^ {2}orders +0 +\d+ +\d+ +\d+$/m);
  });

  it('groups --group for a group that does not exist exits 2', async () => {
    const r = await run(['groups', '--bootstrap', sb.bootstrap, '--group', 'no-such-group']);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /no consumer group "no-such-group"/);
  });

  it('topics lists partitions with earliest/latest offsets and counts, and follows DeleteRecords', async () => {
    sb.broker.cluster.deleteRecords('orders', 0, 5);
    const r = await run(['topics', '--bootstrap', sb.bootstrap, '--format', 'json']);
    assert.equal(r.code, EXIT.ok, r.err);
    const { topics } = JSON.parse(r.out) as { topics: { name: string; internal: boolean; messages: number; partitions: { partition: number; leader: number; replicas: number[]; isr: number[]; earliest: number; latest: number; messages: number }[] }[] };
    assert.ok(topics.every((t) => !t.internal), 'internal topics only with --include-internal');
    const orders = topics.find((t) => t.name === 'orders')!;
    assert.deepEqual(Object.keys(orders), ['name', 'internal', 'partitions', 'messages']);
    assert.deepEqual(Object.keys(orders.partitions[0]), ['partition', 'leader', 'replicas', 'isr', 'earliest', 'latest', 'messages']);
    for (const p of orders.partitions) {
      const log = sb.broker.cluster.partition('orders', p.partition)!.log;
      assert.deepEqual([p.earliest, p.latest, p.messages], [log.logStartOffset, log.highWatermark, log.highWatermark - log.logStartOffset]);
    }
    assert.equal(orders.partitions[0].earliest, 5);
    assert.equal(orders.messages, orders.partitions.reduce((s, p) => s + p.messages, 0));
    const text = await run(['topics', '--bootstrap', sb.bootstrap]);
    assert.match(text.out, new RegExp(`^orders +total +${orders.messages}$`, 'm'));
  });

  it('topics without --bootstrap, or with a bad one, exits 2 with an example', async () => {
    const missing = await run(['topics']);
    assert.equal(missing.code, EXIT.usage);
    assert.match(missing.err, /--bootstrap is required/);
    const bad = await run(['groups', '--bootstrap', 'nohost']);
    assert.equal(bad.code, EXIT.usage);
    assert.match(bad.err, /not a broker address/);
    const fmt = await run(['topics', '--bootstrap', sb.bootstrap, '--format', 'yaml']);
    assert.equal(fmt.code, EXIT.usage);
  });
});
