// The built web app in a real browser against the real server: an enterprise signs up, posts a
// task through the guided form, finds it in the list and reads the interface in Kazakh.
// Needs `npm run build` first (this test builds nothing) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { browserTestsCanRun, launchBrowser, newWatchedPage, serveForBrowser, WEB_DIR } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { uniqueBin } from '../helpers/test-client.ts';

const ready = browserTestsCanRun('web.e2e.test.ts');

describe.skipIf(!ready)('the web app in a browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    // Creates the search indexes (tests run the indexer by hand): the task page asks for matches.
    await ctx.app.indexer.drain();
    baseUrl = await serveForBrowser(ctx);
    browser = await launchBrowser();
    // A Russian-speaking browser: the interface starts in Russian.
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    page = await newWatchedPage(context, consoleErrors, { consoleErrors: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const title = `Очистка шахтных вод рудника Жезказган ${Date.now().toString(36)}`;

  it('an enterprise signs up, publishes a task with the guided form and finds it in the list', async () => {
    await page.goto(`${baseUrl}/sign-up?kind=enterprise`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ru');

    // A wrong BIN is caught in the browser, next to the field, before anything is sent.
    await page.getByTestId('sign-up-bin').fill('123456789012');
    await page.getByTestId('sign-up-submit').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    expect(await page.getByTestId('sign-up-bin').getAttribute('aria-invalid')).toBe('true');

    await page.getByTestId('sign-up-kind-enterprise').check();
    await page.getByTestId('sign-up-org-name').fill('ТОО «Жезказган Су»');
    await page.getByTestId('sign-up-bin').fill(uniqueBin());
    await page.getByTestId('sign-up-region').selectOption('ulytau');
    await page.getByTestId('sign-up-full-name').fill('Айгерим Сапарова');
    await page.getByTestId('sign-up-email').fill(`e2e-${Date.now()}@example.kz`);
    await page.getByTestId('sign-up-password').fill('correct horse battery');
    await page.getByTestId('sign-up-submit').click();
    await page.waitForURL('**/dashboard');

    await page.getByTestId('dashboard-new-task').click();
    await page.waitForURL('**/tasks/new');
    await page.getByTestId('task-title').fill(title);
    await page.getByTestId('task-problem').fill(
      'Шахтные воды рудника содержат медь, цинк и кадмий выше ПДК в 5–20 раз; известковая нейтрализация даёт много шлама и не обеспечивает норм сброса в реку Кенгир.',
    );
    await page.getByTestId('kpi-metric-0').fill('Cu в сбросе');
    await page.getByTestId('kpi-baseline-0').fill('2,5');
    await page.getByTestId('kpi-target-0').fill('≤ 0,1');
    await page.getByTestId('kpi-unit-0').fill('мг/л');
    await page.getByTestId('task-desired-outcome').fill('Технология и пилотная установка на 10 м³/ч.');
    await page.getByTestId('task-priority-area').selectOption('greentech');
    await page.getByTestId('task-region').selectOption('ulytau');
    await page.getByTestId('task-budget-min').fill('50 000 000');
    await page.getByTestId('task-budget-max').fill('120 000 000');
    await page.getByTestId('task-trl-current').selectOption('3');
    await page.getByTestId('task-trl-target').selectOption('6');
    await page.getByTestId('task-deadline').fill(`${new Date().getUTCFullYear() + 2}-06-30`);
    await page.getByTestId('task-publish').click();

    await page.getByTestId('task-detail').waitFor();
    expect(await page.getByTestId('task-title').textContent()).toBe(title);
    expect(await page.getByTestId('task-status').first().textContent()).toBe(translate('ru', 'tasks.status.published'));
    expect(await page.getByTestId('task-budget').textContent()).toBe('50\u00a0000\u00a0000\u00a0₸ – 120\u00a0000\u00a0000\u00a0₸');

    // The list is served by the search index, which the app fills in the background.
    await ctx.app.indexer.drain();

    // By keyword: the search lands in the URL, so the search can be shared.
    await page.goto(`${baseUrl}/tasks`);
    await page.getByTestId('search-q').fill('Жезказган');
    await page.getByTestId('search-q-submit').click();
    await page.waitForURL(/[?&]q=/);
    await expect.poll(() => page.getByTestId('task-card').filter({ hasText: title }).count()).toBe(1);

    // By priority area, opened from a shared link.
    await page.goto(`${baseUrl}/tasks?priorityArea=greentech&region=ulytau`);
    await expect.poll(() => page.getByTestId('task-card').filter({ hasText: title }).count()).toBe(1);
    expect(await page.getByTestId('filter-area-greentech').isChecked()).toBe(true);
    await page.goto(`${baseUrl}/tasks?priorityArea=medtech`);
    await page.getByTestId('task-count').waitFor();
    expect(await page.getByTestId('task-card').filter({ hasText: title }).count()).toBe(0);
  }, 120_000);

  it('switching to Kazakh translates the interface, sets <html lang> and is remembered', async () => {
    await page.goto(`${baseUrl}/tasks`);
    await page.getByTestId('lang-kk').click();

    await expect.poll(() => page.locator('h1').textContent()).toBe(translate('kk', 'tasks.listTitle'));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');
    expect(await page.getByTestId('search-q-submit').textContent()).toBe(translate('kk', 'search.submit'));
    expect(await page.getByTestId('nav-tasks').textContent()).toBe(translate('kk', 'nav.tasks'));
    expect(await page.getByTestId('lang-kk').getAttribute('aria-pressed')).toBe('true');

    // The signed-in user's profile follows, and a reload keeps the choice.
    await expect.poll(() => page.evaluate(async () => (await (await fetch('/api/auth/session')).json()).user.locale)).toBe('kk');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe(translate('kk', 'tasks.listTitle'));
    await page.getByTestId('task-card').filter({ hasText: title }).getByTestId('task-card-link').click();
    await page.getByTestId('task-detail').waitFor();
    expect(await page.getByTestId('task-status').first().textContent()).toBe(translate('kk', 'tasks.status.published'));
  }, 60_000);

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
