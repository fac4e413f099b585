// The built web app in a real browser: an enterprise opens its task and reads ranked, explained
// institute matches in the language it chose; a visitor's search on /tasks updates as they type and
// keeps the URL in step; a saved search raises a notification that reaches the bell live.
// Needs `npm run build` first (this test builds nothing) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { browserTestsCanRun, launchBrowser, newWatchedPage, serveForBrowser, signIn, WEB_DIR } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { publishableTaskBody, signUp, type TestClient } from '../helpers/test-client.ts';
import { createImportService } from '../../server/modules/importer/import.service.ts';

const ready = browserTestsCanRun('matching.e2e.test.ts');

const INSTITUTES = [
  { externalId: 'e2e-en', name: 'Membrane Water Lab', lang: 'en', region: 'astana', priorityAreas: ['greentech'],
    description: 'We design reverse osmosis and ion exchange plants for mine water and acid mine drainage, removing copper, zinc, iron and sulphates. Pilot units run at two copper mines.' },
  { externalId: 'e2e-kk', name: 'Су тазарту зертханасы', lang: 'kk', region: 'karaganda', priorityAreas: ['greentech'],
    description: 'Шахта суларын ауыр металдардан тазарту, сорбция және мембраналық сүзу технологиялары. Кеніштердің ағынды суларын қайта пайдалану.' },
  { externalId: 'e2e-ru-wheat', name: 'Институт земледелия', lang: 'ru', region: 'karaganda', priorityAreas: ['agritech'],
    description: 'Селекция засухоустойчивых сортов пшеницы и ячменя, семеноводство, агротехника в степной зоне.' },
];
const WATER_TITLE = 'Очистка шахтных вод от тяжёлых металлов';
const WHEAT_TITLE = 'Засухоустойчивые сорта пшеницы для степных хозяйств';

