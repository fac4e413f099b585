import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, type TestClient } from '../../../tests/helpers/test-client.ts';
import { createTokensService } from '../tokens/tokens.service.ts';
import { ANONYMOUS, type AuthContext } from '../auth/auth-context.ts';
import { disbursements } from '../partnerships/partnerships.table.ts';
import { createProgramService } from './program.service.ts';
import { createFixturePartnership, disburse, programOfficer, publishTask, signUpOrganisation, submitProposal } from './program.fixtures.ts';
import { CSV_BOM, parseCsv } from '../../csv.ts';

// The known portfolio (whole tenge):
//   P1 metallurgy (national) · karaganda · E1 × I1 · enterprise 600 000 + state 400 000, due 2026-06-30
//   P2 energy (not national) · pavlodar  · E1 × I1 · enterprise 500 000,                 due 2026-09-30
//   P3 agritech (national)   · almaty    · E2 × I2 · subsoil fund 300 000,                due 2026-04-01, completed
// Payments: P3 300 000 on 2025-12-31 · P1 200 000 on 2026-03-31 (last day of Q1) · P1 state 400 000 on
// 2026-04-01 · P2 500 000 on 2026-06-30 (last day of Q2) · P1 100 000 on 2026-07-01.
const KAZAKH_TITLE = 'Кен қалдықтарын өңдеу: ә ғ қ ң ө ұ ү һ і, «сынақ», "quoted", comma';
let ctx: TestContext;
let admin: TestClient;
let national: TestClient;
let regional: TestClient;
let enterprise: TestClient;
const ids = {} as { p1: string; p2: string; p3: string; e1: string; e2: string; i1: string; i2: string; i3: string };
const adminAuth: AuthContext = { ...ANONYMOUS, via: 'token', isAdmin: true };
// The clock of the funnel and scorecards: mid-July 2026 in Almaty.
const NOW = new Date('2026-07-15T06:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext();
  const e1 = await signUpOrganisation(ctx, 'enterprise', 'ТОО «Қазмыс», Жезқазған', 'karaganda');
  const e2 = await signUpOrganisation(ctx, 'enterprise', 'Agro Holding', 'almaty');
  const i1 = await signUpOrganisation(ctx, 'institute', 'Институт металлургии', 'almaty');
  const i2 = await signUpOrganisation(ctx, 'institute', 'Agro Institute', 'almaty');
  const i3 = await signUpOrganisation(ctx, 'institute', 'Lonely Institute', 'pavlodar');
  enterprise = e1.client;
  Object.assign(ids, { e1: e1.id, e2: e2.id, i1: i1.id, i2: i2.id, i3: i3.id });

  const p1 = await createFixturePartnership(ctx, {
    key: 'P1', enterprise: e1, institute: i1, title: KAZAKH_TITLE, priorityArea: 'metallurgy', region: 'karaganda',
    cofinancing: [{ source: 'enterprise', amountKzt: 600_000 }, { source: 'state_program', amountKzt: 400_000 }], dueDate: '2026-06-30',
    publishedAt: '2026-01-01T00:00:00Z', submittedAt: '2026-01-11T00:00:00Z', agreedAt: '2026-02-10T00:00:00Z',
  });
  const p2 = await createFixturePartnership(ctx, {
    key: 'P2', enterprise: e1, institute: i1, title: 'Boiler scale', priorityArea: 'energy', region: 'pavlodar',
    cofinancing: [{ source: 'enterprise', amountKzt: 500_000 }], dueDate: '2026-09-30',
    publishedAt: '2026-01-01T00:00:00Z', submittedAt: '2026-01-21T00:00:00Z', agreedAt: '2026-03-22T00:00:00Z',
  });
  const p3 = await createFixturePartnership(ctx, {
    key: 'P3', enterprise: e2, institute: i2, title: 'Organic wheat', priorityArea: 'agritech', region: 'almaty',
    cofinancing: [{ source: 'subsoil_fund', amountKzt: 300_000 }], dueDate: '2026-04-01',
    publishedAt: '2025-11-01T00:00:00Z', submittedAt: '2025-12-01T00:00:00Z', agreedAt: '2025-12-31T00:00:00Z',
  });
  Object.assign(ids, { p1: p1.id, p2: p2.id, p3: p3.id });
  await disburse(ctx, p3.id, 'subsoil_fund', 300_000, '2025-12-31');
  await disburse(ctx, p1.id, 'enterprise', 200_000, '2026-03-31');
  await disburse(ctx, p1.id, 'state_program', 400_000, '2026-04-01');
  await disburse(ctx, p2.id, 'enterprise', 500_000, '2026-06-30');
  await disburse(ctx, p1.id, 'enterprise', 100_000, '2026-07-01');
  // P3 finished; its milestone accepted at 00:30 on 2 April in Almaty (still 1 April in UTC): late.
  // P2's accepted at 23:00 on 30 September in Almaty: on time.
  await ctx.db.execute(sql`update partnerships set status = 'completed' where id = ${p3.id}`);
  await ctx.db.execute(sql`update partnership_milestones set status = 'accepted', accepted_at = '2026-04-01T19:30:00Z' where partnership_id = ${p3.id}`);
  await ctx.db.execute(sql`update partnership_milestones set status = 'accepted', accepted_at = '2026-09-30T18:00:00Z' where partnership_id = ${p2.id}`);

  // A fourth task (karaganda): one proposal declined two days after submission, one still waiting.
  const taskD = await publishTask(ctx, e1.client, { title: 'Mine water', priorityArea: 'greentech', region: 'karaganda', publishedAt: '2026-01-01T00:00:00Z' });
  const declined = await submitProposal(ctx, i3.client, taskD, '2026-01-05T00:00:00Z');
  expect((await e1.client.post(`/api/proposals/${declined}/decline`, { reasonCode: 'already_solved' })).status).toBe(200);
  await ctx.db.execute(sql`update audit_log set at = '2026-01-07T00:00:00Z' where entity_id = ${declined} and action = 'proposal.decline'`);
  await submitProposal(ctx, i2.client, taskD, '2026-01-03T00:00:00Z');
  // Drafts are not in the funnel.
  await publishTask(ctx, e2.client, { title: 'Draft only', priorityArea: 'agritech', region: 'almaty', publishedAt: '2026-01-01T00:00:00Z' }).then((id) =>
    ctx.db.execute(sql`update tasks set published_at = null, status = 'draft' where id = ${id}`),
  );

  const issued = await createTokensService({ db: ctx.db }).issueToken({ name: 'program', role: 'admin', organisationId: null }, { userId: null, tokenId: null, label: 'test' }, null);
  admin = createClient(ctx.app, { bearer: issued.token });
  national = (await programOfficer(ctx, 'ministry@example.kz')).client;
  regional = (await programOfficer(ctx, 'akimat-pavlodar@example.kz', 'pavlodar')).client;
  // Dozens of sign-ups and API calls: generous on a loaded machine.
}, 240_000);
afterAll(() => ctx.close());

