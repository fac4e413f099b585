// The NDA gate in a real browser at phone width (390 px): an institute opens the NDA dialog with the
// keyboard, accepts it and reads the confidential part; the enterprise then sees the view in its log.
// Needs `npm run build` first (this test builds nothing) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserTestsCanRun, launchBrowser, newWatchedPage, serveForBrowser, signIn, WEB_DIR } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { publishableTaskBody, signUp } from '../helpers/test-client.ts';

const ready = browserTestsCanRun('nda.e2e.test.ts');

const SECRET = 'Шламы: Se 11,4 %, Te 2,1 %; поставка 1 850 т/год с Балхашского завода';

describe.skipIf(!ready)('the NDA gate in a browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  let taskId: string;
  const accounts = {} as Record<'enterprise' | 'institute', { email: string; password: string }>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    await ctx.app.indexer.drain();
    const enterprise = await signUp(ctx.app, 'enterprise');
    const institute = await signUp(ctx.app, 'institute');
    accounts.enterprise = enterprise.credentials;
    accounts.institute = institute.credentials;
    const created = await enterprise.client.post('/api/tasks', publishableTaskBody({ confidentialDetails: SECRET }));
    taskId = created.body.id;
    expect((await enterprise.client.post(`/api/tasks/${taskId}/status`, { status: 'published' })).status).toBe(200);
    baseUrl = await serveForBrowser(ctx);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  async function signedInPage(who: 'enterprise' | 'institute'): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 390, height: 800 } });
    const page = await newWatchedPage(context, pageErrors);
    await signIn(page, baseUrl, accounts[who]);
    return page;
  }

  it('an institute accepts the NDA with the keyboard and reads the confidential part', async () => {
    const page = await signedInPage('institute');
    await page.goto(`${baseUrl}/tasks/${taskId}`);
    await page.getByTestId('task-nda-locked').waitFor();
    expect(await page.getByTestId('task-confidential').count()).toBe(0);
    expect(await page.content()).not.toContain('Балхаш');

    await page.getByTestId('nda-open').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Non-disclosure agreement|Соглашение|Құпия/ });
    await dialog.waitFor();
    await page.getByTestId('nda-text').waitFor();
    expect(await page.getByTestId('nda-version').textContent()).toMatch(/1/);
    // At phone width the dialog fits the screen: nothing sticks out sideways.
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    // The page behind is inert while the modal is open: Tab never lands on it (past the last control
    // focus may leave the document for the browser's own UI, leaving <body> active).
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      const outside = await page.evaluate(() => {
        const active = document.activeElement;
        return active && active !== document.body && !active.closest('dialog') ? active.outerHTML.slice(0, 80) : null;
      });
      expect(outside).toBeNull();
    }
    await page.getByTestId('nda-accept').focus();
    await page.keyboard.press('Enter');

    await page.getByTestId('task-confidential-text').waitFor();
    expect(await page.getByTestId('task-confidential-text').textContent()).toBe(SECRET);
    expect(await page.getByTestId('nda-accepted-notice').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('task-confidential');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('the enterprise sees the acceptance and the view in its access log, and its NDA version', async () => {
    const page = await signedInPage('enterprise');
    await page.goto(`${baseUrl}/tasks/${taskId}`);
    await page.getByTestId('nda-current-version').waitFor();
    expect(await page.getByTestId('nda-current-version').textContent()).toMatch(/1/);
    await expect.poll(() => page.getByTestId('access-log-entry').count()).toBe(2);
    expect(await page.getByTestId('access-log-entry').first().getAttribute('data-action')).toBe('confidential.view');
    expect(pageErrors).toEqual([]);
  });
});
