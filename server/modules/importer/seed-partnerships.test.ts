import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient } from '../../../tests/helpers/test-client.ts';
import { NATIONAL_PRIORITY_AREAS } from '../../../shared/constants.ts';
import { seedDemoData } from './seed.ts';
import { seedDemoPartnerships } from './seed-partnerships.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoData(ctx.db);
});
afterAll(() => ctx.close());

// The same result shape from PostgreSQL and PGlite.
const rowsOf = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => ((await ctx.db.execute(query)) as unknown as { rows: T[] }).rows;

describe('demo partnerships', () => {
  it('tell a story: eight or more partnerships at every stage, across areas, regions and sources', async () => {
    const rows = await rowsOf<{ status: string; priority_area: string; region: string }>(sql`select status, priority_area, region from partnerships`);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['active', 'at_risk', 'completed', 'terminated']));
    expect(new Set(rows.map((row) => row.priority_area)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((row) => row.region)).size).toBeGreaterThanOrEqual(6);
    const sources = (await rowsOf(sql`select distinct source from disbursements`)).map((row) => row.source);
    expect(new Set(sources)).toEqual(new Set(['enterprise', 'subsoil_fund', 'state_program', 'institute_inkind']));
    const reports = (await rowsOf(sql`select distinct status from partnership_reports`)).map((row) => row.status);
    expect(new Set(reports)).toEqual(new Set(['submitted', 'accepted', 'returned']));
    // Most are public (state or fund money); one the parties kept private, so the public page shows fewer.
    const visibility = (await rowsOf<{ is_public: boolean }>(sql`select is_public from partnerships`)).map((row) => row.is_public);
    expect(visibility.filter((isPublic) => !isPublic).length).toBeGreaterThanOrEqual(1);
    const stats = await createClient(ctx.app).get('/api/public/stats');
    expect(stats.body.totals.partnerships).toBe(visibility.filter(Boolean).length);
  });

  it('keep the ledger sound: money only on accepted milestones, never above plan, and a national-priority share strictly between 0 and 1', async () => {
    const wrong = await rowsOf(sql`
      select t.id from partnership_tranches t join partnership_milestones m on m.id = t.milestone_id
      left join disbursements d on d.tranche_id = t.id
      group by t.id, t.planned_amount_kzt, m.status
      having coalesce(sum(d.amount_kzt), 0) > t.planned_amount_kzt or (count(d.id) > 0 and m.status <> 'accepted')`);
    expect(wrong).toEqual([]);
    const byArea = await rowsOf<{ area: string; total: string }>(sql`select p.priority_area as area, sum(d.amount_kzt)::bigint as total from disbursements d join partnerships p on p.id = d.partnership_id group by p.priority_area`);
    const total = byArea.reduce((sum, row) => sum + Number(row.total), 0);
    const national = byArea.filter((row) => (NATIONAL_PRIORITY_AREAS as readonly string[]).includes(row.area)).reduce((sum, row) => sum + Number(row.total), 0);
    expect(byArea.some((row) => row.area === 'energy' && Number(row.total) > 0)).toBe(true);
    expect(national / total).toBeGreaterThan(0);
    expect(national / total).toBeLessThan(1);
    // Demo payments are a tranche's whole plan or a round sum (a share of a plan in floating point once gave 20 999 999 ₸).
    // Every partnership's trail starts with its creation, on the day it was agreed.
    const early = await rowsOf(sql`select a.entity_id from audit_log a join audit_log c on c.entity_id = a.entity_id and c.action = 'partnership.create' where a.entity_type = 'partnership' and a.at < c.at`);
    expect(early).toEqual([]);
    const odd = await rowsOf(sql`select d.amount_kzt from disbursements d join partnership_tranches t on t.id = d.tranche_id where d.amount_kzt % 1000 <> 0 and d.amount_kzt <> t.planned_amount_kzt`);
    expect(odd).toEqual([]);
  });

  it('the demo enterprise sees its partnerships with their story, and seeding again adds nothing', async () => {
    const client = createClient(ctx.app);
    await client.session();
    await client.post('/api/auth/sign-in', { email: 'enterprise@kopir.local', password: 'kopir-demo-2026' });
    const list = await client.get('/api/partnerships');
    expect(list.body.total).toBeGreaterThanOrEqual(2);
    const detail = await client.get(`/api/partnerships/${list.body.items.find((item: any) => item.status === 'active').id}`);
    expect(detail.body.milestones.flatMap((milestone: any) => milestone.reports).map((report: any) => report.status)).toEqual(expect.arrayContaining(['accepted', 'returned']));
    expect(detail.body.history.length).toBeGreaterThan(3);
    expect(await ctx.db.transaction((tx) => seedDemoPartnerships(ctx.db, tx))).toBe(0);
  });
});
