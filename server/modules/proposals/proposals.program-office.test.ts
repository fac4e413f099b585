import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createPublishedTask, multipartFile, pdfBytes, proposalBody, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { signInProgramOffice } from '../../../tests/helpers/program-office.ts';

let ctx: TestContext;
let enterprise: TestClient;
let institute: TestClient;
let office: TestClient;
let taskId: string;
/** Submitted with a PDF, then shortlisted. */
let shortlisted: { id: string; attachmentId: string };
let submitted: string;
let draft: string;

beforeAll(async () => {
  ctx = await createTestContext();
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  institute = (await signUp(ctx.app, 'institute')).client;
  office = await signInProgramOffice(ctx, 'Science ministry office');
  taskId = await createPublishedTask(enterprise);

  const withPdf = (await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody())).body.id as string;
  const upload = multipartFile('plan.pdf', pdfBytes());
  const attachmentId = (await institute.post(`/api/proposals/${withPdf}/attachments`, upload.payload, upload.headers)).body.id as string;
  expect((await institute.post(`/api/proposals/${withPdf}/submit`)).status).toBe(200);
  expect((await enterprise.post(`/api/proposals/${withPdf}/shortlist`)).status).toBe(200);
  shortlisted = { id: withPdf, attachmentId };
  submitted = (await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ submit: true }))).body.id;
  draft = (await institute.post(`/api/tasks/${taskId}/proposals`, { title: 'Unfinished draft' })).body.id;
});
afterAll(() => ctx.close());

describe('a program office reads proposals without changing them', () => {
  it('reads a submitted or later proposal in full, but without its PDFs', async () => {
    const response = await office.get(`/api/proposals/${shortlisted.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: shortlisted.id, status: 'shortlisted', totalBudgetKzt: 120_000_000, attachments: [] });
    expect(response.body.milestones.length).toBeGreaterThan(0);
    // The enterprise still sees the PDF the office does not get.
    expect((await enterprise.get(`/api/proposals/${shortlisted.id}`)).body.attachments).toHaveLength(1);
    expect((await office.get(`/api/proposals/${shortlisted.id}/attachments/${shortlisted.attachmentId}`)).status).toBe(404);
  });

  it('never sees a draft, alone or in a task’s list', async () => {
    expect((await office.get(`/api/proposals/${draft}`)).status).toBe(404);
    const list = await office.get(`/api/tasks/${taskId}/proposals`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id).sort()).toEqual([shortlisted.id, submitted].sort());
    expect((await office.get(`/api/tasks/${taskId}/proposals?status=draft`)).body.items).toEqual([]);
  });

  it('gets 404 for the proposals of a task it cannot see (a draft task)', async () => {
    const draftTask = (await enterprise.post('/api/tasks', publishableTaskBody())).body.id;
    expect((await office.get(`/api/tasks/${draftTask}/proposals`)).status).toBe(404);
  });

  it('every write is refused: 403 where it sees the proposal, 404 on a draft', async () => {
    const upload = multipartFile('plan.pdf', pdfBytes());
    const onVisible = [
      await office.patch(`/api/proposals/${submitted}`, { title: 'Edited by the office' }),
      await office.post(`/api/proposals/${submitted}/submit`),
      await office.post(`/api/proposals/${submitted}/withdraw`, { note: 'Not ours to withdraw.' }),
      await office.post(`/api/proposals/${submitted}/shortlist`),
      await office.post(`/api/proposals/${submitted}/decline`, { reasonCode: 'already_solved' }),
      await office.post(`/api/proposals/${submitted}/attachments`, upload.payload, upload.headers),
      await office.post(`/api/tasks/${taskId}/proposals`, proposalBody()),
    ];
    expect(onVisible.map((response) => response.status)).toEqual(Array(onVisible.length).fill(403));
    expect((await office.patch(`/api/proposals/${draft}`, { title: 'Edited' })).status).toBe(404);
    expect((await office.post(`/api/proposals/${draft}/submit`)).status).toBe(404);
    // Nothing changed.
    expect((await enterprise.get(`/api/proposals/${submitted}`)).body).toMatchObject({ status: 'submitted', title: proposalBody().title });
    // Inbox and "my proposals" belong to enterprises and institutes.
    expect((await office.get('/api/proposals?inbox=true')).status).toBe(403);
    expect((await office.get('/api/proposals?mine=true')).status).toBe(403);
  });
});