const service = () => createProgramService({ db: ctx.db, now: () => NOW });

describe('the co-financing ledger', () => {
  it('sums planned and disbursed money by source, priority area, region and year, to the tenge', async () => {
    const ledger = await service().ledger(adminAuth, {});
    expect(ledger.totals).toEqual({ plannedKzt: 1_800_000, disbursedKzt: 1_500_000 });
    expect(ledger.bySource).toEqual([
      { key: 'enterprise', plannedKzt: 1_100_000, disbursedKzt: 800_000 },
      { key: 'subsoil_fund', plannedKzt: 300_000, disbursedKzt: 300_000 },
      { key: 'state_program', plannedKzt: 400_000, disbursedKzt: 400_000 },
      { key: 'institute_inkind', plannedKzt: 0, disbursedKzt: 0 },
    ]);
    expect(ledger.byPriorityArea).toEqual([
      { key: 'agritech', plannedKzt: 300_000, disbursedKzt: 300_000 },
      { key: 'energy', plannedKzt: 500_000, disbursedKzt: 500_000 },
      { key: 'metallurgy', plannedKzt: 1_000_000, disbursedKzt: 700_000 },
    ]);
    expect(ledger.byRegion.map((row) => [row.key, row.disbursedKzt])).toEqual([['almaty', 300_000], ['karaganda', 700_000], ['pavlodar', 500_000]]);
    expect(ledger.byYear).toEqual([{ key: '2025', plannedKzt: 0, disbursedKzt: 300_000 }, { key: '2026', plannedKzt: 1_800_000, disbursedKzt: 1_200_000 }]);
  });

  it('counts a payment on the last day of a quarter in that quarter, and the next day in the next', async () => {
    const { quarters } = await service().ledger(adminAuth, {});
    expect(quarters.map((row) => [row.quarter, row.disbursedKzt, row.nationalDisbursedKzt])).toEqual([
      ['2025-Q4', 300_000, 300_000],
      ['2026-Q1', 200_000, 200_000],
      ['2026-Q2', 900_000, 400_000],
      ['2026-Q3', 100_000, 100_000],
    ]);
    expect(quarters.find((row) => row.quarter === '2026-Q2')).toMatchObject({ plannedKzt: 1_300_000, nationalDisbursedPercent: 44.4 });
  });

  it('measures the share going to national priorities against the 50 % target over a chosen period, both ends included', async () => {
    const all = await service().ledger(adminAuth, {});
    expect(all.nationalShare).toEqual({
      targetPercent: 50, plannedKzt: 1_800_000, nationalPlannedKzt: 1_300_000, nationalPlannedPercent: 72.2,
      disbursedKzt: 1_500_000, nationalDisbursedKzt: 1_000_000, nationalDisbursedPercent: 66.7, meetsTarget: true,
    });
    const firstHalf = await service().ledger(adminAuth, { from: '2026-01-01', to: '2026-06-30' });
    expect(firstHalf.nationalShare).toMatchObject({ disbursedKzt: 1_100_000, nationalDisbursedKzt: 600_000, nationalDisbursedPercent: 54.5, meetsTarget: true });
    const secondQuarter = await service().ledger(adminAuth, { from: '2026-04-01', to: '2026-06-30' });
    expect(secondQuarter.nationalShare).toMatchObject({ disbursedKzt: 900_000, nationalDisbursedKzt: 400_000, nationalDisbursedPercent: 44.4, meetsTarget: false });
    const firstQuarterOnly = await service().ledger(adminAuth, { from: '2026-03-31', to: '2026-03-31' });
    expect(firstQuarterOnly.totals.disbursedKzt).toBe(200_000);
    const empty = await service().ledger(adminAuth, { from: '2030-01-01', to: '2030-12-31' });
    expect(empty.nationalShare).toMatchObject({ disbursedKzt: 0, nationalDisbursedPercent: null, meetsTarget: null });
  });

  it('refuses a period that ends before it starts with a 400', async () => {
    const response = await admin.get('/api/program/ledger?from=2026-06-30&to=2026-01-01');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation.failed');
  });
});

