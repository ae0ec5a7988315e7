// Viewer benchmark: how long the message viewer takes to show 100,000 messages, and to show each
// page when scrolling through them (reported, not asserted: the issue asks for the figures).
//   node bench/viewer.mjs [--messages 100000] [--runs 5] [--pages 30]     (or: npm run bench -- viewer)
// The real thing end to end: a local sandbox (`msk-tools sandbox`, a process of its own) holds a
// topic of 3 partitions with N JSON messages of about 1 KB; code-server with our extension runs in
// headless Chromium (scripts/lib/code-server.mjs, as the UI tests do). Each run:
//  - show: from accepting the last prompt of "MSK: Peek Messages…" until the page's status line
//    says all N are shown (the peek, the host's store, the status and the first rows on screen);
//  - scroll: a page down (scrollTop += the visible height) until every visible row has its data,
//    measured inside the webview with performance.now();
//  - filter: typing a field filter until the status line shows the matching count.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, launchBrowser, workbenchUrl } from '../scripts/lib/code-server.mjs';
import { median, root, updateSection } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : dflt; };
const N = opt('messages', 100_000);
const RUNS = opt('runs', 5);
const PAGES = opt('pages', 30);
const TOPIC = 'bench-viewer';
const require = createRequire(import.meta.url);
const fmt = (n) => n.toLocaleString('en-US');
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

const runtimeDir = mkdtempSync(join(tmpdir(), 'msk-bench-viewer-'));
const workspace = mkdtempSync(join(tmpdir(), 'msk-bench-viewer-ws-'));
const sandbox = spawn(process.execPath, [join(root, 'dist/cli.js'), 'sandbox', '--port', '0', '--api-port', '0', '--secrets-port', '0', '--brokers', '1', '--quiet'], {
  env: { ...process.env, MSK_TOOLS_RUNTIME_DIR: runtimeDir }, stdio: ['ignore', 'pipe', 'inherit'],
});
let cs, browser;
try {
  const bootstrap = await new Promise((res, rej) => {
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
  const kafka = require(join(root, 'dist/kafka.js'));
  const pad = 'x'.repeat(900);
  const messages = Array.from({ length: N }, (_, i) => ({ key: `k-${i % 5000}`, value: JSON.stringify({ id: i, amount: i % 1000, note: pad }) }));
  const t0 = performance.now();
  await kafka.produce({ name: 'bench', bootstrap }, messages, { topic: TOPIC });
  console.log(`produced ${fmt(N)} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const expectedFiltered = messages.filter((_, i) => i % 1000 > 900).length;

  cs = await startCodeServer({ settings: { 'msk.connections': [{ name: 'bench', bootstrap }], 'workbench.secondarySideBar.defaultVisibility': 'hidden' } });
  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(workbenchUrl(cs, { folder: workspace }));
  await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
  await page.locator('.activitybar [aria-label^="MSK Tools"]').first().click();
  await page.locator('.sidebar .monaco-list-row', { hasText: 'bench' }).first().waitFor({ state: 'visible', timeout: 60_000 });

  const input = () => page.locator('.quick-input-widget input').first();
  const pick = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  const view = () => page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  const all = `${fmt(N)} of ${fmt(N)} messages`;
  /** The webview's inner frame (the one with the table). */
  async function viewerFrame() {
    for (const f of page.frames()) if (await f.$('.scroller').catch(() => null)) return f;
    throw new Error('no viewer frame');
  }

  const show = [], scroll = [], filter = [];
  for (let run = 0; run < RUNS; run++) {
    await page.locator('.monaco-workbench').press('F1');
    await input().waitFor({ state: 'visible', timeout: 30_000 });
    await input().fill('>MSK: Peek Messages');
    await pick('Peek Messages').waitFor({ timeout: 10_000 });
    await input().press('Enter');
    await pick(TOPIC).waitFor({ timeout: 30_000 });
    await input().fill(TOPIC);
    await input().press('Enter');
    await pick('From the beginning').click();
    await pick('Partition 2').waitFor({ timeout: 10_000 });
    await input().press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'How many messages at most' }).waitFor({ timeout: 10_000 });
    await input().fill(String(N));
    await input().press('Enter');
    await pick('Stop at the end').waitFor({ timeout: 10_000 });
    const start = performance.now();
    await pick('Stop at the end').click();
    await view().locator('.status', { hasText: all }).waitFor({ timeout: 300_000 });
    await view().locator('.rows .row:not(.loading)').first().waitFor({ timeout: 60_000 });
    show.push(performance.now() - start);

    const frame = await viewerFrame();
    for (let i = 0; i < PAGES; i++) {
      // one page down, then frames until every row on screen has its data
      scroll.push(await frame.evaluate(() => new Promise((resolve) => {
        const s = document.querySelector('.scroller');
        const t = performance.now();
        s.scrollTop += s.clientHeight;
        const check = () => {
          const rows = document.querySelectorAll('.rows .row');
          if (rows.length && !document.querySelector('.rows .row.loading')) resolve(performance.now() - t);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })));
    }
    const f0 = performance.now();
    await view().locator('input.expr').fill('value.amount > 900');
    await view().locator('.status', { hasText: `${fmt(expectedFiltered)} of ${fmt(N)} messages` }).waitFor({ timeout: 120_000 });
    filter.push(performance.now() - f0);
    console.log(`run ${run + 1}: show ${(show.at(-1) / 1000).toFixed(2)} s, scroll median ${median(scroll.slice(-PAGES)).toFixed(1)} ms, filter ${(filter.at(-1) / 1000).toFixed(2)} s`);
    await page.locator('.monaco-workbench').press('Control+w'); // close the viewer
    await page.waitForTimeout(500);
  }
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}): ${fmt(N)} JSON messages of about 1 KB in 3 partitions of a local sandbox; code-server in headless Chromium; medians of ${RUNS} runs.`,
    '',
    '| measure | median | p95 |',
    '|---|---|---|',
    `| show ${fmt(N)} messages (peek, store, first rows on screen) | ${(median(show) / 1000).toFixed(2)} s | ${(p95(show) / 1000).toFixed(2)} s |`,
    `| one page down, until every visible row has its data (${fmt(scroll.length)} pages) | ${median(scroll).toFixed(1)} ms | ${p95(scroll).toFixed(1)} ms |`,
    `| field filter \`value.amount > 900\` over ${fmt(N)} messages, until the count shows | ${(median(filter) / 1000).toFixed(2)} s | ${(p95(filter) / 1000).toFixed(2)} s |`,
  ];
  updateSection('viewer', '## Message viewer: 100,000 messages', lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  await browser?.close().catch(() => {});
  await cs?.stop();
  if (sandbox.exitCode === null) {
    const exited = new Promise((r) => sandbox.once('exit', r));
    sandbox.kill('SIGTERM');
    await exited;
  }
  rmSync(runtimeDir, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
}
