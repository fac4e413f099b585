// The money summaries (partnership_money, money_by_month; migration 0006's triggers) must equal the
// raw tranches and disbursements after every kind of write: payments, reversals, a change of terms
// that re-plans tranches, a partnership's region or publicity changing, a deleted entry, a refused
// payment. The ledger, which reads them, must match the raw rows for whole and cut months alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { type TestClient } from '../../../tests/helpers/test-client.ts';
import { createParties, createPartnership, programOfficeClient, type Parties } from '../../../tests/helpers/partnerships.ts';
import { ANONYMOUS, type AuthContext } from '../auth/auth-context.ts';
import { createProgramService } from '../program/program.service.ts';

let ctx: TestContext;
let parties: Parties;
let office: TestClient;
const adminAuth: AuthContext = { ...ANONYMOUS, via: 'token', isAdmin: true };

beforeAll(async () => {
  ctx = await createTestContext();
  parties = await createParties(ctx);
  office = (await programOfficeClient(ctx)).client;
});
afterAll(() => ctx.close());

type Row = Record<string, unknown>;
const rows = async (query: ReturnType<typeof sql>) => ((await ctx.db.execute(query)) as unknown as { rows: Row[] }).rows;
const numbers = (list: Row[]) => list.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value])));

const RAW_MONEY = sql`(
  select partnership_id, source, planned_date as day, planned_amount_kzt as planned, 0::bigint as disbursed from partnership_tranches
  union all
  select partnership_id, source, disbursed_on, 0, amount_kzt from disbursements
)`;

/** Both summaries against the rows themselves, cell by cell. */
async function expectSummariesExact() {
  const perPartnership = await rows(sql`
    select partnership_id::text as id, source, sum(planned)::bigint as planned, sum(disbursed)::bigint as disbursed
    from ${RAW_MONEY} raw group by 1, 2 having sum(planned) <> 0 or sum(disbursed) <> 0 order by 1, 2`);
  const summaryPerPartnership = await rows(sql`
    select partnership_id::text as id, source, planned_kzt as planned, disbursed_kzt as disbursed
    from partnership_money where planned_kzt <> 0 or disbursed_kzt <> 0 order by 1, 2`);
  expect(numbers(summaryPerPartnership)).toEqual(numbers(perPartnership));
  expect(perPartnership.length).toBeGreaterThan(0);

  const perMonth = await rows(sql`
    select p.region, p.priority_area, p.is_public, raw.source, date_trunc('month', raw.day::timestamp)::date::text as month,
      sum(raw.planned)::bigint as planned, sum(raw.disbursed)::bigint as disbursed, count(*)::int as entries
    from ${RAW_MONEY} raw join partnerships p on p.id = raw.partnership_id group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`);
  const summaryPerMonth = await rows(sql`
    select region, priority_area, is_public, source, month::text as month, planned_kzt as planned, disbursed_kzt as disbursed, entries
    from money_by_month where entries > 0 order by 1, 2, 3, 4, 5`);
  expect(numbers(summaryPerMonth)).toEqual(numbers(perMonth));
  // A cell with no entries left holds no money.
  expect(numbers(await rows(sql`select count(*) as n from money_by_month where entries = 0 and (planned_kzt <> 0 or disbursed_kzt <> 0)`))).toEqual([{ n: 0 }]);
}

/** The ledger's totals and years for a region ('all' or one) and a period against a plain sum over the raw rows of that period. */
async function expectLedgerExact(region: 'all' | 'ulytau', from: string | undefined, to: string | undefined) {
  const ledger = await createProgramService({ db: ctx.db }).ledger(adminAuth, { region, from, to });
  const within = sql.join([region === 'all' ? sql`true` : sql`raw.partnership_id in (select id from partnerships where region = ${region})`, ...(from ? [sql`day >= ${from}::date`] : []), ...(to ? [sql`day <= ${to}::date`] : [])], sql` and `);
  const byYear = (await rows(sql`
    select extract(year from day)::int::text as key, sum(planned)::bigint as planned, sum(disbursed)::bigint as disbursed
    from ${RAW_MONEY} raw where ${within} group by 1 order by 1`)).map((row) => ({ key: String(row.key), plannedKzt: Number(row.planned), disbursedKzt: Number(row.disbursed) }));
  expect(ledger.byYear).toEqual(byYear);
  const total = byYear.reduce((sum, row) => ({ plannedKzt: sum.plannedKzt + row.plannedKzt, disbursedKzt: sum.disbursedKzt + row.disbursedKzt }), { plannedKzt: 0, disbursedKzt: 0 });
  expect(ledger.totals).toEqual(total);
  return ledger;
}

