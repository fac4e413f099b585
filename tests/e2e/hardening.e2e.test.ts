// The built web app under its Content-Security-Policy, and on a phone-sized screen.
// Needs `npm run build` first (this test builds nothing) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { formatNumber } from '../../shared/money.ts';
import { MAX_KZT } from '../../shared/schemas/common.ts';
import { browserTestsCanRun, launchBrowser, serveForBrowser, sidewaysOverflow, signIn, submitSignIn, WEB_DIR } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { publishableTaskBody, signUp } from '../helpers/test-client.ts';

const ready = browserTestsCanRun('hardening.e2e.test.ts');

describe.skipIf(!ready)('the web app under its security policy and on a phone', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  let taskId: string;
  let credentials: { email: string; password: string };

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    const enterprise = await signUp(ctx.app, 'enterprise');
    credentials = enterprise.credentials;
    // KPIs worded as people word them: long names, figures with their signs (they must fit a phone).
    const kpis = [
      { metric: 'Share of citizen requests resolved automatically without an operator', baseline: '18 %', target: '≥ 50 %', unit: 'per cent of requests' },
      { metric: 'Kazakh speech recognition word error rate (WER)', baseline: '25 %', target: '≤ 10 %', unit: 'per cent of words' },
    ];
    const created = await enterprise.client.post('/api/tasks', publishableTaskBody({ kpis }));
    taskId = created.body.id;
    await enterprise.client.post(`/api/tasks/${taskId}/status`, { status: 'published' });
    await ctx.app.indexer.drain();
    baseUrl = await serveForBrowser(ctx);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** A page that records every CSP violation, by event and by console message. */
  async function watchedPage(context: BrowserContext) {
    const violations: string[] = [];
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const w = window as unknown as { __cspViolations?: string[] };
        (w.__cspViolations ??= []).push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (/Refused to|Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(`pageerror: ${error.message}`));
    const collect = async () => [...violations, ...((await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])) as string[])];
    return { page, collect };
  }

  it('the main pages, signed out and signed in, run under the policy without a single violation', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    const { page, collect } = await watchedPage(context);
    const pages = ['/', '/tasks', '/institutes', `/tasks/${taskId}`, '/sign-in'];
    for (const path of pages) {
      const response = await page.goto(`${baseUrl}${path}`);
      expect(response?.headers()['content-security-policy'], path).toContain("script-src 'self' 'sha256-");
      await page.locator('main h1').first().waitFor();
      expect(await collect(), path).toEqual([]);
    }

    // Interactive: the app booted and reacts (language switch re-renders the page in Kazakh).
    await page.goto(`${baseUrl}/tasks`);
    await page.getByTestId('lang-kk').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(translate('kk', 'tasks.listTitle'));
    await page.getByTestId('lang-ru').click();

    await signIn(page, baseUrl, credentials);
    for (const path of [...pages.filter((p) => p !== '/sign-in'), '/dashboard', `/tasks/${taskId}/edit`]) {
      await page.goto(`${baseUrl}${path}`);
      await page.locator('main h1').first().waitFor();
      expect(await collect(), path).toEqual([]);
    }
    await page.getByTestId('task-title').waitFor();

    // Swagger UI still renders the API under the same policy.
    await page.goto(`${baseUrl}/api/docs`);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(await collect(), '/api/docs').toEqual([]);
    await context.close();
  }, 120_000);

  /** Elements that stick out of the viewport on the right: what makes a phone scroll sideways. */
  async function overflow(page: Page) {
    return page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const culprits = [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > width + 1 && getComputedStyle(element).position !== 'fixed')
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} → ${Math.round(element.getBoundingClientRect().right)}`);
      return { scrollWidth: document.documentElement.scrollWidth, width, culprits };
    });
  }

  it('on a 390 px phone no page scrolls sideways, the header is one short row and the filters start folded', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const { page, collect } = await watchedPage(context);

    const check = async (path: string) => {
      await page.goto(`${baseUrl}${path}`);
      await page.locator('main h1').first().waitFor();
      const measured = await overflow(page);
      expect(measured.scrollWidth, `${path}: ${measured.culprits.join(', ')}`).toBeLessThanOrEqual(measured.width);
      const header = await page.locator('.site-header').boundingBox();
      expect(header!.height, `${path} header height`).toBeLessThanOrEqual(100);
    };
    for (const path of ['/', '/tasks', '/institutes', `/tasks/${taskId}`]) await check(path);
    // The task's KPIs fit the phone as blocks: every target is on screen, no box to scroll sideways.
    await page.goto(`${baseUrl}/tasks/${taskId}`);
    const kpis = page.getByTestId('task-kpis');
    await kpis.waitFor();
    expect(await kpis.evaluate((table) => table.parentElement!.scrollWidth <= table.parentElement!.clientWidth)).toBe(true);
    const target = await kpis.locator('tbody td').nth(1).boundingBox();
    expect(target!.x + target!.width).toBeLessThanOrEqual(390);

    // The filters fold away on a phone: the results come first, the button unfolds them.
    await page.goto(`${baseUrl}/tasks`);
    await page.getByTestId('task-card').first().waitFor();
    expect(await page.getByTestId('task-filters').isVisible()).toBe(false);
    await page.getByTestId('filters-toggle').click();
    expect(await page.getByTestId('task-filters').isVisible()).toBe(true);

    // The navigation sits behind the menu button and closes after a choice.
    expect(await page.getByTestId('nav-institutes').isVisible()).toBe(false);
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('nav-institutes').click();
    await page.waitForURL('**/institutes');
    await expect.poll(() => page.getByTestId('nav-institutes').isVisible()).toBe(false);

    // Signed in (the account tools are in the menu too): the dashboard and the task page fit.
    await signIn(page, baseUrl, credentials);
    for (const path of ['/dashboard', `/tasks/${taskId}`, '/tasks', '/']) await check(path);
    // A long form's save bar stays one row of buttons at the bottom: it leaves the form most of the screen.
    await check('/tasks/new');
    const bar = await page.locator('.sticky-actions').boundingBox();
    expect(bar!.height, 'save bar height').toBeLessThanOrEqual(844 * 0.15);
    await page.getByTestId('menu-toggle').click();
    expect(await page.getByTestId('sign-out').isVisible()).toBe(true);
    expect(await collect()).toEqual([]);
    await context.close();
  }, 120_000);

  it('a draft saves with only a title, the checklist says what is missing, and closing asks for a reason', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    const { page, collect } = await watchedPage(context);
    await signIn(page, baseUrl, credentials);

    // Only a title: "Save draft" saves, and the task page says so.
    await page.goto(`${baseUrl}/tasks/new`);
    await expect.poll(() => page.getByTestId('readiness-summary').textContent()).toContain(translate('ru', 'tasks.form.readinessMissing', { count: 7 }));
    await page.getByTestId('task-title').fill('Tailings slime');
    await expect.poll(() => page.getByTestId('readiness-summary').textContent()).toContain(translate('ru', 'tasks.form.readinessMissing', { count: 6 }));
    expect(await page.getByTestId('readiness-title').getAttribute('data-ok')).toBe('true');
    await page.getByTestId('task-save-draft').click();
    await page.getByTestId('task-detail').waitFor();
    expect(await page.getByTestId('saved-notice').textContent()).toContain(translate('ru', 'tasks.detail.draftSaved'));
    expect(await page.getByTestId('task-status').first().textContent()).toBe(translate('ru', 'tasks.status.draft'));

    // Editing: an out-of-range co-financing is explained on the first submit; text over a limit is
    // refused with a message, not cut.
    await page.getByTestId('task-edit').click();
    await page.getByTestId('task-cofinancing').fill('150');
    await page.getByTestId('task-title').fill('T'.repeat(301));
    await page.getByTestId('task-budget-max').fill('20 000 000 000 000');
    expect(await page.getByTestId('task-title').inputValue()).toHaveLength(301);
    expect(await page.getByTestId('task-title-counter').textContent()).toContain('301');
    await page.getByTestId('task-save-draft').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-cofinancingPercent').textContent()).toBe(translate('ru', 'validation.maximum', { limit: 100 }));
    expect(await page.getByTestId('error-title').textContent()).toBe(translate('ru', 'validation.maxLength', { limit: 300 }));
    // The cap on amounts reads as a figure, grouped: "не больше 10 000 000 000 000", not 10000000000000.
    const cap = await page.getByTestId('error-budgetMaxKzt').textContent();
    expect(cap).toBe(translate('ru', 'validation.maximum', { limit: formatNumber(MAX_KZT, 'ru') }));
    expect(cap).toContain('10\u00a0000\u00a0000\u00a0000\u00a0000');
    await page.getByTestId('task-budget-max').fill('');
    await page.getByTestId('task-cofinancing').fill('30');
    await page.getByTestId('task-title').fill('Tailings slime: copper recovery');
    await page.getByTestId('task-save-draft').click();
    await page.getByTestId('task-detail').waitFor();
    expect(await page.getByTestId('saved-notice').isVisible()).toBe(true);

    // Closing a published task: a dialog asks for the reason, which then shows on the task.
    await page.goto(`${baseUrl}/tasks/${taskId}`);
    await page.getByTestId('task-close').click();
    await page.getByTestId('close-dialog').waitFor();
    await page.getByTestId('close-confirm').click();
    expect(await page.getByTestId('close-reason-error').textContent()).toBe(translate('ru', 'errors.tasks.close_reason_required'));
    expect(await page.getByTestId('task-status').first().textContent()).toBe(translate('ru', 'tasks.status.published'));
    await page.getByTestId('close-reason').fill('A partner was found at the hackathon');
    await page.getByTestId('close-confirm').click();
    await expect.poll(() => page.getByTestId('task-status').first().textContent()).toBe(translate('ru', 'tasks.status.closed'));
    expect(await page.getByTestId('task-closed-reason').textContent()).toContain('A partner was found at the hackathon');
    await page.reload();
    expect(await page.getByTestId('task-closed-reason').textContent()).toContain('A partner was found at the hackathon');
    expect(await collect()).toEqual([]);
    await context.close();
  }, 120_000);

  it('an address with a malformed id is "not found" in the page language, signed in or not', async () => {
    const context = await browser.newContext({ locale: 'kk-KZ' });
    const { page, collect } = await watchedPage(context);
    const notFound = translate('kk', 'errors.notFoundTitle');
    for (const path of ['/tasks/not-a-uuid', '/institutes/42', `/tasks/${taskId}x`]) {
      await page.goto(`${baseUrl}${path}`);
      await expect.poll(() => page.getByTestId('error-page').locator('h1').textContent()).toBe(notFound);
      expect(await page.getByTestId('error-page').textContent()).not.toContain(translate('kk', 'errors.validation.failed'));
    }
    await signIn(page, baseUrl, credentials);
    for (const path of ['/proposals/xyz', '/calls/abc/results', '/partnerships/1', '/negotiations/room']) {
      await page.goto(`${baseUrl}${path}`);
      await expect.poll(() => page.getByTestId('error-page').locator('h1').textContent()).toBe(notFound);
    }
    // The comparison opened with nothing to compare leads back to the inbox, where proposals are chosen.
    await page.goto(`${baseUrl}/proposals/compare`);
    await page.waitForURL(`${baseUrl}/inbox`);
    // A mangled invitation link is an unknown invitation, said on the invitation page.
    await page.goto(`${baseUrl}/invitations/not*a*token`);
    await expect.poll(() => page.getByTestId('invitation-unavailable').textContent()).toBe(translate('kk', 'errors.invitations.not_found'));
    // A well-formed id still opens its page.
    await page.goto(`${baseUrl}/tasks/${taskId}`);
    await page.getByTestId('task-detail').waitFor();
    expect(await collect()).toEqual([]);
    await context.close();
  }, 60_000);
  it('sign-in follows "next" only to a path of this site, however it is spelled', async () => {
    for (const next of ['/\\evil.example/', '//evil.example/', 'https://evil.example/']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
      await submitSignIn(page, credentials);
      await page.waitForURL(`${baseUrl}/dashboard`);
      await context.close();
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(`/tasks/${taskId}?tab=files#top`)}`);
    await submitSignIn(page, credentials);
    await page.waitForURL(`${baseUrl}/tasks/${taskId}?tab=files#top`);
    await context.close();
  }, 60_000);
  it('in Kazakh on a phone the task list fits, long priority-area labels included', async () => {
    const enterprise = await signUp(ctx.app, 'enterprise');
    const created = await enterprise.client.post('/api/tasks', publishableTaskBody({ priorityArea: 'agritech', title: 'Drought-tolerant wheat lines for the northern steppe' }));
    await enterprise.client.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
    await ctx.app.indexer.drain();
    const context = await browser.newContext({ locale: 'kk-KZ', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/tasks`);
    await page.locator(`[data-task-id="${created.body.id}"]`).waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await context.close();
  }, 60_000);
});