describe('reconciliation', () => {
  it('every breakdown of the ledger adds up to the sum of the disbursements', async () => {
    const response = await national.get('/api/program/reconciliation');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ok: true, partnershipsChecked: 3, disbursementsChecked: 5, disbursedKzt: 1_500_000, issues: [] });
    expect(Object.values(response.body.breakdownTotals)).toEqual(Array(6).fill(1_500_000));
  });

  it('finds a payment booked against another source and a tranche paid beyond its plan', async () => {
    const [tranche] = (await ctx.db.execute(sql`select id from partnership_tranches where partnership_id = ${ids.p2} and source = 'enterprise'`) as unknown as { rows: { id: string }[] }).rows;
    const [misbooked] = await ctx.db.insert(disbursements).values({ partnershipId: ids.p2, trancheId: tranche.id, source: 'state_program', amountKzt: 1, disbursedOn: '2026-07-02' }).returning();
    const overpaid = await disburse(ctx, ids.p2, 'enterprise', 50, '2026-07-03');
    try {
      const result = await service().reconciliation(adminAuth);
      expect(result.ok).toBe(false);
      expect(result.issues).toEqual(expect.arrayContaining([
        { kind: 'disbursement_misbooked', partnershipId: ids.p2, expectedKzt: 0, actualKzt: 1 },
        { kind: 'tranche_overpaid', partnershipId: ids.p2, expectedKzt: 500_000, actualKzt: 500_051 },
      ]));
    } finally {
      await ctx.db.execute(sql`delete from disbursements where id in (${misbooked.id}, ${overpaid})`);
    }
    expect((await service().reconciliation(adminAuth)).ok).toBe(true);
  });
});

