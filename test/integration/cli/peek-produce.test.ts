// `msk-tools peek` and `msk-tools produce` as processes (dist/cli.js) against the sandbox and
// librdkafka's mock cluster, checked with kcat (CRCs on).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker, type RunningBroker } from '../../../src/sandbox/broker';
import { writeDiscovery } from '../../../src/core/sandbox-discovery';
import { requireBuiltCli, runCli } from '../../helpers/cli-process';
import { requireKcat, runKcat, startMockCluster, type MockCluster } from '../../helpers/kcat';

describe('msk-tools peek / produce (CLI processes)', function () {
  this.timeout(120000);
  let kcat: string;
  let broker: RunningBroker;
  let mock: MockCluster;
  let dir: string;
  const env = () => ({ ...process.env, MSK_TOOLS_RUNTIME_DIR: join(dir, 'no-sandbox') });

  before(async function () {
    requireBuiltCli();
    kcat = requireKcat(this);
    [broker, mock] = await Promise.all([startBroker({ brokers: 1 }), startMockCluster(kcat, 3)]);
    dir = mkdtempSync(join(tmpdir(), 'msk-cli-pp-'));
  });
  after(async () => {
    await Promise.all([broker?.stop(), mock?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('produce --file F.jsonl: kcat reads every record back, with key, headers and partition; stdout gives each offset', async () => {
    const f = join(dir, 'm.jsonl');
    writeFileSync(f, '{"key":"a","value":{"n":1},"headers":{"trace":"t1"},"partition":0}\n\n{"key":"b","value":"plain text","partition":0}\n{"value":null,"partition":0}\n');
    const r = await runCli(['produce', '--bootstrap', broker.bootstrap, '--topic', 'cli-file', '--file', f], { env: env() });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'cli-file partition 0 offset 0\ncli-file partition 0 offset 1\ncli-file partition 0 offset 2\n');
    const c = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', 'cli-file', '-o', 'beginning', '-e', '-X', 'check.crcs=true', '-f', '%p|%o|%k|%s|%h\n']);
    assert.equal(c.stdout, '0|0|a|{"n":1}|trace=t1\n0|1|b|plain text|\n0|2|||\n');
  });

  it('produce --recipe F.msk --count N: every block, templates filled in', async () => {
    const f = join(dir, 'r.msk');
    writeFileSync(f, '### orders\ntopic: cli-recipe\nkey: order-{{seq}}\nheader source: recipe\n\n{"id": {{seq}}, "note": "hello"}\n');
    const r = await runCli(['produce', '--bootstrap', broker.bootstrap, '--recipe', f, '--count', '25'], { env: env() });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /cli-recipe: 25 messages/);
    const c = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', 'cli-recipe', '-o', 'beginning', '-e', '-X', 'check.crcs=true', '-f', '%k %s %h\n']);
    const lines = c.stdout.trim().split('\n').sort();
    assert.equal(lines.length, 25);
    assert.ok(lines.includes('order-7 {"id":7,"note":"hello"} source=recipe'), lines[0]);
  });

  it('produce --file with a bad record: exit 2 naming its line, and no topic is created (the connection made while the file was read leaves no trace)', async () => {
    const f = join(dir, 'bad.jsonl');
    // 200,000 good records first: the connection has long been made when the bad one is reached
    writeFileSync(f, '{"value":"ok"}\n'.repeat(200000) + '{"value": oops}\n');
    const r = await runCli(['produce', '--bootstrap', broker.bootstrap, '--topic', 'cli-never-created', '--file', f], { env: env() });
    assert.equal(r.code, 2);
    assert.match(r.err, /bad\.jsonl:line 200001: record 200001 is not valid JSON/);
    assert.match(r.err, /nothing was sent/);
    assert.equal(broker.cluster.topics.has('cli-never-created'), false);
    const missing = await runCli(['produce', '--bootstrap', broker.bootstrap, '--topic', 'cli-never-created', '--file', join(dir, 'absent.jsonl')], { env: env() });
    assert.equal(missing.code, 2);
    assert.match(missing.err, /absent\.jsonl: cannot read it \(ENOENT\)/);
    assert.equal(broker.cluster.topics.has('cli-never-created'), false);
  });

  it('produce refuses an oversize record by file and line and sends nothing; --skip-oversize sends the rest', async () => {
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'cli-small', numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '1000' }] }] });
    await admin.disconnect();
    const f = join(dir, 'big.jsonl');
    writeFileSync(f, `{"value":"small"}\n{"value":"${'x'.repeat(3000)}"}\n{"value":"also small"}\n`);
    const r = await runCli(['produce', '--bootstrap', broker.bootstrap, '--topic', 'cli-small', '--file', f], { env: env() });
    assert.equal(r.code, 2);
    assert.match(r.err, /big\.jsonl:2: \d+ bytes/);
    assert.match(r.err, /Nothing was sent/);
    assert.equal(broker.cluster.topics.get('cli-small')!.partitions[0].log.batches.length, 0);
    const s = await runCli(['produce', '--bootstrap', broker.bootstrap, '--topic', 'cli-small', '--file', f, '--skip-oversize'], { env: env() });
    assert.equal(s.code, 0, s.err);
    assert.equal(s.out, 'cli-small partition 0 offset 0\ncli-small partition 0 offset 1\n');
  });

  it('peek --format jsonl / value / text on what kcat wrote; binary values carry {"base64"}; value matches kcat\'s default output byte for byte', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `v-${i}-${'y'.repeat(i % 50)}`);
    const p = await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', 'cli-peek', '-p', '0', '-K', ':', '-H', 'h=1'], { input: lines.map((l, i) => `k${i}:${l}`).join('\n') + '\n' });
    assert.equal(p.code, 0, p.stderr);
    const special = 'quote " backslash \\ tab \t é ✓ 😀 </script>';
    await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', 'cli-peek', '-p', '0'], { input: `${special}\n` });
    await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', 'cli-peek', '-p', '0'], { input: Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a]) });
    const j = await runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'cli-peek', '--limit', '1000'], { env: env() });
    assert.equal(j.code, 0, j.err);
    const rows = j.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(rows.length, 302);
    assert.deepEqual(rows[5], { topic: 'cli-peek', partition: 0, offset: 5, timestamp: rows[5].timestamp, key: 'k5', value: lines[5], headers: [{ key: 'h', value: '1' }] });
    assert.equal(typeof rows[5].timestamp, 'number');
    assert.equal(rows[300].value, special, 'escaped JSON for quotes, backslashes, control characters and non-ASCII');
    assert.deepEqual(rows[301].value, { base64: Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64') });
    assert.equal(rows[301].key, null);

    const v = await runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'cli-peek', '--limit', '1000', '--format', 'value'], { env: env() });
    const k = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', 'cli-peek', '-o', 'beginning', '-e', '-q']);
    assert.equal(v.code, 0, v.err);
    assert.equal(v.out, k.stdout);

    const t = await runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'cli-peek', '--from', '2', '--limit', '1', '--format', 'text'], { env: env() });
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /^partition 0 {2}offset 2 {2}\d{4}-\d{2}-\d{2}T[\d:.]+Z {2}key: k2 {2}headers: h=1\nv-2-yy\n\n$/);
  });

  it('peek of 6 MB (fetches of 1 MB a partition, their frames used again): every value at its partition and offset as kcat reads it, in jsonl and value', async () => {
    const n = 6000;
    const values = Array.from({ length: n }, (_, i) => `big-${i}-${'abcdefghijklmnopqrstuvwxyz'.repeat(40)}-"${i % 97}"`);
    const file = join(dir, 'big.txt');
    writeFileSync(file, values.join('\n') + '\n');
    const p = await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', 'cli-big', '-l', file], { timeoutMs: 60000 });
    assert.equal(p.code, 0, p.stderr);
    const k = await runKcat(kcat, ['-C', '-b', broker.bootstrap, '-t', 'cli-big', '-o', 'beginning', '-e', '-c', String(n), '-X', 'check.crcs=true', '-f', '%p %o %s\n'], { timeoutMs: 60000 });
    const theirs = new Map(k.stdout.trim().split('\n').map((l) => {
      const [part, off, ...rest] = l.split(' ');
      return [`${part}/${off}`, rest.join(' ')];
    }));
    assert.equal(theirs.size, n);
    const j = await runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'cli-big', '--limit', String(n)], { env: env() });
    assert.equal(j.code, 0, j.err);
    const rows = j.out.trim().split('\n').map((l) => JSON.parse(l) as { partition: number; offset: number; value: string });
    assert.equal(rows.length, n);
    for (const r of rows) assert.equal(r.value, theirs.get(`${r.partition}/${r.offset}`), `${r.partition}/${r.offset}`);
    const v = await runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'cli-big', '--limit', String(n), '--format', 'value'], { env: env() });
    assert.equal(v.code, 0, v.err);
    assert.deepEqual(v.out.trim().split('\n').sort(), [...values].sort());
  });

  it('peek --from end / OFFSET / ISO time, --partition, --limit, --follow', async () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    const f = join(dir, 'times.jsonl');
    writeFileSync(f, Array.from({ length: 20 }, (_, i) => JSON.stringify({ value: `t${i}`, partition: i % 2, timestamp: base + i * 60000 })).join('\n'));
    const kafka = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'cli-times', numPartitions: 2 }] });
    await admin.disconnect();
    assert.equal((await runCli(['produce', '--bootstrap', broker.bootstrap, '--topic', 'cli-times', '--file', f], { env: env() })).code, 0);
    const values = async (...args: string[]) => {
      const r = await runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'cli-times', '--format', 'value', ...args], { env: env() });
      assert.equal(r.code, 0, r.err);
      return r.out.trim().split('\n').filter(Boolean);
    };
    assert.deepEqual(await values('--from', 'end', '--limit', '3'), ['t17', 't18', 't19']);
    assert.deepEqual(await values('--from', '8', '--partition', '1'), ['t17', 't19']);
    assert.deepEqual((await values('--from', '2026-01-01T00:15:00Z')).sort(), ['t15', 't16', 't17', 't18', 't19']);
    assert.deepEqual(await values('--partition', '0', '--limit', '2'), ['t0', 't2']);

    const follow = runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'cli-times', '--from', 'end', '--follow', '--limit', '2', '--format', 'value'], { env: env(), killAfterMs: 30000 });
    await new Promise((r) => setTimeout(r, 1500));
    await runKcat(kcat, ['-P', '-b', broker.bootstrap, '-t', 'cli-times', '-p', '1'], { input: 'live1\nlive2\n' });
    const fr = await follow;
    assert.equal(fr.code, 0, fr.err);
    assert.equal(fr.out, 'live1\nlive2\n');
  });

  it('without --bootstrap: the running local sandbox, or a clear error when there is none', async () => {
    const rt = join(dir, 'rt');
    writeDiscovery({ pid: process.pid, startedAt: new Date().toISOString(), owner: 'cli', bootstrap: broker.bootstrap, listeners: { plaintext: broker.bootstrap } }, rt);
    const r = await runCli(['peek', '--topic', 'cli-file', '--format', 'value'], { env: { ...process.env, MSK_TOOLS_RUNTIME_DIR: rt } });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '{"n":1}\nplain text\n\n');
    assert.match(r.err, /using the local sandbox/);
    const none = await runCli(['peek', '--topic', 'cli-file'], { env: env() });
    assert.equal(none.code, 2);
    assert.match(none.err, /no local sandbox is running.*msk-tools sandbox/);
  });

  it('against librdkafka\'s mock cluster: produce --no-idempotence, then peek reads it back', async () => {
    const f = join(dir, 'mock.jsonl');
    writeFileSync(f, Array.from({ length: 200 }, (_, i) => JSON.stringify({ key: `k${i}`, value: `mock-${i}` })).join('\n'));
    const p = await runCli(['produce', '--bootstrap', mock.bootstrap, '--topic', 'cli-mock', '--file', f, '--no-idempotence', '--compression', 'zstd'], { env: env() });
    assert.equal(p.code, 0, p.err);
    const r = await runCli(['peek', '--bootstrap', mock.bootstrap, '--topic', 'cli-mock', '--limit', '1000', '--format', 'value'], { env: env() });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.out.trim().split('\n').sort(), Array.from({ length: 200 }, (_, i) => `mock-${i}`).sort());
  });

  it('errors: exit 2 with a message, within 15 s for an unreachable cluster', async () => {
    const bad = await runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'x', '--format', 'xml'], { env: env() });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--format xml: give jsonl, text or value/);
    assert.match((await runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'x', '--from', 'yesterday'], { env: env() })).err, /--from yesterday: give beginning, end/);
    const missing = await runCli(['peek', '--bootstrap', broker.bootstrap, '--topic', 'no-such-topic'], { env: env() });
    assert.equal(missing.code, 2);
    assert.match(missing.err, /Topic "no-such-topic" does not exist/);
    for (const target of ['127.0.0.1:1', '10.255.255.1:9092']) {
      const r = await runCli(['peek', '--bootstrap', target, '--topic', 't'], { env: env(), killAfterMs: 30000 });
      assert.equal(r.code, 2, r.err);
      assert.ok(r.ms < 15000, `${target}: ${r.ms} ms`);
      assert.match(r.err, /msk-tools: .*(reach|connect|timed out)/i);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
  });
});
