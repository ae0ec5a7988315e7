// UI test: the message viewer in the real workbench (code-server in headless Chromium), as a person
// uses it: "MSK: Peek Messages…" from the palette, through its prompts, into a webview that shows
// 10,000 messages of a local sandbox (`msk-tools sandbox`, a process of its own). It checks that
// the table is virtual (a few dozen DOM rows), that a row opens in full, that the field filter and
// the timeline's drag select what they should, and saves screenshots under test-results/ (the first
// one is saved as the walkthrough's media/walkthrough/4-peek.jpg, which the README shows too).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, launchBrowser, workbenchUrl, repoRoot } from '../../scripts/lib/code-server.mjs';
import { requireTools } from './require-tools.mjs';

const require = createRequire(import.meta.url);
const TOPIC = 'payments';
const COUNT = 10_000;

/** Realistic payments over the last two hours, busier in waves; deterministic (a seeded generator). */
function payments(now) {
  // mulberry32: a small seeded generator with 32-bit integer arithmetic
  let s = 42;
  const rnd = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const span = 2 * 3600_000;
  const out = [];
  for (let i = 0; i < COUNT; i++) {
    // more messages around two peaks: a sum of two bumps, sampled by rejection
    let t;
    do t = rnd(); while (rnd() > 0.25 + 0.75 * Math.max(Math.exp(-(((t - 0.3) / 0.08) ** 2)), Math.exp(-(((t - 0.75) / 0.12) ** 2))));
    const customer = `customer-${1000 + Math.floor(rnd() * 9000)}`;
    const amount = Math.round(rnd() * rnd() * 50_000) / 100;
    const status = pick(['captured', 'captured', 'captured', 'authorized', 'refunded', 'declined']);
    const value = {
      event: `payment.${status}`,
      amount,
      currency: pick(['EUR', 'EUR', 'EUR', 'USD', 'GBP']),
      method: pick(['card', 'card', 'sepa', 'paypal', 'apple_pay']),
      country: pick(['DE', 'FR', 'NL', 'AT', 'US', 'GB', 'ES']),
      customerId: customer,
      paymentId: `pay_${(i + 1).toString(36).padStart(6, '0')}${Math.floor(rnd() * 1e9).toString(36)}`,
      items: 1 + Math.floor(rnd() * 5),
    };
    out.push({
      key: customer,
      value: JSON.stringify(value),
      headers: { source: pick(['web', 'web', 'ios', 'android']), 'trace-id': [rnd(), rnd()].map((x) => Math.floor(x * 2 ** 32).toString(16).padStart(8, '0')).join('') },
      timestamp: Math.round(now - span + t * span),
    });
  }
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

describe('the message viewer with 10,000 messages (UI)', function () {
  this.timeout(240_000);
  let sandbox, cs, browser, page, workspace, runtimeDir, bootstrap;
  let sent;
  const shots = join(repoRoot, 'test-results');

  before(async function () {
    if (!requireTools(this)) return;
    mkdirSync(shots, { recursive: true });
    runtimeDir = mkdtempSync(join(tmpdir(), 'msk-ui-viewer-rt-'));
    sandbox = spawn(process.execPath, [join(repoRoot, 'dist/cli.js'), 'sandbox', '--port', '0', '--api-port', '0', '--secrets-port', '0', '--brokers', '1', '--quiet'], {
      env: { ...process.env, MSK_TOOLS_RUNTIME_DIR: runtimeDir }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    bootstrap = await new Promise((res, rej) => {
      let out = '';
      sandbox.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) res(JSON.parse(out.split('\n')[0]).bootstrap);
      });
      sandbox.once('exit', (code) => rej(new Error(`msk-tools sandbox exited early (${code})`)));
    });
    const { Kafka, logLevel } = require('kafkajs');
    const admin = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }] });
    await admin.disconnect();
    // our own producer (dist/kafka.js), which keeps the timestamps given
    const kafka = require(join(repoRoot, 'dist/kafka.js'));
    sent = payments(Date.now());
    const spec = { name: 'ui', bootstrap };
    const r = await kafka.produce(spec, sent, { topic: TOPIC });
    assert.equal(r.results.length, COUNT);

    workspace = mkdtempSync(join(tmpdir(), 'msk-ui-viewer-ws-'));
    cs = await startCodeServer({ settings: { 'msk.connections': [{ name: 'payments-dev', bootstrap }], 'workbench.colorTheme': 'Default Dark Modern', 'workbench.secondarySideBar.defaultVisibility': 'hidden' } });
    browser = await launchBrowser();
    // 0.75 device pixels per CSS pixel: the README's and the walkthrough's copies (JPEG) stay small in the .vsix
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 0.75 });
    await page.goto(workbenchUrl(cs, { folder: workspace }));
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
    await page.locator('.activitybar [aria-label^="MSK Tools"]').first().click();
    await page.locator('.sidebar .monaco-list-row', { hasText: 'payments-dev' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await cs?.stop();
    if (sandbox && sandbox.exitCode === null) {
      const exited = new Promise((r) => sandbox.once('exit', r));
      sandbox.kill('SIGTERM');
      await exited;
    }
    for (const d of [workspace, runtimeDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  const input = () => page.locator('.quick-input-widget input').first();
  const pick = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  const view = () => page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  const statusText = () => view().locator('.status').innerText();

  it('peeks from the palette: cluster, topic, start, partitions, limit and follow are asked, and 10,000 messages show', async () => {
    await page.locator('.monaco-workbench').press('F1');
    await input().waitFor({ state: 'visible', timeout: 30_000 });
    await input().fill('>MSK: Peek Messages');
    await pick('Peek Messages').waitFor({ timeout: 10_000 });
    await input().press('Enter');
    // one cluster: no cluster prompt; the topic prompt lists the topics
    await pick(TOPIC).waitFor({ timeout: 30_000 });
    await input().fill(TOPIC);
    await input().press('Enter');
    await pick('From the beginning').waitFor({ timeout: 10_000 });
    await pick('From the beginning').click();
    await pick('Partition 2').waitFor({ timeout: 10_000 });
    await input().press('Enter'); // all three partitions, as preselected
    await page.locator('.quick-input-widget', { hasText: 'How many messages at most' }).waitFor({ timeout: 10_000 });
    await input().fill(String(COUNT));
    await input().press('Enter');
    await pick('Stop at the end').waitFor({ timeout: 10_000 });
    await pick('Stop at the end').click();
    await view().locator('.status', { hasText: `${COUNT.toLocaleString('en-US')} of ${COUNT.toLocaleString('en-US')} messages` }).waitFor({ timeout: 60_000 });
    assert.match(await statusText(), /Stopped at the limit: 10,000 messages|Read 10,000 messages/);
    // virtual scrolling: only the visible window is in the DOM
    await view().locator('.rows .row:not(.loading)').first().waitFor({ timeout: 20_000 });
    const domRows = await view().locator('.rows .row').count();
    assert.ok(domRows > 10 && domRows < 100, `${domRows} rows in the DOM`);
    // the first row is the oldest message of some partition, with its key and JSON value
    const first = await view().locator('.rows .row').first().innerText();
    assert.match(first, /customer-\d{4}/);
    assert.match(first, /"event":"payment\./);
  });

  it('opens a row in full, with its headers, and saves the screenshot', async () => {
    const row = view().locator('.rows .row').nth(5);
    await row.click();
    const detail = view().locator('.detail');
    await detail.waitFor({ state: 'visible', timeout: 10_000 });
    await detail.locator('pre.value').waitFor({ timeout: 10_000 });
    const value = await detail.locator('pre.value').innerText();
    assert.match(value, /\n {2}"paymentId": "pay_/, 'the value is pretty JSON');
    assert.match(await detail.innerText(), /source[\s\S]*trace-id/);
    await page.waitForTimeout(300);
    const file = join(shots, 'viewer.png');
    await page.screenshot({ path: file });
    assert.ok(statSync(file).size > 50_000, 'the screenshot looks empty');
    // the walkthrough's "Peek" step (package.json names it), which the README shows too
    mkdirSync(join(repoRoot, 'media/walkthrough'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'media/walkthrough/4-peek.jpg'), type: 'jpeg', quality: 55 });
  });

  it('filters by a field expression and shows how many match', async () => {
    const expected = sent.filter((m) => JSON.parse(m.value).amount > 200 && m.headers.source === 'web').length;
    await view().locator('input.expr').fill('value.amount > 200 && headers.source == "web"');
    await view().locator('.status', { hasText: `${expected.toLocaleString('en-US')} of 10,000 messages` }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'viewer-filtered.png') });
    // a broken expression says where, and keeps the last filter
    await view().locator('input.expr').fill('value.amount >');
    await view().locator('.problems', { hasText: 'Field filter' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await statusText(), new RegExp(`^${expected.toLocaleString('en-US')} of 10,000`));
    await view().locator('input.expr').fill('');
    await view().locator('.status', { hasText: '10,000 of 10,000 messages' }).waitFor({ timeout: 30_000 });
  });

  it('selects a time range by dragging over the timeline', async () => {
    const canvas = view().locator('.timeline canvas');
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 200, 'no timeline');
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await view().locator('.status').filter({ hasNotText: '10,000 of 10,000' }).waitFor({ timeout: 30_000 });
    const m = /^([\d,]+) of 10,000/.exec(await statusText());
    assert.ok(m, await statusText());
    const shown = Number(m[1].replace(/,/g, ''));
    assert.ok(shown > 100 && shown < COUNT, `${shown} shown`);
    assert.match(await view().locator('.timeline-info .range').innerText(), /\d{2}:\d{2}:\d{2}\.\d{3} – /);
    await page.screenshot({ path: join(shots, 'viewer-timeline.png') });
  });
});
