// UI test: "MSK: Stop Local Sandbox" is enabled only while the sandbox runs. The extension says so
// through the msk.sandboxRunning context key, which only the workbench reads: the command palette
// leaves out a command whose enablement is false, so the palette is where this shows.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, launchBrowser, workbenchUrl } from '../../scripts/lib/code-server.mjs';
import { requireTools } from './require-tools.mjs';

describe('the sandbox commands follow the msk.sandboxRunning context key (UI)', function () {
  this.timeout(120_000);
  let cs, browser, page, workspace;

  before(async function () {
    if (!requireTools(this)) return;
    workspace = mkdtempSync(join(tmpdir(), 'msk-ui-ctx-'));
    cs = await startCodeServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(workbenchUrl(cs, { folder: workspace }));
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
    // the extension activates with its view: open it, so its commands are registered
    await page.locator('.activitybar [aria-label^="MSK Tools"]').first().click();
    await page.locator('.welcome-view-content').filter({ hasText: 'No MSK clusters yet' }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await cs?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  const input = () => page.locator('.quick-input-widget input');
  const pick = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  const row = (text) => page.locator('.sidebar .monaco-list-row', { hasText: text }).first();

  /**
   * Opens the palette on "MSK: Local Sandbox" and tells whether it lists Stop. Start is always
   * enabled, and both come from the same listing: once Start shows, Stop shows too if it is enabled.
   */
  async function paletteListsStop() {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').press('F1');
    await input().waitFor({ state: 'visible', timeout: 30_000 });
    await input().fill('>MSK: Local Sandbox');
    await pick('Start Local Sandbox').waitFor({ timeout: 10_000 });
    return (await pick('Stop Local Sandbox').count()) > 0;
  }

  async function runFromPalette(title) {
    assert.ok(await paletteListsStop() || title.startsWith('Start'), `"${title}" is not in the palette`);
    await pick(title).click();
    await input().waitFor({ state: 'hidden', timeout: 10_000 });
  }

  it('leaves Stop out of the palette before the sandbox starts', async () => {
    assert.equal(await paletteListsStop(), false);
  });

  it('lists Stop once the sandbox runs, and leaves it out again after Stop', async () => {
    await runFromPalette('Start Local Sandbox');
    await row('Local sandbox').waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await paletteListsStop(), true);
    await runFromPalette('Stop Local Sandbox');
    await row('Local sandbox').waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await paletteListsStop(), false);
  });
});
