// The program workspace in a real browser on a 390 px wide screen: a program officer reads the
// national-priority share and a chart's data table, filters the portfolio (the filter lands in the
// URL) and downloads a CSV. Needs `npm run build` first and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { formatKzt } from '../../shared/money.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { createFixturePartnership, disburse, programOfficer, signUpOrganisation } from '../../server/modules/program/program.fixtures.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIR = fileURLToPath(new URL('../../web/build', import.meta.url));
const hasChromium = fs.existsSync(CHROMIUM);
const hasBuild = fs.existsSync(`${WEB_DIR}/index.html`);

if (!hasChromium) console.warn(`\n!!! program.e2e.test.ts SKIPPED: no Chromium at ${CHROMIUM}.\n`);
else if (!hasBuild) console.warn(`\n!!! program.e2e.test.ts SKIPPED: no web build at ${WEB_DIR}. Run \`npm run build\` first.\n`);

const ru = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('ru', key, params);

describe.skipIf(!hasChromium || !hasBuild)('the program workspace in a browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
    const enterprise = await signUpOrganisation(ctx, 'enterprise', 'ТОО «Қазмыс»', 'karaganda');
    const institute = await signUpOrganisation(ctx, 'institute', 'Институт металлургии', 'almaty');
    const base = { enterprise, institute, publishedAt: '2026-01-01T00:00:00Z', submittedAt: '2026-01-11T00:00:00Z', agreedAt: '2026-02-10T00:00:00Z' };
    const metal = await createFixturePartnership(ctx, { ...base, key: 'M', title: 'Селен из шламов', priorityArea: 'metallurgy', region: 'karaganda', cofinancing: [{ source: 'enterprise', amountKzt: 3_000_000 }], dueDate: '2026-12-31' });
    const energy = await createFixturePartnership(ctx, { ...base, key: 'E', title: 'Накипь в котлах', priorityArea: 'energy', region: 'pavlodar', cofinancing: [{ source: 'state_program', amountKzt: 1_000_000 }], dueDate: '2026-12-31' });
    await disburse(ctx, metal.id, 'enterprise', 3_000_000, '2026-03-31');
    await disburse(ctx, energy.id, 'state_program', 1_000_000, '2026-04-01');
    await programOfficer(ctx, 'officer-e2e@example.kz');

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByTestId('sign-in-email').fill('officer-e2e@example.kz');
    await page.getByTestId('sign-in-password').fill('program-office-pass');
    await page.getByTestId('sign-in-submit').click();
    await page.waitForURL('**/dashboard');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

  it('shows the national-priority share, the reconciliation and a chart with its data table', async () => {
    await page.goto(`${baseUrl}/program`);
    // 3 000 000 of 4 000 000 disbursed went to metallurgy, a national priority.
    await expect.poll(() => page.getByTestId('national-share-disbursed').textContent()).toContain('75');
    expect(await page.getByTestId('reconciliation').textContent()).toContain(ru('program.reconciled', { count: 2 }));
    const table = page.getByTestId('ledger-sources-table');
    await page.getByRole('button', { name: ru('common.showTable') }).nth(1).click();
    await expect.poll(() => table.isVisible()).toBe(true);
    expect(await table.textContent()).toContain(formatKzt(3_000_000, 'ru'));
    // Each chart's CSV sits in the chart's own card, beside its table.
    expect(await page.getByTestId('ledger-sources').getByTestId('csv-ledger-sources').count()).toBe(1);
    expect(await page.getByTestId('ledger-quarters').getByTestId('csv-ledger-quarters').count()).toBe(1);
    expect(await noSidewaysScroll()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('filters the portfolio through the URL and offers the CSV of what is shown', async () => {
    await page.getByTestId('program-tab-portfolio').click();
    await page.waitForURL('**/program?view=portfolio**');
    await expect.poll(() => page.getByTestId('portfolio-row').count()).toBe(2);
    await page.getByTestId('portfolio-area').selectOption('energy');
    await page.getByTestId('portfolio-filters').getByRole('button', { name: ru('program.apply') }).click();
    await page.waitForURL('**priorityArea=energy**');
    await expect.poll(() => page.getByTestId('portfolio-row').count()).toBe(1);
    expect(await page.getByTestId('portfolio-table').textContent()).toContain('Накипь в котлах');
    const href = await page.getByTestId('csv-portfolio').getAttribute('href');
    expect(href).toContain('priorityArea=energy');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-portfolio').click()]);
    const body = fs.readFileSync((await download.path())!, 'utf8');
    expect(body.startsWith('\uFEFF')).toBe(true);
    expect(body).toContain('Накипь в котлах');
    expect(body).not.toContain('Селен из шламов');
    expect(await noSidewaysScroll()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