describe('the portfolio', () => {
  it('lists partnerships with planned and disbursed totals per row, newest agreement first', async () => {
    const response = await national.get('/api/program/portfolio?region=all');
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(3);
    expect(response.body.items.map((row: { id: string; plannedKzt: number; disbursedKzt: number }) => [row.id, row.plannedKzt, row.disbursedKzt])).toEqual([
      [ids.p2, 500_000, 500_000],
      [ids.p1, 1_000_000, 700_000],
      [ids.p3, 300_000, 300_000],
    ]);
    expect(response.body.items[1]).toMatchObject({ title: KAZAKH_TITLE, enterprise: { id: ids.e1 }, institute: { id: ids.i1 }, priorityArea: 'metallurgy', status: 'active' });
  });

  it('filters by priority area, source, status, year, enterprise and institute', async () => {
    const idsOf = async (query: string) => (await national.get(`/api/program/portfolio?${query}`)).body.items.map((row: { id: string }) => row.id).sort();
    expect(await idsOf('priorityArea=energy')).toEqual([ids.p2]);
    expect(await idsOf('source=subsoil_fund')).toEqual([ids.p3]);
    expect(await idsOf('status=completed')).toEqual([ids.p3]);
    expect(await idsOf('year=2025')).toEqual([ids.p3]);
    expect(await idsOf(`enterpriseId=${ids.e1}`)).toEqual([ids.p1, ids.p2].sort());
    expect(await idsOf(`instituteId=${ids.i2}`)).toEqual([ids.p3]);
    expect(await idsOf('region=karaganda&source=state_program')).toEqual([ids.p1]);
    expect((await national.get('/api/program/portfolio?pageSize=1&page=2')).body).toMatchObject({ total: 3, page: 2, items: [{ id: ids.p1 }] });
  });
});

describe('the pipeline funnel', () => {
  it('counts each stage with conversion rates and median cycle times on the known fixture', async () => {
    const funnel = await service().funnel(adminAuth, {});
    expect(funnel.stages).toEqual([
      { stage: 'tasks', count: 4, conversionPercent: null },
      { stage: 'proposals', count: 5, conversionPercent: 125 },
      { stage: 'negotiations', count: 3, conversionPercent: 60 },
      { stage: 'partnerships', count: 3, conversionPercent: 100 },
      { stage: 'completed', count: 1, conversionPercent: 33.3 },
    ]);
    // First proposal after 10, 20, 30 and 2 days; decisions after 30, 60, 30 and 2; agreements after 30, 60, 30.
    expect(funnel.medianDays).toEqual({ toFirstProposal: 15, toDecision: 30, toAgreement: 30 });
    // Submitted on 3 January, still waiting on 15 July (06:00 UTC).
    expect(funnel.undecided).toEqual({ count: 1, medianWaitingDays: 193.3, oldestWaitingDays: 193.3 });
  });

  it('lists milestones past due and not accepted on running partnerships, measured on the Almaty calendar', async () => {
    const funnel = await service().funnel(adminAuth, {});
    expect(funnel.overdueMilestones).toEqual({
      count: 1,
      items: [{ partnershipId: ids.p1, partnershipTitle: KAZAKH_TITLE, milestoneTitle: 'P1 milestone', dueDate: '2026-06-30', daysOverdue: 15, amountKzt: 1_000_000 }],
    });
    const onDueDay = createProgramService({ db: ctx.db, now: () => new Date('2026-06-30T18:59:00Z') });
    expect((await onDueDay.funnel(adminAuth, {})).overdueMilestones.count).toBe(0);
    // 19:00 UTC on 30 June is already 1 July in Almaty.
    const nextDayInAlmaty = createProgramService({ db: ctx.db, now: () => new Date('2026-06-30T19:00:00Z') });
    expect((await nextDayInAlmaty.funnel(adminAuth, {})).overdueMilestones.count).toBe(1);
  });
});

