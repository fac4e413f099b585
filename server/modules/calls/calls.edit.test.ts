// Editing a draft call (PATCH /api/calls/:id): the office changes anything it could create with, the
// result is checked as a whole, and once the call is open it is published and no longer editable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { callBody, createPerson, createProgramOffice } from '../../../tests/helpers/calls-fixtures.ts';
import { createTokensService } from '../tokens/tokens.service.ts';
import { auditLog } from '../audit/audit.table.ts';

let ctx: TestContext;
let office: Awaited<ReturnType<typeof createProgramOffice>>;
let officer: TestClient;
let colleague: TestClient;
let admin: TestClient;
let stranger: TestClient;
let institute: Awaited<ReturnType<typeof signUp>>;
let taskId: string;
let otherTaskId: string;
let callId: string;

beforeAll(async () => {
  ctx = await createTestContext({ signInRateLimit: 100 });
  office = await createProgramOffice(ctx.app, ctx.db);
  officer = office.officer.client;
  colleague = (await createPerson(ctx.app, ctx.db, { name: 'Colleague', organisationId: office.id, role: 'member' })).client;
  stranger = (await createProgramOffice(ctx.app, ctx.db, 'Akimat')).officer.client;
  institute = await signUp(ctx.app, 'institute');
  const enterprise = await signUp(ctx.app, 'enterprise');
  for (const title of ['Selenium from copper slimes', 'Tellurium from copper dusts']) {
    const id = (await enterprise.client.post('/api/tasks', publishableTaskBody({ title }))).body.id;
    expect((await enterprise.client.post(`/api/tasks/${id}/status`, { status: 'published' })).status).toBe(200);
    if (taskId) otherTaskId = id;
    else taskId = id;
  }
  const issued = await createTokensService({ db: ctx.db }).issueToken({ name: 'calls', role: 'admin', organisationId: null }, { userId: null, tokenId: null, label: 'test' }, null);
  admin = createClient(ctx.app, { bearer: issued.token });
  callId = (await officer.post('/api/calls', callBody({ taskIds: [taskId], expertsPerProposal: 5, passThreshold: 70 }))).body.id;
}, 180_000);
afterAll(() => ctx.close());

describe('editing a draft call', () => {
  it('changes what the office sends and keeps everything else, thresholds included', async () => {
    const response = await officer.patch(`/api/calls/${callId}`, { title: 'Selenium, tellurium and gold from copper production', taskIds: [taskId, otherTaskId], budgetEnvelopeKzt: 750_000_000 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'draft', title: 'Selenium, tellurium and gold from copper production', budgetEnvelopeKzt: 750_000_000, expertsPerProposal: 5, passThreshold: 70, divergenceThreshold: 25 });
    expect(response.body.tasks.map((task: { id: string }) => task.id).sort()).toEqual([taskId, otherTaskId].sort());
    const [entry] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'call.update'), eq(auditLog.entityId, callId)));
    expect(entry.changes).toMatchObject({ before: { budgetEnvelopeKzt: 500_000_000, taskIds: [taskId] }, after: { budgetEnvelopeKzt: 750_000_000 } });
  });

  it('rewrites the criteria with their weights, refusing a sum other than 100 like on create', async () => {
    const criteria = callBody().criteria as { weight: number; key: string }[];
    criteria[0].weight = 40;
    const wrong = await officer.patch(`/api/calls/${callId}`, { criteria });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'calls.invalid']);
    expect(wrong.body.error.details).toEqual([{ path: '/criteria', message: 'weights add up to 110, not 100' }]);
    criteria[1].weight = 20;
    const right = await officer.patch(`/api/calls/${callId}`, { criteria, divergenceThreshold: 15, fundingMode: 'negotiation' });
    expect(right.status).toBe(200);
    expect(right.body.criteria.map((criterion: { weight: number }) => criterion.weight)).toEqual([40, 20, 20, 20]);
    expect(right.body).toMatchObject({ divergenceThreshold: 15, fundingMode: 'negotiation' });
  });

  it('refuses a past deadline, an unpublished task, unknown fields and an empty change', async () => {
    const past = await officer.patch(`/api/calls/${callId}`, { deadline: new Date(Date.now() - 60_000).toISOString() });
    expect(past.body.error.details).toEqual([{ path: '/deadline', message: 'must be in the future' }]);
    const unknownTask = await officer.patch(`/api/calls/${callId}`, { taskIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownTask.body.error.details).toEqual([{ path: '/taskIds/0', message: 'is not a published task' }]);
    expect((await officer.patch(`/api/calls/${callId}`, { title: 'A fine new title', surprise: true })).status).toBe(400);
    expect((await officer.patch(`/api/calls/${callId}`, { status: 'open' })).status).toBe(400);
    expect((await officer.patch(`/api/calls/${callId}`, {})).status).toBe(400);
  });

  it('belongs to the call\'s office: a visitor signs in, others meet a missing call or a refusal', async () => {
    const change = { title: 'Someone else renames it' };
    const visitor = createClient(ctx.app);
    await visitor.session();
    expect((await visitor.patch(`/api/calls/${callId}`, change)).status).toBe(401);
    expect((await institute.client.patch(`/api/calls/${callId}`, change)).status).toBe(404);
    expect((await stranger.patch(`/api/calls/${callId}`, change)).status).toBe(404);
    // Admins read every call but do not run another office's procedure.
    expect((await admin.patch(`/api/calls/${callId}`, change)).status).toBe(403);
    // Any member of the office may edit its draft.
    expect((await colleague.patch(`/api/calls/${callId}`, { eligibility: 'Institutes and universities of Kazakhstan.' })).status).toBe(200);
    expect((await officer.get(`/api/calls/${callId}`)).body.title).toBe('Selenium, tellurium and gold from copper production');
  });

  it('keeps both of two concurrent edits of different fields', async () => {
    const id = (await officer.post('/api/calls', callBody({ taskIds: [taskId] }))).body.id;
    const deadline = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
    const [renamed, rescheduled] = await Promise.all([
      officer.patch(`/api/calls/${id}`, { title: 'Renamed while the deadline moves' }),
      colleague.patch(`/api/calls/${id}`, { deadline, passThreshold: 75 }),
    ]);
    expect([renamed.status, rescheduled.status]).toEqual([200, 200]);
    const stored = (await officer.get(`/api/calls/${id}`)).body;
    expect(stored).toMatchObject({ title: 'Renamed while the deadline moves', deadline, passThreshold: 75 });
    expect(stored.tasks.map((task: { id: string }) => task.id)).toEqual([taskId]);
  });

  it('is refused with a 409 once the call is open: its criteria and deadline are published', async () => {
    expect((await officer.post(`/api/calls/${callId}/status`, { status: 'open' })).status).toBe(200);
    const response = await officer.patch(`/api/calls/${callId}`, { title: 'Too late to rename' });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'calls.not_draft' });
    expect(response.body.error.message).toMatch(/only a draft can be edited/);
    expect((await officer.get(`/api/calls/${callId}`)).body.title).toBe('Selenium, tellurium and gold from copper production');
  });
});
