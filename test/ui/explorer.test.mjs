// UI test: drives the real workbench (code-server in headless Chromium) like a person would:
// opens the MSK activity bar item, reads the explorer's welcome content, and saves a screenshot.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, launchBrowser, workbenchUrl, repoRoot } from '../../scripts/lib/code-server.mjs';
import { requireTools } from './require-tools.mjs';
import { clickRow } from './tree.mjs';

// the tunnel question's answer for a cluster reached directly (src/vscode/connection-messages.ts)
const NO_TUNNEL = 'Directly';

describe('MSK explorer in the workbench (UI)', function () {
  this.timeout(120_000);
  let cs, browser, page, workspace;
  const shots = join(repoRoot, 'test-results');

  before(async function () {
    if (!requireTools(this)) return;
    mkdirSync(shots, { recursive: true });
    workspace = mkdtempSync(join(tmpdir(), 'msk-ui-ws-'));
    cs = await startCodeServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(workbenchUrl(cs, { folder: workspace }));
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await cs?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it('shows an MSK Tools item in the activity bar', async () => {
    const item = page.locator('.activitybar [aria-label^="MSK Tools"]').first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('opens the explorer with its welcome content and buttons', async () => {
    await page.locator('.activitybar [aria-label^="MSK Tools"]').first().click();
    const welcome = page.locator('.welcome-view-content').filter({ hasText: 'No MSK clusters yet' });
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await welcome.innerText();
    assert.match(text, /Connect to an Amazon MSK cluster/);
    const buttons = await welcome.locator('a.monaco-button, .monaco-button').allInnerTexts();
    assert.ok(buttons.some((b) => /Add Connection/.test(b)), `buttons: ${JSON.stringify(buttons)}`);
    assert.ok(buttons.some((b) => /Start Local Sandbox/.test(b)), `buttons: ${JSON.stringify(buttons)}`);
    const file = join(shots, 'explorer-welcome.png');
    await page.screenshot({ path: file });
    assert.ok(statSync(file).size > 10_000, 'screenshot looks empty');
  });

  it('adds a bootstrap connection through the input boxes, and rejects a bad address first', async () => {
    await page.locator('.welcome-view-content .monaco-button', { hasText: 'Add Connection' }).first().click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('not-an-address');
    const problem = page.locator('.quick-input-widget .quick-input-message', { hasText: 'is not a broker address' });
    await problem.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('127.0.0.1:1');
    await input.press('Enter');
    // the auth mode, then how the brokers are reached, each a quick pick
    const choose = async (label) => {
      const item = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      await item.click();
    };
    await choose('Plaintext');
    await choose(NO_TUNNEL);
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'A name for this connection' }).waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('ui-test-connection');
    await input.press('Enter');
    await page.locator('.sidebar .monaco-list-row', { hasText: 'ui-test-connection' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // the connection lives in the user's settings (name and address only), where the tree read it from
    const settings = JSON.parse(readFileSync(join(cs.work, 'user-data', 'User', 'settings.json'), 'utf8'));
    assert.deepEqual(settings['msk.connections'], [{ name: 'ui-test-connection', bootstrap: '127.0.0.1:1' }]);
  });

  it('starts the local sandbox and browses its topics in the tree', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('>MSK: Start Local Sandbox');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Start Local Sandbox' }).first().waitFor({ timeout: 10_000 });
    await input.press('Enter');
    const row = (text) => page.locator('.sidebar .monaco-list-row', { hasText: text }).first();
    await clickRow(page, row('Local sandbox'), 60_000);
    await clickRow(page, row('Topics (7)'));
    await clickRow(page, row('orders'));
    await row('Partition 2').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await row('Partition 0').innerText(), /leader \d · replicas/);
    await page.screenshot({ path: join(shots, 'explorer-sandbox.png') });
  });
});
