import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './util';

interface Node { label: string; description?: string; contextValue: string; children?(): Promise<Node[]> }

describe('local sandbox in the explorer', function () {
  this.timeout(90_000);
  let api: any;

  before(async () => {
    api = await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('msk').update('connections', undefined, vscode.ConfigurationTarget.Global);
    if (api?.sandbox.bootstrap) await vscode.commands.executeCommand('msk.sandbox.stop');
  });

  const roots = async (): Promise<Node[]> => (await api.explorer.getChildren()) as Node[];
  const kids = async (n: Node): Promise<Node[]> => (n.children ? n.children() : []);

  it('starts the sandbox from its command and shows it with brokers, topics, partitions and groups', async () => {
    await vscode.commands.executeCommand('msk.sandbox.start');
    assert.match(api.sandbox.bootstrap, /^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+){2}$/);
    const conn = (await roots()).find((n) => n.label === 'Local sandbox');
    assert.ok(conn, 'no "Local sandbox" node');
    assert.strictEqual(conn.description, api.sandbox.bootstrap);
    const [brokers, topics, groups] = await kids(conn);
    assert.strictEqual(brokers.label, 'Brokers (3)');
    assert.strictEqual(topics.label, 'Topics (5)');
    assert.strictEqual(groups.label, 'Consumer groups (1)');
    const brokerNodes = await kids(brokers);
    assert.deepStrictEqual(brokerNodes.map((b) => b.label), ['Broker 1', 'Broker 2', 'Broker 3']);
    assert.strictEqual(brokerNodes.filter((b) => /controller/.test(b.description ?? '')).length, 1);
    const orders = (await kids(topics)).find((t) => t.label === 'orders');
    assert.ok(orders);
    assert.strictEqual(orders.description, '3 partitions');
    const parts = await kids(orders);
    assert.deepStrictEqual(parts.map((p) => p.label), ['Partition 0', 'Partition 1', 'Partition 2']);
    assert.match(parts[0].description!, /^leader \d · replicas \d,\d,\d · isr \d,\d,\d$/);
    assert.deepStrictEqual((await kids(groups)).map((g) => g.label), ['billing-service']);
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
    assert.ok(!(await roots()).some((n) => n.label === 'Local sandbox'));
  });
});
