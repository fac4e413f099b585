import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { multipartFile, pdfBytes, proposalBody, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { auditLog } from '../audit/audit.table.ts';
import { createProposalsService } from './proposals.service.ts';
import { createLocalDiskStorage } from '../../storage/local-disk.storage.ts';
import type { AuthContext } from '../auth/auth-context.ts';

let ctx: TestContext;
let enterprise: TestClient;
let enterpriseAuth: AuthContext;
let otherEnterprise: TestClient;
let institute: TestClient;
let otherInstitute: TestClient;
let taskId: string;

beforeAll(async () => {
  // A 1 MB upload limit, so the size test needs no 20 MB body.
  ctx = await createTestContext({ maxUploadMb: 1 });
  const signedUp = await signUp(ctx.app, 'enterprise');
  enterprise = signedUp.client;
  const { user, organisation } = signedUp.session;
  enterpriseAuth = { via: 'session', user: { ...user }, organisation: { ...organisation }, tokenId: null, isAdmin: false };
  otherEnterprise = (await signUp(ctx.app, 'enterprise')).client;
  institute = (await signUp(ctx.app, 'institute')).client;
  otherInstitute = (await signUp(ctx.app, 'institute')).client;
  taskId = await createPublishedTask();
});
afterAll(() => ctx.close());

async function createPublishedTask() {
  const created = await enterprise.post('/api/tasks', publishableTaskBody());
  expect(created.status).toBe(201);
  expect((await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' })).status).toBe(200);
  return created.body.id as string;
}

async function propose(overrides: Record<string, unknown> = {}, by = institute) {
  const response = await by.post(`/api/tasks/${taskId}/proposals`, proposalBody(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

describe('money adds up exactly', () => {
  it('a proposal whose milestones and co-financing add up to the total is submitted', async () => {
    const proposal = await propose({ submit: true });
    expect(proposal).toMatchObject({ status: 'submitted', totalBudgetKzt: 120_000_000, trlStart: 3, trlEnd: 6, enterpriseSharePercent: 60 });
    expect(proposal.task).toMatchObject({ id: taskId, cofinancingPercent: 30 });
    expect(proposal.submittedAt).toEqual(expect.any(String));
  });

  it('a total one tenge above the milestone sum is a 400 naming the field and both numbers', async () => {
    const response = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ totalBudgetKzt: 120_000_001, submit: true }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('proposals.sum_mismatch');
    expect(response.body.error.message).toContain('totalBudgetKzt');
    expect(response.body.error.message).toContain('120000001');
    expect(response.body.error.message).toContain('120000000');
    expect(response.body.error.details[0]).toMatchObject({ path: '/totalBudgetKzt', stated: 120_000_001, sum: 120_000_000 });
  });

  it('co-financing one tenge short of the total is a 400 naming the co-financing', async () => {
    const cofinancing = [{ source: 'enterprise', amountKzt: 72_000_000 }, { source: 'subsoil_fund', amountKzt: 47_999_999 }];
    const response = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ cofinancing }));
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]).toMatchObject({ path: '/cofinancing', stated: 120_000_000, sum: 119_999_999 });
  });

  it('a draft that contradicts itself is refused too, but an incomplete draft is saved', async () => {
    const backwards = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ trlStart: 6, trlEnd: 4 }));
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('proposals.inconsistent');
    expect(backwards.body.error.details).toEqual([expect.objectContaining({ path: '/trlEnd' })]);

    const milestones = proposalBody().milestones.reverse();
    const outOfOrder = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ milestones }));
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.body.error.details).toEqual([expect.objectContaining({ path: '/milestones/1/dueDate' })]);

    const sketch = await institute.post(`/api/tasks/${taskId}/proposals`, { title: 'Idea to develop' });
    expect(sketch.status).toBe(201);
    expect(sketch.body).toMatchObject({ status: 'draft', team: [], milestones: [], totalBudgetKzt: null });
  });

  it('more than 20 milestones, fractions of a tenge and unknown sources are refused by the schema', async () => {
    const milestone = { title: 'Step', deliverable: 'Report', dueDate: '2027-01-01', amountKzt: 1 };
    const many = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ milestones: Array(21).fill(milestone), totalBudgetKzt: 21, cofinancing: [] }));
    expect(many.status).toBe(400);
    const fraction = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ totalBudgetKzt: 120_000_000.5 }));
    expect(fraction.status).toBe(400);
    const source = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ cofinancing: [{ source: 'bank_loan', amountKzt: 120_000_000 }] }));
    expect(source.status).toBe(400);
    // Above 10 trillion ₸ per amount: the sums of twenty such milestones would no longer be exact.
    const huge = 10_000_000_000_001;
    const tooLarge = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ milestones: [{ ...milestone, amountKzt: huge }], totalBudgetKzt: huge, cofinancing: [{ source: 'enterprise', amountKzt: huge }] }));
    expect([tooLarge.status, tooLarge.body.error.code]).toEqual([400, 'validation.failed']);
  });

  it('submitting an incomplete draft is a 422 listing what is missing', async () => {
    const draft = (await institute.post(`/api/tasks/${taskId}/proposals`, { title: 'Only a title' })).body;
    const response = await institute.post(`/api/proposals/${draft.id}/submit`);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('proposals.incomplete');
    expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toEqual(expect.arrayContaining(['/summary', '/team', '/milestones', '/totalBudgetKzt']));
  });
});

