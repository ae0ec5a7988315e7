// UI test: the "Get started with MSK Tools" walkthrough in the real workbench (code-server in headless
// Chromium). It walks the steps as a person would (the explorer's welcome view, the sandbox browsed down
// to a topic, a recipe with its CodeLens, a flagged producer config with its quick fix, the CI workflow)
// and saves each step's picture into media/walkthrough/, where package.json's walkthrough points; step 4
// (peek) is the viewer's, saved by viewer.test.mjs. Then it opens the walkthrough itself and checks
// that its six steps are there.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, launchBrowser, workbenchUrl, repoRoot } from '../../scripts/lib/code-server.mjs';
import { requireTools } from './require-tools.mjs';
import { clickRow } from './tree.mjs';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const walkthrough = manifest.contributes.walkthroughs[0];
const imageOf = (stepId) => walkthrough.steps.find((s) => s.id === stepId).media.image;

describe('the walkthrough, and the pictures of its steps (UI)', function () {
  this.timeout(180_000);
  let cs, browser, page, workspace;
  const shots = join(repoRoot, 'test-results', 'walkthrough');

  before(async function () {
    if (!requireTools(this)) return;
    mkdirSync(shots, { recursive: true });
    mkdirSync(join(repoRoot, 'media', 'walkthrough'), { recursive: true });
    workspace = mkdtempSync(join(tmpdir(), 'msk-ui-walkthrough-'));
    for (const f of ['orders.msk', 'producer.properties']) copyFileSync(join(repoRoot, 'demo', 'workspace', f), join(workspace, f));
    mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true });
    copyFileSync(join(repoRoot, 'docs', 'ci', 'msk-lint.yml'), join(workspace, '.github', 'workflows', 'msk-lint.yml'));
    writeFileSync(join(workspace, 'README.md'), '# orders-service\n');
    cs = await startCodeServer({
      settings: {
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'editor.minimap.enabled': false,
        'window.zoomLevel': 0,
      },
    });
    browser = await launchBrowser();
    // pictures at 0.75 device pixels per CSS pixel (825 × 495): the walkthrough shows them about that wide,
    // and the .vsix that carries them must stay under 1.5 MB
    page = await browser.newPage({ viewport: { width: 1100, height: 660 }, deviceScaleFactor: 0.75 });
    await page.goto(workbenchUrl(cs, { folder: workspace }));
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await page.screenshot({ path: join(shots, `failure-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}.png`) }).catch(() => {});
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await cs?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  /** Saves what the workbench shows as the step's picture (JPEG: the .vsix stays small). */
  async function picture(stepId) {
    const target = join(repoRoot, imageOf(stepId));
    assert.match(target, /\.jpg$/);
    await page.screenshot({ path: target, type: 'jpeg', quality: 55 });
    // the same as PNG, for a person to look at beside the test results
    await page.screenshot({ path: join(shots, `${stepId}.png`) });
    assert.ok(statSync(target).size > 10_000, `${target} looks empty`);
  }

  const palette = async (command, rowText = command) => {
    await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(`>${command}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first().waitFor({ timeout: 10_000 });
    await input.press('Enter');
  };
  const row = (text) => page.locator('.sidebar .monaco-list-row', { hasText: text }).first();
  const openFile = async (name) => {
    await palette('Go to File', 'Go to File');
    const input = page.locator('.quick-input-widget input');
    await input.fill(name);
    // a row shows the file's name, its folder beside it
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name.split('/').at(-1) }).first().waitFor({ timeout: 10_000 });
    await input.press('Enter');
    await page.locator('.tab.active', { hasText: name.split('/').at(-1) }).waitFor({ timeout: 15_000 });
  };

  it('1: the explorer\'s welcome view offers AWS, a bootstrap connection and the sandbox', async () => {
    await page.locator('.activitybar [aria-label^="MSK Tools"]').first().click();
    const welcome = page.locator('.welcome-view-content').filter({ hasText: 'No MSK clusters yet' });
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    const buttons = await welcome.locator('.monaco-button').allInnerTexts();
    for (const b of ['Add AWS Connection', 'Add Connection', 'Start Local Sandbox']) assert.ok(buttons.some((t) => t.includes(b)), JSON.stringify(buttons));
    await picture('msk.connect');
  });

  it('2: the sandbox browsed down to the orders topic\'s partitions', async () => {
    await palette('MSK: Start Local Sandbox', 'Start Local Sandbox');
    await clickRow(page, row('Local sandbox'), 60_000);
    await clickRow(page, row(/^Topics \(/));
    await clickRow(page, row('orders'));
    await row('Partition 0').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await row('Partition 0').innerText(), /leader \d/);
    await picture('msk.browse');
  });

  it('3: a recipe with its Produce lenses, listed under Recipes', async () => {
    await openFile('orders.msk');
    const lens = page.locator('.contentWidgets .codelens-decoration, .codelens-decoration').filter({ hasText: /Produce/ }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    await row(/^Recipes/).waitFor({ state: 'visible', timeout: 30_000 });
    await picture('msk.produce');
  });

  it('5: a producer config with acks=1 flagged, and the quick fix offered', async () => {
    await openFile('producer.properties');
    const squiggle = page.locator('.squiggly-error, .squiggly-warning').first();
    await squiggle.waitFor({ state: 'attached', timeout: 30_000 });
    // the line with acks, and the light bulb's menu
    const acksLine = page.locator('.view-line', { hasText: /^acks=/ }).first();
    await acksLine.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row, .context-view .action-label', { hasText: /acks=all/ }).first();
    await fix.waitFor({ state: 'visible', timeout: 15_000 });
    await picture('msk.lint');
    await page.keyboard.press('Escape');
  });

  it('6: the GitHub Actions workflow that runs msk-tools lint --format sarif', async () => {
    await openFile('.github/workflows/msk-lint.yml');
    await page.locator('.view-line', { hasText: 'lint --format sarif' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await picture('msk.ci');
  });

  it('opens the walkthrough with its six steps', async () => {
    // room for the step's picture beside the steps: a wider window, the side bar closed
    await page.setViewportSize({ width: 1400, height: 800 });
    await page.keyboard.press('Escape');
    await page.locator('.monaco-workbench').press('Control+b');
    await palette('Welcome: Open Walkthrough', 'Open Walkthrough');
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: walkthrough.title }).first().waitFor({ timeout: 15_000 });
    await input.fill(walkthrough.title);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: walkthrough.title }).first().click();
    const steps = page.locator('.getting-started-step');
    await steps.first().waitFor({ state: 'visible', timeout: 30_000 });
    const titles = await page.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(titles.map((t) => t.trim()), walkthrough.steps.map((s) => s.title));
    // the first step's picture is shown beside it
    await page.locator('.getting-started-media img:visible').first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.screenshot({ path: join(shots, 'walkthrough.png') });
  });
});
