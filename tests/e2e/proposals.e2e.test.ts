// Proposals in a real browser against the real server: an institute writes and submits a proposal
// with a PDF on a 390 px wide screen; the enterprise compares two proposals, shortlists one and
// declines the other with a reason; the institute reads the reason in My proposals.
// Needs `npm run build` first (this test builds nothing) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { formatKzt } from '../../shared/money.ts';
import { browserTestsCanRun, closeBrowserTest, launchBrowser, openSignedIn, serveForBrowser, WEB_DIR, type Credentials } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { pdfBytes, proposalBody, publishableTaskBody, signUp } from '../helpers/test-client.ts';

const ready = browserTestsCanRun('proposals.e2e.test.ts');

const ru = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('ru', key, params);

describe.skipIf(!ready)('proposals in a browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let taskId: string;
  let instituteCredentials: { email: string; password: string };
  let enterpriseCredentials: { email: string; password: string };
  let otherProposalId: string;
  let proposalId: string;
  const title = `Извлечение селена из шламов ${Date.now().toString(36)}`;

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    await ctx.app.indexer.drain();
    baseUrl = await serveForBrowser(ctx);

    // Set up through the API: a published task asking for 30 % co-financing, and a rival proposal.
    const enterprise = await signUp(ctx.app, 'enterprise');
    enterpriseCredentials = enterprise.credentials;
    const task = await enterprise.client.post('/api/tasks', publishableTaskBody({ cofinancingPercent: 30 }));
    taskId = task.body.id;
    expect((await enterprise.client.post(`/api/tasks/${taskId}/status`, { status: 'published' })).status).toBe(200);
    const rival = await signUp(ctx.app, 'institute');
    const rivalProposal = await rival.client.post(`/api/tasks/${taskId}/proposals`, proposalBody({ submit: true }));
    expect(rivalProposal.status).toBe(201);
    otherProposalId = rivalProposal.body.id;
    instituteCredentials = (await signUp(ctx.app, 'institute')).credentials;

    browser = await launchBrowser();
  }, 120_000);

  afterAll(() => closeBrowserTest(browser, ctx, contexts));

  const openAs = (credentials: Credentials, viewport: { width: number; height: number }) =>
    openSignedIn(browser, baseUrl, credentials, { viewport, errors: pageErrors, contexts });

  it('an institute writes a proposal on a phone, sees the sums live, attaches a PDF and submits it', async () => {
    const page = await openAs(instituteCredentials, { width: 390, height: 844 });
    await page.goto(`${baseUrl}/tasks/${taskId}`);
    await page.getByTestId('task-propose').click();
    await page.waitForURL(`**/tasks/${taskId}/propose`);

    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByTestId('proposal-title').fill(title);
    await page.getByTestId('proposal-summary').fill('Содовое выщелачивание и селективное восстановление вместо обжига; без SO2.');
    await page.getByTestId('proposal-approach').fill('Лабораторные опыты на шламах завода, затем пилот 50 кг/сутки с материальным балансом.');
    await page.getByTestId('team-name-0').fill('А. Сейткали');
    await page.getByTestId('team-role-0').fill('Руководитель');
    await page.getByTestId('team-qualification-0').fill('PhD, гидрометаллургия');
    await page.getByTestId('milestone-title-0').fill('Лабораторная схема');
    await page.getByTestId('milestone-deliverable-0').fill('Отчёт');
    await page.getByTestId('milestone-due-0').fill('2027-06-30');
    await page.getByTestId('milestone-amount-0').fill('60 000 000');
    await page.getByTestId('add-milestone').click();
    // Adding a row moves the focus into it (keyboard users land where they type next).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('milestone-title-1');
    await page.getByTestId('milestone-title-1').fill('Пилотная кампания');
    await page.getByTestId('milestone-deliverable-1').fill('Отчёт о пилоте');
    await page.getByTestId('milestone-due-1').fill('2027-12-31');
    await page.getByTestId('milestone-amount-1').fill('50 000 000');
    await page.getByTestId('proposal-total').fill('120000000');
    await page.getByTestId('cofinancing-enterprise').fill('36000000');
    await page.getByTestId('cofinancing-state_program').fill('72000000');
    await page.getByTestId('proposal-trl-start').selectOption('3');
    await page.getByTestId('proposal-trl-end').selectOption('6');

    // Live sums: 10 M short on the milestones and 12 M on the co-financing, with spaces as separators.
    const short = (amount: number) => ru('proposals.sums.under', { amount: formatKzt(amount, 'ru') });
    await expect.poll(() => page.locator('[data-testid=sum-milestones]:visible').textContent()).toContain(short(10_000_000));
    expect(short(10_000_000)).toContain('10\u00a0000\u00a0000\u00a0₸');
    expect(await page.locator('[data-testid=sum-cofinancing]:visible').textContent()).toContain(short(12_000_000));
    // The enterprise's share (30 %) against what the task asks (30 %).
    expect(await page.locator('[data-testid=sum-enterprise-share]:visible').textContent()).toContain(ru('proposals.sums.enterpriseShare', { percent: 30 }));
    expect(await page.locator('[data-testid=sum-task-share]:visible').textContent()).toContain(ru('proposals.sums.shareMatches'));

    // Submitting with sums that do not add up is stopped in the browser, in Russian, with focus on the summary.
    await page.getByTestId('proposal-submit').click();
    await page.getByTestId('error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    expect(await page.getByTestId('error-summary').textContent()).toContain(ru('proposals.validation.milestoneSum'));
    expect(await page.getByTestId('proposal-total').getAttribute('aria-invalid')).toBe('true');

    await page.getByTestId('milestone-amount-1').fill('60 000 000');
    await page.getByTestId('cofinancing-institute_inkind').fill('12 000 000');
    await expect.poll(() => page.locator('[data-testid=sum-milestones]:visible').textContent()).toContain(ru('proposals.sums.balanced'));
    expect(await page.locator('[data-testid=sum-cofinancing]:visible').textContent()).toContain(ru('proposals.sums.balanced'));

    // Save the draft: it continues on its edit page, where files can be attached.
    await page.getByTestId('proposal-save-draft').click();
    await page.waitForURL(/\/proposals\/[^/]+\/edit/);
    proposalId = page.url().split('/proposals/')[1].split('/')[0];
    await page.getByTestId('proposal-notice').waitFor();
    expect(await page.getByTestId('proposal-attachments').textContent()).toContain(ru('proposals.attachments.pdfOnly'));

    // A file named .pdf that is not one: the server's refusal is shown as it is.
    await page.getByTestId('attachment-file').setInputFiles({ name: 'smeta.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all, just text') });
    await page.getByTestId('attachment-upload').click();
    await expect.poll(() => page.getByTestId('attachment-message').textContent()).toContain(ru('errors.proposals.attachment_not_pdf'));

    // A slow uplink (Chromium's network emulation, 100 KB/s) so the progress can be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 100 * 1024 });
    await page.getByTestId('attachment-file').setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: pdfBytes(300_000) });
    await page.getByTestId('attachment-upload').click();
    await expect.poll(async () => Number(await page.getByTestId('attachment-progress').getAttribute('value', { timeout: 1000 }).catch(() => 0))).toBeGreaterThan(0);
    expect(await page.getByTestId('attachment-upload').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('attachment-message').textContent()).toBe(ru('proposals.attachments.uploaded', { name: 'plan.pdf' }));
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    expect(await page.getByTestId('attachment-progress').count()).toBe(0);
    const link = page.getByTestId('attachment-link');
    expect(await link.count()).toBe(1);
    const href = (await link.getAttribute('href')) ?? '';
    const pdf = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-type'), href);
    expect(pdf).toBe('application/pdf');

    await page.getByTestId('proposal-submit').click();
    await page.waitForURL(`**/proposals/${proposalId}?done=submitted`);
    expect(await page.getByTestId('proposal-status').textContent()).toBe(ru('proposals.status.submitted'));
    expect(await page.getByTestId('proposal-action-notice').textContent()).toBe(ru('proposals.actions.submitted'));
    expect(await page.getByTestId('attachment-link').count()).toBe(1);
  }, 120_000);

  it('the enterprise compares the two proposals, shortlists one and declines the other with a reason', async () => {
    const page = await openAs(enterpriseCredentials, { width: 1280, height: 900 });
    await page.getByTestId('nav-inbox').click();
    await page.waitForURL('**/inbox');
    await expect.poll(() => page.getByTestId('proposal-item').count()).toBe(2);
    expect(await page.getByTestId('compare-selected').isDisabled()).toBe(true);
    await page.locator(`[data-proposal-id="${proposalId}"]`).getByTestId('proposal-select').check();
    await page.locator(`[data-proposal-id="${otherProposalId}"]`).getByTestId('proposal-select').check();
    await page.getByTestId('compare-selected').click();

    await page.waitForURL(/\/proposals\/compare\?/);
    await expect.poll(() => page.getByTestId('compare-column').count()).toBe(2);
    expect(await page.getByTestId('compare-budget').allTextContents()).toEqual([formatKzt(120_000_000, 'ru'), formatKzt(120_000_000, 'ru')]);
    expect((await page.getByTestId('compare-enterprise').allTextContents()).sort()).toEqual([formatKzt(36_000_000, 'ru'), formatKzt(72_000_000, 'ru')].sort());
    expect(await page.getByTestId('compare-trl').allTextContents()).toEqual(['3 → 6', '3 → 6']);
    expect(await page.getByTestId('compare-match').count()).toBe(2);
    await page.getByTestId('compare-back').click();
    await page.waitForURL('**/inbox');

    await page.locator(`[data-proposal-id="${otherProposalId}"]`).getByTestId('proposal-shortlist').click();
    await expect.poll(() => page.locator(`[data-proposal-id="${otherProposalId}"]`).getAttribute('data-status')).toBe('shortlisted');

    // Declining opens a dialog that takes the focus; "other" without a note is refused in the dialog.
    const opener = page.locator(`[data-proposal-id="${proposalId}"]`).getByTestId('proposal-decline');
    await opener.click();
    await page.getByTestId('decline-dialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('decline-reason-too_early_stage');
    await page.getByTestId('decline-reason-other').check();
    await page.getByTestId('decline-confirm').click();
    expect(await page.getByTestId('decline-problem').textContent()).toBe(ru('errors.proposals.note_required'));
    await page.getByTestId('decline-reason-budget_out_of_range').check();
    await page.getByTestId('decline-note').fill('Наш предел — 100 млн ₸ на этот этап.');
    await page.getByTestId('decline-confirm').click();
    await expect.poll(() => page.locator(`[data-proposal-id="${proposalId}"]`).getAttribute('data-status')).toBe('declined');
    expect(await page.getByTestId('decline-dialog').isVisible()).toBe(false);
    expect(await page.getByTestId('inbox-notice').textContent()).toBe(ru('proposals.actions.declined'));
  }, 120_000);

  it('the institute sees the decline reason, translated, and the note in My proposals', async () => {
    const page = await openAs(instituteCredentials, { width: 390, height: 844 });
    await page.goto(`${baseUrl}/proposals`);
    const item = page.locator(`[data-proposal-id="${proposalId}"]`);
    await item.waitFor();
    expect(await item.getByTestId('proposal-status').textContent()).toBe(ru('proposals.status.declined'));
    expect(await item.getByTestId('proposal-decline-code').textContent()).toBe(ru('proposals.reason.budget_out_of_range'));
    expect(await item.getByTestId('proposal-decline-note').textContent()).toBe('Наш предел — 100 млн ₸ на этот этап.');
    expect(await item.getByTestId('proposal-stage-age').textContent()).toBe(ru('proposals.list.stageAge', { days: 0 }));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
