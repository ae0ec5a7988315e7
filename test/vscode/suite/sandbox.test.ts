import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import type { MskToolsApi } from '../../../src/extension';
import { EXTENSION_ID, waitFor } from './util';

interface Node { label: string; description?: string; contextValue: string; children?(): Promise<Node[]> }

describe('local sandbox in the explorer', function () {
  this.timeout(90_000);
  let api: MskToolsApi;
  let sandboxPid: number | undefined;
  /** The running sandbox's bootstrap servers (the tests that need it run after it started). */
  const bootstrap = () => {
    assert.ok(api.sandbox.bootstrap, 'the sandbox is not running');
    return api.sandbox.bootstrap;
  };

  before(async () => {
    api = await vscode.extensions.getExtension<MskToolsApi>(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('msk').update('connections', undefined, vscode.ConfigurationTarget.Global);
    if (api?.sandbox.bootstrap) await vscode.commands.executeCommand('msk.sandbox.stop');
  });

  const roots = (): Promise<Node[]> => api.explorer.getChildren();
  const kids = async (n: Node): Promise<Node[]> => (n.children ? n.children() : []);

  it('starts the sandbox from its command and shows it with brokers, topics, partitions and groups', async () => {
    await vscode.commands.executeCommand('msk.sandbox.start');
    assert.match(bootstrap(), /^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}$/);
    // the brokers run in a child process, not in the extension host that every extension shares
    sandboxPid = api.sandbox.pid;
    assert.ok(sandboxPid && sandboxPid !== process.pid, `sandbox pid ${sandboxPid}, extension host ${process.pid}`);
    process.kill(sandboxPid, 0);
    const conn = (await roots()).find((n) => n.label === 'Local sandbox');
    assert.ok(conn, 'no "Local sandbox" node');
    assert.strictEqual(conn.description, api.sandbox.bootstrap);
    const [brokers, topics, groups] = await kids(conn);
    assert.strictEqual(brokers.label, 'Brokers (3)');
    assert.strictEqual(topics.label, 'Topics (7)');
    assert.strictEqual(groups.label, 'Consumer groups (1)');
    const brokerNodes = await kids(brokers);
    assert.deepStrictEqual(brokerNodes.map((b) => b.label), ['Broker 1', 'Broker 2', 'Broker 3']);
    assert.strictEqual(brokerNodes.filter((b) => /controller/.test(b.description ?? '')).length, 1);
    const orders = (await kids(topics)).find((t) => t.label === 'orders');
    assert.ok(orders);
    assert.strictEqual(orders.description, '3 partitions');
    const parts = (await kids(orders)).filter((p) => p.contextValue === 'msk.partition');
    assert.deepStrictEqual(parts.map((p) => p.label), ['Partition 0', 'Partition 1', 'Partition 2']);
    assert.match(parts[0].description!, /^leader \d · replicas \d,\d,\d · isr \d,\d,\d · offsets \d+–\d+ · \d+ messages$/);
    assert.deepStrictEqual((await kids(groups)).map((g) => g.label), ['billing-service']);
  });

  it('checks a Spring producer\'s max.request.size against the named topic\'s real max.message.bytes', async () => {
    // kafkajs from the repository's node_modules: a real client sets the topic up
    const admin = new Kafka({ brokers: bootstrap().split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'small-limit', numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '200000' }] }] });
    } finally {
      await admin.disconnect();
    }
    api.explorer.refresh();
    const conn = (await roots()).find((n) => n.label === 'Local sandbox')!;
    await kids(conn); // the explorer reads the cluster: the editor is now connected to it
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msk-connected-'));
    const file = path.join(dir, 'application.yml');
    const first = bootstrap().split(',')[0];
    fs.writeFileSync(file, ['spring:', '  kafka:', `    bootstrap-servers: ${first}`, '    template:', '      default-topic: small-limit',
      '    producer:', '      acks: all', '      properties:', '        enable.idempotence: true', '        max.request.size: 500000', ''].join('\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      const msk003 = () => vscode.languages.getDiagnostics(doc.uri).find((d) => typeof d.code === 'object' && d.code.value === 'MSK003');
      const diag = await waitFor(msk003, 'MSK003 from the topic\'s real limit', 20_000);
      assert.match(diag.message, /max\.message\.bytes of topic small-limit on Local sandbox \(200000 bytes\)/);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
      const fix = actions.find((a) => a.title === 'Lower max.request.size to 200000');
      assert.ok(fix?.edit, `no fix among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await waitFor(() => !msk003(), 'MSK003 to clear', 20_000);
      assert.match(doc.getText(), /max\.request\.size: 200000/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows a connection from settings, and says what to do when it cannot be reached', async () => {
    // port 1 on loopback: nothing listens there, so the connection is refused at once
    await vscode.workspace.getConfiguration('msk').update('connections', [{ name: 'unreachable', bootstrap: '127.0.0.1:1' }], vscode.ConfigurationTarget.Global);
    const conn = await waitFor(async () => (await roots()).find((n) => n.label === 'unreachable'), 'the configured connection');
    const [err] = await kids(conn);
    assert.strictEqual(err.contextValue, 'msk.error');
    assert.match(err.label, /^Cannot reach the cluster: /);
  });

  it('stops the sandbox and removes it from the explorer', async () => {
    await vscode.commands.executeCommand('msk.sandbox.stop');
    assert.strictEqual(api.sandbox.bootstrap, undefined);
    assert.ok(sandboxPid);
    assert.throws(() => process.kill(sandboxPid!, 0), { code: 'ESRCH' }, 'the sandbox process is still alive');
    // the linter no longer sees the stopped cluster as connected
    assert.ok(!api.connections.clusters().some((c) => c.name === 'Local sandbox'));
    assert.ok(!(await roots()).some((n) => n.label === 'Local sandbox'));
  });
});
