// Renders media/icon.svg into media/icon.png (128×128), the Marketplace icon, with the same Chromium
// the UI tests use: node scripts/icon.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, repoRoot } from './lib/code-server.mjs';

const svg = readFileSync(join(repoRoot, 'media', 'icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(repoRoot, 'media', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