describe('scorecards', () => {
  it('give each institute and enterprise its partnerships, money, milestones on time and response time', async () => {
    const cards = await service().scorecards(adminAuth, {});
    expect(cards.institutes).toEqual([
      { organisation: { id: ids.i1, name: 'Институт металлургии' }, partnerships: 2, plannedKzt: 1_500_000, disbursedKzt: 1_200_000, milestonesDue: 2, milestonesOnTime: 1, onTimePercent: 50, medianResponseDays: 15, partners: 1 },
      { organisation: { id: ids.i2, name: 'Agro Institute' }, partnerships: 1, plannedKzt: 300_000, disbursedKzt: 300_000, milestonesDue: 1, milestonesOnTime: 0, onTimePercent: 0, medianResponseDays: 16, partners: 1 },
    ]);
    expect(cards.enterprises.map((card) => [card.organisation.id, card.partnerships, card.medianResponseDays, card.partners])).toEqual([
      [ids.e1, 2, 30, 1],
      [ids.e2, 1, 30, 1],
    ]);
    expect(cards.industrialPartnerShare).toEqual({ institutes: 3, withIndustrialPartner: 2, percent: 66.7 });
  });
});

describe('who sees the workspace', () => {
  const routes = ['/api/program/portfolio', '/api/program/ledger', '/api/program/funnel', '/api/program/scorecards', '/api/program/reconciliation', '/api/program/export?table=portfolio'];

  it('enterprises and visitors are refused on every view', async () => {
    const visitor = createClient(ctx.app);
    for (const route of routes) {
      expect((await enterprise.get(route)).status, route).toBe(403);
      expect((await visitor.get(route)).status, route).toBe(401);
    }
  });

  it('a regional administration sees its own region by default, and the whole country when it asks', async () => {
    const ledger = await regional.get('/api/program/ledger');
    expect(ledger.body).toMatchObject({ region: 'pavlodar', totals: { plannedKzt: 500_000, disbursedKzt: 500_000 }, nationalShare: { nationalDisbursedPercent: 0, meetsTarget: false } });
    const portfolio = await regional.get('/api/program/portfolio');
    expect(portfolio.body.items.map((row: { id: string }) => row.id)).toEqual([ids.p2]);
    const funnel = await regional.get('/api/program/funnel');
    expect(funnel.body.stages[0]).toEqual({ stage: 'tasks', count: 1, conversionPercent: null });
    const cards = await regional.get('/api/program/scorecards');
    expect(cards.body.industrialPartnerShare).toEqual({ institutes: 1, withIndustrialPartner: 0, percent: 0 });
    expect((await regional.get('/api/program/ledger?region=all')).body.totals.disbursedKzt).toBe(1_500_000);
    // A national office sees the whole country unless it names a region.
    expect((await national.get('/api/program/ledger')).body).toMatchObject({ region: null, totals: { disbursedKzt: 1_500_000 } });
  });

  it('program offices read the audit log, filtered by entity, person, action and date', async () => {
    const byEntity = await national.get(`/api/audit?entityType=partnership&entityId=${ids.p1}`);
    expect(byEntity.status).toBe(200);
    expect(byEntity.body.items.map((entry: { action: string }) => entry.action)).toEqual(['partnership.create']);
    const enterpriseEmail = (await enterprise.get('/api/auth/session')).body.user.email as string;
    const byPerson = await national.get(`/api/audit?actorEmail=${encodeURIComponent(enterpriseEmail.toUpperCase())}&action=proposal.decline`);
    expect(byPerson.body.total).toBe(1);
    const inWindow = await national.get(`/api/audit?action=proposal.decline&from=2026-01-06T00:00:00.000Z&to=2026-01-08T00:00:00.000Z`);
    expect(inWindow.body.total).toBe(1);
    const outside = await national.get(`/api/audit?action=proposal.decline&from=2026-01-08T00:00:00.000Z`);
    expect(outside.body.total).toBe(0);
    expect((await enterprise.get('/api/audit')).status).toBe(403);
  });
});