describe('drafts, submission and the status transitions', () => {
  it('a draft is edited by the institute, hidden from the enterprise, and submitting it notifies the enterprise', async () => {
    const draft = await propose();
    expect(draft.status).toBe('draft');
    expect((await enterprise.get(`/api/proposals/${draft.id}`)).status).toBe(404);
    expect((await enterprise.get(`/api/tasks/${taskId}/proposals`)).body.items.map((item: { id: string }) => item.id)).not.toContain(draft.id);

    const edited = await institute.patch(`/api/proposals/${draft.id}`, { title: 'Selenium by soda leaching', trlEnd: 7 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Selenium by soda leaching', trlEnd: 7, totalBudgetKzt: 120_000_000 });
    const badEdit = await institute.patch(`/api/proposals/${draft.id}`, { totalBudgetKzt: 1 });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body.error.code).toBe('proposals.sum_mismatch');

    const submitted = await institute.post(`/api/proposals/${draft.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');
    expect((await enterprise.get(`/api/proposals/${draft.id}`)).body.title).toBe('Selenium by soda leaching');

    const inbox = await enterprise.get('/api/notifications');
    const notification = inbox.body.items.find((item: { subjectId: string }) => item.subjectId === draft.id);
    expect(notification).toMatchObject({ kind: 'proposal_submitted', payload: { taskId, link: `/proposals/${draft.id}`, reason: { kind: 'proposal', event: 'submitted' } } });

    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'proposal'), eq(auditLog.entityId, draft.id)));
    expect(audit.map((row) => row.action).sort()).toEqual(['proposal.create', 'proposal.submit', 'proposal.update']);
  });

  it('a submitted proposal cannot be edited or submitted again, only withdrawn with a note', async () => {
    const proposal = await propose({ submit: true });
    const edit = await institute.patch(`/api/proposals/${proposal.id}`, { title: 'Quietly changed' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('proposals.invalid_transition');
    expect((await institute.post(`/api/proposals/${proposal.id}/submit`)).status).toBe(409);
    expect((await institute.post(`/api/proposals/${proposal.id}/withdraw`, {})).status).toBe(400);
    const withdrawn = await institute.post(`/api/proposals/${proposal.id}/withdraw`, { note: 'Our pilot plant is booked for two years.' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawNote: 'Our pilot plant is booked for two years.' });
    // Withdrawn is final, and the enterprise still sees it (with the note).
    expect((await enterprise.post(`/api/proposals/${proposal.id}/shortlist`)).status).toBe(409);
    expect((await institute.post(`/api/proposals/${proposal.id}/withdraw`, { note: 'Again' })).status).toBe(409);
    expect((await enterprise.get(`/api/proposals/${proposal.id}`)).body.withdrawNote).toBe('Our pilot plant is booked for two years.');
  });

  it('the enterprise shortlists, then declines with a reason; the institute sees the reason and the note', async () => {
    const proposal = await propose({ submit: true });
    expect((await institute.post(`/api/proposals/${proposal.id}/shortlist`)).status).toBe(403);
    const shortlisted = await enterprise.post(`/api/proposals/${proposal.id}/shortlist`);
    expect(shortlisted.status).toBe(200);
    expect(shortlisted.body.status).toBe('shortlisted');
    expect((await enterprise.post(`/api/proposals/${proposal.id}/shortlist`)).status).toBe(409);

    const noReason = await enterprise.post(`/api/proposals/${proposal.id}/decline`, { note: 'No.' });
    expect(noReason.status).toBe(400);
    const otherWithoutNote = await enterprise.post(`/api/proposals/${proposal.id}/decline`, { reasonCode: 'other' });
    expect(otherWithoutNote.status).toBe(400);
    expect(otherWithoutNote.body.error.code).toBe('proposals.note_required');
    const unknownReason = await enterprise.post(`/api/proposals/${proposal.id}/decline`, { reasonCode: 'dislike' });
    expect(unknownReason.status).toBe(400);

    const declined = await enterprise.post(`/api/proposals/${proposal.id}/decline`, { reasonCode: 'budget_out_of_range', note: 'Our cap this year is 90 M ₸.' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReasonCode: 'budget_out_of_range', declineNote: 'Our cap this year is 90 M ₸.' });
    expect((await enterprise.post(`/api/proposals/${proposal.id}/decline`, { reasonCode: 'other', note: 'Twice' })).status).toBe(409);
    expect((await institute.post(`/api/proposals/${proposal.id}/withdraw`, { note: 'Too late' })).status).toBe(409);

    const mine = await institute.get('/api/proposals?mine=true&status=declined');
    expect(mine.body.items.find((item: { id: string }) => item.id === proposal.id)).toMatchObject({ declineReasonCode: 'budget_out_of_range', declineNote: 'Our cap this year is 90 M ₸.' });
    const notifications = await institute.get('/api/notifications');
    expect(notifications.body.items.find((item: { subjectId: string }) => item.subjectId === proposal.id)).toMatchObject({
      kind: 'proposal_declined', payload: { reason: { event: 'declined', reasonCode: 'budget_out_of_range', note: 'Our cap this year is 90 M ₸.' } },
    });
  });

  it('the enterprise cannot withdraw and the institute cannot decline', async () => {
    const proposal = await propose({ submit: true });
    expect((await enterprise.post(`/api/proposals/${proposal.id}/withdraw`, { note: 'x' })).status).toBe(403);
    expect((await institute.post(`/api/proposals/${proposal.id}/decline`, { reasonCode: 'already_solved' })).status).toBe(403);
  });

  it('a closed task takes no new proposals and no submissions', async () => {
    const closedTask = await createPublishedTask();
    const draft = (await institute.post(`/api/tasks/${closedTask}/proposals`, proposalBody())).body;
    expect((await enterprise.post(`/api/tasks/${closedTask}/status`, { status: 'closed', reason: 'The refinery chose another route.' })).status).toBe(200);
    const created = await institute.post(`/api/tasks/${closedTask}/proposals`, proposalBody());
    expect(created.status).toBe(409);
    expect(created.body.error.code).toBe('proposals.task_not_open');
    expect((await institute.post(`/api/proposals/${draft.id}/submit`)).status).toBe(409);
  });

  it('only institutes propose', async () => {
    const response = await enterprise.post(`/api/tasks/${taskId}/proposals`, proposalBody());
    expect(response.status).toBe(403);
  });
});

describe('an edit and a submit of one draft at once', () => {
  it('never leave a submitted proposal with content its submit did not check', async () => {
    for (let round = 0; round < 8; round += 1) {
      const draft = await propose();
      // Emptying the milestones is a valid draft edit, but not a submittable proposal.
      const [edit, submit] = await Promise.all([
        institute.patch(`/api/proposals/${draft.id}`, { milestones: [], totalBudgetKzt: null, cofinancing: [] }),
        institute.post(`/api/proposals/${draft.id}/submit`),
      ]);
      const final = (await institute.get(`/api/proposals/${draft.id}`)).body;
      if (final.status === 'submitted') {
        expect(final.milestones).toHaveLength(2);
        expect(edit.status).toBe(409);
      } else {
        expect([final.status, final.milestones.length, submit.status]).toEqual(['draft', 0, 422]);
      }
    }
  });
});

describe('a stranger organisation gets 404 on every proposal route', () => {
  it('another institute and another enterprise never see or touch the proposal', async () => {
    const proposal = await propose({ submit: true });
    const attachment = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    for (const stranger of [otherInstitute, otherEnterprise]) {
      const upload = multipartFile('plan.pdf', pdfBytes());
      const responses = [
        await stranger.get(`/api/proposals/${proposal.id}`),
        await stranger.patch(`/api/proposals/${proposal.id}`, { title: 'Taken over' }),
        await stranger.post(`/api/proposals/${proposal.id}/submit`),
        await stranger.post(`/api/proposals/${proposal.id}/withdraw`, { note: 'x' }),
        await stranger.post(`/api/proposals/${proposal.id}/shortlist`),
        await stranger.post(`/api/proposals/${proposal.id}/decline`, { reasonCode: 'already_solved' }),
        await stranger.post(`/api/proposals/${proposal.id}/attachments`, upload.payload, upload.headers),
        await stranger.get(`/api/proposals/${proposal.id}/attachments/${attachment}`),
        await stranger.get(`/api/proposals/compare?ids=${proposal.id}&ids=${attachment}`),
        await stranger.get(`/api/tasks/${taskId}/proposals`),
      ];
      expect(responses.map((response) => response.status)).toEqual(Array(responses.length).fill(404));
      for (const list of [await stranger.get('/api/proposals?mine=true'), await stranger.get('/api/proposals?inbox=true')]) {
        if (list.status === 200) expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(proposal.id);
      }
    }
    expect((await institute.get(`/api/proposals/${proposal.id}`)).body.title).toBe(proposal.title);
  });
});

describe('attachments', () => {
  it('a PDF is stored, listed and served to the enterprise as a download', async () => {
    const draft = await propose();
    const content = pdfBytes(5000);
    const upload = multipartFile('План работ.pdf', content);
    const uploaded = await institute.post(`/api/proposals/${draft.id}/attachments`, upload.payload, upload.headers);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body).toMatchObject({ fileName: 'План работ.pdf', sizeBytes: 5000, contentType: 'application/pdf' });
    expect((await institute.post(`/api/proposals/${draft.id}/submit`)).status).toBe(200);

    const proposal = await enterprise.get(`/api/proposals/${draft.id}`);
    expect(proposal.body.attachments).toEqual([expect.objectContaining({ id: uploaded.body.id })]);
    const download = await ctx.app.inject({ method: 'GET', url: `/api/proposals/${draft.id}/attachments/${uploaded.body.id}`, headers: { cookie: '' } });
    expect(download.statusCode).toBe(401);
    const response = await enterprise.get(`/api/proposals/${draft.id}/attachments/${uploaded.body.id}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''%D0%9F/);
    expect(Buffer.from(response.body, 'latin1').subarray(0, 5).toString()).toBe('%PDF-');
    expect(Number(response.headers['content-length'])).toBe(5000);
    expect(String(response.body).endsWith(' '.repeat(100))).toBe(true);

    // Submitted: no more attachments, the proposal is not silently changed.
    const late = multipartFile('annex.pdf', pdfBytes());
    expect((await institute.post(`/api/proposals/${draft.id}/attachments`, late.payload, late.headers)).status).toBe(409);
  });

  it('a renamed .exe is refused by its content, whatever its name and declared type', async () => {
    const draft = await propose();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(2000, 1)]);
    const upload = multipartFile('budget.pdf', exe);
    const response = await institute.post(`/api/proposals/${draft.id}/attachments`, upload.payload, upload.headers);
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('proposals.attachment_not_pdf');
    expect((await institute.get(`/api/proposals/${draft.id}`)).body.attachments).toEqual([]);
  });

  it('a file over KOPIR_MAX_UPLOAD_MB is refused with 413 and nothing is kept', async () => {
    const draft = await propose();
    const upload = multipartFile('scan.pdf', pdfBytes(1024 * 1024 + 10));
    const response = await institute.post(`/api/proposals/${draft.id}/attachments`, upload.payload, upload.headers);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('proposals.attachment_too_large');
    expect((await institute.get(`/api/proposals/${draft.id}`)).body.attachments).toEqual([]);
  });

  it('an upload without a file, or a JSON body, is a 400', async () => {
    const draft = await propose();
    const wrongField = multipartFile('plan.pdf', pdfBytes(), 'document');
    expect((await institute.post(`/api/proposals/${draft.id}/attachments`, wrongField.payload, wrongField.headers)).status).toBe(400);
    expect((await institute.post(`/api/proposals/${draft.id}/attachments`, { file: 'x' })).status).toBe(400);
  });

  it('other routes keep refusing multipart bodies: only the attachment route parses them', async () => {
    const upload = multipartFile('plan.pdf', pdfBytes());
    expect((await enterprise.post('/api/tasks', upload.payload, upload.headers)).status).toBe(415);
  });

  it('the local storage refuses keys that would leave its folder', async () => {
    const storage = createLocalDiskStorage(ctx.config.dataDir);
    await expect(storage.put('../outside', Buffer.from('x'))).rejects.toThrow('Invalid storage key');
  });
});

