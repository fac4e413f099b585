import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, createPublishedTask as publish, multipartFile, pdfBytes, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { auditLog } from '../audit/audit.table.ts';
import { signInProgramOffice } from '../../../tests/helpers/program-office.ts';

const CUSTOM_NDA = 'Kazakhmys NDA v2: the recipient keeps the slime assays and the plant drawings secret for five years.';

let ctx: TestContext;
let enterprise: TestClient;
let otherEnterprise: TestClient;
let institute: TestClient;
let otherInstitute: TestClient;
let programOffice: TestClient;
let visitor: TestClient;

beforeAll(async () => {
  // A 1 MB upload limit, so the size test needs no 20 MB body.
  ctx = await createTestContext({ maxUploadMb: 1 });
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  otherEnterprise = (await signUp(ctx.app, 'enterprise')).client;
  institute = (await signUp(ctx.app, 'institute')).client;
  otherInstitute = (await signUp(ctx.app, 'institute')).client;
  programOffice = await signInProgramOffice(ctx, 'Ministry office');
  visitor = createClient(ctx.app);
  await visitor.session();
});
afterAll(() => ctx.close());

/** A published public task without confidential text: its confidential part is made of files only. */
const createPublishedTask = (overrides: Record<string, unknown> = {}) => publish(enterprise, overrides);

async function attach(taskId: string, fileName: string, confidential: boolean, content = pdfBytes(), by = enterprise) {
  const upload = multipartFile(fileName, content, 'file', { confidential: String(confidential) });
  return by.post(`/api/tasks/${taskId}/attachments`, upload.payload, upload.headers);
}

