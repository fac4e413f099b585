import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { acceptAsNewcomer, createClient, inviteByEmail, publishableTaskBody, signInClient, signUp, uniqueBin, type TestClient } from '../../../tests/helpers/test-client.ts';
import { auditLog } from '../audit/audit.table.ts';
import { createOrganisationsService } from '../organisations/organisations.service.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ANONYMOUS } from '../auth/auth-context.ts';
import { STANDARD_NDA_TEXT } from '../../../shared/nda-standard.ts';

const SECRET = 'Slimes: Se 11.4 %, Te 2.1 %, Ag 9 kg/t; feed 1 850 t/yr from the Balkhash refinery';
const CUSTOM_NDA = 'Kazakhmys NDA: the recipient keeps the slime assays secret for five years and uses them only for this proposal.';

let ctx: TestContext;
let enterprise: TestClient;
let otherEnterprise: TestClient;
let institute: TestClient;
let colleague: TestClient;
let otherInstitute: TestClient;
let programOffice: TestClient;
let visitor: TestClient;
let admin: TestClient;
let instituteId: string;
let instituteName: string;

beforeAll(async () => {
  ctx = await createTestContext();
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  otherEnterprise = (await signUp(ctx.app, 'enterprise')).client;
  const signedUp = await signUp(ctx.app, 'institute');
  institute = signedUp.client;
  instituteId = signedUp.session.organisation.id;
  instituteName = signedUp.session.organisation.name;
  const { token } = await inviteByEmail(ctx.app, institute, instituteId, 'lab-head@example.kz');
  colleague = (await acceptAsNewcomer(ctx.app, token, 'Lab Head')).client;
  otherInstitute = (await signUp(ctx.app, 'institute')).client;

  const adminAuth = { ...ANONYMOUS, via: 'token' as const, isAdmin: true };
  const office = await createOrganisationsService({ db: ctx.db }).createOrganisation(adminAuth, { kind: 'program_office', name: 'Akimat office', bin: uniqueBin() });
  const officer = await createUsersRepo({ db: ctx.db }).insert({ email: 'officer@example.kz', fullName: 'Officer', passwordHash: await hashPassword('officer-pass-1') });
  await createOrganisationsRepo({ db: ctx.db }).addMember({ userId: officer.id, organisationId: office.id, role: 'owner' });
  programOffice = await signInClient(ctx.app, 'officer@example.kz', 'officer-pass-1');
  await createUsersRepo({ db: ctx.db }).insert({ email: 'admin@example.kz', fullName: 'Platform Admin', passwordHash: await hashPassword('admin-pass-1'), isPlatformAdmin: true });
  admin = await signInClient(ctx.app, 'admin@example.kz', 'admin-pass-1');

  visitor = createClient(ctx.app);
  await visitor.session();
});
afterAll(() => ctx.close());

