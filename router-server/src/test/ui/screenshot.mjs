// Saves a screenshot of one dashboard page (the browser window, not the whole page), as in docs/dashboard.png.
// usage: node screenshot.mjs BASE_URL ADMIN_KEY PAGE OUT.png
import { chromium } from 'playwright-core';

const [base, adminKey, name, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + '/ui/#' + name);
  await page.fill('#key', adminKey);
  await page.click('#login-form button');
  await page.waitForFunction((n) => document.body.dataset.loaded === n, name, { timeout: 20000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: out });
} finally {
  await browser.close();
}