describe('uploading task attachments', () => {
  it('the enterprise attaches a public and a confidential PDF, each written to the audit log', async () => {
    const taskId = await createPublishedTask();
    const open = await attach(taskId, 'flowsheet.pdf', false);
    expect(open.status, JSON.stringify(open.body)).toBe(201);
    expect(open.body).toMatchObject({ fileName: 'flowsheet.pdf', confidential: false, contentType: 'application/pdf', sizeBytes: 1024 });
    const secret = await attach(taskId, 'assays.pdf', true);
    expect(secret.body).toMatchObject({ fileName: 'assays.pdf', confidential: true });

    const own = await enterprise.get(`/api/tasks/${taskId}/attachments`);
    expect(own.body).toEqual({ items: [expect.objectContaining({ id: open.body.id }), expect.objectContaining({ id: secret.body.id })], lockedCount: 0 });
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, taskId), eq(auditLog.action, 'task.attach')));
    expect(audit.map((row) => row.changes)).toEqual(expect.arrayContaining([expect.objectContaining({ fileName: 'assays.pdf', confidential: true })]));
  });

  it('a renamed .exe is refused by its content (415), and nothing is listed', async () => {
    const taskId = await createPublishedTask();
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(2000, 1)]);
    const response = await attach(taskId, 'report.pdf', false, exe);
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('task_attachments.not_pdf');
    expect((await enterprise.get(`/api/tasks/${taskId}/attachments`)).body.items).toEqual([]);
  });

  it('a file over KOPIR_MAX_UPLOAD_MB is refused with 413 and nothing is kept', async () => {
    const taskId = await createPublishedTask();
    const response = await attach(taskId, 'scan.pdf', false, pdfBytes(1024 * 1024 + 10));
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('task_attachments.too_large');
    expect((await enterprise.get(`/api/tasks/${taskId}/attachments`)).body.items).toEqual([]);
  });

  it('the confidential flag is required before the file, and unknown fields are refused', async () => {
    const taskId = await createPublishedTask();
    const withoutFlag = multipartFile('plan.pdf', pdfBytes());
    const missing = await enterprise.post(`/api/tasks/${taskId}/attachments`, withoutFlag.payload, withoutFlag.headers);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('task_attachments.confidential_required');
    const vague = multipartFile('plan.pdf', pdfBytes(), 'file', { confidential: 'maybe' });
    expect((await enterprise.post(`/api/tasks/${taskId}/attachments`, vague.payload, vague.headers)).body.error.code).toBe('task_attachments.confidential_required');
    const unknown = multipartFile('plan.pdf', pdfBytes(), 'file', { confidential: 'false', zz_extra: '1' });
    const refused = await enterprise.post(`/api/tasks/${taskId}/attachments`, unknown.payload, unknown.headers);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.error)).toContain('zz_extra');
    expect((await enterprise.post(`/api/tasks/${taskId}/attachments`, { file: 'x' })).status).toBe(400);
    // A multipart body without its boundary cannot be read: the sender's mistake, not a server error.
    const unreadable = await enterprise.post(`/api/tasks/${taskId}/attachments`, 'abc', { 'content-type': 'multipart/form-data' });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.error.message).toContain('multipart/form-data');
    expect((await enterprise.get(`/api/tasks/${taskId}/attachments`)).body.items).toEqual([]);
  });

  it('only the task’s enterprise uploads and deletes; others who see the task get 403, someone else’s draft is 404', async () => {
    const taskId = await createPublishedTask();
    const kept = await attach(taskId, 'kept.pdf', false);
    for (const caller of [otherEnterprise, institute, programOffice]) {
      expect((await attach(taskId, 'intruder.pdf', false, pdfBytes(), caller)).status).toBe(403);
      expect((await caller.delete(`/api/tasks/${taskId}/attachments/${kept.body.id}`)).status).toBe(403);
    }
    expect((await attach(taskId, 'anonymous.pdf', false, pdfBytes(), visitor)).status).toBe(401);

    const draft = (await enterprise.post('/api/tasks', publishableTaskBody())).body.id as string;
    const draftFile = await attach(draft, 'draft.pdf', false);
    expect(draftFile.status).toBe(201);
    expect((await attach(draft, 'intruder.pdf', false, pdfBytes(), otherEnterprise)).status).toBe(404);
    expect((await otherEnterprise.get(`/api/tasks/${draft}/attachments`)).status).toBe(404);
    expect((await otherEnterprise.get(`/api/tasks/${draft}/attachments/${draftFile.body.id}`)).status).toBe(404);
    expect((await institute.get(`/api/tasks/${draft}/attachments/${draftFile.body.id}`)).status).toBe(404);
  });

  it('the enterprise deletes a file: it leaves the list and can no longer be downloaded', async () => {
    const taskId = await createPublishedTask();
    const file = await attach(taskId, 'old.pdf', false);
    const removed = await enterprise.delete(`/api/tasks/${taskId}/attachments/${file.body.id}`);
    expect(removed.status).toBe(200);
    expect((await enterprise.get(`/api/tasks/${taskId}/attachments`)).body.items).toEqual([]);
    expect((await enterprise.get(`/api/tasks/${taskId}/attachments/${file.body.id}`)).status).toBe(404);
    expect((await enterprise.delete(`/api/tasks/${taskId}/attachments/${file.body.id}`)).status).toBe(404);
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, taskId), eq(auditLog.action, 'task.detach')));
    expect(audit).toHaveLength(1);
  });
});