describe.skipIf(!ready)('matching and search in a browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  let enterprise: { client: TestClient; credentials: { email: string; password: string } };
  let waterTaskId: string;
  const consoleErrors: string[] = [];

  async function publish(client: TestClient, body: Record<string, unknown>): Promise<string> {
    const created = await client.post('/api/tasks', publishableTaskBody(body));
    expect(created.status).toBe(201);
    expect((await client.post(`/api/tasks/${created.body.id}/status`, { status: 'published' })).status).toBe(200);
    return created.body.id;
  }

  const newPage = (context: BrowserContext) => newWatchedPage(context, consoleErrors, { consoleErrors: true });

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    await createImportService({ db: ctx.db }).importFile({ institutes: INSTITUTES });
    enterprise = await signUp(ctx.app, 'enterprise');
    waterTaskId = await publish(enterprise.client, {
      lang: 'ru', title: WATER_TITLE, region: 'karaganda', priorityArea: 'greentech',
      problem: 'Шахтные воды рудника содержат медь, цинк и железо выше ПДК; нужна технология очистки шахтной воды до норм сброса, с повторным использованием воды на фабрике.',
    });
    await publish(enterprise.client, {
      lang: 'ru', title: WHEAT_TITLE, region: 'akmola', priorityArea: 'agritech', budgetMinKzt: 20_000_000, budgetMaxKzt: 40_000_000,
      problem: 'Урожайность пшеницы в засушливые годы падает вдвое; нужны засухоустойчивые сорта пшеницы и агротехника влагосбережения для степных хозяйств Акмолинской области.',
    });
    await ctx.app.indexer.drain();

    baseUrl = await serveForBrowser(ctx);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('an enterprise opens its task and sees ranked, explained matches in the language it chose', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    const page = await newPage(context);
    await signIn(page, baseUrl, enterprise.credentials);
    await page.getByTestId('lang-en').click();

    await page.goto(`${baseUrl}/tasks/${waterTaskId}`);
    const cards = page.getByTestId('institute-match');
    await cards.first().waitFor();
    expect(await page.locator('#matches-title').textContent()).toBe(translate('en', 'matching.title'));

    // The two water institutes, described in English and in Kazakh, lead; the ranking is by score.
    const names = await cards.getByTestId('institute-match-link').allTextContents();
    expect(names.slice(0, 2).sort()).toEqual(['Membrane Water Lab', 'Су тазарту зертханасы']);
    const scores = await cards.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-score'))));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await cards.first().getByTestId('match-score').textContent()).toContain(`${Math.round(scores[0] * 100)}%`);

    // Shared concepts are chips named in English; one opens to the terms found on each side.
    const top = cards.first();
    const chips = await top.getByTestId('match-concept').allTextContents();
    expect(chips.length).toBeGreaterThan(0);
    expect(chips.join(' ')).not.toMatch(/[а-яё]/i);
    await top.getByTestId('match-concept').first().click();
    expect(await top.getByTestId('match-concept').first().getAttribute('aria-expanded')).toBe('true');
    await top.getByTestId('match-concept-terms').waitFor({ state: 'visible' });
    expect(await top.getByTestId('match-concept-terms').textContent()).toContain(translate('en', 'matching.termsInTask'));

    // A passage with the shared terms marked, and the signals behind the score.
    expect(await top.getByTestId('match-passage').first().locator('mark').count()).toBeGreaterThan(0);
    await top.getByTestId('match-why').locator('summary').click();
    await top.getByTestId('match-signals').waitFor({ state: 'visible' });
    expect(await top.getByTestId('match-signals').locator('tbody tr').count()).toBe(5);
    expect(await top.getByTestId('match-signal-text').getByTestId('match-signal-name').textContent()).toBe(translate('en', 'matching.signals.text'));

    // Switching the interface to Kazakh fetches the explanations again, written in Kazakh.
    await page.getByTestId('lang-kk').click();
    await expect.poll(() => page.locator('#matches-title').textContent()).toBe(translate('kk', 'matching.title'));
    await expect
      .poll(() => cards.first().getByTestId('match-signal-priorityArea').getByTestId('match-signal-note').textContent())
      .toMatch(/[әғқңөұүһі]/);
    expect(await page.getByTestId('search-more-institutes').getAttribute('href')).toBe('/institutes?priorityArea=greentech');

    // A draft with only a title ranks no one: the page asks for the problem instead of showing equal scores.
    const draft = await enterprise.client.post('/api/tasks', { title: 'Медь' });
    await page.goto(`${baseUrl}/tasks/${draft.body.id}`);
    await expect.poll(() => page.getByTestId('matches-needs-description').textContent()).toBe(translate('kk', 'matching.needsDescription'));
    expect(await page.getByTestId('institute-match').count()).toBe(0);
    await context.close();
  }, 90_000);

  it('search as you type updates the results and the URL, with facet counts, and survives back/forward', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    const page = await newPage(context);
    await page.goto(`${baseUrl}/institutes`);
    await page.getByTestId('institute-list').waitFor();
    await page.getByTestId('nav-tasks').click();
    await page.waitForURL(/\/tasks$/);
    await expect.poll(() => page.getByTestId('task-card').count()).toBe(2);
    expect(await page.getByTestId('filter-area-greentech-count').textContent()).toBe('1');
    expect(await page.getByTestId('filter-area-agritech-count').textContent()).toBe('1');

    // Typing: no button press; the URL follows (replacing the entry, not adding one per letter).
    await page.getByTestId('search-q').pressSequentially('пшениц', { delay: 60 });
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('пшениц');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-q');
    const first = page.getByTestId('task-card').first();
    await expect.poll(() => first.getByTestId('task-card-link').textContent()).toBe(WHEAT_TITLE);
    await expect.poll(() => first.locator('mark').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('search-q').inputValue()).toBe('пшениц');

    // A facet narrows at once; its own group keeps counting the other areas.
    await page.getByTestId('filter-area-agritech').check();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('priorityArea')).toEqual(['agritech']);
    await expect.poll(() => page.getByTestId('task-card').count()).toBe(1);
    expect(await page.getByTestId('filter-area-agritech').isChecked()).toBe(true);

    // Open the task, come back: the search is still there; one more step back leaves /tasks.
    await first.getByTestId('task-card-link').click();
    await page.getByTestId('task-detail').waitFor();
    await page.goBack();
    await expect.poll(() => page.getByTestId('search-q').inputValue()).toBe('пшениц');
    expect(new URL(page.url()).searchParams.getAll('priorityArea')).toEqual(['agritech']);
    await expect.poll(() => page.getByTestId('task-card').count()).toBe(1);
    expect(await page.getByTestId('filter-area-agritech').isChecked()).toBe(true);
    await page.goBack();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/institutes');

    // Nothing matches: an empty state that offers to clear the search.
    await page.goto(`${baseUrl}/tasks?priorityArea=medtech`);
    await page.getByTestId('task-list-empty').waitFor();
    expect(await page.getByTestId('search-clear').getAttribute('href')).toBe('/tasks');
    await context.close();
  }, 90_000);

  it('a saved search raises a notification that reaches the bell live', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    const page = await newPage(context);
    const institute = await signUp(ctx.app, 'institute');
    await signIn(page, baseUrl, institute.credentials);
    await page.goto(`${baseUrl}/tasks?q=${encodeURIComponent('ячмень')}`);
    await page.getByTestId('save-search').click();
    await page.getByTestId('save-search-name').fill('Ячмень');
    await page.getByTestId('save-search-submit').click();
    await page.getByTestId('save-search-done').getByRole('link').waitFor();
    await page.goto(`${baseUrl}/saved-searches`);
    expect(await page.getByTestId('saved-search').getByTestId('saved-search-open').textContent()).toBe('Ячмень');
    expect(await page.getByTestId('notification-count').count()).toBe(0);

    // Another enterprise publishes a matching task; the bell updates without a reload.
    const other = await signUp(ctx.app, 'enterprise');
    const title = 'Пивоваренный ячмень: сорта и технология возделывания';
    await publish(other.client, {
      lang: 'ru', title, priorityArea: 'agritech', region: 'kostanay',
      problem: 'Солодовенному заводу не хватает пивоваренного ячменя с белком ниже 11,5 %; нужны сорта ячменя и технология возделывания для Костанайской области.',
    });
    await ctx.app.indexer.drain();
    await ctx.app.alerts.service.whenIdle();
    await expect.poll(() => page.getByTestId('notification-count').textContent(), { timeout: 15_000 }).toBe('1');

    await page.getByTestId('notification-bell').click();
    const item = page.getByTestId('notification-item').first();
    expect(await item.textContent()).toContain(title);
    expect(await item.textContent()).toContain(translate('ru', 'notifications.reasonSavedSearch', { name: 'Ячмень' }));
    await item.getByRole('link').click();
    await page.getByTestId('task-detail').waitFor();
    expect(await page.getByTestId('task-title').textContent()).toBe(title);
    await expect.poll(() => page.getByTestId('notification-count').count()).toBe(0);
    await context.close();
  }, 90_000);

  it('logged no errors in the browser console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
