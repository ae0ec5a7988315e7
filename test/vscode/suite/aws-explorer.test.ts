// AWS connections in the explorer, in a real VS Code, against the sandbox's MSK API emulator and its
// broker: real @aws-sdk/client-kafka calls signed with profiles from temporary shared files (the
// extension host is this process, so AWS_CONFIG_FILE set here is what the extension reads), and the
// ACL commands checked against the broker with kafkajs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Admin } from 'kafkajs';
import type { MskToolsApi } from '../../../src/extension';
import { child, kids, mskApi, readManifest, repoRoot, waitFor } from './util';
import { ScriptedPrompter } from './prompts';

interface Node {
  id: string; label: string; description?: string; contextValue: string; tooltip?: string; icon?: string; iconColor?: string;
  command?: { command: string; arguments?: unknown[] }; children?(): Promise<Node[]>;
}

describe('explorer: AWS connections against the sandbox\'s MSK API', function () {
  this.timeout(120_000);
  let api: MskToolsApi;
  let sb: import('../../../src/sandbox/index').RunningSandbox;
  let admin: Admin;
  let dir: string;
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  const msk = () => vscode.workspace.getConfiguration('msk');
  // the clusters with several auth modes ask which to use: plaintext here (connection-auth.test.ts covers the others)
  const prompts = new ScriptedPrompter({ 'auth.mode': 'plaintext' });

  before(async () => {
    api = await mskApi();
    api.testing!.setPrompter(prompts);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startSandbox } = require(path.join(repoRoot(), 'dist', 'sandbox.js')) as typeof import('../../../src/sandbox/index');
    sb = await startSandbox({ seed: 'demo' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Kafka, logLevel } = require('kafkajs') as typeof import('kafkajs');
    admin = new Kafka({ brokers: sb.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msk-aws-explorer-'));
    const config = path.join(dir, 'config');
    const credentials = path.join(dir, 'credentials');
    fs.writeFileSync(config, [
      '[profile sandbox]', 'region = us-east-1',
      '[profile denied]', 'region = us-east-1',
      '[profile no-bootstrap]', 'region = us-east-1',
      '[profile throttled-once]', 'region = us-east-1',
      // an SSO profile whose session was never started: no token in the cache, so `aws sso login`
      '[profile sso-dev]', 'sso_session = msk-tools-test-never-logged-in', 'sso_account_id = 123456789012', 'sso_role_name = Dev', 'region = us-east-1',
      '[sso-session msk-tools-test-never-logged-in]', 'sso_start_url = https://msk-tools-test.awsapps.com/start', 'sso_region = us-east-1', '',
    ].join('\n'));
    fs.writeFileSync(credentials, [
      '[sandbox]', 'aws_access_key_id = AKIASANDBOXEXPLORER', 'aws_secret_access_key = sandbox-secret',
      '[denied]', `aws_access_key_id = ${sb.mskFaultKeys.accessDenied}`, 'aws_secret_access_key = sandbox-secret',
      '[no-bootstrap]', `aws_access_key_id = ${sb.mskFaultKeys.bootstrapDenied}`, 'aws_secret_access_key = sandbox-secret',
      '[throttled-once]', `aws_access_key_id = ${sb.mskFaultKeys.throttledOnce}`, 'aws_secret_access_key = sandbox-secret', '',
    ].join('\n'));
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
    await msk().update('aws.endpoint', sb.mskEndpoint, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    api?.testing?.setPrompter(undefined);
    await msk().update('aws.connections', undefined, vscode.ConfigurationTarget.Global);
    await msk().update('aws.endpoint', undefined, vscode.ConfigurationTarget.Global);
    for (const [k, v] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await admin?.disconnect();
    await sb?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const root = async (label: string) => waitFor(async () => ((await api.explorer.getChildren()) as Node[]).find((n) => n.label === label), `the ${label} AWS connection`);
  const run = (id: string, ...args: unknown[]) => vscode.commands.executeCommand<unknown>(id, ...args);

  it('adds a connection through its command, and lists the emulator\'s clusters with type, state, version, auth and brokers', async () => {
    const added = await run('msk.aws.addConnection', { name: 'aws-sandbox', profile: 'sandbox', regions: [] });
    assert.deepStrictEqual(added, { name: 'aws-sandbox', profile: 'sandbox' });
    assert.deepStrictEqual(msk().get('aws.connections'), [{ name: 'aws-sandbox', profile: 'sandbox' }]);
    const conn = await root('aws-sandbox');
    assert.strictEqual(conn.description, "sandbox · the profile's region");
    const clusters = await kids(conn);
    // every page of ListClustersV2 (the sandbox pages by 4)
    assert.deepStrictEqual(clusters.map((c) => c.label).sort(), [
      'msk-sandbox', 'msk-sandbox-creating', 'msk-sandbox-healing', 'msk-sandbox-public', 'msk-sandbox-serverless', 'msk-sandbox-updating',
    ]);
    const byName = new Map(clusters.map((c) => [c.label, c]));
    const main = byName.get('msk-sandbox')!;
    assert.match(main.description!, /^PROVISIONED · ACTIVE · Kafka [\d.]+ · plaintext, tls, sasl_scram, sasl_iam · 3 brokers$/);
    assert.strictEqual(main.contextValue, 'msk.cluster');
    assert.deepStrictEqual([main.icon, main.iconColor], ['pass-filled', 'testing.iconPassed']);
    assert.match(main.tooltip!, /^arn:aws:kafka:us-east-1:\d{12}:cluster\/msk-sandbox\//m);
    assert.match(main.tooltip!, /^VPC subnets: subnet-/m);
    assert.match(byName.get('msk-sandbox-serverless')!.description!, /^SERVERLESS · ACTIVE · sasl_iam$/);
    assert.deepStrictEqual([byName.get('msk-sandbox-creating')!.icon, byName.get('msk-sandbox-updating')!.icon, byName.get('msk-sandbox-healing')!.icon], ['loading~spin', 'sync~spin', 'heart']);
    assert.match(byName.get('msk-sandbox-public')!.tooltip!, /^brokers: 3 × kafka\.m7g\.large 1000 GiB storage each$/m);
    assert.match(byName.get('msk-sandbox-public')!.tooltip!, /^public access: on · multi-VPC connectivity on$/m);
  });

  it('refuses a connection with a malformed region, and leaves the settings alone', async () => {
    assert.strictEqual(await run('msk.aws.addConnection', { profile: 'sandbox', regions: ['us-east-1', 'Frankfurt'] }), undefined);
    assert.match(api.lastCommandFailure('msk.aws.addConnection') ?? '', /"Frankfurt" is not a region name/);
    assert.deepStrictEqual(msk().get('aws.connections'), [{ name: 'aws-sandbox', profile: 'sandbox' }]);
  });

  it('drills into the provisioned cluster down to brokers, topics and partitions with offsets', async () => {
    const main = await child(await root('aws-sandbox'), 'msk-sandbox');
    const top = await kids(main);
    assert.deepStrictEqual(top.map((n) => n.label), ['Brokers (3)', 'Topics (7)', 'Consumer groups (1)', 'ACLs']);
    const described = await admin.describeCluster();
    assert.deepStrictEqual((await kids(top[0])).map((b) => b.label), described.brokers.map((b) => `Broker ${b.nodeId}`).sort());
    const orders = await child(top[1], 'orders');
    const offsets = await admin.fetchTopicOffsets('orders');
    const parts = await kids(orders);
    for (const o of offsets) assert.match(parts.find((p) => p.label === `Partition ${o.partition}`)!.description!, new RegExp(`offsets ${o.low}–${o.high} · `));
    const lag = await kids(await child(top[2], 'billing-service'));
    assert.match(lag[0].description!, /^\d+ in total/);
  });

  it('opens a cluster with IAM only through IAM, and says that the broker refused this profile\'s key', async () => {
    prompts.answers['tls.ca'] = 'file';
    prompts.answers['tls.caFile'] = sb.caFile;
    const askedBefore = prompts.asked.length;
    const serverless = await child(await root('aws-sandbox'), 'msk-sandbox-serverless');
    const [item] = await kids(serverless);
    // one mode only: no mode question, just where the CA comes from
    const asked = prompts.asked.slice(askedBefore);
    assert.deepStrictEqual(asked.map((a) => a.id), ['tls.ca', 'tls.caFile'], JSON.stringify(asked));
    // AKIASANDBOXEXPLORER is not an identity the sandbox's IAM listener knows
    assert.match(item.label, /^IAM \(SASL\/OAUTHBEARER\) authentication failed: .*AKIASANDBOXEXPLORER/);
    assert.match(item.label, /kafka-cluster:Connect/);
    assert.strictEqual(item.contextValue, 'msk.error');
  });

  it('uses the public bootstrap strings when asked, and says which a cluster lacks', async () => {
    const before = msk().get<unknown[]>('aws.connections') ?? [];
    await msk().update('aws.connections', [...before, { name: 'aws-public', profile: 'sandbox', bootstrapKind: 'public' }], vscode.ConfigurationTarget.Global);
    try {
      const conn = await root('aws-public');
      assert.strictEqual(conn.description, "sandbox · the profile's region · public");
      // public access on MSK needs access control: the modes offered are the cluster's public ones
      prompts.answers['auth.mode'] = undefined;
      const [pub] = await kids(await child(conn, 'msk-sandbox-public'));
      prompts.answers['auth.mode'] = 'plaintext';
      assert.deepStrictEqual(prompts.asked.filter((a) => a.id === 'auth.mode').at(-1)?.offered, ['tls', 'sasl_scram', 'sasl_iam']);
      assert.strictEqual(pub.label, 'No auth mode chosen for msk-sandbox-public: click to choose one.');
      const [none] = await kids(await child(conn, 'msk-sandbox'));
      assert.strictEqual(none.label, 'No public bootstrap servers');
      assert.match(none.tooltip!, /bootstrapKind/);
      assert.strictEqual(await run('msk.copyBootstrapServers', await child(conn, 'msk-sandbox-public'), { authMode: 'sasl_iam', access: 'public' }), sb.listeners.sasl_iam);
    } finally {
      await msk().update('aws.connections', before, vscode.ConfigurationTarget.Global);
    }
  });

  it('copies the ARN, the bootstrap servers per auth mode, and gives the console address', async () => {
    const main = await child(await root('aws-sandbox'), 'msk-sandbox');
    const arn = sb.clusters.find((a) => /cluster\/msk-sandbox\//.test(a))!;
    await vscode.env.clipboard.writeText('');
    assert.strictEqual(await run('msk.copyArn', main), arn);
    assert.strictEqual(await vscode.env.clipboard.readText(), arn);
    assert.strictEqual(await run('msk.copyBootstrapServers', main, { authMode: 'sasl_scram' }), sb.listeners.sasl_scram);
    assert.strictEqual(await vscode.env.clipboard.readText(), sb.listeners.sasl_scram);
    assert.strictEqual(await run('msk.openInConsole', main, { open: false }),
      `https://us-east-1.console.aws.amazon.com/msk/home?region=us-east-1#/cluster/${encodeURIComponent(arn)}/view`);
    assert.strictEqual(await run('msk.copyBootstrapServers', main, { authMode: 'mtls' }), undefined);
    assert.match(api.lastCommandFailure('msk.copyBootstrapServers') ?? '', /has no bootstrap string for mtls/);
  });

  it('shows AccessDenied as an error item naming the IAM action, and an expired SSO session with the login command', async () => {
    await msk().update('aws.connections', [
      ...(msk().get<unknown[]>('aws.connections') ?? []),
      { name: 'aws-denied', profile: 'denied' },
      { name: 'aws-sso', profile: 'sso-dev' },
    ], vscode.ConfigurationTarget.Global);
    const [denied] = await kids(await root('aws-denied'));
    assert.match(denied.label, /^Access denied to kafka:ListClustersV2 in us-east-1/);
    assert.match(denied.tooltip!, /Allow kafka:ListClustersV2 in an IAM policy of the identity behind profile "denied"/);
    assert.strictEqual(denied.command?.command, 'msk.explorer.retry');

    const [sso] = await kids(await root('aws-sso'));
    assert.match(sso.label, /SSO session of profile "sso-dev" has expired or was never started/);
    assert.strictEqual(sso.contextValue, 'msk.error.ssoLogin');
    assert.strictEqual(sso.command?.command, 'msk.aws.ssoLogin');
    const ran = (await run(sso.command.command, ...(sso.command.arguments ?? []))) as { command: string; terminal: string };
    assert.strictEqual(ran.command, 'aws sso login --profile sso-dev');
    assert.ok(vscode.window.terminals.some((t) => t.name === 'aws sso login (sso-dev)'), vscode.window.terminals.map((t) => t.name).join(', '));
    for (const t of vscode.window.terminals) if (t.name === ran.terminal) t.dispose();
  });

  it('lists clusters whose bootstrap strings are denied, saying so under each; retries throttling unseen', async () => {
    await msk().update('aws.connections', [
      ...(msk().get<unknown[]>('aws.connections') ?? []),
      { name: 'aws-no-bootstrap', profile: 'no-bootstrap' },
      { name: 'aws-throttled', profile: 'throttled-once' },
    ], vscode.ConfigurationTarget.Global);
    const clusters = await kids(await root('aws-no-bootstrap'));
    assert.strictEqual(clusters.length, 6);
    const [item] = await kids(clusters.find((c) => c.label === 'msk-sandbox')!);
    assert.match(item.label, /^No bootstrap servers: Access denied to kafka:GetBootstrapBrokers/);
    assert.match(item.tooltip!, /Allow kafka:GetBootstrapBrokers/);
    // every other request is throttled: the SDK's retries absorb it, and the tree shows the clusters
    const throttled = await kids(await root('aws-throttled'));
    assert.deepStrictEqual(throttled.map((c) => c.label).sort(), clusters.map((c) => c.label).sort());
    assert.ok(!throttled.some((c) => c.contextValue.startsWith('msk.error')));
  });

  it('creates an ACL on a topic, lists it under the topic and the cluster, previews and deletes it', async () => {
    const main = await child(await root('aws-sandbox'), 'msk-sandbox');
    const orders = await child(await child(main, /^Topics \(/), 'orders');
    const created = await run('msk.acl.create', orders, { principal: 'User:alice', operation: 'READ', permission: 'ALLOW' });
    assert.deepStrictEqual(created, { resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', principal: 'User:alice', host: '*', operation: 'READ', permission: 'ALLOW' });
    const onBroker = await admin.describeAcls({ resourceType: 2, resourcePatternType: 1, operation: 1, permissionType: 1 });
    assert.deepStrictEqual(onBroker.resources.map((r) => [r.resourceName, r.acls.map((a) => a.principal)]), [['orders', ['User:alice']]]);

    const again = await child(await child(await child(await root('aws-sandbox'), 'msk-sandbox'), /^Topics \(/), 'orders');
    const acls = await kids(await child(again, 'ACLs'));
    assert.deepStrictEqual(acls.map((a) => `${a.label} | ${a.description}`), ['ALLOW READ · User:alice | TOPIC orders']);
    const clusterAcls = await kids(await child(await child(await root('aws-sandbox'), 'msk-sandbox'), 'ACLs'));
    assert.deepStrictEqual(clusterAcls.map((a) => a.label), ['ALLOW READ · User:alice']);
    const audit = await child(await child(await child(await root('aws-sandbox'), 'msk-sandbox'), /^Topics \(/), 'audit-log');
    assert.deepStrictEqual((await kids(await child(audit, 'ACLs'))).map((a) => a.label), ['No ACL bindings']);

    const preview = await run('msk.acl.delete', acls[0], { dryRun: true }) as { preview: string[]; deleted: string[] };
    assert.deepStrictEqual(preview, { preview: ['ALLOW User:alice READ on TOPIC orders from *'], deleted: [] });
    assert.strictEqual((await admin.describeAcls({ resourceType: 1, resourcePatternType: 1, operation: 1, permissionType: 1 })).resources.length, 1, 'a dry run deletes nothing');
    const done = await run('msk.acl.delete', acls[0], { confirm: true }) as { deleted: string[] };
    assert.deepStrictEqual(done.deleted, ['ALLOW User:alice READ on TOPIC orders from *']);
    assert.deepStrictEqual((await admin.describeAcls({ resourceType: 1, resourcePatternType: 1, operation: 1, permissionType: 1 })).resources, []);
  });

  it('refuses ACL writes on a read-only AWS connection', async () => {
    await msk().update('aws.connections', [{ name: 'aws-ro', profile: 'sandbox', readOnly: true }], vscode.ConfigurationTarget.Global);
    const ro = await root('aws-ro');
    assert.strictEqual(ro.contextValue, 'msk.awsConnection.readOnly');
    const main = await child(ro, 'msk-sandbox');
    assert.strictEqual(main.contextValue, 'msk.cluster.readOnly');
    const orders = await child(await child(main, /^Topics \(/), 'orders');
    assert.strictEqual(await run('msk.acl.create', orders, { principal: 'User:bob', operation: 'READ', permission: 'ALLOW' }), undefined);
    assert.match(api.lastCommandFailure('msk.acl.create') ?? '', /read-only connection/);
    assert.deepStrictEqual((await admin.describeAcls({ resourceType: 1, resourcePatternType: 1, operation: 1, permissionType: 1 })).resources, []);
    // and hidden: the ACL write commands' menus match no read-only node, and do match the writable ones
    const manifest = readManifest() as unknown as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
    const menus = manifest.contributes.menus['view/item/context'].filter((e) => e.command === 'msk.acl.create' || e.command === 'msk.acl.delete');
    const shownFor = (when: string, item: string) => when.split('&&').map((c) => c.trim()).filter((c) => c.startsWith('viewItem')).every((c) => {
      const eq = /^viewItem == (\S+)$/.exec(c);
      if (eq) return eq[1] === item;
      const re = /^viewItem =~ \/(.+)\/$/.exec(c);
      return re ? new RegExp(re[1]).test(item) : false;
    });
    const aclsRo = await child(orders, 'ACLs');
    for (const node of [main, orders, aclsRo]) for (const e of menus) assert.ok(!shownFor(e.when, node.contextValue), `${e.command} shows on ${node.contextValue}`);
    for (const [id, item] of [['msk.acl.create', 'msk.cluster'], ['msk.acl.create', 'msk.topic'], ['msk.acl.create', 'msk.group'], ['msk.acl.create', 'msk.folder.acls'], ['msk.acl.delete', 'msk.acl']]) {
      assert.ok(menus.some((e) => e.command === id && shownFor(e.when, item)), `${id} does not show on ${item}`);
    }
    assert.ok(menus.every((e) => !shownFor(e.when, 'msk.acl.readOnly')));
    // the clients of the connections that went are closed: only this connection's clusters stay
    assert.ok(api.registry.all().filter((h) => h.owner === 'aws').every((h) => h.target.readOnly));
  });

  it('gives up on an MSK API that never answers after 15 s, with an error item and a retry', async () => {
    // accepts connections and never answers: only the tree's own deadline ends the wait
    const sockets: net.Socket[] = [];
    const hung = net.createServer((sock) => void sockets.push(sock));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    try {
      await msk().update('aws.endpoint', `http://127.0.0.1:${(hung.address() as net.AddressInfo).port}`, vscode.ConfigurationTarget.Global);
      await msk().update('aws.connections', [{ name: 'aws-hung', profile: 'sandbox' }], vscode.ConfigurationTarget.Global);
      const [item] = await kids(await root('aws-hung'));
      assert.match(item.label, /^Listing the MSK clusters of aws-hung: the MSK API did not answer within 15 s$/);
      assert.match(item.tooltip!, /Check the endpoint \(msk\.aws\.endpoint\)/);
      assert.strictEqual(item.command?.command, 'msk.explorer.retry');
    } finally {
      await msk().update('aws.endpoint', sb.mskEndpoint, vscode.ConfigurationTarget.Global);
      for (const sock of sockets) sock.destroy();
      hung.close();
    }
  });
});
