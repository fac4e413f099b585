import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createParties, createPartnership, programOfficeClient, type Parties } from '../../../tests/helpers/partnerships.ts';
import type { TestClient } from '../../../tests/helpers/test-client.ts';
import { createLocalDiskStorage } from '../../storage/local-disk.storage.ts';
import { createPartnershipsService } from './partnerships.service.ts';
import { atRiskCutoff, createAtRiskJob } from './partnerships.at-risk.ts';

let ctx: TestContext;
let parties: Parties;
let office: TestClient;
// The job's clock: tests set it instead of waiting for days to pass.
let clock = new Date('2027-01-01T12:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext();
  parties = await createParties(ctx);
  office = (await programOfficeClient(ctx)).client;
});
afterAll(() => ctx.close());

function job(atRiskDays = 30) {
  const service = createPartnershipsService({ db: ctx.db, storage: createLocalDiskStorage(ctx.config.dataDir), maxUploadMb: 1, atRiskDays, now: () => clock });
  return createAtRiskJob({ ctx: service.context, atRiskDays, exclusive: (run) => ctx.app.database.runExclusive('partnerships-at-risk', run) });
}

const statusOf = async (id: string) => (await parties.enterprise.get(`/api/partnerships/${id}`)).body;

describe('the at-risk job', () => {
  it('the cutoff is the due date exactly the allowed days before today (UTC)', () => {
    expect(atRiskCutoff(new Date('2027-07-30T23:59:59Z'), 30)).toBe('2027-06-30');
    expect(atRiskCutoff(new Date('2027-03-01T00:00:00Z'), 1)).toBe('2027-02-28');
  });

  it('a milestone exactly 30 days overdue is not at risk; 31 days is, with an audited note; accepting the report clears it', async () => {
    // Milestone 1 is due 2027-06-30.
    const { id } = await createPartnership(ctx, parties);
    clock = new Date('2027-07-30T23:00:00Z');
    await job().runOnce();
    expect((await statusOf(id)).status).toBe('active');

    clock = new Date('2027-07-31T00:30:00Z');
    await job().runOnce();
    let detail = await statusOf(id);
    expect(detail).toMatchObject({ status: 'at_risk', atRiskSource: 'auto', statusNote: expect.stringContaining('30 days') });
    expect(detail.history[0]).toMatchObject({ action: 'partnership.at_risk', actor: 'at-risk-job', changes: { before: { status: 'active' }, after: { status: 'at_risk' } } });
    // A second run changes nothing twice.
    await job().runOnce();
    expect((await statusOf(id)).history.filter((entry: any) => entry.action === 'partnership.at_risk')).toHaveLength(1);
    const inbox = await parties.institute.get('/api/notifications?pageSize=100');
    expect(inbox.body.items.some((item: any) => item.payload.reason.kind === 'partnership' && item.payload.reason.event === 'at_risk' && item.payload.reason.partnershipId === id)).toBe(true);

    // Work goes on while at risk: the report is submitted and accepted, then the job clears the flag.
    const report = await parties.institute.post(`/api/partnerships/${id}/milestones/${detail.milestones[0].id}/reports`, { text: 'Late, but done.' });
    expect((await parties.enterprise.post(`/api/partnerships/${id}/reports/${report.body.id}/accept`, {})).status).toBe(200);
    await job().runOnce();
    detail = await statusOf(id);
    expect(detail).toMatchObject({ status: 'active', atRiskSource: null });
    expect(detail.history[0]).toMatchObject({ action: 'partnership.clear_at_risk', actor: 'at-risk-job' });
  });

  it("a program manager's flag stays until they clear it, and the days come from configuration", async () => {
    const { id } = await createPartnership(ctx, parties);
    clock = new Date('2027-01-01T00:00:00Z');
    expect((await office.post(`/api/partnerships/${id}/at-risk`, { atRisk: true, note: 'Key researcher left.' })).status).toBe(200);
    await job().runOnce();
    expect(await statusOf(id)).toMatchObject({ status: 'at_risk', atRiskSource: 'manual', statusNote: 'Key researcher left.' });
    expect((await office.post(`/api/partnerships/${id}/at-risk`, { atRisk: false, note: 'Replaced.' })).status).toBe(200);

    // With 0 days allowed, the day after the due date is already too late.
    clock = new Date('2027-07-01T08:00:00Z');
    await job(1).runOnce();
    expect((await statusOf(id)).status).toBe('active');
    await job(0).runOnce();
    expect((await statusOf(id)).status).toBe('at_risk');
  });

  it('terminated and completed partnerships are left alone', async () => {
    const { id } = await createPartnership(ctx, parties);
    await parties.enterprise.post(`/api/partnerships/${id}/terminate`, { reason: 'Budget cut.' });
    clock = new Date('2029-01-01T00:00:00Z');
    await job().runOnce();
    expect((await statusOf(id)).status).toBe('terminated');
  });

  it('runs once across processes: while another connection holds the lock, a run does nothing', async () => {
    const { id } = await createPartnership(ctx, parties);
    clock = new Date('2029-01-01T00:00:00Z');
    const database = ctx.app.database;
    const inner = await database.runExclusive('partnerships-at-risk', () => job().runOnce());
    if (process.env.TEST_DATABASE_URL) {
      // PostgreSQL: the advisory lock is held by the outer run's connection, so the inner one skips.
      expect(inner).toBeNull();
      expect((await statusOf(id)).status).toBe('active');
    } else {
      // PGlite is one process: there is no one else to exclude.
      expect(inner).not.toBeNull();
    }
    await job().runOnce();
    expect((await statusOf(id)).status).toBe('at_risk');
  });
});
