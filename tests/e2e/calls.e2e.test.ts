// A competitive call in a real browser against the real server, from opening to the council's
// decision: three experts, a five-member council. Setup that is not the point goes through the API;
// the key steps go through the UI: editing the draft and opening the call, assigning experts and starting the scoring, an
// expert's declaration and scores on a 390 px wide phone, a moderation round on a flagged proposal (the
// manager opens it, an expert revises on a phone, the flag clears), handing over to the council, a member's
// vote, recording the outcome on the results page, and the proposer reading the feedback.
// Needs `npm run build` first and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translate } from '../../shared/i18n/index.ts';
import { formatKzt } from '../../shared/money.ts';
import { browserTestsCanRun, closeBrowserTest, launchBrowser, openSignedIn, serveForBrowser, sidewaysOverflow, WEB_DIR, type Credentials } from '../helpers/browser.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';
import { proposalBody, publishableTaskBody, signUp, type TestClient } from '../helpers/test-client.ts';
import { callBody, createPerson, createProgramOffice, passDeadline, scoreSheet } from '../helpers/calls-fixtures.ts';

const ready = browserTestsCanRun('calls.e2e.test.ts');

const ru = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('ru', key, params);

describe.skipIf(!ready)('a competitive call in a browser', () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let office: Awaited<ReturnType<typeof createProgramOffice>>;
  let callId: string;
  const institutes: Awaited<ReturnType<typeof signUp>>[] = [];
  const proposals: string[] = [];
  type Person = Awaited<ReturnType<typeof createPerson>>;
  const experts: Person[] = [];
  const council: Person[] = [];
  let enterprise: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    ctx = await createTestContext({ webDir: WEB_DIR, signInRateLimit: 200 });
    baseUrl = await serveForBrowser(ctx);
    office = await createProgramOffice(ctx.app, ctx.db);
    enterprise = await signUp(ctx.app, 'enterprise');
    const taskId = (await enterprise.client.post('/api/tasks', publishableTaskBody())).body.id;
    expect((await enterprise.client.post(`/api/tasks/${taskId}/status`, { status: 'published' })).status).toBe(200);
    for (let index = 0; index < 2; index += 1) institutes.push(await signUp(ctx.app, 'institute'));
    const reviewers = await signUp(ctx.app, 'institute');
    for (const name of ['Гульнара Исабекова', 'Марат Жумабаев', 'Ольга Ким']) {
      const person = await createPerson(ctx.app, ctx.db, { name, organisationId: reviewers.session.organisation.id });
      expect((await office.officer.client.post('/api/call-experts', { email: person.email, fields: ['metallurgy'], languages: ['ru'] })).status).toBe(201);
      experts.push(person);
    }
    for (const name of ['Серик Абенов', 'Айжан Нурланова', 'Виктор Петренко', 'Сауле Оспанова', 'Нурлан Касымов']) council.push(await createPerson(ctx.app, ctx.db, { name }));
    callId = (await office.officer.client.post('/api/calls', callBody({ taskIds: [taskId], title: 'Конкурс: селен из шламов медного производства' }))).body.id;

    browser = await launchBrowser();
  }, 180_000);

  afterAll(() => closeBrowserTest(browser, ctx, contexts));

  const openAs = (credentials: Credentials, viewport = { width: 1280, height: 900 }) =>
    openSignedIn(browser, baseUrl, credentials, { viewport, errors: pageErrors, contexts, timeout: 20_000 });

  it('the program manager opens the call, and it is public with its criteria', async () => {
    const page = await openAs({ email: office.officer.email, password: office.officer.password });
    await page.goto(`${baseUrl}/calls/${callId}`);
    // A second draft through the form itself: the default criteria add up to 100.
    await page.goto(`${baseUrl}/calls/new`);
    const form = page.getByTestId('call-form');
    await expect.poll(() => form.textContent()).toContain(ru('calls.form.weightsSum', { sum: 100 }));
    // A weight moved off 100 is explained in the page's language, not in the API's English with a JSON path.
    const firstWeight = form.locator('.criterion').first().locator('input[type="number"]').first();
    const weight = Number(await firstWeight.inputValue());
    await firstWeight.fill(String(weight - 10));
    await expect.poll(() => page.getByTestId('criteria-issues').textContent()).toBe(ru('calls.form.issues.weights_total', { total: 90 }));
    await firstWeight.fill(String(weight));
    await expect.poll(() => page.getByTestId('criteria-issues').count()).toBe(0);
    // An empty title and a negative budget are said in Russian next to their fields and in the summary, not in browser bubbles.
    await form.getByTestId('call-budget').fill('-5');
    await page.getByTestId('save-call').click();
    const summary = page.getByTestId('error-summary');
    await expect.poll(() => summary.textContent()).toContain(`${ru('calls.form.title')}: ${ru('validation.required')}`);
    expect(await summary.textContent()).toContain(`${ru('calls.form.budget')}: ${ru('validation.notNegative')}`);
    expect(await summary.textContent()).toContain(`${ru('calls.form.deadline')}: ${ru('validation.required')}`);
    expect(await page.getByTestId('error-title').textContent()).toBe(ru('validation.required'));
    expect(page.url()).toMatch(/\/calls\/new$/);
    await form.locator('input[name="title"]').fill('Черновик: галлий из глинозёмного производства');
    await form.locator('textarea[name="description"]').fill('Извлечение галлия из оборотных растворов глинозёмного производства.');
    await form.getByTestId('call-budget').fill('200 000 000');
    await form.locator('input[name="deadline"]').fill('2030-06-30T18:00');
    await page.getByTestId('save-call').click();
    await page.waitForURL((url) => /^\/calls\/[0-9a-f-]{36}$/.test(url.pathname));
    await expect.poll(() => page.getByTestId('call-status').textContent()).toBe(ru('calls.status.draft'));
    // The deadline reads the Russian way, to the minute, as typed: not "6/30/2030, 6:00:00 PM".
    const deadline = await page.getByTestId('call-deadline').textContent();
    expect(deadline).toContain('30 июня 2030 г.');
    expect(deadline).toContain('18:00');
    expect(deadline).not.toMatch(/18:00:00|PM|\//);
    await page.goto(`${baseUrl}/calls/${callId}`);
    // The draft is edited first, through the same form that created it.
    await page.getByTestId('edit-call').click();
    await page.waitForURL(`**/calls/${callId}/edit`);
    await page.getByTestId('call-form').locator('textarea[name="description"]').fill('Селен и теллур из шламов медного электролиза: технологии извлечения и пилотные испытания.');
    await page.getByTestId('save-call').click();
    await page.waitForURL(`**/calls/${callId}`);
    await expect.poll(() => page.locator('.description').textContent()).toContain('пилотные испытания');
    await page.getByTestId('open-call').click();
    await expect.poll(() => page.getByTestId('call-status').textContent()).toBe(ru('calls.status.open'));
    const visitor = await (await browser.newContext({ locale: 'ru-RU' })).newPage();
    await visitor.goto(`${baseUrl}/calls`);
    await visitor.getByRole('link', { name: 'Конкурс: селен из шламов медного производства' }).click();
    await expect.poll(() => visitor.getByTestId('criteria').locator('tbody tr').count()).toBe(4);
    await visitor.context().close();
    // In Kazakh on a phone: Kazakh labels (no Russian "Критерий"), a Kazakh date, and nothing scrolls sideways.
    const phone = await (await browser.newContext({ locale: 'kk-KZ', viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto(`${baseUrl}/calls/${callId}`);
    await phone.getByTestId('criteria').waitFor();
    expect(await phone.getByTestId('criteria').locator('thead th').first().textContent()).toBe(translate('kk', 'calls.form.criterionName'));
    expect(await phone.locator('main').textContent()).not.toContain('Критерий');
    expect(await phone.getByTestId('call-deadline').textContent()).toMatch(/ж\./);
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.context().close();
  }, 120_000);

  it('institutes submit until the deadline; the manager assigns three experts each and starts the scoring', async () => {
    for (const institute of institutes) proposals.push((await institute.client.post(`/api/calls/${callId}/proposals`, proposalBody({ submit: true, title: `Селен: ${institute.session.organisation.name}` }))).body.id);
    await passDeadline(ctx.db, callId);
    // The task's enterprise sees the proposal in its inbox but decides nothing on it: the council does
    // (no shortlist, decline or negotiation of its own).
    const owner = await openAs(enterprise.credentials);
    await owner.goto(`${baseUrl}/proposals/${proposals[0]}`);
    await expect.poll(() => owner.getByTestId('proposal-council-decides').textContent()).toBe(ru('proposals.actions.councilDecides'));
    for (const action of ['proposal-shortlist', 'proposal-decline', 'negotiation-start']) expect(await owner.getByTestId(action).count()).toBe(0);
    const page = await openAs({ email: office.officer.email, password: office.officer.password });
    await page.goto(`${baseUrl}/calls/${callId}`);
    await page.getByTestId('auto-assign').click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(ru('calls.manage.assigned', { count: 6 }));
    await page.getByTestId('to-scoring').click();
    await expect.poll(() => page.getByTestId('call-status').textContent()).toBe(ru('calls.status.scoring'));
  }, 120_000);

  it('an expert declares no conflict and scores on a phone; the others\' scores stay hidden until all have scored', async () => {
    const page = await openAs(experts[0], { width: 390, height: 844 });
    await page.goto(`${baseUrl}/expert`);
    await page.getByTestId('assignments').getByRole('link').first().click();
    await page.getByLabel(ru('calls.expert.noConflict')).check();
    await page.getByTestId('declare').click();
    for (const key of ['scientific_merit', 'industrial_relevance', 'team', 'budget_realism']) {
      await page.getByTestId(`score-${key}`).selectOption('4');
      await page.getByTestId(`comment-${key}`).fill('Обоснованный подход, данные лабораторных испытаний.');
    }
    await page.getByTestId('submit-scores').click();
    await expect.poll(() => page.getByTestId('scored').isVisible()).toBe(true);
    await expect.poll(() => page.getByText(ru('calls.expert.hiddenUntilAll')).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }, 120_000);

  it('a flagged proposal: the manager opens a moderation round, an expert revises on a phone, the flag clears', async () => {
    // Scores of the second proposal through the API: 80, 72 and 20 points, a divergence of 60 (threshold 25).
    const sheets: [number, number, number, number][] = [[4, 4, 4, 4], [4, 4, 3, 3], [1, 1, 1, 1]];
    const assignmentIds: string[] = [];
    for (const [index, expert] of experts.entries()) {
      const items = (await expert.client.get('/api/expert-assignments')).body.items as { id: string; status: string; proposal: { id: string } }[];
      const item = items.find((row) => row.proposal.id === proposals[1])!;
      assignmentIds.push(item.id);
      if (item.status === 'scored') continue;
      await expert.client.post(`/api/expert-assignments/${item.id}/declaration`, { conflict: false });
      expect((await expert.client.post(`/api/expert-assignments/${item.id}/scores`, scoreSheet(sheets[index], 'Оценка эксперта'))).status).toBe(200);
    }
    const manager = await openAs({ email: office.officer.email, password: office.officer.password });
    await manager.goto(`${baseUrl}/calls/${callId}/results`);
    const row = manager.getByTestId('results-table').locator('tr').filter({ hasText: 'Селен: ' + institutes[1].session.organisation.name });
    await expect.poll(() => row.getByTestId('flagged').isVisible()).toBe(true);
    await row.getByRole('textbox', { name: ru('calls.moderation.note') }).fill('Оценки расходятся на 60 баллов: посмотрите команду и бюджет ещё раз.');
    await row.getByRole('button', { name: ru('calls.moderation.open') }).click();
    await expect.poll(() => row.getByTestId('moderation-status').textContent()).toContain(ru('calls.moderation.statusOpen', { answered: 0, experts: 3 }));

    // The expert who gave 20 points sees the others' scores by label, revises and says why.
    const expert = await openAs(experts[2], { width: 390, height: 844 });
    await expert.goto(`${baseUrl}/expert`);
    await expect.poll(() => expert.getByTestId('moderation-due').count()).toBe(1);
    // The round reached the expert as a notification too, which leads to the assignment.
    await expert.goto(`${baseUrl}/notifications`);
    const notice = expert.getByTestId('notification-row').filter({ hasText: 'Оценки расходятся на 60 баллов' });
    await expect.poll(() => notice.textContent()).toContain(ru('notifications.reasonCallModeration', {
      title: 'Селен: ' + institutes[1].session.organisation.name, note: 'Оценки расходятся на 60 баллов: посмотрите команду и бюджет ещё раз.',
    }));
    // An unread notice with its "mark as read" button fits the phone: the button drops under the text.
    expect(await notice.getByTestId('notification-mark-read').count()).toBe(1);
    expect(await sidewaysOverflow(expert)).toEqual([]);
    await notice.getByRole('link').first().click();
    await expect.poll(() => new URL(expert.url()).pathname).toBe(`/expert/${assignmentIds[2]}`);
    const round = expert.getByTestId('moderation');
    await expect.poll(() => round.textContent()).toContain('Оценки расходятся на 60 баллов');
    // The others' current scores, by label and never by name, are on the page once, above the round.
    const others = expert.getByTestId('other-scores');
    expect(await others.textContent()).toContain(ru('calls.expert.label', { letter: 'A' }));
    expect(await others.textContent()).not.toMatch(/Гульнара|Марат/);
    await expert.getByLabel(ru('calls.moderation.revise')).check();
    for (const [index, key] of ['scientific_merit', 'industrial_relevance', 'team', 'budget_realism'].entries()) {
      await expert.getByTestId(`revise-score-${key}`).selectOption(String(sheets[1][index]));
      await expert.getByTestId(`revise-comment-${key}`).fill('После обсуждения: пилотные данные убедительны.');
    }
    await expert.getByTestId('send-answer').click();
    await expect.poll(() => expert.getByTestId('moderation-answered').textContent()).toBe(ru('calls.moderation.answeredRevised'));
    expect(await expert.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // 80, 72 and 72 points now: the flag is gone; the manager closes the round without the other two answers.
    await manager.reload();
    await expect.poll(() => row.getByTestId('moderation-status').textContent()).toContain(ru('calls.moderation.statusOpen', { answered: 1, experts: 3 }));
    expect(await row.getByTestId('flagged').count()).toBe(0);
    await row.getByTestId('close-moderation').click();
    await expect.poll(() => row.getByTestId('moderation-status').textContent()).toContain(ru('calls.moderation.statusClosed', { before: 60, after: 8 }));
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('the council votes openly and the manager records the decision; the proposer reads the outcome with the comments', async () => {
    // The remaining scores through the API: every proposal needs all three.
    for (const expert of experts) {
      const items = (await expert.client.get('/api/expert-assignments')).body.items as { id: string; status: string }[];
      for (const item of items.filter((row) => row.status !== 'scored')) {
        await expert.client.post(`/api/expert-assignments/${item.id}/declaration`, { conflict: false });
        expect((await expert.client.post(`/api/expert-assignments/${item.id}/scores`, scoreSheet([4, 4, 3, 3], 'Комментарий эксперта'))).status).toBe(200);
      }
    }
    expect((await office.officer.client.put(`/api/calls/${callId}/council`, { memberEmails: council.map((member) => member.email), chairEmail: council[0].email })).status).toBe(200);
    const manager = await openAs({ email: office.officer.email, password: office.officer.password });
    await manager.goto(`${baseUrl}/calls/${callId}`);
    await manager.getByTestId('to-council').click();
    await expect.poll(() => manager.getByTestId('call-status').textContent()).toBe(ru('calls.status.council'));

    // Two members vote through the API: no quorum yet; the chair's vote in the browser makes one.
    for (const member of council.slice(1, 3)) await member.client.post(`/api/calls/${callId}/council/votes`, { proposalId: proposals[0], vote: 'for' });
    const chair = await openAs(council[0]);
    await chair.goto(`${baseUrl}/calls/${callId}/council`);
    const ballot = chair.getByTestId('ballot').filter({ hasText: 'Селен: ' + institutes[0].session.organisation.name });
    await expect.poll(() => ballot.getByTestId('tally').textContent()).toContain(ru('calls.council.noQuorum'));
    await ballot.getByTestId('vote-for').click();
    await expect.poll(() => ballot.getByTestId('tally').textContent()).toContain(ru('calls.council.decisionFunded'));

    await manager.goto(`${baseUrl}/calls/${callId}/results`);
    await expect.poll(() => manager.getByTestId('chart').isVisible()).toBe(true);
    const row = manager.getByTestId('results-table').locator('tr').filter({ hasText: 'Селен: ' + institutes[0].session.organisation.name });
    await row.getByRole('textbox', { name: ru('calls.results.rationale') }).fill('Сильная технология, реалистичный пилот.');
    await row.getByRole('button', { name: ru('calls.results.record') }).click();
    await expect.poll(() => row.getByTestId('decision').textContent()).toContain(ru('calls.results.fundedLabel', { amount: '' }).trim().split(':')[0]);
    // Scores read the Russian way: a decimal comma, as the API's figure formatted for ru.
    const results = (await office.officer.client.get(`/api/calls/${callId}/results`)).body as { items: { proposal: { id: string }; score: number | null }[] };
    const fractional = results.items.filter((item) => item.score !== null && !Number.isInteger(item.score));
    expect(fractional.length).toBeGreaterThan(0);
    for (const item of fractional) {
      const scoreCell = manager.getByTestId('results-table').locator('tbody tr').filter({ has: manager.locator(`[data-proposal="${item.proposal.id}"]`) }).locator('td').nth(1);
      expect(await scoreCell.textContent()).toContain(item.score!.toLocaleString('ru'));
      expect(item.score!.toLocaleString('ru')).toContain(',');
    }
    // The envelope line counts the funded amount as committed (500 M envelope, the proposal's 120 M).
    await expect.poll(() => manager.getByTestId('envelope').textContent()).toBe(ru('calls.results.envelope', { budget: formatKzt(500_000_000, 'ru'), committed: formatKzt(120_000_000, 'ru'), remaining: formatKzt(380_000_000, 'ru') }));

    const proposer = await openAs(institutes[0].credentials);
    await proposer.goto(`${baseUrl}/proposals/${proposals[0]}`);
    const feedback = proposer.getByTestId('call-feedback');
    await expect.poll(() => feedback.textContent()).toContain('Сильная технология, реалистичный пилот.');
    expect(await feedback.textContent()).toContain(ru('calls.expert.label', { letter: 'A' }));
    expect(await feedback.textContent()).not.toContain('Гульнара');
    // The score lines name the call's criteria, not their keys.
    await expect.poll(() => feedback.textContent()).toContain('Scientific merit: ');
    expect(await feedback.textContent()).not.toContain('scientific_merit');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
