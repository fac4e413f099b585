import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { multipartFile, pdfBytes, signUp, createClient, type TestClient } from '../../../tests/helpers/test-client.ts';
import { createParties, createPartnership, programOfficeClient, type Parties } from '../../../tests/helpers/partnerships.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../audit/audit.table.ts';

let ctx: TestContext;
let parties: Parties;
let office: TestClient;
let admin: TestClient;
let stranger: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  parties = await createParties(ctx);
  office = (await programOfficeClient(ctx)).client;
  stranger = (await signUp(ctx.app, 'enterprise')).client;
  await createUsersRepo({ db: ctx.db }).insert({ email: 'partnership-admin@example.kz', fullName: 'Admin', passwordHash: await hashPassword('admin-pass-phrase'), isPlatformAdmin: true });
  admin = createClient(ctx.app);
  await admin.session();
  expect((await admin.post('/api/auth/sign-in', { email: 'partnership-admin@example.kz', password: 'admin-pass-phrase' })).status).toBe(200);
});
afterAll(() => ctx.close());

const get = (client: TestClient, id: string) => client.get(`/api/partnerships/${id}`);

/** Submits a report on milestone `index` and has the enterprise accept it. */
async function acceptMilestone(id: string, index: number) {
  const detail = (await get(parties.enterprise, id)).body;
  const report = await parties.institute.post(`/api/partnerships/${id}/milestones/${detail.milestones[index].id}/reports`, { text: `Milestone ${index + 1} done.` });
  expect(report.status, JSON.stringify(report.body)).toBe(201);
  const accepted = await parties.enterprise.post(`/api/partnerships/${id}/reports/${report.body.id}/accept`, {});
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return accepted.body;
}

const trancheOf = (detail: any, index: number, source: string) => detail.milestones[index].tranches.find((tranche: any) => tranche.source === source);

describe('who sees a partnership', () => {
  it('the parties and the program office see it with the confidential clauses; an admin sees it without them', async () => {
    const { id } = await createPartnership(ctx, parties);
    for (const client of [parties.enterprise, parties.institute, office]) {
      const response = await get(client, id);
      expect(response.status).toBe(200);
      expect(response.body.terms.clauses).toEqual({ ipModel: 'institute_owns_nonexclusive_licence', publicationDelayDays: 90, confidentialityYears: 3 });
    }
    const asAdmin = await get(admin, id);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.terms.clauses).toBeNull();
    expect(JSON.stringify(asAdmin.body)).not.toContain('institute_owns_nonexclusive_licence');
  });

  it('another enterprise gets 404 for the partnership and never finds it in its list', async () => {
    const { id } = await createPartnership(ctx, parties);
    const response = await get(stranger, id);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('partnerships.not_found');
    const list = await stranger.get('/api/partnerships');
    expect(list.body.items.map((item: any) => item.id)).not.toContain(id);
    expect((await stranger.post(`/api/partnerships/${id}/terminate`, { reason: 'Not mine' })).status).toBe(404);
  });

  it('lists are scoped and filtered: parties see their own, the program office all, filters narrow', async () => {
    const { id } = await createPartnership(ctx, parties);
    const own = await parties.institute.get('/api/partnerships?pageSize=100');
    expect(own.body.items.every((item: any) => item.institute.id === parties.instituteId)).toBe(true);
    expect(own.body.items.map((item: any) => item.id)).toContain(id);
    const bySource = await office.get(`/api/partnerships?source=state_program&enterpriseId=${parties.enterpriseId}&pageSize=100`);
    expect(bySource.body.items.map((item: any) => item.id)).toContain(id);
    const noneFromFund = await office.get(`/api/partnerships?source=subsoil_fund&enterpriseId=${parties.enterpriseId}`);
    expect(noneFromFund.body.items).toEqual([]);
    const thisYear = new Date().getUTCFullYear();
    expect((await office.get(`/api/partnerships?year=${thisYear}&status=active&instituteId=${parties.instituteId}`)).body.total).toBeGreaterThan(0);
    expect((await office.get(`/api/partnerships?year=${thisYear - 5}&instituteId=${parties.instituteId}`)).body.total).toBe(0);
  });
});

