// The explorer and its admin commands in a real VS Code, against a real sandbox broker started by
// the test (so the test can also shape the cluster: an ISR shrunk, 510 extra topics). Commands run
// through executeCommand with their prompts' answers as a second argument; every effect is checked
// against the broker with kafkajs, not through the extension.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Admin, Kafka as KafkaType } from 'kafkajs';
import type { MskToolsApi } from '../../../src/extension';
import { child, kids, mskApi, readManifest, repoRoot, waitFor } from './util';

interface Node {
  id: string; label: string; description?: string; contextValue: string; warning?: string; tooltip?: string;
  command?: { command: string; arguments?: unknown[] }; children?(): Promise<Node[]>;
}

describe('explorer: brokers, topics, groups and admin commands', function () {
  this.timeout(120_000);
  let api: MskToolsApi;
  let sb: { bootstrap: string; broker: { cluster: { topics: Map<string, { partitions: { isr: number[] }[] }> } }; stop(): Promise<void> };
  let kafka: KafkaType;
  let admin: Admin;
  const NAME = 'explorer-test';
  const RO = 'explorer-read-only';

  before(async () => {
    api = await mskApi();
    // the sandbox from its built chunk (dist/sandbox.js), the one the extension itself runs
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startSandbox } = require(path.join(repoRoot(), 'dist', 'sandbox.js')) as typeof import('../../../src/sandbox/index');
    sb = await startSandbox({ seed: 'demo' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Kafka, logLevel } = require('kafkajs') as typeof import('kafkajs');
    kafka = new Kafka({ brokers: sb.bootstrap.split(','), logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await vscode.workspace.getConfiguration('msk').update('connections', [
      { name: NAME, bootstrap: sb.bootstrap },
      { name: RO, bootstrap: sb.bootstrap, readOnly: true },
    ], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('msk').update('connections', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('msk').update('explorer.showInternalTopics', undefined, vscode.ConfigurationTarget.Global);
    await admin?.disconnect();
    await sb?.stop();
  });

  const roots = async (): Promise<Node[]> => await api.explorer.getChildren();
  const cluster = async (name = NAME) => waitFor(async () => (await roots()).find((n) => n.label === name), `the ${name} connection`);
  const folder = async (which: 'Brokers' | 'Topics' | 'Consumer groups', name = NAME) => child(await cluster(name), new RegExp(`^${which} \\(`));
  const run = (id: string, ...args: unknown[]) => vscode.commands.executeCommand<unknown>(id, ...args);
  const refresh = () => run('msk.explorer.refresh');
  const failure = (id: string): string | undefined => api.lastCommandFailure(id);

  it('shows brokers with racks and the controller, topics with offsets and configs, and groups with lag', async () => {
    const top = await kids(await cluster());
    assert.deepStrictEqual(top.map((n) => n.label), ['Brokers (3)', 'Topics (7)', 'Consumer groups (1)', 'ACLs']);
    const brokers = await kids(top[0]);
    const described = await admin.describeCluster();
    assert.deepStrictEqual(brokers.map((b) => b.label), described.brokers.map((b) => `Broker ${b.nodeId}`).sort());
    for (const b of brokers) assert.match(b.description!, /^127\.0\.0\.1:\d+ · rack use1-az\d/);
    assert.deepStrictEqual(brokers.filter((b) => /controller$/.test(b.description!)).map((b) => b.label), [`Broker ${described.controller}`]);

    const orders = await child(top[1], 'orders');
    const parts = await kids(orders);
    const offsets = await admin.fetchTopicOffsets('orders');
    for (const o of offsets) {
      const p = parts.find((x) => x.label === `Partition ${o.partition}`)!;
      assert.match(p.description!, new RegExp(`offsets ${o.low}–${o.high} · ${Number(o.high) - Number(o.low)} messages$`));
    }
    const total = offsets.reduce((s, o) => s + Number(o.high) - Number(o.low), 0);
    assert.strictEqual(parts.find((x) => x.label === 'Total')!.description, `${total} messages in 3 partitions`);
    const configs = parts.find((x) => /^Configs \(/.test(x.label))!;
    const entries = (await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: 'orders' }] })).resources[0].configEntries;
    assert.strictEqual(configs.label, `Configs (${entries.filter((e) => !e.isDefault).length} of ${entries.length} set)`);
    assert.strictEqual((await kids(configs)).length, entries.length);

    const group = await child(top[2], 'billing-service');
    const committed = (await admin.fetchOffsets({ groupId: 'billing-service', topics: ['orders'] }))[0].partitions;
    const lag = committed.reduce((s, c) => s + Number(offsets.find((o) => o.partition === c.partition)!.high) - Number(c.offset), 0);
    const gk = await kids(group);
    assert.strictEqual(gk[0].description, `${lag} in total · first reading`);
    assert.strictEqual(gk[1].label, 'Members (0)');
    assert.deepStrictEqual(gk.slice(2).map((n) => n.label), ['orders [0]', 'orders [1]', 'orders [2]', 'ACLs']);
    assert.match(gk[2].description!, /^committed \d+ · end \d+ · lag \d+$/);
    assert.match(group.description!, new RegExp(`^Empty · lag ${lag}$`));

    // more records: after a refresh the lag has grown, and the group says so
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'orders', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
    await producer.disconnect();
    await refresh();
    const again = await child(await folder('Consumer groups'), 'billing-service');
    const gk2 = await kids(again);
    assert.strictEqual(gk2[0].description, `${lag + 3} in total · growing since the last refresh`);
    assert.match(again.description!, /· growing$/);
  });

  it('hides internal topics unless asked, filters topics per cluster, and pages beyond 500', async () => {
    await admin.createTopics({ topics: [{ topic: '__explorer_internal', numPartitions: 1 }] });
    await refresh();
    assert.strictEqual((await folder('Topics')).label, 'Topics (7)');
    await vscode.workspace.getConfiguration('msk').update('explorer.showInternalTopics', true, vscode.ConfigurationTarget.Global);
    await waitFor(async () => (await folder('Topics')).label === 'Topics (8)', 'the internal topic to show');
    await vscode.workspace.getConfiguration('msk').update('explorer.showInternalTopics', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(async () => (await folder('Topics')).label === 'Topics (7)', 'the internal topic to hide');

    await run('msk.topic.filter', await cluster(), { pattern: 'ord' });
    const filtered = await folder('Topics');
    assert.strictEqual(filtered.label, 'Topics (2 of 7)');
    assert.strictEqual(filtered.description, 'filter: ord');
    assert.deepStrictEqual((await kids(filtered)).map((t) => t.label), ['orders', 'orders-glue-avro']);
    // kept per cluster: the read-only connection to the same broker is not filtered
    assert.strictEqual((await folder('Topics', RO)).label, 'Topics (7)');
    await run('msk.topic.filter', await cluster(), { pattern: '' });
    assert.strictEqual((await folder('Topics')).label, 'Topics (7)');

    const many = Array.from({ length: 510 }, (_, i) => ({ topic: `bulk-${String(i).padStart(3, '0')}`, numPartitions: 1 }));
    await admin.createTopics({ topics: many });
    try {
      await refresh();
      const topics = await folder('Topics');
      assert.strictEqual(topics.label, 'Topics (517)');
      const first = await kids(topics);
      assert.strictEqual(first.length, 501);
      const more = first[500];
      assert.strictEqual(more.label, 'Load more… (500 of 517 shown)');
      await run(more.command!.command, ...(more.command!.arguments ?? []));
      const all = await kids(topics);
      assert.strictEqual(all.length, 517);
      assert.ok(!all.some((n) => n.contextValue === 'msk.loadMore'));
    } finally {
      await admin.deleteTopics({ topics: many.map((t) => t.topic) });
      await refresh();
    }
  });

  it('marks an under-replicated partition, and its topic', async () => {
    const state = sb.broker.cluster.topics.get('audit-log')!;
    const before = state.partitions[0].isr;
    state.partitions[0].isr = before.slice(0, 1); // a follower fell out of sync
    try {
      await refresh();
      const topic = await child(await folder('Topics'), 'audit-log');
      assert.match(topic.warning!, /1 partition needs attention/);
      const [p0] = await kids(topic);
      assert.match(p0.warning!, /Partition 0 is under-replicated/);
      assert.strictEqual((await child(await folder('Topics'), 'orders')).warning, undefined);
    } finally {
      state.partitions[0].isr = before;
    }
  });

  it('creates a topic (validated as Kafka does), shows and compares its config, edits it, and deletes it', async () => {
    const topics = await folder('Topics');
    assert.strictEqual(await run('msk.topic.create', topics, { name: 'bad name', partitions: 1, replicationFactor: 1, configs: {} }), undefined);
    assert.match(failure('msk.topic.create')!, /Use only ASCII letters, digits/);
    assert.strictEqual(await run('msk.topic.create', topics, { name: 'x', partitions: 1, replicationFactor: 4, configs: {} }), undefined);
    assert.match(failure('msk.topic.create')!, /at most the broker count \(3\)/);
    assert.ok(!(await admin.listTopics()).includes('x'));

    await run('msk.topic.create', topics, { name: 'explorer.topic', partitions: 2, replicationFactor: 3, configs: { 'retention.ms': '3600000' } });
    assert.strictEqual(failure('msk.topic.create'), undefined);
    const meta = (await admin.fetchTopicMetadata({ topics: ['explorer.topic'] })).topics[0];
    assert.strictEqual(meta.partitions.length, 2);
    assert.ok(meta.partitions.every((p) => p.replicas.length === 3));
    const cfg = async (name: string) => (await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name }] })).resources[0].configEntries;
    assert.strictEqual((await cfg('explorer.topic')).find((e) => e.configName === 'retention.ms')!.configValue, '3600000');
    // "." and "_" collide in Kafka's metric names
    assert.strictEqual(await run('msk.topic.create', await folder('Topics'), { name: 'explorer_topic', partitions: 1, replicationFactor: 1, configs: {} }), undefined);
    assert.match(failure('msk.topic.create')!, /collides with "explorer\.topic"/);

    const node = await child(await folder('Topics'), 'explorer.topic');
    const shown = await run('msk.topic.showConfig', node) as string;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(shown));
    assert.match(doc.getText(), /^\* retention\.ms += 3600000 {2}\[dynamic\]$/m);
    assert.match(doc.getText(), /^ {2}cleanup\.policy += delete {2}\[default\]$/m);

    const diff = await run('msk.topic.compareConfig', node, { other: { topic: 'orders' } }) as { left: string; right: string };
    const tab = await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab, 'the diff editor');
    assert.ok(tab.input instanceof vscode.TabInputTextDiff, `the active tab is ${tab.label}`);
    assert.strictEqual(tab.input.original.toString(), diff.left);
    assert.strictEqual(tab.input.modified.toString(), diff.right);
    assert.match((await vscode.workspace.openTextDocument(tab.input.original)).getText(), /^retention\.ms = 3600000 {4}# dynamic$/m);
    assert.match((await vscode.workspace.openTextDocument(tab.input.modified)).getText(), /^retention\.ms = \d+$/m);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'explorer.topic', messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, partition: 0 })) });
    await producer.disconnect();
    await refresh();
    const p0 = (await kids(await child(await folder('Topics'), 'explorer.topic')))[0];
    assert.strictEqual(await run('msk.topic.deleteRecords', p0, { before: 4, confirm: 'wrong' }), undefined);
    assert.match(failure('msk.topic.deleteRecords')!, /does not match "explorer\.topic": nothing was changed/);
    assert.strictEqual((await admin.fetchTopicOffsets('explorer.topic')).find((o) => o.partition === 0)!.low, '0');
    await run('msk.topic.deleteRecords', p0, { before: 4, confirm: 'explorer.topic' });
    assert.strictEqual(failure('msk.topic.deleteRecords'), undefined);
    assert.strictEqual((await admin.fetchTopicOffsets('explorer.topic')).find((o) => o.partition === 0)!.low, '4');

    // an override the edit does not touch, set by another client after the explorer read the topic
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: 'explorer.topic', configEntries: [{ name: 'retention.ms', value: '3600000' }, { name: 'max.message.bytes', value: '200000' }] }] });
    // count AlterConfigs requests during the edit: only IncrementalAlterConfigs may be sent
    type Handler = { apiKey: number; handle: (...a: unknown[]) => unknown };
    const table = (sb.broker as unknown as { handlers: { get(k: number): Handler | undefined; register(h: Handler): void } }).handlers;
    const alterConfigs = table.get(33)!;
    let fullSets = 0;
    table.register({ ...alterConfigs, handle: (...a: unknown[]) => { fullSets++; return alterConfigs.handle(...a); } });
    let edited: { changes: string[]; preview: string[] };
    try {
      edited = await run('msk.topic.editConfig', node, { set: { 'cleanup.policy': 'compact' }, remove: ['retention.ms'], confirm: true }) as typeof edited;
    } finally {
      table.register(alterConfigs);
    }
    assert.strictEqual(failure('msk.topic.editConfig'), undefined);
    assert.strictEqual(fullSets, 0, 'the edit sent AlterConfigs');
    assert.deepStrictEqual(edited.changes, ['retention.ms: 3600000 → (default)', 'cleanup.policy: delete (default) → compact']);
    assert.deepStrictEqual(edited.preview, ['DELETE retention.ms    (override 3600000 removed: back to the default)', 'SET cleanup.policy = compact    (now delete, default)']);
    const after = await cfg('explorer.topic');
    assert.strictEqual(after.find((e) => e.configName === 'cleanup.policy')!.configValue, 'compact');
    assert.strictEqual(after.find((e) => e.configName === 'retention.ms')!.isDefault, true);
    const untouched = after.find((e) => e.configName === 'max.message.bytes')!;
    assert.deepStrictEqual([untouched.configValue, untouched.configSource], ['200000', 1], 'the untouched override changed');

    // Kafka keeps every record of a compacted topic: DeleteRecords is refused, and the error says so
    const compacted = (await kids(await child(await folder('Topics'), 'explorer.topic')))[0];
    assert.strictEqual(await run('msk.topic.deleteRecords', compacted, { before: 5, confirm: 'explorer.topic' }), undefined);
    assert.match(failure('msk.topic.deleteRecords')!, /^explorer\.topic: partition 0: /);
    assert.strictEqual((await admin.fetchTopicOffsets('explorer.topic')).find((o) => o.partition === 0)!.low, '4');
    await run('msk.topic.addPartitions', await child(await folder('Topics'), 'explorer.topic'), { count: 4 });
    assert.strictEqual((await admin.fetchTopicMetadata({ topics: ['explorer.topic'] })).topics[0].partitions.length, 4);

    const again = await child(await folder('Topics'), 'explorer.topic');
    assert.strictEqual(await run('msk.topic.delete', again, { confirm: 'explorer-topic' }), undefined);
    assert.ok((await admin.listTopics()).includes('explorer.topic'));
    await run('msk.topic.delete', again, { confirm: 'explorer.topic' });
    assert.ok(!(await admin.listTopics()).includes('explorer.topic'));
    assert.ok(!(await kids(await folder('Topics'))).some((t) => t.label === 'explorer.topic'));
    // kafkajs keeps asking for a topic it once read, and fails once it is gone: a fresh checker
    await admin.disconnect();
    admin = kafka.admin();
    await admin.connect();
  });

  it('resets a group\'s offsets after a dry-run preview, and refuses a group with members', async () => {
    const group = await child(await folder('Consumer groups'), 'billing-service');
    const committed = async () => (await admin.fetchOffsets({ groupId: 'billing-service', topics: ['orders'] }))[0].partitions
      .sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
    const was = await committed();
    const dry = await run('msk.group.resetOffsets', group, { spec: { kind: 'shift', by: -3 }, dryRun: true }) as { preview: string; applied: boolean };
    assert.strictEqual(dry.applied, false);
    assert.strictEqual(dry.preview, [
      `Reset the offsets of "billing-service" shifted by -3: 3 of 3 partitions change.`,
      ...was.map((o, p) => `orders[${p}]: ${o} → ${o - 3}`),
    ].join('\n'));
    assert.deepStrictEqual(await committed(), was, 'a dry run changed the offsets');
    const done = await run('msk.group.resetOffsets', group, { spec: { kind: 'shift', by: -3 }, confirm: true }) as { applied: boolean };
    assert.strictEqual(done.applied, true);
    assert.deepStrictEqual(await committed(), was.map((o) => o - 3));
    await run('msk.group.resetOffsets', group, { spec: { kind: 'earliest' }, topic: 'orders', partitions: [1], confirm: true });
    assert.deepStrictEqual(await committed(), [was[0] - 3, 0, was[2] - 3]);

    const consumer = kafka.consumer({ groupId: 'explorer-active' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    await consumer.run({ eachMessage: async () => {} });
    try {
      await waitFor(async () => (await admin.describeGroups(['explorer-active'])).groups[0].state === 'Stable', 'the consumer to join', 30_000);
      await refresh();
      const active = await child(await folder('Consumer groups'), 'explorer-active');
      const members = await child(active, 'Members (1)');
      assert.match((await kids(members))[0].description!, /· orders\[0,1,2\]$/);
      assert.strictEqual(await run('msk.group.resetOffsets', active, { spec: { kind: 'earliest' }, confirm: true }), undefined);
      assert.match(failure('msk.group.resetOffsets')!, /has 1 active member \(state Stable\): stop its consumers first/);
      assert.strictEqual(await run('msk.group.delete', active, { confirm: 'explorer-active' }), undefined);
      assert.match(failure('msk.group.delete')!, /has 1 active member: stop its consumers first/);
    } finally {
      await consumer.disconnect();
    }
    await waitFor(async () => (await admin.describeGroups(['explorer-active'])).groups[0].state === 'Empty', 'the group to empty', 30_000);
    await refresh();
    const empty = await child(await folder('Consumer groups'), 'explorer-active');
    assert.strictEqual(await run('msk.group.delete', empty, { confirm: 'explorer' }), undefined);
    assert.match(failure('msk.group.delete')!, /does not match "explorer-active"/);
    await run('msk.group.delete', empty, { confirm: 'explorer-active' });
    assert.strictEqual(failure('msk.group.delete'), undefined);
    assert.ok(!(await admin.listGroups()).groups.some((g) => g.groupId === 'explorer-active'));
    assert.deepStrictEqual((await kids(await folder('Consumer groups'))).map((g) => g.label), ['billing-service']);
  });

  it('a read-only connection hides every writing command and refuses one invoked anyway', async () => {
    const ro = await cluster(RO);
    assert.strictEqual(ro.contextValue, 'msk.connection.readOnly');
    const topicsRo = await folder('Topics', RO);
    const ordersRo = await child(topicsRo, 'orders');
    const groupRo = await child(await folder('Consumer groups', RO), 'billing-service');
    // every menu entry of a writing command: shown for the writable node, hidden for the read-only one
    const writing = ['msk.topic.create', 'msk.topic.delete', 'msk.topic.addPartitions', 'msk.topic.editConfig', 'msk.topic.deleteRecords', 'msk.group.resetOffsets', 'msk.group.delete'];
    const manifest = readManifest() as unknown as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
    const menus = manifest.contributes.menus['view/item/context'].filter((e) => writing.includes(e.command));
    assert.deepStrictEqual([...new Set(menus.map((e) => e.command))].sort(), [...writing].sort());
    const shownFor = (when: string, item: string) => when.split('&&').map((c) => c.trim()).filter((c) => c.startsWith('viewItem')).every((c) => {
      const eq = /^viewItem == (\S+)$/.exec(c);
      if (eq) return eq[1] === item;
      const re = /^viewItem =~ \/(.+)\/$/.exec(c);
      return re ? new RegExp(re[1]).test(item) : false;
    });
    for (const node of [ro, topicsRo, ordersRo, groupRo, (await kids(ordersRo))[0]]) {
      for (const e of menus) assert.ok(!shownFor(e.when, node.contextValue), `${e.command} shows on ${node.contextValue}`);
    }
    const writable = ['msk.connection', 'msk.folder.topics', 'msk.topic', 'msk.partition', 'msk.group'];
    for (const id of writing) assert.ok(menus.some((e) => e.command === id && writable.some((v) => shownFor(e.when, v))), `${id} shows nowhere`);

    assert.strictEqual(await run('msk.topic.create', topicsRo, { name: 'ro-topic', partitions: 1, replicationFactor: 1, configs: {} }), undefined);
    assert.match(failure('msk.topic.create')!, /"explorer-read-only" is a read-only connection/);
    assert.ok(!(await admin.listTopics()).includes('ro-topic'));
    assert.strictEqual(await run('msk.topic.delete', ordersRo, { confirm: 'orders' }), undefined);
    assert.match(failure('msk.topic.delete')!, /read-only connection/);
    assert.ok((await admin.listTopics()).includes('orders'));
    assert.strictEqual(await run('msk.group.resetOffsets', groupRo, { spec: { kind: 'earliest' }, confirm: true }), undefined);
    assert.match(failure('msk.group.resetOffsets')!, /read-only connection/);
    // reading still works
    assert.match(await run('msk.copyBootstrapServers', ro) as string, /^127\.0\.0\.1:\d+/);
    assert.strictEqual(await vscode.env.clipboard.readText(), sb.bootstrap);
  });

  it('closes the client of a connection that goes away, and shows an error with a retry', async () => {
    const keys = () => api.registry.all().map((h) => h.target.name);
    assert.ok(keys().includes(RO));
    await vscode.workspace.getConfiguration('msk').update('connections', [{ name: NAME, bootstrap: sb.bootstrap }, { name: 'nowhere', bootstrap: '127.0.0.1:1' }], vscode.ConfigurationTarget.Global);
    await waitFor(() => !keys().includes(RO), 'the read-only connection\'s client to close');
    const [err] = await kids(await cluster('nowhere'));
    assert.strictEqual(err.contextValue, 'msk.error');
    assert.match(err.tooltip!, /Nothing listens at the bootstrap address/);
    assert.strictEqual(err.command!.command, 'msk.explorer.retry');
    await run('msk.explorer.retry', err);
    assert.strictEqual(failure('msk.explorer.retry'), undefined);
  });

  it('shows the workspace\'s recipes beside a cluster, never alone: with no connection the root stays empty, for the welcome content', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace has a folder');
    const recipe = vscode.Uri.joinPath(folder.uri, 'explorer-beside.msk');
    await vscode.workspace.fs.writeFile(recipe, Buffer.from('### one\ntopic: orders\n\nhello\n'));
    try {
      await vscode.workspace.getConfiguration('msk').update('connections', [{ name: NAME, bootstrap: sb.bootstrap }], vscode.ConfigurationTarget.Global);
      const withCluster = await waitFor(async () => {
        const labels = (await roots()).map((n) => n.label);
        return labels.includes(NAME) && labels.includes('Recipes') ? labels : undefined;
      }, 'the connection and the Recipes node');
      assert.deepStrictEqual(withCluster, [NAME, 'Recipes']);
      await vscode.workspace.getConfiguration('msk').update('connections', [], vscode.ConfigurationTarget.Global);
      assert.deepStrictEqual(await waitFor(async () => ((await roots()).length === 0 ? [] : undefined), 'an empty root'), []);
    } finally {
      await vscode.workspace.fs.delete(recipe);
    }
  });
});
