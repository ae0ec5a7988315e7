// Produce and peek in a real VS Code, against the local sandbox (its own child process): a recipe
// block through msk.produce.recipeBlock with the arguments its CodeLens passes, JSON and JSONL files
// with an oversize record, and the message viewer opened from the palette and from topic and
// partition nodes. The viewer's page is a webview whose DOM this suite cannot reach: its loading
// under the CSP shows in `ready` and in the row windows it asks for; filters and actions are driven
// through the panel's `receive`, the same entry the page's messages take (test/ui covers the DOM).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import * as vscode from 'vscode';
import type { MskToolsApi } from '../../../src/extension';
import type { ViewerPanel } from '../../../src/vscode/viewer/panel';
import type { ProduceReport } from '../../../src/vscode/produce/run';
import { mskApi, waitFor } from './util';

interface Node { label: string; contextValue: string; children?(): Promise<Node[]> }

const TOPIC = 'viewer-orders';
const SMALL = 'viewer-small';

describe('produce and the message viewer', function () {
  this.timeout(120_000);
  let api: MskToolsApi;
  let admin: Admin;
  let dir: string;
  const viewers: ViewerPanel[] = [];

  const offsetsSum = async (topic: string) => (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const peek = async (...args: unknown[]): Promise<ViewerPanel> => {
    const v = await vscode.commands.executeCommand<ViewerPanel | undefined>('msk.peek.topic', ...args);
    assert.ok(v, `msk.peek.topic failed: ${api.lastCommandFailure('msk.peek.topic')}`);
    viewers.push(v);
    return v;
  };
  const produceBlock = async (file: string, index: number, count?: number, answers: object = {}): Promise<ProduceReport> => {
    const r = await vscode.commands.executeCommand<ProduceReport | undefined>('msk.produce.recipeBlock', vscode.Uri.file(file), index, count, { cluster: 'Local sandbox', ...answers });
    assert.ok(r, `msk.produce.recipeBlock failed: ${api.lastCommandFailure('msk.produce.recipeBlock')}`);
    return r;
  };

  before(async () => {
    api = await mskApi();
    if (!api.sandbox.bootstrap) await vscode.commands.executeCommand('msk.sandbox.start');
    assert.ok(api.sandbox.bootstrap, 'the sandbox did not start');
    admin = new Kafka({ brokers: api.sandbox.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [
      { topic: TOPIC, numPartitions: 3 },
      { topic: SMALL, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '2000' }] },
    ] });
    api.explorer.refresh();
    dir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'msk-viewer-'));
    const file = path.join(dir, 'orders.msk');
    fs.writeFileSync(file, [
      '# viewer test data',
      '### Orders',
      `topic: ${TOPIC}`,
      'key: order-{{seq}}',
      'header source: web',
      'count: 2',
      '',
      '{"id": {{seq}}, "amount": {{int 1 200}}, "currency": "{{pick EUR USD}}"}',
      '',
      '### Broken',
      `topic: ${TOPIC}`,
      'partition: minus one',
      '',
      'x',
      '',
    ].join('\n'));
  });

  after(async () => {
    for (const v of viewers) v.panel.dispose();
    await vscode.workspace.getConfiguration('msk.viewer').update('maxMessages', undefined, vscode.ConfigurationTarget.Global);
    await admin?.disconnect();
    if (api?.sandbox.bootstrap) await vscode.commands.executeCommand('msk.sandbox.stop');
  });

  it('produces a recipe block with msk.produce.recipeBlock(uri, index, count), as its CodeLens calls it', async () => {
    const file = path.join(dir, 'orders.msk');
    const one = await produceBlock(file, 0);
    assert.strictEqual(one.results.length, 2, one.summary);
    assert.match(one.summary, /^Sent 2 messages to viewer-orders: partition \d offset \d+, partition \d offset \d+\.$/);
    // "Produce ×N": the count given overrides the block's
    const many = await produceBlock(file, 0, 28);
    assert.strictEqual(many.results.length, 28);
    assert.ok(!many.cancelled);
    assert.match(many.summary, /^Sent 28 messages to viewer-orders: partition \d: \d+ messages, offsets \d+–\d+/);
    assert.strictEqual(await offsetsSum(TOPIC), 30);
    // a block with an error is refused with its place, and nothing is sent
    const bad = await vscode.commands.executeCommand('msk.produce.recipeBlock', vscode.Uri.file(file), 1, undefined, { cluster: 'Local sandbox' });
    assert.strictEqual(bad, undefined);
    assert.match(api.lastCommandFailure('msk.produce.recipeBlock') ?? '', /orders\.msk:12: .*partition/);
    assert.strictEqual(await offsetsSum(TOPIC), 30);
  });

  it('checks every record of a JSONL file against max.message.bytes first: nothing is sent, or the rest on request', async () => {
    const file = path.join(dir, 'mixed.jsonl');
    fs.writeFileSync(file, [
      JSON.stringify({ key: 'a', value: { n: 1 } }),
      JSON.stringify({ key: 'big', value: 'x'.repeat(5000) }),
      JSON.stringify({ key: 'b', value: { n: 2 }, headers: { h: 'v' } }),
      '',
    ].join('\n'));
    const refused = await vscode.commands.executeCommand<ProduceReport>('msk.produce.file', vscode.Uri.file(file), { cluster: 'Local sandbox', topic: SMALL, oversize: 'cancel' });
    assert.ok(refused, api.lastCommandFailure('msk.produce.file'));
    assert.deepStrictEqual(refused.oversize, [1]);
    assert.strictEqual(refused.results.length, 0);
    assert.match(refused.summary, /1 message is larger than the topic's max\.message\.bytes \(2,000 bytes\): mixed\.jsonl:2 \(5,\d{3} bytes\)\. Nothing has been sent\./);
    assert.strictEqual(await offsetsSum(SMALL), 0);
    const rest = await vscode.commands.executeCommand<ProduceReport>('msk.produce.file', vscode.Uri.file(file), { cluster: 'Local sandbox', topic: SMALL, oversize: 'sendRest' });
    assert.deepStrictEqual(rest.results.map((r) => [r.index, r.partition, r.offset]), [[0, 0, 0], [2, 0, 1]]);
    assert.match(rest.summary, /Sent 2 messages to viewer-small: partition 0 offset 0, partition 0 offset 1\. 1 oversize message left out\./);
    assert.strictEqual(await offsetsSum(SMALL), 2);
  });

  it('produces the selected records of a JSON array in the editor, and reports a bad record by its line', async () => {
    const file = path.join(dir, 'records.json');
    fs.writeFileSync(file, '[\n  {"key": "s1", "value": "one"},\n  {"key": "s2", "value": "two"},\n  {"kee": "typo", "value": 3}\n]\n');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    try {
      const before = await offsetsSum(SMALL);
      // the whole file: record 3 is wrong, so nothing goes
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      assert.strictEqual(await vscode.commands.executeCommand('msk.produce.file', undefined, { cluster: 'Local sandbox', topic: SMALL }), undefined);
      assert.match(api.lastCommandFailure('msk.produce.file') ?? '', /records\.json:4: record 3: unknown field `kee`/);
      // lines 2–3 selected: two elements of the array, with their commas
      editor.selection = new vscode.Selection(1, 0, 2, doc.lineAt(2).text.length);
      const r = await vscode.commands.executeCommand<ProduceReport>('msk.produce.file', undefined, { cluster: 'Local sandbox', topic: SMALL });
      assert.ok(r, api.lastCommandFailure('msk.produce.file'));
      assert.strictEqual(r.results.length, 2);
      assert.strictEqual(await offsetsSum(SMALL), before + 2);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('opens the viewer from the palette: the page loads under its CSP and asks for rows; everything is read', async () => {
    const v = await peek({ cluster: 'Local sandbox', topic: TOPIC, start: { kind: 'beginning' }, limit: null, follow: false });
    await v.whenStopped();
    assert.strictEqual(v.store.size, 30);
    assert.strictEqual(v.status.state, 'done', v.status.note);
    assert.match(v.status.note ?? '', /^Read 30 messages/);
    assert.deepStrictEqual(v.status.partitions, [0, 1, 2]);
    await Promise.race([v.ready, new Promise((_, rej) => setTimeout(() => rej(new Error('the viewer page never said it was ready (blocked by its CSP?)')), 30_000))]);
    await waitFor(() => v.requests.some((r) => r.end > r.start), 'the page to ask for a window of rows', 20_000);
    const keys = [...v.store.shownRange()].map((m) => m.key?.toString()).sort((a, b) => Number(a!.slice(6)) - Number(b!.slice(6)));
    assert.deepStrictEqual(keys.slice(0, 3), ['order-1', 'order-1', 'order-2']);
    assert.ok([...v.store.shownRange()].every((m) => m.headers.length === 1 && m.headers[0].key === 'source' && m.headers[0].value?.toString() === 'web'));
  });

  it('filters by field expression, text, regex, partition and time, and says what is wrong with a bad expression', async () => {
    const v = viewers[viewers.length - 1];
    const all = [...v.store.shownRange()];
    const amount = (m: (typeof all)[number]) => (JSON.parse(m.value!.toString()) as { amount: number }).amount;
    v.receive({ type: 'filter', filter: { expression: 'value.amount > 100 && headers.source == "web"' } });
    await v.whenFiltered();
    assert.strictEqual(v.status.shown, all.filter((m) => amount(m) > 100).length);
    assert.ok([...v.store.shownRange()].every((m) => amount(m) > 100));
    v.receive({ type: 'filter', filter: { text: 'order-17' } });
    await v.whenFiltered();
    assert.deepStrictEqual([...v.store.shownRange()].map((m) => m.key?.toString()), ['order-17']);
    v.receive({ type: 'filter', filter: { text: '^order-2\\d$', regex: true } });
    await v.whenFiltered();
    assert.strictEqual(v.status.shown, 9); // order-20 … order-28
    v.receive({ type: 'filter', filter: { partitions: [1] } });
    await v.whenFiltered();
    assert.strictEqual(v.status.shown, all.filter((m) => m.partition === 1).length);
    const ts = all.map((m) => m.timestamp).sort((a, b) => a - b);
    v.receive({ type: 'filter', filter: { from: ts[10], to: ts[19] } });
    await v.whenFiltered();
    assert.strictEqual(v.status.shown, all.filter((m) => m.timestamp >= ts[10] && m.timestamp <= ts[19]).length);
    const problems = v.setFilter({ expression: 'value.amount >' });
    assert.strictEqual(problems.length, 1);
    assert.strictEqual(problems[0].field, 'expression');
    assert.strictEqual(v.status.shown, all.filter((m) => m.timestamp >= ts[10] && m.timestamp <= ts[19]).length, 'a bad expression keeps the last filter');
    v.receive({ type: 'filter', filter: {} });
    await v.whenFiltered();
    assert.strictEqual(v.status.shown, 30);
  });

  it('exports the filtered messages to JSONL, JSON and CSV', async () => {
    const v = viewers[viewers.length - 1];
    v.receive({ type: 'filter', filter: { expression: 'value.currency == "EUR"' } });
    await v.whenFiltered();
    const eur = v.status.shown;
    assert.ok(eur > 0 && eur < 30, `EUR messages: ${eur}`);
    const jsonl = path.join(dir, 'export.jsonl');
    assert.strictEqual(await v.exportTo('jsonl', vscode.Uri.file(jsonl)), eur);
    const lines = fs.readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { topic: string; partition: number; offset: number; key: string; value: string; headers: Record<string, string> });
    assert.strictEqual(lines.length, eur);
    assert.ok(lines.every((l) => l.topic === TOPIC && /^order-\d+$/.test(l.key) && (JSON.parse(l.value) as { currency: string }).currency === 'EUR' && l.headers.source === 'web'));
    const json = path.join(dir, 'export.json');
    await v.exportTo('json', vscode.Uri.file(json));
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(json, 'utf8')), lines);
    const csv = path.join(dir, 'export.csv');
    await v.exportTo('csv', vscode.Uri.file(csv));
    const rows = fs.readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    assert.strictEqual(rows.length, eur + 1);
    assert.match(rows[0], /^topic,partition,offset,timestamp/);
  });

  it('copies a message as a recipe block that produces the same message, and produces a message again to another topic', async () => {
    const v = viewers[0];
    const msg = v.store.shownAt(3)!;
    const text = await v.options.actions.copyRecipe(v, msg) as string;
    assert.strictEqual(await vscode.env.clipboard.readText(), text);
    assert.match(text, new RegExp(`^### ${TOPIC} partition ${msg.partition} offset ${msg.offset}\n`));
    const file = path.join(dir, 'copied.msk');
    fs.writeFileSync(file, text);
    const again = await produceBlock(file, 0);
    assert.strictEqual(again.results[0].partition, msg.partition);
    const other = await v.options.actions.produceAgain(v, msg, SMALL) as ProduceReport;
    assert.strictEqual(other.topic, SMALL);
    assert.strictEqual(other.results.length, 1);
    // what was sent is the same message: read it back through a second viewer
    const back = await peek({ cluster: 'Local sandbox', topic: SMALL, start: { kind: 'offset', offset: other.results[0].offset }, limit: 1, follow: false });
    await back.whenStopped();
    const got = back.store.shownAt(0)!;
    assert.strictEqual(got.key?.toString(), msg.key?.toString());
    assert.strictEqual(got.value?.toString(), msg.value?.toString());
    assert.deepStrictEqual(got.headers.map((h) => [h.key, h.value?.toString()]), msg.headers.map((h) => [h.key, h.value?.toString()]));
  });

  it('opens from a topic node (the last N) and a partition node (from an offset)', async () => {
    const conn = await waitFor(async () => (await api.explorer.getChildren() as Node[]).find((n) => n.label === 'Local sandbox'), 'the sandbox node');
    const [, topics] = await conn.children!();
    const topic = await waitFor(async () => (await topics.children!()).find((t) => t.label === TOPIC), `the ${TOPIC} node`);
    const last = await peek(topic, { start: { kind: 'end', last: 2 }, limit: null, follow: false });
    await last.whenStopped();
    const high = await admin.fetchTopicOffsets(TOPIC);
    // the last 2 of the topic's partitions together: the two newest by time
    assert.strictEqual(last.store.size, 2);
    for (const m of last.store.shownRange()) assert.ok(m.offset >= Number(high.find((p) => p.partition === m.partition)!.high) - 2);

    const part = (await topic.children!()).find((p) => p.contextValue.startsWith('msk.partition') && p.label === 'Partition 0');
    assert.ok(part, 'no Partition 0 node');
    const from1 = await peek(part, { start: { kind: 'offset', offset: 1 }, limit: 3, follow: false });
    await from1.whenStopped();
    const p0 = Number(high.find((p) => p.partition === 0)!.high);
    assert.deepStrictEqual([...from1.store.shownRange()].map((m) => [m.partition, m.offset]), Array.from({ length: Math.min(3, p0 - 1) }, (_, i) => [0, i + 1]));
  });

  it('follows new messages live, then pauses; and pauses, saying so, when its message cap is reached', async () => {
    const tail = await peek({ cluster: 'Local sandbox', topic: TOPIC, start: { kind: 'end', last: 0 }, limit: null, follow: true });
    await waitFor(() => tail.status.state === 'following', 'the viewer to follow');
    const file = path.join(dir, 'orders.msk');
    // the viewer reaches the end (ListOffsets) a moment after it opens: send one message at a time
    // until the first shows, then five more, which must all arrive
    for (let i = 0; i < 40 && tail.store.size === 0; i++) {
      await produceBlock(file, 0, 1);
      await new Promise((r) => setTimeout(r, 250));
    }
    await waitFor(() => tail.store.size > 0, 'a first live message', 10_000);
    const n0 = tail.store.size;
    await produceBlock(file, 0, 5);
    await waitFor(() => tail.store.size === n0 + 5, 'the five new messages in the live viewer', 20_000).catch((err: Error) => {
      throw new Error(`${err.message}: ${tail.store.size} held, ${JSON.stringify(tail.status)}`);
    });
    assert.strictEqual(tail.status.state, 'following');
    tail.receive({ type: 'action', action: 'pause' });
    await tail.whenStopped();
    assert.strictEqual(tail.status.state, 'paused');

    await vscode.workspace.getConfiguration('msk.viewer').update('maxMessages', 3, vscode.ConfigurationTarget.Global);
    const capped = await peek({ cluster: 'Local sandbox', topic: TOPIC, start: { kind: 'beginning' }, limit: null, follow: false });
    await capped.whenStopped();
    assert.strictEqual(capped.store.size, 3);
    assert.strictEqual(capped.status.state, 'full');
    assert.match(capped.status.note ?? '', /^Paused: the viewer is full \(3 messages, .*msk\.viewer\.maxMessages/);
    await vscode.workspace.getConfiguration('msk.viewer').update('maxMessages', undefined, vscode.ConfigurationTarget.Global);
  });

  it('starts at a time (ListOffsets by timestamp)', async () => {
    const before = await offsetsSum(TOPIC);
    const at = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    await produceBlock(path.join(dir, 'orders.msk'), 0, 4);
    const v = await peek({ cluster: 'Local sandbox', topic: TOPIC, start: { kind: 'timestamp', ms: at }, limit: null, follow: false });
    await v.whenStopped();
    assert.strictEqual(v.store.size, 4, `of ${before + 4}`);
    assert.ok([...v.store.shownRange()].every((m) => m.timestamp >= at));
  });

  // the demo seed (src/sandbox/schema-seed.ts): 30 Glue-Avro orders (amount = i*13.7+9.99, v1 then
  // v2, every third zlib-compressed) and 20 Confluent-Protobuf payments (method CARD, SEPA, WALLET in turn)
  it('decodes the demo Glue-Avro topic: JSON rows and detail, the schema badge, a field filter on a decoded field', async () => {
    const v = await peek({ cluster: 'Local sandbox', topic: 'orders-glue-avro', start: { kind: 'beginning' }, limit: null, follow: false });
    await v.whenStopped();
    assert.strictEqual(v.store.size, 30, v.status.note);
    const all = [...v.store.shownRange()];
    assert.ok(all.every((m) => m.schema && m.schema.error === undefined), `not decoded: ${all.find((m) => m.schema?.error)?.schema?.error}`);
    const labels = new Set(all.map((m) => m.schema!.label));
    assert.deepStrictEqual([...labels].sort(), ['OrderPlaced v1 · AVRO · Glue msk-sandbox-registry', 'OrderPlaced v2 · AVRO · Glue msk-sandbox-registry']);
    const byOrder = new Map(all.map((m) => [(m.schema!.decoded as { orderId: number }).orderId, m]));
    assert.deepStrictEqual([...byOrder.keys()].sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => 5000 + i));
    const first = byOrder.get(5002)!; // zlib-compressed, v1
    assert.deepStrictEqual(first.schema!.decoded, { orderId: 5002, customer: 'carol', amount: 37.39, currency: 'GBP' });
    const at = all.indexOf(first);
    const row = v.rowAt(at)!;
    assert.deepStrictEqual(JSON.parse(row[5]), first.schema!.decoded, 'the row preview is the decoded JSON');
    assert.strictEqual(row[8], 'OrderPlaced v1 · AVRO · Glue msk-sandbox-registry');
    assert.strictEqual(row[9], 0);
    const detail = v.detailAt(at)!;
    assert.strictEqual(detail.value.encoding, 'json');
    assert.deepStrictEqual(JSON.parse(detail.value.text), first.schema!.decoded);
    assert.strictEqual(detail.schema?.label, 'OrderPlaced v1 · AVRO · Glue msk-sandbox-registry');
    assert.match(detail.schema?.schemaId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // hex shows the bytes on the wire: header version 3, no compression or zlib
    v.receive({ type: 'decode', keyMode: 'auto', valueMode: 'hex' });
    assert.match(v.detailAt(at)!.value.text, /^0305/);
    v.receive({ type: 'decode', keyMode: 'auto', valueMode: 'auto' });

    const expected = Array.from({ length: 30 }, (_, i) => Math.round((i * 13.7 + 9.99) * 100) / 100).filter((x) => x > 100).length;
    v.receive({ type: 'filter', filter: { expression: 'value.amount > 100 && value.currency != "USD"' } });
    await v.whenFiltered();
    const shown = [...v.store.shownRange()].map((m) => m.schema!.decoded as { amount: number; currency: string });
    const usd = Array.from({ length: 30 }, (_, i) => ({ amount: Math.round((i * 13.7 + 9.99) * 100) / 100, currency: ['EUR', 'USD', 'GBP'][i % 3] })).filter((o) => o.amount > 100 && o.currency === 'USD').length;
    assert.strictEqual(v.status.shown, expected - usd);
    assert.ok(shown.length > 0 && shown.every((o) => o.amount > 100 && o.currency !== 'USD'));
    // the text filter searches the decoded JSON too
    v.receive({ type: 'filter', filter: { text: '"coupon":"SPRING' } });
    await v.whenFiltered();
    assert.strictEqual(v.status.shown, 8); // v2 messages 15…29 with an odd index
  });

  it('decodes the demo Confluent-Protobuf topic (message indexes) and filters on a decoded enum', async () => {
    const v = await peek({ cluster: 'Local sandbox', topic: 'payments-confluent-protobuf', start: { kind: 'beginning' }, limit: null, follow: false });
    await v.whenStopped();
    assert.strictEqual(v.store.size, 20, v.status.note);
    const all = [...v.store.shownRange()];
    assert.ok(all.every((m) => m.schema && m.schema.error === undefined), `not decoded: ${all.find((m) => m.schema?.error)?.schema?.error}`);
    const label = all[0].schema!.label!;
    assert.match(label, /^payments-confluent-protobuf-value v1 · PROTOBUF com\.example\.payments\.PaymentCaptured · Confluent /);
    const pay = all.find((m) => m.key?.toString() === 'pay-1004')!;
    assert.deepStrictEqual(pay.schema!.decoded, { payment_id: 'pay-1004', order_id: '5004', amount: { units: '22', nanos: 0, currency: 'USD' }, method: 'SEPA', tags: ['first-purchase'] });
    const i = all.indexOf(pay);
    assert.strictEqual(v.rowAt(i)![8], label);
    assert.strictEqual(v.detailAt(i)!.schema?.label, label);
    assert.strictEqual((JSON.parse(v.detailAt(i)!.value.text) as { amount: { currency: string } }).amount.currency, 'USD');
    v.receive({ type: 'filter', filter: { expression: 'value.method == "SEPA" && value.amount.nanos == 0' } });
    await v.whenFiltered();
    const sepa = Array.from({ length: 20 }, (_, k) => k).filter((k) => k % 3 === 1 && (k * 250_000_000) % 1_000_000_000 === 0);
    assert.deepStrictEqual([...v.store.shownRange()].map((m) => m.key?.toString()).sort(), sepa.map((k) => `pay-${1000 + k}`).sort());
  });

  it('shows a Schemas folder for the sandbox connection: registries, schemas, versions; opens a version read-only and diffs two', async () => {
    const conn = await waitFor(async () => (await api.explorer.getChildren() as Node[]).find((n) => n.label === 'Local sandbox'), 'the sandbox node');
    const schemas = await waitFor(async () => (await conn.children!()).find((n) => n.label === 'Schemas'), 'the Schemas folder');
    const registries = await schemas.children!();
    const labels = registries.map((r) => r.label);
    assert.ok(labels.includes('msk-sandbox-registry') && labels.includes('sandbox'), labels.join(' | '));
    const glue = registries.find((r) => r.label === 'msk-sandbox-registry')!;
    const order = (await glue.children!()).find((n) => n.label === 'OrderPlaced');
    assert.ok(order, 'no OrderPlaced schema');
    const versions = await order.children!();
    assert.deepStrictEqual(versions.map((v) => v.label), ['Version 2', 'Version 1']);
    assert.ok(versions.every((v) => v.contextValue === 'msk.schemaVersion'));
    const uri = await vscode.commands.executeCommand<vscode.Uri>('msk.schemas.openSchema', versions[1]);
    assert.ok(uri, `openSchema failed: ${api.lastCommandFailure('msk.schemas.openSchema')}`);
    assert.strictEqual(uri.scheme, 'msk-schema');
    const v1 = JSON.parse((await vscode.workspace.openTextDocument(uri)).getText()) as { name: string; fields: { name: string }[] };
    assert.strictEqual(v1.name, 'OrderPlaced');
    assert.deepStrictEqual(v1.fields.map((f) => f.name), ['orderId', 'customer', 'amount', 'currency']);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    const diff = await vscode.commands.executeCommand<{ left: vscode.Uri; right: vscode.Uri }>('msk.schemas.compareVersions', versions[0], 1);
    assert.ok(diff, `compareVersions failed: ${api.lastCommandFailure('msk.schemas.compareVersions')}`);
    const right = JSON.parse((await vscode.workspace.openTextDocument(diff.right)).getText()) as { fields: { name: string }[] };
    assert.deepStrictEqual(right.fields.map((f) => f.name), ['orderId', 'customer', 'amount', 'currency', 'coupon']);
    const tab = await waitFor(() => { const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input; return input instanceof vscode.TabInputTextDiff ? input : undefined; }, 'the diff editor');
    assert.strictEqual(tab.original.toString(), diff.left.toString());
    assert.strictEqual(tab.modified.toString(), diff.right.toString());
    const cf = registries.find((r) => r.label === 'sandbox')!;
    const subject = (await cf.children!()).find((n) => n.label === 'payments-confluent-protobuf-value');
    assert.ok(subject, 'no payments subject');
    const [pv1] = await subject.children!();
    const protoUri = await vscode.commands.executeCommand<vscode.Uri>('msk.schemas.openSchema', pv1);
    assert.match((await vscode.workspace.openTextDocument(protoUri)).getText(), /message PaymentCaptured \{/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the raw bytes and the reason for an unknown schema id and for a payload that does not match', async () => {
    const glue = await peek({ cluster: 'Local sandbox', topic: 'orders-glue-avro', start: { kind: 'beginning' }, limit: 1, follow: false });
    await glue.whenStopped();
    const realId = glue.store.shownAt(0)!.schema!.schemaId!;
    const topic = 'viewer-schema-bad';
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const uuid = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
    const unknown = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const producer = new Kafka({ brokers: api.sandbox.bootstrap!.split(','), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [
        { key: 'unknown', value: Buffer.concat([Buffer.from([3, 0]), uuid(unknown), Buffer.from([2, 4, 6])]) },
        { key: 'mismatch', value: Buffer.concat([Buffer.from([3, 0]), uuid(realId), Buffer.from([0x80])]) },
        { key: 'plain', value: Buffer.from('{"amount": 5}') },
      ] });
    } finally {
      await producer.disconnect();
    }
    api.explorer.refresh(); // the topic list is read again
    const v = await peek({ cluster: 'Local sandbox', topic, start: { kind: 'beginning' }, limit: null, follow: false });
    await v.whenStopped();
    const at = (key: string) => [...v.store.shownRange()].findIndex((m) => m.key?.toString() === key);
    const u = v.detailAt(at('unknown'))!;
    assert.match(u.schema?.error ?? '', new RegExp(`Glue Schema Registry has no schema version ${unknown}`));
    assert.strictEqual(u.schema?.schemaId, unknown);
    assert.strictEqual(u.value.encoding, 'hex');
    assert.strictEqual(u.value.text, `0300${unknown.replace(/-/g, '')}020406`);
    const ur = v.rowAt(at('unknown'))!;
    assert.match(ur[8] ?? '', /^not decoded: /);
    assert.strictEqual(ur[9], 1);
    const mm = v.detailAt(at('mismatch'))!;
    assert.match(mm.schema?.error ?? '', /^The payload does not match OrderPlaced version 1 \(AVRO\)/);
    assert.strictEqual(mm.schema?.label, 'OrderPlaced v1 · AVRO · Glue msk-sandbox-registry');
    assert.strictEqual(mm.value.text, `0300${realId.replace(/-/g, '')}80`);
    const plain = v.detailAt(at('plain'))!;
    assert.strictEqual(plain.schema, undefined);
    assert.strictEqual(v.rowAt(at('plain'))![8], undefined);
    // a value without a registry header is filtered as plain JSON, as before
    v.receive({ type: 'filter', filter: { expression: 'value.amount == 5' } });
    await v.whenFiltered();
    assert.deepStrictEqual([...v.store.shownRange()].map((m) => m.key?.toString()), ['plain']);
  });

  // uses the topic viewer-schema-bad of the test above
  it('msk.schemas.topics: none shows the raw bytes, glue reports a value without its header, a format that is not the registry\'s is reported', async () => {
    const cfg = vscode.workspace.getConfiguration('msk.schemas');
    await cfg.update('topics', { 'orders-glue-*': 'none', 'viewer-schema-bad': { registry: 'glue' }, 'payments-*': { registry: 'confluent', format: 'json' } }, vscode.ConfigurationTarget.Global);
    try {
      const none = await peek({ cluster: 'Local sandbox', topic: 'orders-glue-avro', start: { kind: 'beginning' }, limit: 5, follow: false });
      await none.whenStopped();
      assert.strictEqual(none.store.size, 5);
      assert.ok([...none.store.shownRange()].every((m) => m.schema === undefined), 'none: nothing decoded');
      assert.strictEqual(none.rowAt(0)![8], undefined);

      const bad = await peek({ cluster: 'Local sandbox', topic: 'viewer-schema-bad', start: { kind: 'beginning' }, limit: null, follow: false });
      await bad.whenStopped();
      const i = [...bad.store.shownRange()].findIndex((m) => m.key?.toString() === 'plain');
      const plain = bad.detailAt(i)!;
      assert.match(plain.schema?.error ?? '', /^The topic is set to Glue Schema Registry, but this value has no Glue header .*msk\.schemas\.topics/);
      assert.strictEqual(plain.value.text, '7b22616d6f756e74223a20357d', 'the raw bytes, as hex');
      assert.strictEqual(bad.rowAt(i)![9], 1);

      const pay = await peek({ cluster: 'Local sandbox', topic: 'payments-confluent-protobuf', start: { kind: 'beginning' }, limit: 3, follow: false });
      await pay.whenStopped();
      const all = [...pay.store.shownRange()];
      assert.strictEqual(all.length, 3);
      for (const m of all) assert.match(m.schema?.error ?? '', /^The topic is set to JSON, but Confluent Schema Registry says payments-confluent-protobuf-value version 1 is PROTOBUF/);
    } finally {
      await cfg.update('topics', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
