// Opens every page of the router's dashboard in headless Chromium and prints, as one JSON object, the
// numbers each page shows (from the cells' data-value attributes), the browser's console errors and
// the screenshots it saved. DashboardBrowserTest compares the numbers with /v1/spend and /metrics.
//
// usage: node dashboard-check.mjs BASE_URL ADMIN_KEY OUT_DIR
import { chromium } from 'playwright-core';

const [base, adminKey, outDir] = process.argv.slice(2);
if (!base || !adminKey || !outDir) {
  console.error('usage: node dashboard-check.mjs BASE_URL ADMIN_KEY OUT_DIR');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const consoleErrors = [];
const result = { pages: {}, consoleErrors, screenshots: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('requestfailed', (r) => consoleErrors.push('request failed: ' + r.url() + ' ' + (r.failure() || {}).errorText));

  // Without a key the page asks for one; a wrong key is refused with the API's message.
  await page.goto(base + '/ui/');
  await page.waitForSelector('#login:not([hidden])');
  await page.fill('#key', 'not-the-admin-key');
  await page.click('#login-form button');
  await page.waitForFunction(() => document.querySelector('#login-error').textContent.length > 0);
  result.wrongKeyMessage = await page.textContent('#login-error');
  // The refused key's 401 is the browser's one expected console error; from here on there must be none.
  result.refusedKeyConsole = consoleErrors.splice(0);

  await page.fill('#key', adminKey);
  await page.click('#login-form button');

  const values = (selector) => page.$$eval(selector, (rows) => rows.map((r) => ({
    attrs: Object.fromEntries([...r.attributes].map((a) => [a.name, a.value])),
    cells: [...r.querySelectorAll('td')].map((td) => (td.hasAttribute('data-value') ? td.getAttribute('data-value') : td.textContent)),
  })));
  const value = (selector) => page.$eval(selector, (e) => e.dataset.value ?? null);

  async function open(name) {
    await page.evaluate((n) => { document.body.dataset.loaded = ''; location.hash = n; }, name);
    await page.waitForFunction((n) => document.body.dataset.loaded === n, name, { timeout: 20000 });
    await page.waitForTimeout(300); // let the charts lay out before the screenshot
    const file = outDir + '/dashboard-' + name + '.png';
    await page.screenshot({ path: file, fullPage: true });
    result.screenshots.push(file);
  }

  await open('spend');
  result.pages.spend = {
    total: await value('#spend-total'),
    providers: await values('#spend-providers tbody tr[data-provider]'),
    budgets: await values('#spend-budgets tbody tr[data-budget]'),
    perSuccess: await values('#spend-per-success tbody tr[data-model]'),
    charts: await page.$$eval('#page-spend .chart canvas', (c) => c.length),
  };

  await open('routing');
  result.pages.routing = {
    routed: await value('#routing-requests'),
    cost: await value('#routing-cost'),
    atStrongest: await value('#routing-at-strongest'),
    savings: await value('#routing-savings'),
    decisions: await values('#decisions tbody tr[data-request]'),
    charts: await page.$$eval('#page-routing .chart canvas', (c) => c.length),
  };
  // The search box filters the decision table.
  const first = result.pages.routing.decisions[0];
  if (first) {
    await page.fill('#decision-filter', first.attrs['data-request']);
    result.pages.routing.filtered = await page.$$eval('#decisions tbody tr[data-request]', (r) => r.length);
    await page.fill('#decision-filter', '');
  }

  await open('providers');
  result.pages.providers = {
    deployments: await values('#deployments tbody tr[data-deployment]'),
    providers: await values('#providers tbody tr[data-provider]'),
  };

  await open('quality');
  result.pages.quality = {
    runs: await values('#eval-runs tbody tr[data-run]'),
    configVersions: await page.$$eval('#config-versions tbody tr', (r) => r.length),
  };
  await open('spend'); // the README's screenshot: the first page
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