async function createPublishedTask(overrides: Record<string, unknown> = {}) {
  const created = await enterprise.post('/api/tasks', publishableTaskBody({ confidentialDetails: SECRET, ...overrides }));
  expect(created.status).toBe(201);
  expect((await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' })).status).toBe(200);
  return created.body.id as string;
}

const accessLog = async (taskId: string) => {
  const response = await enterprise.get(`/api/tasks/${taskId}/access-log`);
  expect(response.status).toBe(200);
  return response.body;
};

describe('the NDA gate on a task’s confidential part', () => {
  it('an institute sees that there is a confidential part and the NDA to accept, but not the text', async () => {
    const taskId = await createPublishedTask();
    const task = await institute.get(`/api/tasks/${taskId}`);
    expect(task.status).toBe(200);
    expect(task.body.hasConfidentialDetails).toBe(true);
    expect(task.body.confidentialDetails).toBeUndefined();
    expect(task.body.nda).toEqual({ version: 1, accepted: false, canAccept: true });

    const nda = await institute.get(`/api/tasks/${taskId}/nda`);
    expect(nda.status).toBe(200);
    // The institute's person signed up in Russian: the standard text comes in Russian unless asked otherwise.
    expect(nda.body).toMatchObject({ taskId, version: 1, standard: true, lang: 'ru', text: STANDARD_NDA_TEXT.ru, accepted: false, acceptedAt: null, canAccept: true });
    expect((await institute.get(`/api/tasks/${taskId}/nda?locale=kk`)).body.text).toBe(STANDARD_NDA_TEXT.kk);
    expect((await accessLog(taskId)).total).toBe(0);
  });

  it('after a member accepts the current version, the whole institute reads the confidential part and every view is logged', async () => {
    const taskId = await createPublishedTask();
    const accepted = await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1, locale: 'en' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ version: 1, accepted: true, acceptedAt: expect.any(String) });

    const task = await institute.get(`/api/tasks/${taskId}`);
    expect(task.body.confidentialDetails).toBe(SECRET);
    expect(task.body.nda).toEqual({ version: 1, accepted: true, canAccept: true });
    // A colleague of the same institute needs no second acceptance: the NDA binds the organisation.
    expect((await colleague.get(`/api/tasks/${taskId}`)).body.confidentialDetails).toBe(SECRET);
    // Another institute has not accepted anything.
    expect((await otherInstitute.get(`/api/tasks/${taskId}`)).body.confidentialDetails).toBeUndefined();

    // The enterprise's own reads are not "access from outside" and are not logged.
    expect((await enterprise.get(`/api/tasks/${taskId}`)).body.confidentialDetails).toBe(SECRET);
    const log = await accessLog(taskId);
    expect(log.total).toBe(3);
    expect(log.items.map((entry: { action: string }) => entry.action)).toEqual(['confidential.view', 'confidential.view', 'nda.accept']);
    expect(log.items[0]).toMatchObject({ subject: 'task.confidentialDetails', ndaVersion: 1, organisation: { id: instituteId, name: instituteName }, user: { fullName: 'Lab Head' }, viaToken: false });
    expect(log.items[2]).toMatchObject({ subject: 'nda', ndaVersion: 1, organisation: { id: instituteId } });

    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, taskId), eq(auditLog.action, 'nda.accept')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ organisationId: instituteId, changes: { version: 1, locale: 'en', standard: true } });
  });

  it('accepting again changes nothing, and accepting a version that is not current is refused with the current one', async () => {
    const taskId = await createPublishedTask();
    const first = await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 });
    const again = await colleague.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 });
    expect(again.status).toBe(200);
    expect(again.body.acceptedAt).toBe(first.body.acceptedAt);
    expect((await accessLog(taskId)).total).toBe(1);

    const stale = await otherInstitute.post(`/api/tasks/${taskId}/nda/accept`, { version: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'nda.stale_version', details: { currentVersion: 1 } });
  });

  it('a new NDA text is a new version: the confidential part closes until the institute accepts it', async () => {
    const taskId = await createPublishedTask();
    await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 });
    expect((await institute.get(`/api/tasks/${taskId}`)).body.confidentialDetails).toBe(SECRET);

    const changed = await enterprise.put(`/api/tasks/${taskId}/nda`, { customText: CUSTOM_NDA });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, standard: false, text: CUSTOM_NDA, lang: 'en' });

    const closed = await institute.get(`/api/tasks/${taskId}`);
    expect(closed.body.confidentialDetails).toBeUndefined();
    expect(closed.body.nda).toEqual({ version: 2, accepted: false, canAccept: true });
    expect((await institute.get(`/api/tasks/${taskId}/nda`)).body).toMatchObject({ version: 2, text: CUSTOM_NDA, accepted: false });

    expect((await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 })).body.error.code).toBe('nda.stale_version');
    expect((await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 2 })).status).toBe(200);
    expect((await institute.get(`/api/tasks/${taskId}`)).body.confidentialDetails).toBe(SECRET);

    // Saving the same text again is no new version; going back to the standard text is one.
    expect((await enterprise.put(`/api/tasks/${taskId}/nda`, { customText: `  ${CUSTOM_NDA} ` })).body.version).toBe(2);
    const standard = await enterprise.put(`/api/tasks/${taskId}/nda`, { useStandard: true });
    expect(standard.body).toMatchObject({ version: 3, standard: true });
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, taskId), eq(auditLog.action, 'nda.update')));
    expect(audit.map((row) => row.changes)).toEqual(expect.arrayContaining([
      expect.objectContaining({ fromVersion: 1, toVersion: 2, standard: false, customText: CUSTOM_NDA }),
      expect.objectContaining({ fromVersion: 2, toVersion: 3, standard: true, customText: null }),
    ]));
  });

  it('the NDA settings take exactly one of a custom text or the standard one', async () => {
    const taskId = await createPublishedTask();
    expect((await enterprise.put(`/api/tasks/${taskId}/nda`, {})).status).toBe(400);
    expect((await enterprise.put(`/api/tasks/${taskId}/nda`, { customText: CUSTOM_NDA, useStandard: true })).status).toBe(400);
    const short = await enterprise.put(`/api/tasks/${taskId}/nda`, { customText: `${' '.repeat(60)}Too short.` });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].path).toBe('/customText');
    expect((await enterprise.get(`/api/tasks/${taskId}/nda`)).body.version).toBe(1);
  });

  it('other enterprises, program offices and visitors never read the confidential part, and cannot accept the NDA', async () => {
    const taskId = await createPublishedTask();
    await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 });
    for (const [client, canAccept] of [[otherEnterprise, false], [programOffice, false], [visitor, false]] as const) {
      const task = await client.get(`/api/tasks/${taskId}`);
      expect(task.status).toBe(200);
      expect(task.body.confidentialDetails).toBeUndefined();
      expect(task.body.nda).toEqual({ version: 1, accepted: false, canAccept });
    }
    expect((await otherEnterprise.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 })).status).toBe(403);
    expect((await programOffice.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 })).status).toBe(403);
    expect((await visitor.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 })).status).toBe(401);
    expect((await otherEnterprise.put(`/api/tasks/${taskId}/nda`, { useStandard: true })).status).toBe(403);
    expect((await institute.get(`/api/tasks/${taskId}/access-log`)).status).toBe(403);
    expect((await programOffice.get(`/api/tasks/${taskId}/access-log`)).status).toBe(403);
  });

  it('a platform administrator reads the confidential part without an NDA, and the read is logged for the enterprise', async () => {
    const taskId = await createPublishedTask();
    const task = await admin.get(`/api/tasks/${taskId}`);
    expect(task.body.confidentialDetails).toBe(SECRET);
    expect(task.body.nda).toEqual({ version: 1, accepted: false, canAccept: false });
    const log = await accessLog(taskId);
    expect(log.items).toEqual([expect.objectContaining({ action: 'confidential.view', organisation: null, user: expect.objectContaining({ fullName: 'Platform Admin' }), ndaVersion: null })]);
  });

  it('a draft’s NDA is as hidden as the draft', async () => {
    const created = await enterprise.post('/api/tasks', publishableTaskBody({ confidentialDetails: SECRET }));
    expect((await institute.get(`/api/tasks/${created.body.id}/nda`)).status).toBe(404);
    expect((await institute.post(`/api/tasks/${created.body.id}/nda/accept`, { version: 1 })).status).toBe(404);
  });

  it('the access log is paged, newest first', async () => {
    const taskId = await createPublishedTask();
    await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 });
    for (let i = 0; i < 3; i += 1) await institute.get(`/api/tasks/${taskId}`);
    const page = await enterprise.get(`/api/tasks/${taskId}/access-log?page=2&pageSize=3`);
    expect(page.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page.body.items.map((entry: { action: string }) => entry.action)).toEqual(['nda.accept']);
  });

  it('search, listings, matches and alerts never carry the confidential text, even to an institute that accepted the NDA', async () => {
    expect((await institute.post('/api/saved-searches', { name: 'Tellurium', query: { q: 'tellurium' } })).status).toBe(201);
    await ctx.app.indexer.drain();
    const taskId = await createPublishedTask({ title: 'Tellurium recovery from copper anode slimes', priorityArea: 'metallurgy' });
    await institute.patch(`/api/institutes/${instituteId}`, { keywords: ['tellurium', 'anode slimes', 'hydrometallurgy'], priorityAreas: ['metallurgy'] });
    await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 });
    await ctx.app.indexer.drain();
    await ctx.app.alerts.service.whenIdle();
    expect((await institute.get(`/api/tasks/${taskId}`)).body.confidentialDetails).toBe(SECRET);

    const search = await institute.get('/api/search/tasks?q=tellurium');
    expect(search.status).toBe(200);
    expect(search.body.items.map((hit: { item: { id: string } }) => hit.item.id)).toContain(taskId);
    const list = await institute.get('/api/tasks?q=Tellurium');
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(taskId);
    const matches = await institute.get(`/api/institutes/${instituteId}/matches`);
    expect(matches.status).toBe(200);
    const notifications = await institute.get('/api/notifications?pageSize=50');
    expect(notifications.body.items.map((item: { subjectId: string }) => item.subjectId)).toContain(taskId);
    for (const body of [search.body, list.body, matches.body, notifications.body]) {
      expect(JSON.stringify(body)).not.toContain('Balkhash');
      expect(JSON.stringify(body)).not.toContain('confidentialDetails"');
    }
  });
});
