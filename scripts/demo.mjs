// The demo: builds and packages the extension, installs the .vsix into a real VS Code (code-server)
// exactly as a user would, starts the local sandbox when it is available, and serves VS Code on
// http://127.0.0.1:8080 (MSK_DEMO_PORT) with a sample workspace. Ctrl-C stops everything.
//   node scripts/demo.mjs [--screenshot FILE]   (--screenshot: open it in headless Chromium, save a PNG, exit)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, installVsix, launchBrowser, repoRoot } from './lib/code-server.mjs';

const argv = process.argv.slice(2);
const shotAt = argv.indexOf('--screenshot');
const screenshot = shotAt >= 0 ? argv[shotAt + 1] : undefined;
const port = Number(process.env.MSK_DEMO_PORT || (screenshot ? 0 : 8080)) || undefined;

console.log('[demo] building and packaging the extension…');
execFileSync(process.execPath, [join(repoRoot, 'scripts/package.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'msk-demo-'));
const extensionsDir = join(scratch, 'extensions');
installVsix(join(repoRoot, `${name}-${version}.vsix`), extensionsDir);

const workspace = join(scratch, 'workspace');
cpSync(join(repoRoot, 'demo/workspace'), workspace, { recursive: true });

let sandbox;
const sandboxChunk = join(repoRoot, 'dist/sandbox.js');
if (existsSync(sandboxChunk)) {
  const mod = await import(sandboxChunk);
  const start = mod.startSandbox ?? mod.default?.startSandbox;
  if (start) {
    sandbox = await start({ seed: 'demo' });
    console.log(`[demo] sandbox ready: bootstrap ${sandbox.bootstrap}, MSK API ${sandbox.mskEndpoint ?? '-'}`);
    // the workspace's settings point the explorer at the sandbox, as a user's would
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({
      'msk.connections': [{ name: 'Demo sandbox', bootstrap: sandbox.bootstrap }],
    }, null, 2));
  }
}
if (!sandbox) console.warn('[demo] the sandbox is not built (dist/sandbox.js): the explorer starts empty');

const cs = await startCodeServer({ port, extensionsDir, env: sandbox ? { MSK_SANDBOX_BOOTSTRAP: sandbox.bootstrap } : {} });
const url = `${cs.base}/?folder=${encodeURIComponent(workspace)}`;

async function stop() {
  await cs.stop();
  await sandbox?.stop?.();
}

if (screenshot) {
  // a headless walk through the demo: the sandbox in the explorer, then the linter on a producer config
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
    await page.locator('.activitybar [aria-label^="MSK Tools"]').first().click();
    const row = (text) => page.locator('.sidebar .monaco-list-row', { hasText: text }).first();
    if (sandbox) {
      await row('Demo sandbox').click({ timeout: 60_000 });
      await row('Topics (7)').click({ timeout: 60_000 });
      await row('orders').waitFor({ timeout: 30_000 });
    }
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('producer.properties');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'producer.properties' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'MSK00' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshot });
  } finally {
    await browser.close();
    await stop();
  }
  console.log(`[demo] screenshot saved to ${screenshot}`);
  process.exit(0);
}

console.log(`\n[demo] MSK Tools ${version} is running in VS Code: open ${url}\n[demo] Ctrl-C to stop.`);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stop().then(() => process.exit(0)));
