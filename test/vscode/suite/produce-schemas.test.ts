// Produce with schemas in a real VS Code, against the local sandbox and its demo Glue registry: a
// recipe block naming `schema:` through msk.produce.recipeBlock (as its CodeLens calls it), read back
// decoded by the message viewer; a block with an invalid value is refused with its line and the
// schema's path and sends nothing; a JSONL record's own "schema" is encoded too.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import * as vscode from 'vscode';
import type { MskToolsApi } from '../../../src/extension';
import type { ViewerPanel } from '../../../src/vscode/viewer/panel';
import type { ProduceReport } from '../../../src/vscode/produce/run';
import { mskApi } from './util';

const TOPIC = 'vscode-orders-schema';
const REF = 'glue:msk-sandbox-registry/OrderPlaced@latest';

describe('produce with a schema (recipe block and JSONL)', function () {
  this.timeout(120_000);
  let api: MskToolsApi;
  let admin: Admin;
  let dir: string;
  let started = false;
  const viewers: ViewerPanel[] = [];
  const ends = async () => (await admin.fetchTopicOffsets(TOPIC)).map((p) => p.high).join(',');

  before(async () => {
    api = await mskApi();
    if (!api.sandbox.bootstrap) {
      await vscode.commands.executeCommand('msk.sandbox.start');
      started = true;
    }
    assert.ok(api.sandbox.bootstrap, 'the sandbox did not start');
    admin = new Kafka({ brokers: api.sandbox.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }] });
    api.explorer.refresh();
    dir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'msk-schemas-'));
  });

  after(async () => {
    for (const v of viewers) v.panel.dispose();
    await admin?.disconnect();
    if (started && api?.sandbox.bootstrap) await vscode.commands.executeCommand('msk.sandbox.stop');
  });

  it('encodes a block with `schema:` in Glue\'s wire format (the viewer decodes it), and refuses an invalid one by line and path', async () => {
    const file = path.join(dir, 'orders-schema.msk');
    fs.writeFileSync(file, [
      '### good', `topic: ${TOPIC}`, 'key: o-{{seq}}', `schema: ${REF}`, 'count: 3', '',
      '{"orderId": {{seq}}, "customer": "{{pick ada grace}}", "amount": {{float 1 9 2}}, "currency": "EUR", "coupon": null}', '',
      '### bad', `topic: ${TOPIC}`, `schema: ${REF}`, '',
      '{"orderId": 9, "customer": "x", "amount": 1, "currency": "YEN", "coupon": null}', '',
    ].join('\n'));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const r = await vscode.commands.executeCommand<ProduceReport | undefined>('msk.produce.recipeBlock', vscode.Uri.file(file), 0, undefined, { cluster: 'Local sandbox' });
    assert.ok(r, `msk.produce.recipeBlock failed: ${api.lastCommandFailure('msk.produce.recipeBlock')}`);
    assert.strictEqual(r.results.length, 3, r.summary);

    const v = await vscode.commands.executeCommand<ViewerPanel | undefined>('msk.peek.topic', { cluster: 'Local sandbox', topic: TOPIC, start: { kind: 'beginning' }, limit: null, follow: false });
    assert.ok(v, `msk.peek.topic failed: ${api.lastCommandFailure('msk.peek.topic')}`);
    viewers.push(v);
    await v.whenStopped();
    const all = [...v.store.shownRange()];
    assert.strictEqual(all.length, 3);
    for (const m of all) {
      assert.strictEqual(m.schema?.error, undefined);
      assert.strictEqual(m.schema?.label, 'OrderPlaced v2 · AVRO · Glue msk-sandbox-registry');
      const d = m.schema.decoded as { orderId: number; currency: string; coupon: null };
      assert.strictEqual(`o-${d.orderId}`, m.key?.toString());
      assert.deepStrictEqual([d.currency, d.coupon], ['EUR', null]);
    }

    const before = await ends();
    const bad = await vscode.commands.executeCommand('msk.produce.recipeBlock', vscode.Uri.file(file), 1, undefined, { cluster: 'Local sandbox' });
    assert.strictEqual(bad, undefined);
    const failure = api.lastCommandFailure('msk.produce.recipeBlock') ?? '';
    assert.match(failure, /orders-schema\.msk:13: \/currency: expected com\.example\.orders\.Currency, got "YEN"/);
    assert.match(failure, /nothing was sent.*Fix the values/);
    assert.strictEqual(await ends(), before);
  });

  it('copies a decoded demo message as a recipe with its `schema:`, which produces the same value in the same schema version', async () => {
    const demo = await vscode.commands.executeCommand<ViewerPanel | undefined>('msk.peek.topic', { cluster: 'Local sandbox', topic: 'orders-glue-avro', start: { kind: 'beginning' }, limit: 1, follow: false });
    assert.ok(demo, `msk.peek.topic failed: ${api.lastCommandFailure('msk.peek.topic')}`);
    viewers.push(demo);
    await demo.whenStopped();
    const msg = demo.store.shownAt(0)!;
    const text = await demo.options.actions.copyRecipe(demo, msg) as string;
    assert.match(text, /^schema: glue:msk-sandbox-registry\/OrderPlaced@[12]$/m);
    // to this test's topic (one partition), so the demo topic keeps its 30 messages; the copied block
    // names the demo message's partition (0 or 1, whichever partition peek read first), which goes too
    const file = path.join(dir, 'copied-schema.msk');
    fs.writeFileSync(file, text.replace(/^topic: .*$/m, `topic: ${TOPIC}`).replace(/^partition: \d+\n/m, ''));
    const r = await vscode.commands.executeCommand<ProduceReport | undefined>('msk.produce.recipeBlock', vscode.Uri.file(file), 0, undefined, { cluster: 'Local sandbox' });
    assert.ok(r, `msk.produce.recipeBlock failed: ${api.lastCommandFailure('msk.produce.recipeBlock')}`);
    const back = await vscode.commands.executeCommand<ViewerPanel | undefined>('msk.peek.topic', { cluster: 'Local sandbox', topic: TOPIC, start: { kind: 'offset', offset: r.results[0].offset }, limit: 1, follow: false });
    assert.ok(back);
    viewers.push(back);
    await back.whenStopped();
    const got = back.store.shownAt(0)!;
    assert.deepStrictEqual([got.schema?.label, got.schema?.decoded], [msg.schema?.label, msg.schema?.decoded]);
  });

  it('encodes a JSONL record that names its schema; an unknown schema is refused with what to check', async () => {
    const file = path.join(dir, 'orders-schema.jsonl');
    fs.writeFileSync(file, `{"key": "j-1", "schema": "${REF}", "value": {"orderId": 77, "customer": "lin", "amount": 3.5, "currency": "GBP", "coupon": "TEN"}}\n`);
    const r = await vscode.commands.executeCommand<ProduceReport | undefined>('msk.produce.file', vscode.Uri.file(file), { cluster: 'Local sandbox', topic: TOPIC, selection: false });
    assert.ok(r, `msk.produce.file failed: ${api.lastCommandFailure('msk.produce.file')}`);
    assert.strictEqual(r.results.length, 1);
    const v = await vscode.commands.executeCommand<ViewerPanel | undefined>('msk.peek.topic', { cluster: 'Local sandbox', topic: TOPIC, start: { kind: 'offset', offset: r.results[0].offset }, limit: 1, follow: false });
    assert.ok(v);
    viewers.push(v);
    await v.whenStopped();
    const [m] = [...v.store.shownRange()];
    assert.deepStrictEqual(m.schema?.decoded, { orderId: 77, customer: 'lin', amount: 3.5, currency: 'GBP', coupon: 'TEN' });

    fs.writeFileSync(file, '{"schema": "glue:msk-sandbox-registry/NoSuchSchema@1", "value": {"a": 1}}\n');
    const before = await ends();
    assert.strictEqual(await vscode.commands.executeCommand('msk.produce.file', vscode.Uri.file(file), { cluster: 'Local sandbox', topic: TOPIC, selection: false }), undefined);
    assert.match(api.lastCommandFailure('msk.produce.file') ?? '', /orders-schema\.jsonl:1: schema glue:msk-sandbox-registry\/NoSuchSchema@1: .*Check the schema reference/);
    assert.strictEqual(await ends(), before);
  });
});