const get = (client: TestClient, id: string) => client.get(`/api/partnerships/${id}`);
const trancheOf = (detail: any, index: number, source: string) => detail.milestones[index].tranches.find((tranche: any) => tranche.source === source);

async function acceptMilestone(id: string, index: number) {
  const detail = (await get(parties.enterprise, id)).body;
  const report = await parties.institute.post(`/api/partnerships/${id}/milestones/${detail.milestones[index].id}/reports`, { text: `Milestone ${index + 1} done.` });
  expect(report.status, JSON.stringify(report.body)).toBe(201);
  const accepted = await parties.enterprise.post(`/api/partnerships/${id}/reports/${report.body.id}/accept`, {});
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return accepted.body;
}

describe('money summaries', () => {
  it('equal the raw rows after payments, reversals, re-planned terms, moved and unpublished partnerships, a deleted entry and a deleted partnership', async () => {
    const first = await createPartnership(ctx, parties);
    const second = await createPartnership(ctx, parties);
    await expectSummariesExact();

    let detail = await acceptMilestone(first.id, 0);
    const pay = (client: TestClient, id: string, trancheId: string, amountKzt: number, disbursedOn: string) =>
      client.post(`/api/partnerships/${id}/disbursements`, { trancheId, amountKzt, disbursedOn });
    const enterpriseTranche = trancheOf(detail, 0, 'enterprise');
    const wrong = await pay(parties.enterprise, first.id, enterpriseTranche.id, 20_000_000, '2026-10-31');
    expect(wrong.status).toBe(200);
    expect((await pay(office, first.id, trancheOf(detail, 0, 'state_program').id, 18_000_000, '2026-11-01')).status).toBe(200);
    // Refused above plan: the transaction rolls back, the summaries with it.
    expect((await pay(parties.enterprise, first.id, enterpriseTranche.id, 16_000_001, '2026-11-02')).status).toBe(409);
    await expectSummariesExact();

    // A correction: the wrong entry is reversed (a negative entry), then paid right.
    const reversed = await parties.enterprise.post(`/api/partnerships/${first.id}/disbursements/${wrong.body.disbursements[0].id}/reverse`, { note: 'Wrong account' });
    expect(reversed.status).toBe(200);
    detail = (await pay(parties.enterprise, first.id, enterpriseTranche.id, 36_000_000, '2026-12-01')).body;
    expect(detail.disbursedKzt).toBe(54_000_000);
    await expectSummariesExact();
    const money = numbers(await rows(sql`select source, planned_kzt as planned, disbursed_kzt as disbursed from partnership_money where partnership_id = ${first.id} order by source`));
    expect(money).toEqual([
      { source: 'enterprise', planned: 72_000_000, disbursed: 36_000_000 },
      { source: 'institute_inkind', planned: 12_000_000, disbursed: 0 },
      { source: 'state_program', planned: 36_000_000, disbursed: 18_000_000 },
    ]);

    // New terms re-plan the second partnership's tranches: old ones leave the summaries, new ones enter.
    const newTerms = {
      ...second.terms,
      totalBudgetKzt: 150_000_000,
      milestones: [second.terms.milestones[0], { ...second.terms.milestones[1], dueDate: '2028-03-31', amountKzt: 60_000_000 }, { title: 'Scale-up', deliverable: 'Design', dueDate: '2028-09-30', amountKzt: 30_000_000 }],
      cofinancing: [{ source: 'enterprise', amountKzt: 90_000_000 }, { source: 'state_program', amountKzt: 48_000_000 }, { source: 'institute_inkind', amountKzt: 12_000_000 }],
    };
    const proposed = await parties.enterprise.post(`/api/partnerships/${second.id}/change-requests`, { terms: newTerms, reason: 'Scale-up.' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    expect((await parties.institute.post(`/api/partnerships/${second.id}/change-requests/${proposed.body.changeRequests[0].id}/accept`, {})).status).toBe(200);
    await expectSummariesExact();

    // The partnership's region, area and publicity move its money between money_by_month's rows.
    await ctx.db.execute(sql`update partnerships set region = 'pavlodar', priority_area = 'energy', is_public = not is_public where id = ${first.id}`);
    await ctx.db.execute(sql`update partnerships set status = 'at_risk' where id = ${second.id}`);
    await expectSummariesExact();

    // A deleted entry (an administrator's clean-up) leaves the summaries too.
    await ctx.db.execute(sql`delete from disbursements where partnership_id = ${first.id} and disbursed_on = '2026-11-01'`);
    await expectSummariesExact();
    expect(numbers(await rows(sql`select disbursed_kzt from partnership_money where partnership_id = ${first.id} and source = 'state_program'`))).toEqual([{ disbursed_kzt: 0 }]);

    // A deleted partnership takes its money out of both summaries (its tranches go by the cascade).
    await ctx.db.execute(sql`delete from partnerships where id = ${second.id}`);
    await expectSummariesExact();
    expect(numbers(await rows(sql`select count(*) as n from partnership_money where partnership_id = ${second.id}`))).toEqual([{ n: 0 }]);
  });

  it('give the ledger exact figures for whole months, cut months and open-ended periods', async () => {
    // Payments on the first and last days of months, so a cut month and its neighbours differ.
    const { id } = await createPartnership(ctx, parties);
    const detail = await acceptMilestone(id, 0);
    for (const [source, client, amount, day] of [
      ['enterprise', parties.enterprise, 1_000_000, '2026-10-01'], ['enterprise', parties.enterprise, 2_000_000, '2026-10-31'],
      ['enterprise', parties.enterprise, 4_000_000, '2026-11-15'], ['state_program', office, 8_000_000, '2026-12-31'],
    ] as const) {
      expect((await client.post(`/api/partnerships/${id}/disbursements`, { trancheId: trancheOf(detail, 0, source).id, amountKzt: amount, disbursedOn: day })).status).toBe(200);
    }
    await ctx.db.execute(sql`update partnerships set region = 'ulytau' where id = ${id}`);
    for (const region of ['all', 'ulytau'] as const) {
      await expectLedgerExact(region, undefined, undefined);
      await expectLedgerExact(region, '2026-10-01', '2026-12-31');
      await expectLedgerExact(region, '2026-10-02', '2026-12-30');
      await expectLedgerExact(region, '2026-10-31', '2026-11-15');
      await expectLedgerExact(region, '2026-11-16', '2026-11-30');
      await expectLedgerExact(region, '2026-10-15', undefined);
      await expectLedgerExact(region, undefined, '2026-10-30');
    }
    const cut = await expectLedgerExact('ulytau', '2026-10-31', '2026-12-30');
    // Exactly this partnership's 31 October and 15 November payments.
    expect(cut.totals.disbursedKzt).toBe(6_000_000);
  });

  it('reconciliation reports a summary that drifted from the rows, and is clean again once it is rebuilt', async () => {
    const service = createProgramService({ db: ctx.db });
    expect((await service.reconciliation(adminAuth)).ok).toBe(true);
    const [{ partnership_id: id }] = await rows(sql`select partnership_id from partnership_money where disbursed_kzt > 0 limit 1`);
    await ctx.db.execute(sql`update partnership_money set disbursed_kzt = disbursed_kzt + 1 where partnership_id = ${id} and disbursed_kzt > 0`);
    await ctx.db.execute(sql`update money_by_month set planned_kzt = planned_kzt - 5 where ctid = (select ctid from money_by_month where entries > 0 limit 1)`);
    const drifted = await service.reconciliation(adminAuth);
    expect(drifted.ok).toBe(false);
    expect(drifted.issues.filter((issue) => issue.kind === 'summary_drift').map((issue) => [issue.partnershipId, issue.actualKzt - issue.expectedKzt]))
      .toEqual(expect.arrayContaining([[id, 1], [null, -5]]));
    await ctx.db.execute(sql`select money_summaries_rebuild()`);
    expect((await service.reconciliation(adminAuth)).ok).toBe(true);
    await expectSummariesExact();
  });
});
