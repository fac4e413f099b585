// The whole proposal journey in one continuous scenario, two people in two browser contexts side by
// side: the enterprise attaches a confidential PDF to its task; an institute accepts the task's NDA,
// downloads that file, writes and submits a proposal with its own PDF; the enterprise sees the download
// in its access log, compares the proposal with a rival one, shortlists the rival and declines this
// one with a reason and a note; the institute reads both, translated, in "My proposals".
// Needs `npm run build` first (this test builds nothing) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { browserTestsCanRun, closeBrowserTest, launchBrowser, openSignedIn, serveForBrowser, WEB_DIR, type Credentials } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { pdfBytes, proposalBody, publishableTaskBody, signUp } from '../helpers/test-client.ts';

const ready = browserTestsCanRun('proposal-journey.e2e.test.ts');
const ru = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('ru', key, params);

const CONFIDENTIAL_FILE = 'analizy-shlamov.pdf';
const DECLINE_NOTE = 'Сначала нужен пилот на наших шламах, потом вернёмся к бюджету.';

/** A complete proposal whose sums add up: 60 M + 60 M = 120 M = 36 M + 72 M + 12 M. */
const PROPOSAL_FIELDS: Record<string, string> = {
  'proposal-summary': 'Содовое выщелачивание селена из шламов без обжига.',
  'proposal-approach': 'Лабораторные опыты, затем пилот 50 кг/сутки с материальным балансом.',
  'team-name-0': 'А. Сейткали',
  'team-role-0': 'Руководитель',
  'team-qualification-0': 'PhD, гидрометаллургия',
  'milestone-title-0': 'Лабораторная схема',
  'milestone-deliverable-0': 'Отчёт',
  'milestone-due-0': '2027-06-30',
  'milestone-amount-0': '60 000 000',
};
const SECOND_MILESTONE: Record<string, string> = {
  'milestone-title-1': 'Пилотная кампания',
  'milestone-deliverable-1': 'Отчёт о пилоте',
  'milestone-due-1': '2027-12-31',
  'milestone-amount-1': '60 000 000',
  'proposal-total': '120000000',
  'cofinancing-enterprise': '36000000',
  'cofinancing-state_program': '72000000',
  'cofinancing-institute_inkind': '12000000',
};