describe('the enterprise inbox', () => {
  it('lists proposals across its tasks with stage age; compares 2–4 side by side', async () => {
    const first = await propose({ submit: true });
    const second = await propose({ submit: true, cofinancing: [{ source: 'subsoil_fund', amountKzt: 100_000_000 }, { source: 'enterprise', amountKzt: 20_000_000 }] }, otherInstitute);
    const inbox = await enterprise.get('/api/proposals?inbox=true&pageSize=100');
    expect(inbox.status).toBe(200);
    const ids = inbox.body.items.map((item: { id: string }) => item.id);
    expect(ids).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(inbox.body.items.every((item: { status: string }) => item.status !== 'draft')).toBe(true);
    expect(inbox.body.items[0]).toMatchObject({ stageAgeDays: 0, overdue: false, teamSize: 1, milestoneCount: 2 });

    const compared = await enterprise.get(`/api/proposals/compare?ids=${first.id}&ids=${second.id}`);
    expect(compared.status).toBe(200);
    expect(compared.body.items.map((item: { id: string }) => item.id)).toEqual([first.id, second.id]);
    expect(compared.body.items[1]).toMatchObject({
      cofinancingBySource: { enterprise: 20_000_000, subsoil_fund: 100_000_000, state_program: 0, institute_inkind: 0 },
      timeline: { firstDueDate: '2027-06-30', lastDueDate: '2027-12-31', milestoneCount: 2 },
      teamSize: 1, trlStart: 3, trlEnd: 6,
    });
    expect(compared.body.items[0]).toHaveProperty('match');
    expect((await enterprise.get(`/api/proposals/compare?ids=${first.id}`)).status).toBe(400);
    expect((await institute.get(`/api/proposals/compare?ids=${first.id}&ids=${second.id}`)).status).toBe(404);
    expect((await enterprise.get('/api/proposals')).status).toBe(400);
    expect((await institute.get('/api/proposals?inbox=true')).status).toBe(403);
  });

  it('a proposal waiting longer than the response time is flagged overdue and reported to the enterprise once', async () => {
    const proposal = await propose({ submit: true });
    const days = ctx.config.proposalResponseDays;
    let clock = new Date(Date.now() + days * 86_400_000 - 60_000);
    const service = createProposalsService({ db: ctx.db, storage: createLocalDiskStorage(ctx.config.dataDir), responseDays: days, maxUploadMb: 1, now: () => clock });

    const onTime = await service.listProposals(enterpriseAuth, { inbox: true, overdueOnly: true, pageSize: 100 });
    expect(onTime.items.map((item) => item.id)).not.toContain(proposal.id);
    expect((await service.reportOverdue()).reported).toBe(0);

    clock = new Date(Date.now() + days * 86_400_000 + 60_000);
    const late = await service.listProposals(enterpriseAuth, { inbox: true, overdueOnly: true, pageSize: 100 });
    expect(late.items.find((item) => item.id === proposal.id)).toMatchObject({ overdue: true, stageAgeDays: days });
    expect((await service.reportOverdue()).reported).toBeGreaterThanOrEqual(1);
    expect((await service.reportOverdue()).reported).toBe(0);
    const notifications = (await enterprise.get('/api/notifications?pageSize=100')).body.items.filter((item: { kind: string; subjectId: string }) => item.kind === 'proposal_overdue' && item.subjectId === proposal.id);
    expect(notifications).toHaveLength(1);
    const stamped = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'proposal.overdue_reported'), eq(auditLog.entityId, proposal.id)));
    expect(stamped).toHaveLength(1);

    // A decision ends the wait: shortlisted is no longer overdue.
    expect((await enterprise.post(`/api/proposals/${proposal.id}/shortlist`)).status).toBe(200);
    expect((await service.getProposal(enterpriseAuth, proposal.id)).overdue).toBe(false);
  });
});

describe('call feedback for a proposal outside any call', () => {
  it('the proposal says it answers no call; asking for call feedback tells its proposer so and a stranger nothing', async () => {
    const proposal = await propose({ submit: true });
    expect((await institute.get(`/api/proposals/${proposal.id}`)).body.callId).toBeNull();
    expect((await enterprise.get(`/api/proposals/${proposal.id}`)).body.callId).toBeNull();

    const own = await institute.get(`/api/proposals/${proposal.id}/call-feedback`);
    expect(own.status).toBe(404);
    expect(own.body.error.code).toBe('calls.not_found');
    expect(own.body.error.message).toContain('not submitted to a competitive call');
    // Someone else's proposal stays unknown, in or out of a call.
    const stranger = await otherInstitute.get(`/api/proposals/${proposal.id}/call-feedback`);
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('proposals.not_found');
  });
});
