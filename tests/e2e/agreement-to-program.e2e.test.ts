// From a negotiation to the program workspace and the public page, in a real browser (issue 12's
// browser test): the enterprise shortlists a proposal and opens a room; the institute (on a phone)
// counters with state-programme money; both accept version 2 → a partnership. A program officer reads
// the co-financing ledger and the portfolio before and after, and a visitor (signed out) reads the
// transparency page before and after: every figure grows by exactly the agreed amount of its source.
// The proposal had no state money, so it becomes public only because the agreed version has some:
// state-co-financed partnerships are public by default, and the offer editor's publication box
// follows the money as it is typed until someone ticks it either way.
// Needs `npm run build` first and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { formatKzt } from '../../shared/money.ts';
import type { CofinancingSource } from '../../shared/schemas/proposals.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { proposalBody, publishableTaskBody, signUp } from '../helpers/test-client.ts';
import { browserTestsCanRun, closeBrowserTest, launchBrowser, newWatchedPage, openSignedIn, serveForBrowser, signIn, WEB_DIR, type Credentials } from '../helpers/browser.ts';
import { createFixturePartnership, programOfficer, signUpOrganisation } from '../../server/modules/program/program.fixtures.ts';

const ru = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('ru', key, params);
const kzt = (amount: number) => formatKzt(amount, 'ru');
const M = 1_000_000;
const TITLE = 'Селен из шламов медеэлектролитного производства';
/** What the institute counters with and both accept: the state programme takes 48 M off the enterprise. */
const AGREED: Record<CofinancingSource, number> = { enterprise: 60 * M, subsoil_fund: 0, state_program: 48 * M, institute_inkind: 12 * M };
const OFFICER: Credentials = { email: 'officer-agreement@example.kz', password: 'program-office-pass' };

/** Whole tenge back from a figure as the UI formats it ("60 000 000 ₸"); an absent row is 0. */
const tenge = (text: string | undefined) => (text === undefined ? 0 : Number(text.replace(/[^\d]/g, '')));