describe.skipIf(!ready)('a proposal from NDA to decline, in two browsers', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let taskId: string;
  let rivalProposalId: string;
  let enterprise: Credentials;
  let institute: Credentials;

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    await ctx.app.indexer.drain();
    // Through the API: a published task and a rival institute's submitted proposal.
    const owner = await signUp(ctx.app, 'enterprise');
    enterprise = owner.credentials;
    taskId = (await owner.client.post('/api/tasks', publishableTaskBody({ cofinancingPercent: 30 }))).body.id;
    expect((await owner.client.post(`/api/tasks/${taskId}/status`, { status: 'published' })).status).toBe(200);
    const rival = await signUp(ctx.app, 'institute');
    rivalProposalId = (await rival.client.post(`/api/tasks/${taskId}/proposals`, proposalBody({ submit: true }))).body.id;
    institute = (await signUp(ctx.app, 'institute')).credentials;
    baseUrl = await serveForBrowser(ctx);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(() => closeBrowserTest(browser, ctx, contexts));

  const openAs = (credentials: Credentials, viewport: { width: number; height: number }) =>
    openSignedIn(browser, baseUrl, credentials, { viewport, errors: pageErrors, contexts });

  const fill = async (page: Page, fields: Record<string, string>) => {
    for (const [testId, value] of Object.entries(fields)) await page.getByTestId(testId).fill(value);
  };

  it('NDA → confidential file → proposal with a PDF → compare, shortlist, decline → the institute reads why', async () => {
    const office = await openAs(enterprise, { width: 1280, height: 900 });
    const lab = await openAs(institute, { width: 390, height: 844 });

    // 1. The enterprise attaches a confidential PDF in its task editor.
    await office.goto(`${baseUrl}/tasks/${taskId}/edit`);
    await office.getByTestId('task-attachment-confidential').check();
    await office.getByTestId('attachment-file').setInputFiles({ name: CONFIDENTIAL_FILE, mimeType: 'application/pdf', buffer: pdfBytes(40_000) });
    await office.getByTestId('attachment-upload').click();
    await expect.poll(() => office.getByTestId('attachment-message').textContent()).toBe(ru('proposals.attachments.uploaded', { name: CONFIDENTIAL_FILE }));
    expect(await office.getByTestId('task-attachment').getAttribute('data-confidential')).toBe('true');

    // 2. The institute sees one locked file, accepts the NDA from the files section and downloads it.
    await lab.goto(`${baseUrl}/tasks/${taskId}`);
    await lab.getByTestId('task-attachments-locked').waitFor();
    expect(await lab.getByTestId('task-attachments-locked').textContent()).toContain(ru('taskAttachments.locked', { count: 1 }));
    expect(await lab.content()).not.toContain(CONFIDENTIAL_FILE);
    await lab.getByTestId('task-attachments-nda').click();
    await lab.getByTestId('nda-accept').click();
    const file = lab.locator('[data-testid=task-attachment][data-confidential=true]');
    await file.waitFor();
    expect(await lab.getByTestId('task-attachments-locked').count()).toBe(0);
    const [download] = await Promise.all([lab.waitForEvent('download'), file.getByTestId('task-attachment-link').click()]);
    expect(download.suggestedFilename()).toBe(CONFIDENTIAL_FILE);
    expect(await lab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // 3. The institute writes a proposal, saves it, attaches its PDF and submits.
    await lab.getByTestId('task-propose').click();
    await lab.waitForURL(`**/tasks/${taskId}/propose`);
    const title = 'Селен из шламов: содовая схема';
    await fill(lab, { 'proposal-title': title, ...PROPOSAL_FIELDS });
    await lab.getByTestId('add-milestone').click();
    await fill(lab, SECOND_MILESTONE);
    await lab.getByTestId('proposal-trl-start').selectOption('3');
    await lab.getByTestId('proposal-trl-end').selectOption('6');
    await expect.poll(() => lab.locator('[data-testid=sum-cofinancing]:visible').textContent()).toContain(ru('proposals.sums.balanced'));
    await lab.getByTestId('proposal-save-draft').click();
    await lab.waitForURL(/\/proposals\/[^/]+\/edit/);
    const proposalId = lab.url().split('/proposals/')[1].split('/')[0];
    await lab.getByTestId('attachment-file').setInputFiles({ name: 'plan-rabot.pdf', mimeType: 'application/pdf', buffer: pdfBytes(20_000) });
    await lab.getByTestId('attachment-upload').click();
    await expect.poll(() => lab.getByTestId('attachment-message').textContent()).toBe(ru('proposals.attachments.uploaded', { name: 'plan-rabot.pdf' }));
    await lab.getByTestId('proposal-submit').click();
    await lab.waitForURL(`**/proposals/${proposalId}?done=submitted`);
    expect(await lab.getByTestId('proposal-status').textContent()).toBe(ru('proposals.status.submitted'));

    // 4. The enterprise sees the download in its access log, naming the file.
    await office.goto(`${baseUrl}/tasks/${taskId}`);
    const logged = office.locator('[data-testid=access-log-entry][data-action="confidential.view"]');
    await logged.first().waitFor();
    expect(await logged.first().textContent()).toContain(ru('nda.actionDownload', { name: CONFIDENTIAL_FILE }));

    // 5. Its inbox: compare both proposals, shortlist the rival, decline this one with a reason and a note.
    await office.getByTestId('nav-inbox').click();
    await office.waitForURL('**/inbox');
    await expect.poll(() => office.getByTestId('proposal-item').count()).toBe(2);
    const ours = office.locator(`[data-proposal-id="${proposalId}"]`);
    const rivals = office.locator(`[data-proposal-id="${rivalProposalId}"]`);
    await ours.getByTestId('proposal-select').check();
    await rivals.getByTestId('proposal-select').check();
    await office.getByTestId('compare-selected').click();
    await office.waitForURL(/\/proposals\/compare\?/);
    await expect.poll(() => office.getByTestId('compare-column').count()).toBe(2);
    expect(await office.getByTestId('compare-trl').allTextContents()).toEqual(['3 → 6', '3 → 6']);
    await office.getByTestId('compare-back').click();
    await office.waitForURL('**/inbox');
    await rivals.getByTestId('proposal-shortlist').click();
    await expect.poll(() => rivals.getAttribute('data-status')).toBe('shortlisted');
    await ours.getByTestId('proposal-decline').click();
    await office.getByTestId('decline-dialog').waitFor();
    await office.getByTestId('decline-reason-too_early_stage').check();
    await office.getByTestId('decline-note').fill(DECLINE_NOTE);
    await office.getByTestId('decline-confirm').click();
    await expect.poll(() => ours.getAttribute('data-status')).toBe('declined');

    // 6. The institute reads the translated reason and the note in "My proposals".
    await lab.goto(`${baseUrl}/proposals`);
    const mine = lab.locator(`[data-proposal-id="${proposalId}"]`);
    await mine.waitFor();
    expect(await mine.getByTestId('proposal-status').textContent()).toBe(ru('proposals.status.declined'));
    expect(await mine.getByTestId('proposal-decline-code').textContent()).toBe(ru('proposals.reason.too_early_stage'));
    expect(await mine.getByTestId('proposal-decline-note').textContent()).toBe(DECLINE_NOTE);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
