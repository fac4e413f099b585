// The negotiation room in a real browser against the real server, in two browser contexts: the
// enterprise opens a room from a proposal, both sides exchange messages live, the institute (on a
// 390 px phone) counters with a different budget split, the enterprise reads the diff and accepts, the
// institute accepts the same version → both see "agreed" and the link to the partnership, and the
// agreed terms print. Then: a message sent while offline survives a page reload and is delivered once.
// Needs `npm run build` first (this test builds nothing) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { formatKzt } from '../../shared/money.ts';
import { browserTestsCanRun, closeBrowserTest, launchBrowser, openSignedIn, serveForBrowser, sidewaysOverflow, WEB_DIR, type Credentials } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { proposalBody, publishableTaskBody, signUp, type TestClient } from '../helpers/test-client.ts';

const ready = browserTestsCanRun('negotiation.e2e.test.ts');

const ru = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('ru', key, params);

describe.skipIf(!ready)('the negotiation room in a browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let enterprise: { client: TestClient; credentials: Credentials };
  let institute: { credentials: Credentials; name: string };
  let proposalId: string;
  let secondInstitute: { credentials: Credentials };
  let secondNegotiationId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR });
    baseUrl = await serveForBrowser(ctx);

    // Through the API: a published task and two submitted proposals (120 M: enterprise 72, state 36, in kind 12).
    const signedUp = await signUp(ctx.app, 'enterprise');
    enterprise = { client: signedUp.client, credentials: signedUp.credentials };
    const task = await enterprise.client.post('/api/tasks', publishableTaskBody());
    expect((await enterprise.client.post(`/api/tasks/${task.body.id}/status`, { status: 'published' })).status).toBe(200);
    const first = await signUp(ctx.app, 'institute');
    institute = { credentials: first.credentials, name: first.session.organisation.name };
    const proposal = await first.client.post(`/api/tasks/${task.body.id}/proposals`, proposalBody({ submit: true }));
    expect(proposal.status).toBe(201);
    proposalId = proposal.body.id;

    const second = await signUp(ctx.app, 'institute');
    secondInstitute = { credentials: second.credentials };
    const secondProposal = await second.client.post(`/api/tasks/${task.body.id}/proposals`, proposalBody({ submit: true, title: 'Selenium by pressure leaching' }));
    expect(secondProposal.status).toBe(201);
    const opened = await enterprise.client.post(`/api/proposals/${secondProposal.body.id}/negotiation`);
    expect(opened.status).toBeLessThan(300);
    secondNegotiationId = opened.body.negotiationId;

    browser = await launchBrowser();
  }, 120_000);

  afterAll(() => closeBrowserTest(browser, ctx, contexts));

  const openAs = (credentials: Credentials, viewport: { width: number; height: number }) =>
    openSignedIn(browser, baseUrl, credentials, { viewport, errors: pageErrors, contexts, timeout: 20_000 });

  const live = (page: Page) => expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
  const messages = (page: Page, text: string) => page.locator('[data-testid=event][data-kind=message]', { hasText: text });
  const navCount = async (page: Page) => Number((await page.getByTestId('nav-negotiations-count').textContent({ timeout: 1000 }).catch(() => '0')) || 0);

  it('two parties negotiate a counter-offer to agreement, live, and both see the partnership', async () => {
    const company = await openAs(enterprise.credentials, { width: 1280, height: 900 });
    const lab = await openAs(institute.credentials, { width: 390, height: 844 });

    // The enterprise starts the negotiation from the proposal and lands in the room.
    await company.goto(`${baseUrl}/proposals/${proposalId}`);
    await company.getByTestId('negotiation-start').click();
    await company.waitForURL(/\/negotiations\/[^/]+$/);
    const negotiationId = company.url().split('/negotiations/')[1];
    await live(company);
    expect(await company.getByTestId('negotiation-status').getAttribute('data-status')).toBe('open');
    // Version 1 is the proposal's own terms, with the IP model explained.
    expect(await company.getByTestId('current-terms').getByTestId('terms-source-enterprise').textContent()).toBe(formatKzt(72_000_000, 'ru'));
    expect(await company.getByTestId('ip-model').first().textContent()).toContain(ru('negotiations.ip.institute_owns_nonexclusive_licence.description'));

    // The institute, on its dashboard: the navigation counts the room's events live.
    await lab.reload();
    await expect.poll(() => lab.getByTestId('nav-negotiations').count()).toBe(1);
    const before = await navCount(lab);
    await company.getByTestId('composer-text').fill('Здравствуйте! Готовы обсудить условия.');
    await company.getByTestId('composer-text').press('Enter');
    await expect.poll(() => messages(company, 'Готовы обсудить условия').count()).toBe(1);
    await expect.poll(() => navCount(lab), { timeout: 20_000 }).toBe(before + 1);

    // The institute opens the room from its proposal.
    await lab.goto(`${baseUrl}/proposals/${proposalId}`);
    await lab.getByTestId('negotiation-open').click();
    await lab.waitForURL(`**/negotiations/${negotiationId}`);
    await live(lab);
    await expect.poll(() => messages(lab, 'Готовы обсудить условия').count()).toBe(1);
    expect(await lab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Each sees the other in the room.
    await expect.poll(() => company.getByTestId('presence').textContent(), { timeout: 20_000 }).toContain(ru('negotiations.side.institute'));

    // Typing shows on the other side; a reply arrives live, and the screen reader's live region says it.
    await lab.getByTestId('composer-text').pressSequentially('Добрый день.');
    await expect.poll(() => company.getByTestId('typing').textContent(), { timeout: 20_000 }).toContain(ru('negotiations.typing', { name: '' }).trim());
    await lab.getByTestId('composer-text').fill('Добрый день. Предлагаем перераспределить бюджет.');
    await lab.getByTestId('composer-send').click();
    await expect.poll(() => messages(company, 'перераспределить бюджет').count()).toBe(1);
    await expect.poll(() => company.getByTestId('announcer').textContent()).toContain('перераспределить бюджет');

    // The institute counters: the enterprise pays 60 M, the state programme 48 M. Live checks first.
    await lab.getByTestId('counter-offer').click();
    await lab.getByTestId('offer-cofinancing-enterprise').fill('60 000 000');
    await expect.poll(() => lab.getByTestId('offer-cofinancing-error').textContent()).toBe(ru('negotiations.validation.cofinancingSum'));
    await expect.poll(() => lab.locator('[data-testid=sum-cofinancing]').textContent()).toContain(ru('proposals.sums.under', { amount: formatKzt(12_000_000, 'ru') }));
    await lab.getByTestId('offer-cofinancing-state_program').fill('48 000 000');
    await expect.poll(() => lab.getByTestId('offer-cofinancing-error').count()).toBe(0);
    expect(await lab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await lab.getByTestId('offer-send').click();
    await expect.poll(() => lab.getByTestId('negotiation-room').getAttribute('data-version')).toBe('2');

    // The enterprise sees version 2 with its diff in words: before → after.
    await expect.poll(() => company.getByTestId('negotiation-room').getAttribute('data-version'), { timeout: 20_000 }).toBe('2');
    const offer = company.locator('[data-testid=event][data-kind=offer]');
    expect(await offer.count()).toBe(1);
    const rows = await offer.getByTestId('diff-row').allTextContents();
    const enterpriseRow = rows.find((row) => row.includes(ru('negotiations.fields.cofinancingLine', { source: ru('proposals.source.enterprise') })));
    expect(enterpriseRow).toContain(formatKzt(72_000_000, 'ru'));
    expect(enterpriseRow).toContain(formatKzt(60_000_000, 'ru'));
    expect(rows.some((row) => row.includes(formatKzt(36_000_000, 'ru')) && row.includes(formatKzt(48_000_000, 'ru')))).toBe(true);
    expect(await company.getByTestId('current-terms').getByTestId('terms-source-enterprise').textContent()).toBe(formatKzt(60_000_000, 'ru'));

    // Accept: the enterprise first, then the institute, the same version.
    await company.getByTestId('accept').click();
    await expect.poll(() => company.getByTestId('you-accepted').count()).toBe(1);
    await expect.poll(() => lab.getByTestId('they-accepted').count(), { timeout: 20_000 }).toBe(1);
    expect(await lab.getByTestId('accept').textContent()).toContain(ru('negotiations.actions.accept', { version: 2 }));
    await lab.getByTestId('accept').click();

    for (const page of [company, lab]) {
      await expect.poll(() => page.getByTestId('negotiation-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('agreed');
      await page.getByTestId('agreed-banner').waitFor();
      expect(await page.getByTestId('partnership-link').getAttribute('href')).toMatch(/^\/partnerships\/[0-9a-f-]+$/);
      expect(await page.getByTestId('composer').count()).toBe(0);
    }

    // The agreed terms page: parties, version 2, the split as agreed, a print stylesheet hiding the site chrome.
    await company.getByTestId('agreement-link').click();
    await company.waitForURL(`**/negotiations/${negotiationId}/agreement`);
    expect(await company.getByTestId('agreement').getAttribute('data-version')).toBe('2');
    expect(await company.getByTestId('agreement-institute').textContent()).toBe(institute.name);
    expect(await company.getByTestId('terms-source-state_program').textContent()).toBe(formatKzt(48_000_000, 'ru'));
    expect(await company.getByTestId('agreement-partnership').count()).toBe(1);
    await company.emulateMedia({ media: 'print' });
    expect(await company.locator('.site-header').isVisible()).toBe(false);
    expect(await company.getByTestId('agreement-print').isVisible()).toBe(false);
    await company.emulateMedia({ media: 'screen' });
    expect(await company.getByTestId('agreement-title').textContent()).toBe(ru('negotiations.agreement.title'));
    // On the institute's phone the terms fit: the milestones table scrolls inside its box, not the page.
    await lab.goto(`${baseUrl}/negotiations/${negotiationId}/agreement`);
    await lab.getByTestId('terms-milestones').waitFor();
    expect(await sidewaysOverflow(lab)).toEqual([]);

    // The history holds each message exactly once.
    const history = await enterprise.client.get(`/api/negotiations/${negotiationId}/events?afterSeq=0&limit=100`);
    const kinds = history.body.items.map((event: { kind: string }) => event.kind);
    expect(kinds.filter((kind: string) => kind === 'message')).toHaveLength(2);
    expect(kinds).toContain('agreed');
  }, 240_000);

  it('a message sent while offline waits through a page reload and is delivered once', async () => {
    const page = await openAs(secondInstitute.credentials, { width: 390, height: 844 });
    // The socket goes through a gate the test can shut, so the page can reload with the server unreachable.
    let gateOpen = true;
    await page.routeWebSocket(/\/ws$/, (socket) => {
      if (gateOpen) socket.connectToServer();
      else socket.close({ code: 4000, reason: 'gate shut by the test' });
    });
    await page.goto(`${baseUrl}/negotiations/${secondNegotiationId}`);
    await live(page);

    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId('connection-state').getAttribute('data-state')).toBe('offline');
    const text = `Письмо без сети ${Date.now().toString(36)}`;
    await page.getByTestId('composer-text').fill(text);
    await page.getByTestId('composer-text').press('Enter');
    const pending = page.locator('[data-testid=pending]', { hasText: text });
    await expect.poll(() => pending.count()).toBe(1);
    expect(await pending.getByTestId('pending-marker').count()).toBe(1);

    // Back online but the server still unreachable: reload. The message is still there, still pending.
    gateOpen = false;
    await page.context().setOffline(false);
    await page.reload();
    await page.getByTestId('negotiation-room').waitFor();
    await expect.poll(() => page.locator('[data-testid=pending]', { hasText: text }).count()).toBe(1);
    const serverSide = async () => {
      const history = await enterprise.client.get(`/api/negotiations/${secondNegotiationId}/events?afterSeq=0&limit=100`);
      return history.body.items.filter((event: { kind: string; payload: { text?: string } }) => event.kind === 'message' && event.payload.text === text).length;
    };
    expect(await serverSide()).toBe(0);

    // The server is reachable again: the outbox goes out once, the pending mark turns into the event.
    gateOpen = true;
    await expect.poll(() => messages(page, text).count(), { timeout: 40_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-testid=pending]', { hasText: text }).count()).toBe(0);
    expect(await serverSide()).toBe(1);
    // Another reload: still exactly once, nothing resent.
    await page.reload();
    await live(page);
    expect(await messages(page, text).count()).toBe(1);
    expect(await serverSide()).toBe(1);
  }, 180_000);

  it('a party ends the negotiation with a reason: the room says so and takes no more messages', async () => {
    const page = await openAs(secondInstitute.credentials, { width: 390, height: 844 });
    // While open, the printable page is the latest offer, not "agreed terms" above a "not agreed yet" banner.
    await page.goto(`${baseUrl}/negotiations/${secondNegotiationId}/agreement`);
    await page.getByTestId('agreement-not-agreed').waitFor();
    expect(await page.getByTestId('agreement-title').textContent()).toBe(ru('negotiations.agreement.latestTitle'));
    expect(await page.title()).not.toContain(ru('negotiations.agreement.title'));
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.goto(`${baseUrl}/negotiations/${secondNegotiationId}`);
    await live(page);
    await page.getByTestId('withdraw').click();
    // The reason is required: the focus lands in it and the confirm button waits for text.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('withdraw-reason');
    expect(await page.getByTestId('withdraw-confirm').isDisabled()).toBe(true);
    await page.getByTestId('withdraw-reason').fill('Не сходимся по срокам пилота.');
    await page.getByTestId('withdraw-confirm').click();
    await expect.poll(() => page.getByTestId('negotiation-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('ended');
    await page.getByTestId('ended-banner').waitFor();
    expect(await page.getByTestId('composer').count()).toBe(0);
    expect(await page.locator('[data-testid=event][data-kind=withdraw]').textContent()).toContain('Не сходимся по срокам пилота.');
    const room = await enterprise.client.get(`/api/negotiations/${secondNegotiationId}`);
    expect(room.body.status).toBe('ended');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