/** A data table behind a chart: row label → the texts of its cells. */
async function tableRows(table: Locator): Promise<Map<string, string[]>> {
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent?.trim() ?? '', [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')] as const));
  return new Map(rows.map(([label, cells]) => [label, [...cells]]));
}

describe.skipIf(!browserTestsCanRun('agreement-to-program.e2e.test.ts'))('an agreement reaches the program workspace and the public page', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let enterprise: Credentials;
  let institute: Credentials;
  let proposalId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    baseUrl = await serveForBrowser(ctx);

    // What the ledger and the public page hold before: one public partnership (state money) and one
    // private one (the enterprise's money only), of other organisations.
    const otherEnterprise = await signUpOrganisation(ctx, 'enterprise', 'ТОО «Павлодар Энерго»', 'pavlodar');
    const otherInstitute = await signUpOrganisation(ctx, 'institute', 'Институт энергетики', 'almaty');
    const base = { enterprise: otherEnterprise, institute: otherInstitute, publishedAt: '2026-01-01T00:00:00Z', submittedAt: '2026-01-11T00:00:00Z', agreedAt: '2026-02-10T00:00:00Z', priorityArea: 'energy', region: 'pavlodar', dueDate: '2026-12-31' };
    await createFixturePartnership(ctx, { ...base, key: 'P', title: 'Накипь в котлах', cofinancing: [{ source: 'enterprise', amountKzt: 5 * M }, { source: 'state_program', amountKzt: 10 * M }] });
    await createFixturePartnership(ctx, { ...base, key: 'Q', title: 'Частный проект котельной', cofinancing: [{ source: 'enterprise', amountKzt: 7 * M }] });
    await programOfficer(ctx, OFFICER.email);

    // The parties: a published task and a submitted proposal without state money (120 M: enterprise 108, in kind 12).
    const company = await signUp(ctx.app, 'enterprise');
    enterprise = company.credentials;
    const task = await company.client.post('/api/tasks', publishableTaskBody({ title: TITLE }));
    expect((await company.client.post(`/api/tasks/${task.body.id}/status`, { status: 'published' })).status).toBe(200);
    const lab = await signUp(ctx.app, 'institute');
    institute = lab.credentials;
    const cofinancing = [{ source: 'enterprise', amountKzt: 108 * M }, { source: 'institute_inkind', amountKzt: 12 * M }];
    const proposal = await lab.client.post(`/api/tasks/${task.body.id}/proposals`, proposalBody({ submit: true, cofinancing }));
    expect(proposal.status).toBe(201);
    proposalId = proposal.body.id;

    browser = await launchBrowser();
  }, 180_000);

  afterAll(() => closeBrowserTest(browser, ctx, contexts));

  /** The ledger's planned money by source and by year, and the portfolio's count, as the officer sees them. */
  async function readProgram(officer: Page) {
    await officer.goto(`${baseUrl}/program`);
    await officer.getByTestId('national-share').waitFor();
    const bySource = await tableRows(officer.getByTestId('ledger-sources-table'));
    const byYear = await tableRows(officer.getByTestId('ledger-years-table'));
    await officer.getByTestId('program-tab-portfolio').click();
    await officer.waitForURL('**/program?view=portfolio**');
    await officer.getByTestId('portfolio-total').waitFor();
    const rows = await officer.getByTestId('portfolio-row').allTextContents();
    return { bySource, byYear, portfolioTotal: await officer.getByTestId('portfolio-total').textContent(), rows };
  }

  /** The public totals and money by source, as a visitor sees them. */
  async function readPublic(visitor: Page) {
    await visitor.goto(`${baseUrl}/transparency`);
    await visitor.getByTestId('total-planned').waitFor();
    return {
      partnerships: Number(await visitor.getByTestId('total-partnerships').textContent()),
      planned: await visitor.getByTestId('total-planned').textContent(),
      bySource: await tableRows(visitor.getByTestId('chart-source').locator('table')),
    };
  }
  const sourceLabel = (source: CofinancingSource) => ru(`proposals.source.${source}`);
  // The ledger's table: planned, disbursed; the public one may put a count first, planned is second to last.
  const ledgerPlanned = (rows: Map<string, string[]>, label: string) => rows.get(label)?.[0];
  const publicPlanned = (rows: Map<string, string[]>, label: string) => rows.get(label)?.at(-2);

  it('the agreed terms show up, source by source, in the ledger, the portfolio and on the transparency page', async () => {
    const officer = await openSignedIn(browser, baseUrl, OFFICER, { viewport: { width: 1280, height: 900 }, errors: pageErrors, contexts });
    const visitorContext = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
    contexts.push(visitorContext);
    const visitor = await newWatchedPage(visitorContext, pageErrors);

    // Before: the baseline as each of them sees it.
    const programBefore = await readProgram(officer);
    expect(ledgerPlanned(programBefore.bySource, sourceLabel('enterprise'))).toBe(kzt(12 * M));
    expect(ledgerPlanned(programBefore.bySource, sourceLabel('state_program'))).toBe(kzt(10 * M));
    expect(programBefore.portfolioTotal).toBe(ru('program.partnershipsTotal', { count: 2 }));
    expect(programBefore.rows.some((row) => row.includes(TITLE))).toBe(false);
    const publicBefore = await readPublic(visitor);
    // The private partnership is not public money: 15 M of the 22 M planned.
    expect(publicBefore).toMatchObject({ partnerships: 1, planned: kzt(15 * M) });

    // The enterprise shortlists the proposal and opens a room from it.
    const company = await openSignedIn(browser, baseUrl, enterprise, { viewport: { width: 1280, height: 900 }, errors: pageErrors, contexts });
    await company.goto(`${baseUrl}/proposals/${proposalId}`);
    await company.getByTestId('proposal-shortlist').click();
    await expect.poll(() => company.getByTestId('proposal-status').getAttribute('data-status')).toBe('shortlisted');
    expect(await company.getByTestId('proposal-action-notice').textContent()).toBe(ru('proposals.actions.shortlisted'));
    await company.getByTestId('negotiation-start').click();
    await company.waitForURL(/\/negotiations\/[^/]+$/);
    const negotiationId = company.url().split('/negotiations/')[1];
    await expect.poll(() => company.getByTestId('connection-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');

    // The institute, on a phone, opens the room from its proposal; the page asks nothing about calls
    // (the proposal answers none), so no 404 shows up in its console.
    const labContext = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 } });
    contexts.push(labContext);
    const labErrors: string[] = [];
    const lab = await newWatchedPage(labContext, labErrors, { consoleErrors: true });
    const callFeedbackRequests: string[] = [];
    lab.on('request', (request) => {
      if (request.url().includes('/call-feedback')) callFeedbackRequests.push(request.url());
    });
    await signIn(lab, baseUrl, institute);
    await lab.goto(`${baseUrl}/proposals/${proposalId}`);
    await lab.getByTestId('negotiation-open').click();
    await lab.waitForURL(`**/negotiations/${negotiationId}`);
    await expect.poll(() => lab.getByTestId('connection-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    expect(callFeedbackRequests).toEqual([]);

    // The counter-offer: the state programme pays 48 M, the enterprise 60 M instead of 108 M.
    await lab.getByTestId('counter-offer').click();
    expect(await lab.getByTestId('offer-public').isChecked()).toBe(false);
    expect((await lab.getByTestId('offer-public-hint').textContent())?.trim()).toBe(ru('negotiations.editor.publicDefaultOff'));
    await lab.getByTestId('offer-cofinancing-enterprise').fill('60 000 000');
    await lab.getByTestId('offer-cofinancing-state_program').fill('48 000 000');
    await expect.poll(() => lab.getByTestId('offer-cofinancing-error').count()).toBe(0);
    await expect.poll(() => lab.getByTestId('offer-public').isChecked()).toBe(true);
    expect((await lab.getByTestId('offer-public-hint').textContent())?.trim()).toBe(ru('negotiations.editor.publicDefaultOn'));
    await lab.getByTestId('offer-send').click();
    await expect.poll(() => lab.getByTestId('negotiation-room').getAttribute('data-version')).toBe('2');

    // The enterprise sees version 2 live and accepts it; then the institute accepts the same version.
    await expect.poll(() => company.getByTestId('negotiation-room').getAttribute('data-version'), { timeout: 20_000 }).toBe('2');
    expect(await company.getByTestId('current-terms').getByTestId('terms-source-state_program').textContent()).toBe(kzt(48 * M));
    expect(await company.getByTestId('current-terms').getByTestId('terms-public').textContent()).toBe(ru('negotiations.disclosure.public'));
    await company.getByTestId('accept').click();
    await expect.poll(() => lab.getByTestId('they-accepted').count(), { timeout: 20_000 }).toBe(1);
    await lab.getByTestId('accept').click();
    for (const page of [company, lab]) {
      await expect.poll(() => page.getByTestId('negotiation-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('agreed');
    }

    // The partnership: version 2's money, public because state money is in it.
    await company.getByTestId('partnership-link').click();
    await company.waitForURL(/\/partnerships\/[0-9a-f-]+$/);
    expect(await company.getByTestId('partnership-title').textContent()).toBe(TITLE);
    expect(await company.getByTestId('partnership-total').textContent()).toBe(kzt(120 * M));
    const chips = await company.getByTestId('partnership-detail').locator('.chip').allTextContents();
    expect(chips).toContain(ru('partnerships.detail.public'));
    expect(chips).not.toContain(ru('partnerships.detail.notPublic'));

    // The program officer: each source grew by exactly its agreed amount, 2027 (both milestones) by the total.
    const programAfter = await readProgram(officer);
    for (const source of Object.keys(AGREED) as CofinancingSource[]) {
      const before = tenge(ledgerPlanned(programBefore.bySource, sourceLabel(source)));
      // A source without money may have no row at all: that reads as 0.
      expect(ledgerPlanned(programAfter.bySource, sourceLabel(source)) ?? kzt(0), source).toBe(kzt(before + AGREED[source]));
    }
    expect(ledgerPlanned(programAfter.byYear, '2027')).toBe(kzt(tenge(ledgerPlanned(programBefore.byYear, '2027')) + 120 * M));
    expect(programAfter.portfolioTotal).toBe(ru('program.partnershipsTotal', { count: 3 }));
    const row = programAfter.rows.find((text) => text.includes(TITLE));
    expect(row).toContain(kzt(120 * M));

    // The visitor: one more public partnership, the same money by source, and its card.
    const publicAfter = await readPublic(visitor);
    expect(publicAfter.partnerships).toBe(publicBefore.partnerships + 1);
    expect(publicAfter.planned).toBe(kzt(tenge(publicBefore.planned ?? undefined) + 120 * M));
    for (const source of Object.keys(AGREED) as CofinancingSource[]) {
      const before = tenge(publicPlanned(publicBefore.bySource, sourceLabel(source)));
      expect(publicPlanned(publicAfter.bySource, sourceLabel(source)) ?? kzt(0), source).toBe(kzt(before + AGREED[source]));
    }
    const card = visitor.getByTestId('public-partnership').filter({ hasText: TITLE });
    expect(await card.count()).toBe(1);
    expect(await card.getByTestId('partnership-money').textContent()).toBe(ru('transparency.paidOf', { disbursed: kzt(0), planned: kzt(120 * M) }));
    expect(await visitor.content()).not.toContain('Частный проект котельной');

    expect(pageErrors).toEqual([]);
    expect(labErrors).toEqual([]);
    expect(callFeedbackRequests).toEqual([]);
  }, 300_000);
});
