// The task list in a real browser: the sort select, suggestions when nothing is found, and the
// database fallback while Meilisearch is down (this file starts its own Meilisearch to stop it).
// Needs `npm run build` first and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { startLocalMeilisearch, type LocalMeilisearch } from '../../server/search/meili-process.ts';
import { browserTestsCanRun, launchBrowser, newWatchedPage, serveForBrowser, WEB_DIR } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { publishableTaskBody, signUp } from '../helpers/test-client.ts';

const ready = browserTestsCanRun('search.e2e.test.ts');

const quietLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };

describe.skipIf(!ready)('the task list in a browser', () => {
  let meiliDir: string;
  let meili: LocalMeilisearch;
  let ctx: TestContext;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let organisation: { id: string; name: string };
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    meiliDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kopir-meili-'));
    meili = await startLocalMeilisearch({ dataDir: meiliDir, logger: quietLogger });
    ctx = await createTestContext({ webDir: WEB_DIR, meiliUrl: meili.url, meiliMasterKey: meili.masterKey });
    const { client, session } = await signUp(ctx.app, 'enterprise');
    organisation = session.organisation;
    for (const [n, deadline] of [[1, '2028-03-01'], [2, '2027-06-01'], [3, '2029-01-01']] as const) {
      const created = await client.post('/api/tasks', publishableTaskBody({ title: `Copper flotation tailings ${n}`, region: 'karaganda', deadline }));
      await client.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
    }
    await ctx.app.indexer.drain();
    baseUrl = await serveForBrowser(ctx);
    browser = await launchBrowser();
    page = await newWatchedPage(await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } }), consoleErrors);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
    await meili?.stop();
    fs.rmSync(meiliDir, { recursive: true, force: true });
  });

  const titles = () => page.getByTestId('task-card-link').allTextContents();

  it('the sort select orders the list and lands in the URL', async () => {
    await page.goto(`${baseUrl}/tasks`);
    await page.getByTestId('task-list').waitFor();
    expect(await page.getByTestId('task-sort').inputValue()).toBe('newest');
    expect(await page.getByTestId('task-sort').locator('option[value="relevance"]').count()).toBe(0); // no words, no relevance
    await page.getByTestId('task-sort').selectOption('deadline');
    await page.waitForURL(/[?&]sort=deadline/);
    await expect.poll(titles).toEqual(['Copper flotation tailings 2', 'Copper flotation tailings 1', 'Copper flotation tailings 3']);
  }, 60_000);

  it('a search that finds nothing offers a broader search as a link', async () => {
    await page.goto(`${baseUrl}/tasks?q=flotation&region=kostanay`);
    await page.getByTestId('task-list-empty').waitFor();
    const broader = page.getByTestId('search-suggestion-broader');
    expect(await broader.textContent()).toBe(translate('en', 'search.suggestions.broaderFilters', { count: 3 }));
    await broader.click();
    await page.waitForURL((url) => url.search === '?q=flotation');
    await expect.poll(() => page.getByTestId('task-card').count()).toBe(3);
  }, 60_000);

  it("the organisation's page links to its tasks: the list names it and leads back to all", async () => {
    await page.goto(`${baseUrl}/organisations/${organisation.id}`);
    await page.getByRole('link', { name: translate('en', 'organisations.tasks') }).click();
    await page.waitForURL((url) => url.searchParams.get('organisationId') === organisation.id);
    await expect.poll(() => page.getByTestId('organisation-filter').textContent()).toContain(translate('en', 'tasks.ofOrganisation', { name: organisation.name }));
    await expect.poll(() => page.getByTestId('task-card').count()).toBe(3);
    await page.getByRole('link', { name: translate('en', 'tasks.allOrganisations') }).click();
    await page.waitForURL((url) => !url.searchParams.has('organisationId'));
    await expect.poll(() => page.getByTestId('task-card').count()).toBe(3);
  }, 60_000);

  it('while search is down the list comes from the database with a notice; words show the outage', async () => {
    await meili.stop();
    await page.goto(`${baseUrl}/tasks?sort=deadline`);
    await page.getByTestId('search-degraded').waitFor();
    expect(await titles()).toEqual(['Copper flotation tailings 2', 'Copper flotation tailings 1', 'Copper flotation tailings 3']);
    expect(await page.getByTestId('search-error').count()).toBe(0);
    await page.goto(`${baseUrl}/tasks?q=flotation`);
    await page.getByTestId('search-error').waitFor();
  }, 60_000);

  it('logged no errors in the browser', () => {
    expect(consoleErrors).toEqual([]);
  });
});
