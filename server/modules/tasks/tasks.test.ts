import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { auditLog } from '../audit/audit.table.ts';

let ctx: TestContext;
let enterprise: TestClient;
let otherEnterprise: TestClient;
let institute: TestClient;
let visitor: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  otherEnterprise = (await signUp(ctx.app, 'enterprise')).client;
  institute = (await signUp(ctx.app, 'institute')).client;
  visitor = createClient(ctx.app);
  await visitor.session();
});
afterAll(() => ctx.close());

async function createPublishedTask(overrides: Record<string, unknown> = {}) {
  const created = await enterprise.post('/api/tasks', publishableTaskBody(overrides));
  expect(created.status).toBe(201);
  const published = await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
  expect(published.status).toBe(200);
  return published.body;
}

describe('technology tasks', () => {
  it('an enterprise creates a draft that only it can see', async () => {
    const created = await enterprise.post('/api/tasks', publishableTaskBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', budgetMaxKzt: 150_000_000, trlTarget: 6 });
    expect((await enterprise.get(`/api/tasks/${created.body.id}`)).status).toBe(200);
    expect((await institute.get(`/api/tasks/${created.body.id}`)).status).toBe(404);
    expect((await visitor.get(`/api/tasks/${created.body.id}`)).status).toBe(404);
  });

  it('a draft saves with any subset of fields, and publishing lists everything still missing', async () => {
    const empty = await enterprise.post('/api/tasks', {});
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ status: 'draft', title: null, problem: null, priorityArea: null, region: null, trlTarget: null, lang: 'ru', kpis: [] });

    const titleOnly = await enterprise.post('/api/tasks', { title: 'Шлам' });
    expect(titleOnly.status).toBe(201);
    const edited = await enterprise.patch(`/api/tasks/${titleOnly.body.id}`, { region: 'ulytau', budgetMaxKzt: 40_000_000 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Шлам', region: 'ulytau', budgetMaxKzt: 40_000_000, priorityArea: null });
    // A draft may also lose a field again.
    expect((await enterprise.patch(`/api/tasks/${titleOnly.body.id}`, { region: null })).body.region).toBeNull();

    const refused = await enterprise.post(`/api/tasks/${titleOnly.body.id}/status`, { status: 'published' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('tasks.incomplete');
    expect(refused.body.error.details.map((issue: { path: string }) => issue.path).sort()).toEqual(
      ['/deadline', '/desiredOutcome', '/priorityArea', '/problem', '/region', '/title', '/trlTarget'],
    );

    // Filled in later, the same draft publishes and is listed like any other task.
    const { title, lang, ...rest } = publishableTaskBody({ title: 'Шлам хвостохранилища: извлечение меди' });
    expect((await enterprise.patch(`/api/tasks/${titleOnly.body.id}`, { title, ...rest })).status).toBe(200);
    expect((await enterprise.post(`/api/tasks/${titleOnly.body.id}/status`, { status: 'published' })).status).toBe(200);
    expect((await visitor.get('/api/tasks?q=хвостохранилища')).body.total).toBe(1);
  });

  it('a published task cannot lose what publishing requires', async () => {
    const task = await createPublishedTask();
    const response = await enterprise.patch(`/api/tasks/${task.id}`, { priorityArea: null, problem: '' });
    expect(response.status).toBe(422);
    expect(response.body.error.details.map((issue: { path: string }) => issue.path).sort()).toEqual(['/priorityArea', '/problem']);
    expect((await visitor.get(`/api/tasks/${task.id}`)).body.priorityArea).toBe('metallurgy');
  });

  it('institutes cannot post tasks', async () => {
    const response = await institute.post('/api/tasks', publishableTaskBody());
    expect(response.status).toBe(403);
  });

  it('publishing an unclear task explains what is missing', async () => {
    const created = await enterprise.post('/api/tasks', publishableTaskBody({ problem: 'Too short.', desiredOutcome: null, deadline: null }));
    const response = await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('tasks.incomplete');
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(['/problem', '/desiredOutcome', '/deadline']);
  });

  it('contradictory budget or TRL is refused', async () => {
    const budget = await enterprise.post('/api/tasks', publishableTaskBody({ budgetMinKzt: 200_000_000, budgetMaxKzt: 100_000_000 }));
    expect(budget.status).toBe(400);
    expect(budget.body.error.details[0].path).toBe('/budgetMinKzt');
    const trl = await enterprise.post('/api/tasks', publishableTaskBody({ trlCurrent: 7, trlTarget: 4 }));
    expect(trl.status).toBe(400);
  });

  it('a date outside the years 1900–2200 is a 400 naming the field, on create and on edit (year 0000 was a 500)', async () => {
    for (const deadline of ['0000-01-01', '1899-12-31', '9999-12-31']) {
      const response = await enterprise.post('/api/tasks', publishableTaskBody({ deadline }));
      expect([response.status, response.body.error.code]).toEqual([400, 'validation.failed']);
      expect(response.body.error.message).toBe('Invalid body: deadline must be between the years 1900 and 2200.');
    }
    const created = await enterprise.post('/api/tasks', publishableTaskBody({ deadline: '2200-12-31' }));
    expect(created.status).toBe(201);
    expect((await enterprise.patch(`/api/tasks/${created.body.id}`, { deadline: '0000-01-01' })).status).toBe(400);
  });

  it('an edit racing the close either lands before it or is refused: a closed task is never edited', async () => {
    for (let round = 0; round < 8; round += 1) {
      const task = await createPublishedTask();
      const [edit, close] = await Promise.all([
        enterprise.patch(`/api/tasks/${task.id}`, { title: `Renamed while closing ${round}` }),
        enterprise.post(`/api/tasks/${task.id}/status`, { status: 'closed', reason: 'Solved in-house.' }),
      ]);
      expect(close.status).toBe(200);
      // An edit that succeeded saw the task still published; one after the close is a 409.
      if (edit.status === 200) expect(edit.body.status).toBe('published');
      else expect(edit.status).toBe(409);
    }
  });

  it('a published task is listed for visitors, without its confidential part', async () => {
    const task = await createPublishedTask({ title: 'Mine water purification at Zhezkazgan', confidentialDetails: 'Flow 1 200 m3/h, Cu 45 mg/l' });
    const list = await visitor.get('/api/tasks?q=Zhezkazgan');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(task.id);
    expect(JSON.stringify(list.body)).not.toContain('1 200 m3/h');
    const detail = await institute.get(`/api/tasks/${task.id}`);
    expect(detail.body.hasConfidentialDetails).toBe(true);
    expect(detail.body.confidentialDetails).toBeUndefined();
    const own = await enterprise.get(`/api/tasks/${task.id}`);
    expect(own.body.confidentialDetails).toBe('Flow 1 200 m3/h, Cu 45 mg/l');
  });

  it('tasks for registered users are hidden from visitors', async () => {
    const task = await createPublishedTask({ title: 'Gallium recovery from Bayer liquor', visibility: 'registered' });
    expect((await visitor.get(`/api/tasks/${task.id}`)).status).toBe(401);
    expect((await visitor.get('/api/tasks?q=Gallium')).body.items).toHaveLength(0);
    expect((await institute.get('/api/tasks?q=Gallium')).body.items).toHaveLength(1);
  });

  it('filters by area, region, budget overlap, TRL and language, and paginates', async () => {
    await createPublishedTask({ title: 'Wheat drought tolerance trial', priorityArea: 'agritech', region: 'kostanay', budgetMinKzt: 10_000_000, budgetMaxKzt: 20_000_000, trlTarget: 5, trlCurrent: 2, lang: 'ru' });
    const byArea = await visitor.get('/api/tasks?priorityArea=agritech&region=kostanay');
    expect(byArea.body.items.every((t: { priorityArea: string }) => t.priorityArea === 'agritech')).toBe(true);
    expect(byArea.body.total).toBe(1);
    expect((await visitor.get('/api/tasks?priorityArea=agritech&budgetFrom=25000000')).body.total).toBe(0);
    expect((await visitor.get('/api/tasks?priorityArea=agritech&budgetFrom=15000000&budgetTo=16000000')).body.total).toBe(1);
    expect((await visitor.get('/api/tasks?priorityArea=agritech&trlFrom=6')).body.total).toBe(0);
    expect((await visitor.get('/api/tasks?priorityArea=agritech&lang=en')).body.total).toBe(0);
    const paged = await visitor.get('/api/tasks?pageSize=1&page=2');
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1 });
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBeGreaterThanOrEqual(2);
  });

  it('only the owning enterprise edits and closes; closed tasks are read-only', async () => {
    const task = await createPublishedTask();
    expect((await otherEnterprise.patch(`/api/tasks/${task.id}`, { title: 'Hijacked title' })).status).toBe(403);
    const edited = await enterprise.patch(`/api/tasks/${task.id}`, { title: 'Refined selenium, 99.95 %' });
    expect(edited.body.title).toBe('Refined selenium, 99.95 %');
    const closed = await enterprise.post(`/api/tasks/${task.id}/status`, { status: 'closed', reason: 'Solved in-house' });
    expect(closed.body.status).toBe('closed');
    const afterClose = await enterprise.patch(`/api/tasks/${task.id}`, { title: 'Another title' });
    expect(afterClose.status).toBe(409);
    expect((await visitor.get('/api/tasks?q=99.95')).body.total).toBe(0);
  });

  it('closing a task requires a reason, which is stored, shown on the task and written to the audit log', async () => {
    const task = await createPublishedTask();
    for (const body of [{ status: 'closed' }, { status: 'closed', reason: '   ' }]) {
      const refused = await enterprise.post(`/api/tasks/${task.id}/status`, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('tasks.close_reason_required');
    }
    expect((await enterprise.get(`/api/tasks/${task.id}`)).body.status).toBe('published');
    const tooLong = await enterprise.post(`/api/tasks/${task.id}/status`, { status: 'closed', reason: 'x'.repeat(1001) });
    expect(tooLong.status).toBe(400);

    const closed = await enterprise.post(`/api/tasks/${task.id}/status`, { status: 'closed', reason: '  Partner found at the hackathon  ' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedReason: 'Partner found at the hackathon' });
    expect((await visitor.get(`/api/tasks/${task.id}`)).body.closedReason).toBe('Partner found at the hackathon');
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, task.id)).then((rows) => rows.filter((row) => row.action === 'task.close'));
    expect(entry.changes).toMatchObject({ from: 'published', to: 'closed', reason: 'Partner found at the hackathon' });

    // Publishing again reopens it: the old reason no longer describes the task.
    const reopened = await enterprise.post(`/api/tasks/${task.id}/status`, { status: 'published' });
    expect(reopened.body).toMatchObject({ status: 'published', closedReason: null });
  });

  it('every change is in the audit log', async () => {
    const task = await createPublishedTask();
    const entries = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, task.id));
    expect(entries.map((entry) => entry.action).sort()).toEqual(['task.create', 'task.publish']);
    expect(entries[0].actorUserId).toEqual(expect.any(String));
  });

  it('a malformed id or query is a 400, not a crash', async () => {
    expect((await visitor.get('/api/tasks/not-a-uuid')).status).toBe(400);
    expect((await visitor.get('/api/tasks?trlFrom=12')).status).toBe(400);
    expect((await visitor.get('/api/tasks?priorityArea=astrology')).status).toBe(400);
  });
});
