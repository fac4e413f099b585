import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { createImportService } from '../importer/import.service.ts';

let ctx: TestContext;
let enterprise: TestClient;
let taskId: string;
const institutes = {
  english: { externalId: 'm-en', name: 'Membrane Water Lab', lang: 'en', region: 'astana', priorityAreas: ['greentech'],
    description: 'We design reverse osmosis and ion exchange plants for mine water and acid mine drainage, removing copper, zinc, iron and sulphates. Pilot units run at two copper mines.' },
  kazakh: { externalId: 'm-kk', name: 'Су тазарту зертханасы', lang: 'kk', region: 'karaganda', priorityAreas: ['greentech'],
    description: 'Шахта суларын ауыр металдардан тазарту, сорбция және мембраналық сүзу технологиялары. Кеніштердің ағынды суларын қайта пайдалану.' },
  irrelevantRu: { externalId: 'm-ru-wheat', name: 'Институт земледелия', lang: 'ru', region: 'karaganda', priorityAreas: ['agritech'],
    description: 'Селекция засухоустойчивых сортов пшеницы и ячменя, семеноводство, агротехника в степной зоне.' },
};

beforeAll(async () => {
  ctx = await createTestContext();
  await createImportService({ db: ctx.db }).importFile({ institutes: Object.values(institutes) });
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  const created = await enterprise.post('/api/tasks', publishableTaskBody({
    lang: 'ru', title: 'Очистка шахтных вод от тяжёлых металлов', region: 'karaganda', priorityArea: 'greentech',
    problem: 'Шахтные воды рудника содержат медь, цинк и железо выше ПДК; нужна технология очистки шахтной воды до норм сброса, с повторным использованием воды на фабрике.',
  }));
  taskId = created.body.id;
  await enterprise.post(`/api/tasks/${taskId}/status`, { status: 'published' });
  await ctx.app.indexer.drain();
});
afterAll(() => ctx.close());

describe('matching', () => {
  it('a Russian task finds institutes described only in English and in Kazakh, above an unrelated one', async () => {
    const response = await enterprise.get(`/api/tasks/${taskId}/matches?limit=3`);
    expect(response.status).toBe(200);
    const ranked = response.body.matches.map((match: { institute: { externalId: string } }) => match.institute.externalId);
    expect(ranked.slice(0, 2).sort()).toEqual(['m-en', 'm-kk']);
    expect(ranked.indexOf('m-ru-wheat')).not.toBe(0);
    for (const match of response.body.matches) expect(match.institute.externalId).toEqual(expect.any(String));
  });

  it('explains each match in the viewer’s language: shared concepts, passages and signal contributions', async () => {
    const english = await enterprise.get(`/api/tasks/${taskId}/matches?limit=1&locale=en`);
    const top = english.body.matches[0];
    expect(top.explanation.sharedConcepts.length).toBeGreaterThan(0);
    const labelsEn = top.explanation.sharedConcepts.map((concept: { label: string }) => concept.label).join(' ');
    expect(labelsEn).toMatch(/[a-z]/i);
    expect(labelsEn).not.toMatch(/[а-яё]/i);
    expect(top.explanation.passages[0].highlights.length).toBeGreaterThan(0);
    const signals = Object.fromEntries(top.explanation.signals.map((signal: { signal: string }) => [signal.signal, signal]));
    expect(Object.keys(signals).sort()).toEqual(['priorityArea', 'region', 'text', 'trackRecord', 'trl']);
    const total = top.explanation.signals.reduce((sum: number, signal: { contribution: number }) => sum + signal.contribution, 0);
    expect(top.score).toBeCloseTo(total, 2);

    const kazakh = await enterprise.get(`/api/tasks/${taskId}/matches?limit=1&locale=kk`);
    const note = kazakh.body.matches[0].explanation.signals.find((signal: { signal: string }) => signal.signal === 'priorityArea').note;
    expect(note).toMatch(/[әғқңөұүһі]/);
    const labelsKk = kazakh.body.matches[0].explanation.sharedConcepts.map((concept: { label: string }) => concept.label).join(' ');
    expect(labelsKk).toMatch(/[а-яәғқңөұүһі]/i);
  });

  it('a draft with only a title ranks no one: it answers that the problem needs describing', async () => {
    const draft = await enterprise.post('/api/tasks', { title: 'Copper' });
    expect(draft.status).toBe(201);
    const response = await enterprise.get(`/api/tasks/${draft.body.id}/matches`);
    expect(response.body).toMatchObject({ taskId: draft.body.id, needsDescription: true, matches: [] });
    expect((await enterprise.get(`/api/tasks/${taskId}/matches?limit=1`)).body.needsDescription).toBe(false);
  });

  it('an institute sees open tasks for its profile', async () => {
    const { client, session } = await signUp(ctx.app, 'institute');
    await client.patch(`/api/institutes/${session.organisation.id}`, { lang: 'en', description: institutes.english.description, priorityAreas: ['greentech'] });
    await ctx.app.indexer.drain();
    const response = await client.get(`/api/institutes/${session.organisation.id}/matches`);
    expect(response.status).toBe(200);
    expect(response.body.matches[0].task.id).toBe(taskId);
    expect(response.body.matches[0].explanation.sharedConcepts.length).toBeGreaterThan(0);
  });

  it('only the task’s enterprise, program offices and admins see its matches; institutes only their own', async () => {
    const other = (await signUp(ctx.app, 'enterprise')).client;
    expect((await other.get(`/api/tasks/${taskId}/matches`)).status).toBe(403);
    const institute = await signUp(ctx.app, 'institute');
    expect((await institute.client.get(`/api/tasks/${taskId}/matches`)).status).toBe(403);
    expect((await createClient(ctx.app).get(`/api/tasks/${taskId}/matches`)).status).toBe(401);
    const anotherInstitute = (await signUp(ctx.app, 'institute')).session.organisation.id;
    expect((await institute.client.get(`/api/institutes/${anotherInstitute}/matches`)).status).toBe(403);
    expect((await enterprise.get('/api/tasks/00000000-0000-4000-8000-000000000000/matches')).status).toBe(404);
  });
});