describe('CSV export', () => {
  it('writes UTF-8 with a byte-order mark, and Cyrillic and Kazakh letters, quotes and commas survive a round trip', async () => {
    const response = await national.get('/api/program/export?table=portfolio&region=all');
    expect(response.status).toBe(200);
    expect(String(response.headers['content-type'])).toBe('text/csv; charset=utf-8');
    expect(String(response.headers['content-disposition'])).toContain('kopir-portfolio.csv');
    const bytes = Buffer.from(response.body as string, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8'));
    expect(rows[0]).toEqual(['partnership_id', 'title', 'status', 'priority_area', 'region', 'enterprise', 'institute', 'agreed_at', 'start_date', 'end_date', 'planned_kzt', 'disbursed_kzt']);
    const p1 = rows.find((row) => row[0] === ids.p1);
    expect(p1?.[1]).toBe(KAZAKH_TITLE);
    expect(p1?.[5]).toBe('ТОО «Қазмыс», Жезқазған');
    expect(p1?.slice(10)).toEqual(['1000000', '700000']);
    expect(rows).toHaveLength(4);
    expect((response.body as string).startsWith(CSV_BOM)).toBe(true);
  });

  it('exports every table of the workspace with its documented header', async () => {
    const headers: Record<string, string> = {
      'ledger-sources': 'source,planned_kzt,disbursed_kzt',
      'ledger-priority-areas': 'priority_area,planned_kzt,disbursed_kzt',
      'ledger-regions': 'region,planned_kzt,disbursed_kzt',
      'ledger-years': 'year,planned_kzt,disbursed_kzt',
      'ledger-quarters': 'quarter,planned_kzt,disbursed_kzt,national_planned_kzt,national_disbursed_kzt,national_planned_percent,national_disbursed_percent',
      funnel: 'stage,count,conversion_percent',
      'overdue-milestones': 'partnership_id,partnership,milestone,due_date,days_overdue,amount_kzt',
      'scorecards-institutes': 'organisation_id,organisation,partners,planned_kzt',
      'scorecards-enterprises': 'organisation_id,organisation,partners,planned_kzt',
    };
    for (const [table, header] of Object.entries(headers)) {
      const response = await admin.get(`/api/program/export?table=${table}&region=all`);
      expect(response.status, table).toBe(200);
      const first = parseCsv(response.body as string)[0].join(',');
      if (table.startsWith('scorecards')) for (const column of header.split(',')) expect(first, table).toContain(column);
      else expect(first, table).toBe(header);
    }
    const sources = parseCsv((await admin.get('/api/program/export?table=ledger-sources&from=2026-04-01&to=2026-06-30')).body as string);
    expect(sources.slice(1)).toEqual([['enterprise', '600000', '500000'], ['subsoil_fund', '300000', '0'], ['state_program', '400000', '400000'], ['institute_inkind', '0', '0']]);
  });

  it('never lets a spreadsheet run a field as a formula', async () => {
    const { toCsv } = await import('../../csv.ts');
    const rows = parseCsv(toCsv([{ header: 'name', value: (row: { name: string }) => row.name }], [{ name: '=HYPERLINK("x")' }]));
    expect(rows[1][0]).toBe(`'=HYPERLINK("x")`);
  });
});

describe('demo data', () => {
  it('the demo akimat is a regional administration whose workspace opens on its region; the demo program office is national', async () => {
    const { seedDemoData, DEMO_PASSWORD } = await import('../importer/seed.ts');
    await seedDemoData(ctx.db);
    const signInAs = async (email: string) => {
      const client = createClient(ctx.app);
      await client.session();
      expect((await client.post('/api/auth/sign-in', { email, password: DEMO_PASSWORD })).status).toBe(200);
      return client;
    };
    expect((await (await signInAs('akimat@kopir.local')).get('/api/program/ledger')).body.region).toBe('karaganda');
    expect((await (await signInAs('program@kopir.local')).get('/api/program/ledger')).body.region).toBeNull();
  }, 120_000);
});