describe('confidential attachments behind the NDA', () => {
  it('before the NDA an institute sees only public files and a count of locked ones; the confidential file is 404', async () => {
    const taskId = await createPublishedTask();
    const open = await attach(taskId, 'flowsheet.pdf', false);
    const secret = await attach(taskId, 'slime-assays.pdf', true);

    const task = await institute.get(`/api/tasks/${taskId}`);
    // A confidential part made only of files still asks for the NDA.
    expect(task.body.nda).toEqual({ version: 1, accepted: false, canAccept: true });
    const list = await institute.get(`/api/tasks/${taskId}/attachments`);
    expect(list.body).toEqual({ items: [expect.objectContaining({ id: open.body.id, confidential: false })], lockedCount: 1 });
    expect(JSON.stringify(list.body)).not.toContain('slime-assays');
    expect((await institute.get(`/api/tasks/${taskId}/attachments/${secret.body.id}`)).status).toBe(404);

    const download = await visitor.get(`/api/tasks/${taskId}/attachments/${open.body.id}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="flowsheet\.pdf"/);
    expect(Buffer.from(download.body, 'latin1').subarray(0, 5).toString()).toBe('%PDF-');
    expect((await visitor.get(`/api/tasks/${taskId}/attachments`)).body).toMatchObject({ lockedCount: 1 });
  });

  it('after its NDA acceptance the institute downloads the confidential file, and the download is logged with the file', async () => {
    const taskId = await createPublishedTask();
    const secret = await attach(taskId, 'slime-assays.pdf', true, pdfBytes(3000));
    expect((await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 })).status).toBe(200);

    const list = await institute.get(`/api/tasks/${taskId}/attachments`);
    expect(list.body).toEqual({ items: [expect.objectContaining({ id: secret.body.id, fileName: 'slime-assays.pdf', confidential: true })], lockedCount: 0 });
    const download = await institute.get(`/api/tasks/${taskId}/attachments/${secret.body.id}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="slime-assays\.pdf"/);
    expect(download.headers['cache-control']).toBe('private, no-store');
    expect(Number(download.headers['content-length'])).toBe(3000);

    // The enterprise's own downloads are not logged; the institute's is, naming the file.
    expect((await enterprise.get(`/api/tasks/${taskId}/attachments/${secret.body.id}`)).status).toBe(200);
    const log = (await enterprise.get(`/api/tasks/${taskId}/access-log`)).body;
    const views = log.items.filter((entry: { action: string }) => entry.action === 'confidential.view');
    expect(views).toEqual([expect.objectContaining({ subject: expect.stringContaining('slime-assays.pdf'), ndaVersion: 1 })]);
    expect(views[0].subject).toContain(secret.body.id);
    expect(views[0].organisation).not.toBeNull();

    // Another institute, a program office and another enterprise are still kept out.
    for (const caller of [otherInstitute, programOffice, otherEnterprise]) {
      expect((await caller.get(`/api/tasks/${taskId}/attachments/${secret.body.id}`)).status).toBe(404);
      expect((await caller.get(`/api/tasks/${taskId}/attachments`)).body).toEqual({ items: [], lockedCount: 1 });
    }
  });

  it('a new NDA version hides the confidential file again until it is accepted again', async () => {
    const taskId = await createPublishedTask();
    const secret = await attach(taskId, 'drawings.pdf', true);
    await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 });
    expect((await institute.get(`/api/tasks/${taskId}/attachments/${secret.body.id}`)).status).toBe(200);

    expect((await enterprise.put(`/api/tasks/${taskId}/nda`, { customText: CUSTOM_NDA })).body.version).toBe(2);
    expect((await institute.get(`/api/tasks/${taskId}/attachments/${secret.body.id}`)).status).toBe(404);
    expect((await institute.get(`/api/tasks/${taskId}/attachments`)).body).toEqual({ items: [], lockedCount: 1 });

    await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 2 });
    expect((await institute.get(`/api/tasks/${taskId}/attachments/${secret.body.id}`)).status).toBe(200);
  });

  it('search never carries an attachment’s name, confidential or not', async () => {
    const taskId = await createPublishedTask({ title: 'Gallium recovery from Bayer liquor' });
    await attach(taskId, 'zirconiumquux-assays.pdf', true);
    await attach(taskId, 'zirconiumquux-public.pdf', false);
    await institute.post(`/api/tasks/${taskId}/nda/accept`, { version: 1 });
    await ctx.app.indexer.drain();
    const search = await institute.get('/api/search/tasks?q=zirconiumquux');
    expect(search.status).toBe(200);
    expect(search.body.items).toEqual([]);
    const task = await institute.get(`/api/tasks/${taskId}`);
    expect(JSON.stringify(task.body)).not.toContain('zirconiumquux');
  });
});
