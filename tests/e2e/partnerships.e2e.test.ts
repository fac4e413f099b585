// A partnership in a real browser against the real server: the institute submits a milestone report
// with a PDF on a 390 px wide screen; the enterprise accepts it and records its disbursement; the page
// shows the money planned and paid by source, and the audit trail. Then both sides take it off the
// public page with a change request, shown to the other side in words.
// Needs `npm run build` first (this test builds nothing) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { formatKzt } from '../../shared/money.ts';
import { initialTermsOf } from '../../shared/schemas/terms.ts';
import { browserTestsCanRun, closeBrowserTest, launchBrowser, openSignedIn, serveForBrowser, sidewaysOverflow, WEB_DIR, type Credentials } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { pdfBytes, proposalBody, publishableTaskBody, signUp } from '../helpers/test-client.ts';
import { createPartnershipFromAgreement } from '../../server/modules/partnerships/partnerships.agreement.ts';

const ready = browserTestsCanRun('partnerships.e2e.test.ts');

const ru = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('ru', key, params);

describe.skipIf(!ready)('a partnership in a browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let partnershipId: string;
  let institute: Awaited<ReturnType<typeof signUp>>;
  let enterprise: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    baseUrl = await serveForBrowser(ctx);

    // Set up through the API and the agreement call: 2 milestones of 60 M; enterprise 72 M, state 36 M, in kind 12 M.
    enterprise = await signUp(ctx.app, 'enterprise');
    institute = await signUp(ctx.app, 'institute');
    const task = await enterprise.client.post('/api/tasks', publishableTaskBody());
    expect((await enterprise.client.post(`/api/tasks/${task.body.id}/status`, { status: 'published' })).status).toBe(200);
    const proposal = await institute.client.post(`/api/tasks/${task.body.id}/proposals`, proposalBody({ submit: true }));
    const terms = initialTermsOf(proposal.body, '2026-01-01');
    partnershipId = (await ctx.db.transaction((tx) => createPartnershipFromAgreement({ db: ctx.db }, tx, { proposalId: proposal.body.id, terms, termsVersion: 1, actor: { userId: null, tokenId: null, label: 'test' } }))).id;

    browser = await launchBrowser();
  }, 120_000);

  afterAll(() => closeBrowserTest(browser, ctx, contexts));

  const openAs = (credentials: Credentials, viewport: { width: number; height: number }) =>
    openSignedIn(browser, baseUrl, credentials, { viewport, errors: pageErrors, contexts, timeout: 20_000 });

  it('the institute submits a milestone report with a PDF from a phone', async () => {
    const page = await openAs(institute.credentials, { width: 390, height: 844 });
    await page.goto(`${baseUrl}/partnerships`);
    await page.locator(`[data-partnership-id="${partnershipId}"] a`).click();
    await page.waitForURL(`**/partnerships/${partnershipId}`);
    expect(await page.getByTestId('partnership-clauses').count()).toBe(1);
    const first = page.getByTestId('milestone').first();
    await first.getByTestId('report-text').fill('Лабораторная схема отработана на трёх пробах шлама; баланс по селену приложен.');
    await first.getByTestId('report-file').setInputFiles({ name: 'otchet.pdf', mimeType: 'application/pdf', buffer: pdfBytes(50_000) });
    await first.getByTestId('report-submit').click();
    await expect.poll(() => page.getByTestId('partnership-notice').textContent()).toBe(ru('partnerships.done.reportSubmitted'));
    expect(await first.getAttribute('data-milestone-status')).toBe('reported');
    expect(await first.getByRole('link', { name: 'otchet.pdf' }).count()).toBe(1);
    // The institute pays no enterprise money and the milestone is not accepted yet: nothing to record.
    expect(await page.getByTestId('nothing-payable').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('the enterprise accepts the report and records its disbursement; the page shows planned against paid', async () => {
    const page = await openAs(enterprise.credentials, { width: 1280, height: 900 });
    await page.goto(`${baseUrl}/partnerships/${partnershipId}`);
    const first = page.getByTestId('milestone').first();
    await first.getByTestId('report-accept').click();
    await expect.poll(() => page.getByTestId('partnership-notice').textContent()).toBe(ru('partnerships.done.reportAccepted'));
    expect(await first.getAttribute('data-milestone-status')).toBe('accepted');

    // Only the enterprise's own tranche of the accepted milestone is offered.
    expect(await page.getByTestId('disbursement-tranche').locator('option').count()).toBe(1);
    await page.getByTestId('disbursement-amount').fill('36000001');
    await page.getByTestId('disbursement-date').fill('2026-11-20');
    await page.getByTestId('disbursement-submit').click();
    await expect.poll(() => page.getByTestId('partnership-error').textContent()).toBe(ru('errors.partnerships.above_plan'));
    await page.getByTestId('disbursement-amount').fill('36000000');
    await page.getByTestId('disbursement-submit').click();
    await expect.poll(() => page.getByTestId('partnership-notice').textContent()).toBe(ru('partnerships.done.recorded'));
    expect(await first.locator('[data-testid=tranche][data-source=enterprise] [data-testid=tranche-disbursed]').textContent()).toBe(formatKzt(36_000_000, 'ru'));
    expect(await page.getByTestId('partnership-disbursed').textContent()).toBe(formatKzt(36_000_000, 'ru'));
    expect(await page.getByTestId('ledger-entry').count()).toBe(1);
    expect(await page.getByTestId('nothing-payable').count()).toBe(1);
    const trail = await page.getByTestId('partnership-history').textContent();
    expect(trail).toContain(ru('partnerships.actions.disburse'));
    expect(trail).toContain(ru('partnerships.actions.report_accept'));

    // The printable summary: forms and the trail are left out, and it fits one A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('disbursement-form').isVisible()).toBe(false);
    expect(await page.getByTestId('partnership-history').isVisible()).toBe(false);
    expect(await page.getByTestId('totals-by-source').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });

    // On a phone the money tables (totals, the ledger with its reverse button) scroll in their own
    // boxes and the form's long tranche names wrap: the page itself does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The server agrees, to the tenge.
    const detail = await enterprise.client.get(`/api/partnerships/${partnershipId}`);
    expect(detail.body.totalsBySource.find((line: any) => line.source === 'enterprise')).toEqual({ source: 'enterprise', plannedKzt: 72_000_000, disbursedKzt: 36_000_000 });
    expect(pageErrors).toEqual([]);
  });

  it('the institute proposes to keep the partnership private; the enterprise reads the change in words and accepts', async () => {
    const publicIdentifiers = async () => ((await ctx.app.inject({ method: 'GET', url: '/api/public/partnerships.json' })).json().grants as { identifier: string }[]).map((grant) => grant.identifier);
    // State money is in the terms, so it is public by default.
    expect(await publicIdentifiers()).toContain(`KZ-KOPIR-${partnershipId}`);

    const lab = await openAs(institute.credentials, { width: 390, height: 844 });
    await lab.goto(`${baseUrl}/partnerships/${partnershipId}`);
    expect(await lab.getByTestId('partnership-public').getAttribute('data-public')).toBe('true');
    await lab.getByTestId('change-open').click();
    expect(await lab.getByTestId('change-public').isChecked()).toBe(true);
    expect(await lab.getByTestId('change-public-hint').textContent()).toContain(ru('negotiations.editor.publicDefaultOn'));
    await lab.getByTestId('change-public').uncheck();
    expect(await lab.getByTestId('change-public-hint').textContent()).toContain(ru('negotiations.editor.publicChosen'));
    expect(await sidewaysOverflow(lab)).toEqual([]);
    await lab.locator('#change-reason').fill('Данные скважин — коммерческая тайна недропользователя.');
    await lab.getByTestId('change-form').getByRole('button', { name: ru('partnerships.detail.submitChange') }).click();
    await expect.poll(() => lab.getByTestId('partnership-notice').textContent()).toBe(ru('partnerships.done.changeProposed'));

    const company = await openAs(enterprise.credentials, { width: 1280, height: 900 });
    await company.goto(`${baseUrl}/partnerships/${partnershipId}`);
    const request = company.getByTestId('change-request');
    await expect.poll(() => request.getByTestId('diff-row').allTextContents()).toEqual([`${ru('negotiations.fields.publicDisclosure')}${ru('negotiations.disclosure.public')}${ru('negotiations.disclosure.private')}`]);
    await request.getByTestId('change-accept').click();
    await expect.poll(() => company.getByTestId('partnership-public').getAttribute('data-public')).toBe('false');
    expect(await company.getByTestId('partnership-public').textContent()).toBe(ru('partnerships.detail.notPublic'));
    expect(await publicIdentifiers()).not.toContain(`KZ-KOPIR-${partnershipId}`);
    expect(pageErrors).toEqual([]);
  });
});