describe('milestone reports', () => {
  it('the institute reports, the enterprise returns it with a comment, the institute resubmits and the enterprise accepts; every round stays', async () => {
    const { id } = await createPartnership(ctx, parties);
    const milestoneId = (await get(parties.institute, id)).body.milestones[0].id;
    const first = await parties.institute.post(`/api/partnerships/${id}/milestones/${milestoneId}/reports`, { text: 'Flowsheet tested on three slime samples.' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ round: 1, status: 'submitted' });
    // Reviewing is the enterprise's; reporting the institute's.
    expect((await parties.institute.post(`/api/partnerships/${id}/reports/${first.body.id}/accept`, {})).status).toBe(403);
    expect((await parties.enterprise.post(`/api/partnerships/${id}/milestones/${milestoneId}/reports`, { text: 'x' })).status).toBe(403);
    // One report under review at a time.
    expect((await parties.institute.post(`/api/partnerships/${id}/milestones/${milestoneId}/reports`, { text: 'Again' })).body.error.code).toBe('partnerships.report_not_expected');

    const upload = multipartFile('mass-balance.pdf', pdfBytes());
    const attached = await parties.institute.post(`/api/partnerships/${id}/reports/${first.body.id}/attachments`, upload.payload, upload.headers);
    expect(attached.status).toBe(201);
    const notPdf = multipartFile('virus.pdf', Buffer.from('MZ this is not a pdf at all'));
    expect((await parties.institute.post(`/api/partnerships/${id}/reports/${first.body.id}/attachments`, notPdf.payload, notPdf.headers)).status).toBe(415);
    const download = await parties.enterprise.get(`/api/partnerships/${id}/reports/${first.body.id}/attachments/${attached.body.id}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect((await stranger.get(`/api/partnerships/${id}/reports/${first.body.id}/attachments/${attached.body.id}`)).status).toBe(404);

    expect((await parties.enterprise.post(`/api/partnerships/${id}/reports/${first.body.id}/return`, {})).status).toBe(400);
    const returned = await parties.enterprise.post(`/api/partnerships/${id}/reports/${first.body.id}/return`, { comment: 'Add the selenium mass balance.' });
    expect(returned.status).toBe(200);
    expect(returned.body.milestones[0].status).toBe('returned');

    const second = await parties.institute.post(`/api/partnerships/${id}/milestones/${milestoneId}/reports`, { text: 'Mass balance added.' });
    expect(second.body.round).toBe(2);
    const accepted = await parties.enterprise.post(`/api/partnerships/${id}/reports/${second.body.id}/accept`, { comment: 'Thank you.' });
    expect(accepted.body.milestones[0]).toMatchObject({ status: 'accepted', acceptedAt: expect.any(String) });
    const reports = accepted.body.milestones[0].reports;
    expect(reports.map((report: any) => [report.round, report.status])).toEqual([[2, 'accepted'], [1, 'returned']]);
    expect(reports[1]).toMatchObject({ reviewComment: 'Add the selenium mass balance.', attachments: [expect.objectContaining({ fileName: 'mass-balance.pdf' })] });
    // An accepted report is final.
    expect((await parties.enterprise.post(`/api/partnerships/${id}/reports/${second.body.id}/return`, { comment: 'Changed my mind' })).body.error.code).toBe('partnerships.report_not_pending');
    expect(accepted.body.history.map((entry: any) => entry.action)).toEqual(expect.arrayContaining(['partnership.report.submit', 'partnership.report.return', 'partnership.report.accept', 'partnership.report.attach']));
  });

  it('the institute is told when its report is returned, with the comment', async () => {
    const { id } = await createPartnership(ctx, parties);
    const milestoneId = (await get(parties.institute, id)).body.milestones[0].id;
    const report = await parties.institute.post(`/api/partnerships/${id}/milestones/${milestoneId}/reports`, { text: 'Done.' });
    await parties.enterprise.post(`/api/partnerships/${id}/reports/${report.body.id}/return`, { comment: 'Missing the assays.' });
    const inbox = await parties.institute.get('/api/notifications?pageSize=100');
    expect(inbox.body.items.some((item: any) => item.kind === 'partnership_update' && item.payload.reason.event === 'report_returned' && item.payload.reason.note === 'Missing the assays.' && item.payload.link === `/partnerships/${id}`)).toBe(true);
  });
});

describe('disbursements', () => {
  it('only an accepted milestone is paid, each source by whoever pays it, never above plan, to the tenge', async () => {
    const { id } = await createPartnership(ctx, parties);
    let detail = (await get(parties.enterprise, id)).body;
    const enterpriseTranche = trancheOf(detail, 0, 'enterprise');
    expect(enterpriseTranche.plannedAmountKzt).toBe(36_000_000);
    const pay = (client: TestClient, trancheId: string, amountKzt: number) => client.post(`/api/partnerships/${id}/disbursements`, { trancheId, amountKzt, disbursedOn: '2026-11-15' });
    expect((await pay(parties.enterprise, enterpriseTranche.id, 1_000)).body.error.code).toBe('partnerships.milestone_not_accepted');

    detail = await acceptMilestone(id, 0);
    expect((await pay(parties.enterprise, trancheOf(detail, 0, 'state_program').id, 1_000)).body.error.code).toBe('partnerships.source_not_yours');
    expect((await pay(office, enterpriseTranche.id, 1_000)).body.error.code).toBe('partnerships.source_not_yours');
    expect((await pay(stranger, enterpriseTranche.id, 1_000)).status).toBe(404);
    expect((await pay(admin, enterpriseTranche.id, 1_000)).status).toBe(403);

    expect((await pay(parties.enterprise, enterpriseTranche.id, 20_000_000)).status).toBe(200);
    const above = await pay(parties.enterprise, enterpriseTranche.id, 16_000_001);
    expect(above.status).toBe(409);
    expect(above.body.error).toMatchObject({ code: 'partnerships.above_plan', details: { plannedKzt: 36_000_000, disbursedKzt: 20_000_000, leftKzt: 16_000_000 } });
    detail = (await pay(parties.enterprise, enterpriseTranche.id, 16_000_000)).body;
    expect(trancheOf(detail, 0, 'enterprise').disbursedKzt).toBe(36_000_000);
    detail = (await pay(office, trancheOf(detail, 0, 'state_program').id, 18_000_000)).body;
    detail = (await pay(parties.institute, trancheOf(detail, 0, 'institute_inkind').id, 6_000_000)).body;
    expect(detail.disbursedKzt).toBe(60_000_000);
    expect(detail.totalsBySource).toEqual([
      { source: 'enterprise', plannedKzt: 72_000_000, disbursedKzt: 36_000_000 },
      { source: 'state_program', plannedKzt: 36_000_000, disbursedKzt: 18_000_000 },
      { source: 'institute_inkind', plannedKzt: 12_000_000, disbursedKzt: 6_000_000 },
    ]);
    // Every total equals the sum of its entries.
    expect(detail.disbursements.reduce((total: number, entry: any) => total + entry.amountKzt, 0)).toBe(detail.disbursedKzt);
    expect(detail.status).toBe('active');
    const audit = detail.history.find((entry: any) => entry.action === 'partnership.disburse' && entry.changes.source === 'institute_inkind');
    expect(audit.changes).toMatchObject({ amountKzt: 6_000_000, before: { disbursedKzt: 0 }, after: { disbursedKzt: 6_000_000 } });
  });

  it('a wrong entry is corrected by a reversing entry, not an edit, and only once', async () => {
    const { id } = await createPartnership(ctx, parties);
    let detail = await acceptMilestone(id, 0);
    const tranche = trancheOf(detail, 0, 'enterprise');
    detail = (await parties.enterprise.post(`/api/partnerships/${id}/disbursements`, { trancheId: tranche.id, amountKzt: 36_000_000, disbursedOn: '2026-10-01' })).body;
    const wrong = detail.disbursements[0];
    expect((await office.post(`/api/partnerships/${id}/disbursements/${wrong.id}/reverse`, { note: 'Not ours' })).body.error.code).toBe('partnerships.source_not_yours');
    const reversed = await parties.enterprise.post(`/api/partnerships/${id}/disbursements/${wrong.id}/reverse`, { note: 'Paid to the wrong account' });
    expect(reversed.status).toBe(200);
    expect(reversed.body.disbursements).toHaveLength(2);
    expect(reversed.body.disbursements.find((entry: any) => entry.id === wrong.id).reversedById).toEqual(expect.any(String));
    expect(reversed.body.disbursements.find((entry: any) => entry.reversesDisbursementId === wrong.id).amountKzt).toBe(-36_000_000);
    expect(trancheOf(reversed.body, 0, 'enterprise').disbursedKzt).toBe(0);
    expect((await parties.enterprise.post(`/api/partnerships/${id}/disbursements/${wrong.id}/reverse`, { note: 'Again' })).body.error.code).toBe('partnerships.already_reversed');
    // The plan is open again after the reversal.
    expect((await parties.enterprise.post(`/api/partnerships/${id}/disbursements`, { trancheId: tranche.id, amountKzt: 36_000_000, disbursedOn: '2026-10-02' })).status).toBe(200);
  });

  it('the partnership completes by itself when every milestone is accepted and every tranche paid', async () => {
    const { id } = await createPartnership(ctx, parties, { proposal: { milestones: [{ title: 'Only', deliverable: 'Report', dueDate: '2027-03-01', amountKzt: 10_000_001 }], totalBudgetKzt: 10_000_001, cofinancing: [{ source: 'enterprise', amountKzt: 7_000_000 }, { source: 'subsoil_fund', amountKzt: 3_000_001 }] } });
    let detail = await acceptMilestone(id, 0);
    detail = (await parties.enterprise.post(`/api/partnerships/${id}/disbursements`, { trancheId: trancheOf(detail, 0, 'enterprise').id, amountKzt: 7_000_000, disbursedOn: '2026-12-01' })).body;
    expect(detail.status).toBe('active');
    detail = (await office.post(`/api/partnerships/${id}/disbursements`, { trancheId: trancheOf(detail, 0, 'subsoil_fund').id, amountKzt: 3_000_001, disbursedOn: '2026-12-02' })).body;
    expect(detail.status).toBe('completed');
    expect(detail.history[0]).toMatchObject({ action: 'partnership.complete', changes: { before: { status: 'active' }, after: { status: 'completed' } } });
    expect((await parties.enterprise.post(`/api/partnerships/${id}/terminate`, { reason: 'Too late' })).body.error.code).toBe('partnerships.closed');
  });
});

describe('lifecycle', () => {
  it('the program office marks a partnership at risk with a note and clears it; the parties cannot', async () => {
    const { id } = await createPartnership(ctx, parties);
    expect((await parties.enterprise.post(`/api/partnerships/${id}/at-risk`, { atRisk: true, note: 'We worry' })).status).toBe(403);
    const marked = await office.post(`/api/partnerships/${id}/at-risk`, { atRisk: true, note: 'Pilot site not ready.' });
    expect(marked.body).toMatchObject({ status: 'at_risk', statusNote: 'Pilot site not ready.', atRiskSource: 'manual' });
    expect((await office.post(`/api/partnerships/${id}/at-risk`, { atRisk: true, note: 'Twice' })).body.error.code).toBe('partnerships.invalid_transition');
    const cleared = await office.post(`/api/partnerships/${id}/at-risk`, { atRisk: false, note: 'Site ready.' });
    expect(cleared.body).toMatchObject({ status: 'active', atRiskSource: null });
    const entry = cleared.body.history.find((item: any) => item.action === 'partnership.at_risk');
    expect(entry).toMatchObject({ actor: 'Program Officer', changes: { before: { status: 'active' }, after: { status: 'at_risk', statusNote: 'Pilot site not ready.' } } });
  });

  it('every program office reads a partnership; only the office of its region (or a national one) changes it', async () => {
    const { id } = await createPartnership(ctx, parties);
    const elsewhere = (await programOfficeClient(ctx, 'pavlodar')).client;
    const own = (await programOfficeClient(ctx, 'karaganda')).client;
    const read = await elsewhere.get(`/api/partnerships/${id}`);
    expect([read.status, read.body.region]).toEqual([200, 'karaganda']);
    expect(read.body.can).toMatchObject({ setAtRisk: false, terminate: false, complete: false, recordSources: [] });
    const refused = await elsewhere.post(`/api/partnerships/${id}/at-risk`, { atRisk: true, note: 'Not our region' });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'auth.forbidden']);
    expect(refused.body.error.message).toMatch(/office of its region/);
    expect((await elsewhere.post(`/api/partnerships/${id}/terminate`, { reason: 'Not our region' })).status).toBe(403);
    expect((await own.get(`/api/partnerships/${id}`)).body.can).toMatchObject({ setAtRisk: true, terminate: true, complete: true });
    expect((await own.post(`/api/partnerships/${id}/at-risk`, { atRisk: true, note: 'Pilot site not ready.' })).body.status).toBe('at_risk');
    expect((await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'partnership.at_risk')))).length).toBe(1);
  });

  it("a party's owner terminates with a reason; a terminated partnership takes nothing more", async () => {
    const { id } = await createPartnership(ctx, parties);
    const before = (await parties.institute.get(`/api/partnerships/${id}`)).body;
    const pending = await parties.institute.post(`/api/partnerships/${id}/milestones/${before.milestones[0].id}/reports`, { text: 'Laboratory results, draft.' });
    expect(pending.status).toBe(201);
    expect((await parties.institute.post(`/api/partnerships/${id}/terminate`, {})).status).toBe(400);
    const terminated = await parties.institute.post(`/api/partnerships/${id}/terminate`, { reason: 'The pilot plant was sold.' });
    expect(terminated.body).toMatchObject({ status: 'terminated', statusNote: 'The pilot plant was sold.', can: { terminate: false, submitReports: false, recordSources: [] } });
    expect((await parties.institute.post(`/api/partnerships/${id}/terminate`, { reason: 'Again' })).body.error.code).toBe('partnerships.closed');
    expect((await office.post(`/api/partnerships/${id}/at-risk`, { atRisk: true, note: 'x' })).body.error.code).toBe('partnerships.closed');
    const milestoneId = terminated.body.milestones[0].id;
    expect((await parties.institute.post(`/api/partnerships/${id}/milestones/${milestoneId}/reports`, { text: 'x' })).body.error.code).toBe('partnerships.closed');
    // Nor a file on the report that was under review when it ended.
    const upload = multipartFile('late.pdf', pdfBytes());
    const late = await parties.institute.post(`/api/partnerships/${id}/reports/${pending.body.id}/attachments`, upload.payload, upload.headers);
    expect([late.status, late.body.error.code]).toEqual([409, 'partnerships.closed']);
    const inbox = await parties.enterprise.get('/api/notifications?pageSize=100');
    expect(inbox.body.items.some((item: any) => item.payload.reason.kind === 'partnership' && item.payload.reason.event === 'terminated' && item.payload.reason.partnershipId === id)).toBe(true);
  });

  it('the program office completes explicitly only when every milestone is accepted', async () => {
    const { id } = await createPartnership(ctx, parties);
    expect((await office.post(`/api/partnerships/${id}/complete`, {})).body.error.code).toBe('partnerships.not_complete');
    await acceptMilestone(id, 0);
    await acceptMilestone(id, 1);
    expect((await parties.enterprise.post(`/api/partnerships/${id}/complete`, {})).status).toBe(403);
    const completed = await office.post(`/api/partnerships/${id}/complete`, { note: 'In-kind contribution not itemised.' });
    expect(completed.body).toMatchObject({ status: 'completed', statusNote: 'In-kind contribution not itemised.' });
  });
});

describe('change requests', () => {
  it('one side proposes, the other accepts: a new version, milestones and tranches re-planned, history kept', async () => {
    const { id, terms } = await createPartnership(ctx, parties);
    const newTerms = {
      ...terms,
      totalBudgetKzt: 150_000_000,
      milestones: [terms.milestones[0], { ...terms.milestones[1], dueDate: '2028-03-31', amountKzt: 60_000_000 }, { title: 'Scale-up design', deliverable: 'Basic engineering', dueDate: '2028-09-30', amountKzt: 30_000_000 }],
      cofinancing: [{ source: 'enterprise', amountKzt: 90_000_000 }, { source: 'state_program', amountKzt: 48_000_000 }, { source: 'institute_inkind', amountKzt: 12_000_000 }],
    };
    const proposed = await parties.enterprise.post(`/api/partnerships/${id}/change-requests`, { terms: newTerms, reason: 'A scale-up stage.' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    const request = proposed.body.changeRequests[0];
    expect(request).toMatchObject({ status: 'pending', proposedBySide: 'enterprise', baseVersion: 1 });
    expect(request.changes).toEqual(expect.arrayContaining([{ field: '/totalBudgetKzt', before: 120_000_000, after: 150_000_000 }]));
    expect((await parties.enterprise.post(`/api/partnerships/${id}/change-requests/${request.id}/accept`, {})).status).toBe(403);
    expect((await parties.institute.post(`/api/partnerships/${id}/change-requests`, { terms: newTerms, reason: 'Crossing' })).body.error.code).toBe('partnerships.change_pending');
    expect((await office.post(`/api/partnerships/${id}/change-requests/${request.id}/accept`, {})).status).toBe(403);

    const accepted = await parties.institute.post(`/api/partnerships/${id}/change-requests/${request.id}/accept`, { note: 'Agreed.' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ termsVersion: 2, totalBudgetKzt: 150_000_000, endDate: '2028-09-30' });
    expect(accepted.body.versions.map((version: any) => version.version)).toEqual([1, 2]);
    expect(accepted.body.milestones.map((milestone: any) => milestone.amountKzt)).toEqual([60_000_000, 60_000_000, 30_000_000]);
    const planned = accepted.body.milestones.flatMap((milestone: any) => milestone.tranches);
    for (const line of newTerms.cofinancing) expect(planned.filter((tranche: any) => tranche.source === line.source).reduce((a: number, t: any) => a + t.plannedAmountKzt, 0)).toBe(line.amountKzt);
    expect(accepted.body.changeRequests[0]).toMatchObject({ status: 'accepted', decisionNote: 'Agreed.' });
    expect(accepted.body.history.find((entry: any) => entry.action === 'partnership.change.accept').changes).toMatchObject({ before: { termsVersion: 1 }, after: { termsVersion: 2, totalBudgetKzt: 150_000_000 } });
  });

  it('a change that drops the only open milestone of a fully paid partnership completes it', async () => {
    const { id, terms } = await createPartnership(ctx, parties, { proposal: {
      milestones: [{ title: 'Lab', deliverable: 'Report', dueDate: '2027-03-01', amountKzt: 7_000_000 }, { title: 'Pilot', deliverable: 'Report', dueDate: '2027-09-01', amountKzt: 3_000_000 }],
      totalBudgetKzt: 10_000_000, cofinancing: [{ source: 'enterprise', amountKzt: 10_000_000 }],
    } });
    let detail = await acceptMilestone(id, 0);
    detail = (await parties.enterprise.post(`/api/partnerships/${id}/disbursements`, { trancheId: trancheOf(detail, 0, 'enterprise').id, amountKzt: 7_000_000, disbursedOn: '2026-12-01' })).body;
    expect(detail.status).toBe('active');
    const onlyTheLab = { ...terms, totalBudgetKzt: 7_000_000, milestones: [terms.milestones[0]], cofinancing: [{ source: 'enterprise', amountKzt: 7_000_000 }] };
    const request = (await parties.institute.post(`/api/partnerships/${id}/change-requests`, { terms: onlyTheLab, reason: 'The pilot is not needed.' })).body.changeRequests[0];
    const accepted = await parties.enterprise.post(`/api/partnerships/${id}/change-requests/${request.id}/accept`, {});
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'completed', termsVersion: 2 });
    expect(accepted.body.history.map((entry: any) => entry.action)).toEqual(expect.arrayContaining(['partnership.change.accept', 'partnership.complete']));
  });

  it('terms that do not add up, or that plan a tranche below what was paid, are refused; a rejection changes nothing', async () => {
    const { id, terms } = await createPartnership(ctx, parties);
    const broken = await parties.institute.post(`/api/partnerships/${id}/change-requests`, { terms: { ...terms, totalBudgetKzt: terms.totalBudgetKzt + 1 }, reason: 'Typo' });
    expect(broken.body.error.code).toBe('terms.invalid');
    let detail = await acceptMilestone(id, 0);
    detail = (await parties.enterprise.post(`/api/partnerships/${id}/disbursements`, { trancheId: trancheOf(detail, 0, 'enterprise').id, amountKzt: 36_000_000, disbursedOn: '2026-12-01' })).body;
    // Less enterprise money overall would plan milestone 1's enterprise tranche below the 36 M paid.
    const cut = {
      ...terms, cofinancing: [{ source: 'enterprise', amountKzt: 40_000_000 }, { source: 'state_program', amountKzt: 68_000_000 }, { source: 'institute_inkind', amountKzt: 12_000_000 }],
    };
    const refused = await parties.institute.post(`/api/partnerships/${id}/change-requests`, { terms: cut, reason: 'Less from the enterprise' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('partnerships.change_breaks_ledger');
    const moved = await parties.institute.post(`/api/partnerships/${id}/change-requests`, { terms: { ...terms, milestones: [{ ...terms.milestones[0], dueDate: '2027-07-31' }, terms.milestones[1]] }, reason: 'Later' });
    expect(moved.body.error.details.issues[0]).toMatchObject({ path: '/milestones/0', message: expect.stringContaining('accepted') });

    const later = { ...terms, milestones: [terms.milestones[0], { ...terms.milestones[1], dueDate: '2028-02-28' }] };
    const proposed = await parties.institute.post(`/api/partnerships/${id}/change-requests`, { terms: later, reason: 'Pilot later' });
    const rejected = await parties.enterprise.post(`/api/partnerships/${id}/change-requests/${proposed.body.changeRequests[0].id}/reject`, { note: 'Keep the date.' });
    expect(rejected.body).toMatchObject({ termsVersion: 1, endDate: terms.milestones[1].dueDate });
    expect(rejected.body.changeRequests[0]).toMatchObject({ status: 'rejected', decisionNote: 'Keep the date.' });
  });
});
