// The public transparency page in a real browser, signed out, on a 390 px wide phone: it shows a public
// partnership's money, never the private one, draws the map of regions from the shipped GeoJSON, and
// filters the list. Needs `npm run build` first and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { formatKzt } from '../../shared/money.ts';
import { browserTestsCanRun, closeBrowserTest, launchBrowser, serveForBrowser, WEB_DIR } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { createPublicFixture, SECRETS, type PublicFixture } from '../helpers/public-fixtures.ts';

const ready = browserTestsCanRun('transparency.e2e.test.ts');

const ru = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('ru', key, params);
const M = 1_000_000;

describe.skipIf(!ready)('the transparency page in a browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let fixture: PublicFixture;
  const pageErrors: string[] = [];
  /** Console errors, among them Content-Security-Policy refusals (inline styles, outside requests). */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    fixture = await createPublicFixture(ctx.app, ctx.db);
    baseUrl = await serveForBrowser(ctx);
    browser = await launchBrowser();
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    // No tile server, no network: every request the page makes goes to this server.
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) pageErrors.push(`outside request: ${request.url()}`);
    });
  }, 120_000);

  afterAll(() => closeBrowserTest(browser, ctx));

  it('a visitor sees the public partnerships’ money and nothing of the private one', async () => {
    await page.goto(`${baseUrl}/transparency`);
    await expect.poll(() => page.getByTestId('total-planned').textContent(), { timeout: 20_000 }).toBe(formatKzt(360 * M, 'ru'));
    expect(await page.getByTestId('total-disbursed').textContent()).toBe(formatKzt(100 * M, 'ru'));
    const cards = page.getByTestId('public-partnership');
    expect(await cards.count()).toBe(3);
    const metallurgy = cards.filter({ hasText: 'Селен из шламов' });
    expect(await metallurgy.getByTestId('partnership-money').textContent()).toBe(ru('transparency.paidOf', { disbursed: formatKzt(40 * M, 'ru'), planned: formatKzt(120 * M, 'ru') }));
    expect(await metallurgy.textContent()).toContain(fixture.instituteName);
    const html = await page.content();
    expect(html).not.toContain(SECRETS.privateTitle);
    expect(html).not.toContain(SECRETS.confidentialDetails);
    // 240 of 360 M planned in national priority areas (energy is not one), with a decimal comma in Russian.
    expect(await page.getByTestId('national-share').textContent()).toContain(ru('transparency.nationalShare', { percent: '66,7', target: 50 }));
  });

  it('draws each of the four charts on a canvas, with every figure of the stats API in the table behind it', async () => {
    const stats = await page.evaluate(async () => (await fetch('/api/public/stats')).json());
    const charts = { 'chart-area': stats.byPriorityArea, 'chart-source': stats.bySource, 'chart-year': stats.byYear, 'chart-region': stats.byRegion };
    for (const [testid, rows] of Object.entries(charts) as [string, { partnerships: number; plannedKzt: number; disbursedKzt: number }[]][]) {
      const chart = page.getByTestId(testid);
      const canvas = chart.locator('canvas[role="img"]');
      expect(await canvas.getAttribute('aria-label'), testid).toBeTruthy();
      // Chart.js arrives after the page: poll until it has painted something.
      await expect.poll(() => canvas.evaluate((element: HTMLCanvasElement) => element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data.some((value, index) => index % 4 === 3 && value > 0)), { timeout: 20_000 }).toBe(true);
      expect(rows.length, testid).toBeGreaterThan(0);
      const cells = await chart.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
      expect(cells, testid).toEqual(rows.map((row) => [String(row.partnerships), formatKzt(row.plannedKzt, 'ru'), formatKzt(row.disbursedKzt, 'ru')]));
    }
    const nationalRows = page.getByTestId('chart-area').locator('tbody th', { hasText: ru('transparency.national') });
    expect(await nationalRows.count()).toBe(stats.byPriorityArea.filter((row: { national: boolean }) => row.national).length);
  });

  it('the map draws every region from the shipped boundaries, coloured by money, and says which regions are points', async () => {
    const svg = page.getByTestId('region-map-svg');
    await svg.waitFor();
    expect(await svg.locator('path[data-region]').count()).toBe(16);
    expect(await svg.locator('[data-region-point]').count()).toBe(4);
    // Karaganda has money (a colour); Pavlodar has none (the hatched pattern).
    expect(await svg.locator('path[data-region="karaganda"]').getAttribute('fill')).toMatch(/^#/);
    expect(await svg.locator('path[data-region="pavlodar"]').getAttribute('fill')).toBe('url(#no-money)');
    expect(await svg.locator('[data-region-point="abai"] circle').getAttribute('fill')).toMatch(/^#/);
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(120);
    expect(await page.getByTestId('region-map-note').textContent()).toBe(ru('transparency.mapOldBoundaries'));
    // Abai's figures are in the table behind the map, like every other region's.
    const abaiRow = page.getByTestId('region-table').locator('tr', { hasText: 'Абайская область' });
    expect(await abaiRow.locator('td').allTextContents()).toEqual(['KZ-10', '1', formatKzt(120 * M, 'ru'), formatKzt(20 * M, 'ru')]);
  });

  it('fits a 390 px wide screen without sideways scrolling', async () => {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('filters the list by region and offers the same filter in the download links', async () => {
    await page.getByTestId('filter-region').selectOption('karaganda');
    await page.getByTestId('filters-apply').click();
    await page.waitForURL('**/transparency?region=karaganda');
    await expect.poll(() => page.getByTestId('public-partnership').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('download-csv').getAttribute('href')).toBe('/api/public/partnerships.csv?region=karaganda');
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), await page.getByTestId('download-csv').getAttribute('href'));
    expect(csv).toContain(fixture.ids.metallurgy);
    expect(csv).not.toContain(fixture.ids.private);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
