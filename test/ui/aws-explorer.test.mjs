// UI test: an AWS connection in the real workbench (code-server in headless Chromium), against the
// sandbox's MSK API emulator and broker started here. Clicks down from the connection to a topic's
// partitions and a consumer group's lag, as a person would, and saves the screenshot the README shows.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, launchBrowser, workbenchUrl, repoRoot } from '../../scripts/lib/code-server.mjs';
import { requireTools } from './require-tools.mjs';
import { clickRow } from './tree.mjs';

const CONNECTION = 'Sandbox account';

describe('AWS connection in the explorer, down to partitions and lag (UI)', function () {
  this.timeout(180_000);
  let cs, browser, page, workspace, awsDir, sb;
  const shots = join(repoRoot, 'test-results');

  before(async function () {
    if (!requireTools(this)) return;
    mkdirSync(shots, { recursive: true });
    // the sandbox from its built chunk, the one the extension itself runs
    const { startSandbox } = createRequire(import.meta.url)(join(repoRoot, 'dist', 'sandbox.js'));
    sb = await startSandbox({ seed: 'demo' });
    awsDir = mkdtempSync(join(tmpdir(), 'msk-ui-aws-'));
    writeFileSync(join(awsDir, 'config'), '[profile sandbox]\nregion = us-east-1\n');
    writeFileSync(join(awsDir, 'credentials'), '[sandbox]\naws_access_key_id = AKIASANDBOXUI\naws_secret_access_key = sandbox-secret\n');
    workspace = mkdtempSync(join(tmpdir(), 'msk-ui-ws-'));
    cs = await startCodeServer({
      env: { AWS_CONFIG_FILE: join(awsDir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials') },
      settings: {
        'msk.aws.endpoint': sb.mskEndpoint,
        'msk.aws.connections': [{ name: CONNECTION, profile: 'sandbox', regions: ['us-east-1'] }],
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(workbenchUrl(cs, { folder: workspace }));
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
  });

  afterEach(async function () {
    // what the workbench showed when a step failed
    if (this.currentTest?.state === 'failed' && page) await page.screenshot({ path: join(shots, 'explorer-aws-failure.png') }).catch(() => {});
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await cs?.stop();
    await sb?.stop();
    for (const d of [workspace, awsDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  /** The explorer row whose label is exactly `label`. */
  const row = (label) => page.locator('.sidebar .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
  const expand = (label) => clickRow(page, row(label));

  it('lists the clusters of the AWS connection, with their state, type and auth modes', async () => {
    await page.locator('.activitybar [aria-label^="MSK Tools"]').first().click();
    await expand(CONNECTION);
    await row('msk-sandbox-serverless').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await row('msk-sandbox').innerText(), /PROVISIONED · ACTIVE · Kafka [\d.]+ · plaintext, tls, sasl_scram, sasl_iam · 3 brokers/);
    assert.match(await row('msk-sandbox-creating').innerText(), /CREATING/);
    assert.match(await row('msk-sandbox-serverless').innerText(), /SERVERLESS · ACTIVE · sasl_iam/);
  });

  it('expands the provisioned cluster down to a topic\'s partitions and a group\'s lag, and saves a screenshot', async () => {
    // a wider side bar, so that descriptions are not cut: drag its sash
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    const edge = sidebar.x + sidebar.width;
    let sash;
    for (const s of await page.locator('.monaco-sash.vertical').all()) {
      const box = await s.boundingBox();
      if (box && Math.abs(box.x + box.width / 2 - edge) < 8 && box.height > 200) sash = box;
    }
    assert.ok(sash, 'no sash at the side bar\'s edge');
    await page.mouse.move(sash.x + sash.width / 2, sash.y + 200);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + 820, sash.y + 200, { steps: 10 });
    await page.mouse.up();
    assert.ok((await page.locator('.part.sidebar').boundingBox()).width > 700, 'the side bar did not widen');

    await expand('msk-sandbox');
    // the cluster enables several auth modes (its ClientAuthentication): the explorer asks which, once
    const quick = page.locator('.quick-input-widget', { hasText: 'Connect to msk-sandbox' });
    await quick.waitFor({ state: 'visible', timeout: 30_000 });
    for (const mode of ['Plaintext', 'TLS', 'SASL/SCRAM-SHA-512', 'IAM']) {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: mode }).first().waitFor({ timeout: 10_000 });
    }
    await page.locator('.quick-input-widget input').fill('Plaintext');
    await page.locator('.quick-input-widget input').press('Enter');
    await expand('Topics (7)');
    await expand('orders');
    await row('Partition 2').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await row('Partition 0').innerText(), /leader \d · replicas [\d,]+ · isr [\d,]+ · offsets \d+–\d+ · \d+ messages/);
    await expand('Consumer groups (1)');
    await expand('billing-service');
    await row('Lag').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await row('Lag').innerText(), /\d+ in total · first reading/);
    assert.match(await row('orders [0]').innerText(), /committed \d+ · end \d+ · lag \d+/);
    // move the pointer off the tree, so no hover or tooltip covers it
    await page.mouse.move(1300, 900);
    await page.waitForTimeout(500); // the spinning state icons settle on a frame; nothing is asserted on time
    const file = join(shots, 'explorer-aws.png');
    await page.screenshot({ path: file });
    assert.ok(statSync(file).size > 20_000, 'screenshot looks empty');
    // the README's copy as JPEG: the .vsix packages it, and must stay small
    mkdirSync(join(repoRoot, 'docs', 'images'), { recursive: true });
    // only the side bar, down to the last cluster: the rest is the empty editor area
    const bar = await page.locator('.part.sidebar').boundingBox();
    const last = await row('msk-sandbox-healing').boundingBox();
    const clip = { x: 0, y: 0, width: Math.ceil(bar.x + bar.width), height: Math.ceil(last.y + last.height + 16) };
    await page.screenshot({ path: join(repoRoot, 'docs', 'images', 'explorer.jpg'), type: 'jpeg', quality: 60, clip });
  });

  it('adds an AWS connection from the palette: a profile of the shared files, regions, which bootstrap strings', async () => {
    await page.locator('.monaco-workbench').press('F1');
    const input = page.locator('.quick-input-widget input');
    const item = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('>MSK: Add AWS Connection');
    await item('Add AWS Connection').waitFor({ timeout: 10_000 });
    await input.press('Enter');
    // the profiles come from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, read by the SDK's loader
    await item('default credentials').waitFor({ timeout: 30_000 });
    assert.match(await item('sandbox').innerText(), /sandbox\s*static · us-east-1/);
    await input.fill('sandbox');
    await input.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Regions to look in' }).waitFor({ timeout: 10_000 });
    await input.fill('us-east-1, eu-west-1');
    await input.press('Enter');
    await item('Public access').waitFor({ timeout: 10_000 });
    await input.fill('public');
    await input.press('Enter');
    await row('sandbox').waitFor({ state: 'visible', timeout: 30_000 });
    const settings = JSON.parse(readFileSync(join(cs.work, 'user-data', 'User', 'settings.json'), 'utf8'));
    assert.deepEqual(settings['msk.aws.connections'][1], { profile: 'sandbox', regions: ['us-east-1', 'eu-west-1'], bootstrapKind: 'public' });
    assert.match(await row('sandbox').innerText(), /us-east-1, eu-west-1 · public/);
  });
});
