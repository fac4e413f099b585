import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, isNotNull, isNull } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient } from '../../../tests/helpers/test-client.ts';
import { createImportService } from './import.service.ts';
import { ImportError } from './import.validation.ts';
import { DEMO_ACCOUNTS, DEMO_NDA_TASK, DEMO_PASSWORD, seedDemoData } from './seed.ts';
import { DEMO_PARTNERSHIP_COUNT } from './seed-partnerships.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { createUploadsStorage } from '../../storage/local-disk.storage.ts';
import { DEMO_CONFIDENTIAL_FILE } from './seed-attachments.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const file = () => ({
  institutes: [
    { externalId: 'inst-001', name: 'Институт металлургии и обогащения', lang: 'ru', city: 'Алматы', region: 'almaty', description: 'Гидрометаллургия, переработка шламов, извлечение селена.', keywords: ['селен', 'шламы'], priorityAreas: ['metallurgy'] },
    { externalId: 'inst-002', name: 'Water Research Lab', lang: 'en', region: 'astana', description: 'Mine water treatment with membranes.', priorityAreas: ['greentech'] },
  ],
  tasks: [
    { externalId: 'task-001', enterprise: 'Kazakh Copper', lang: 'en', title: 'Refined selenium from slimes', description: 'Recover selenium from copper electrolyte slimes.', priorityArea: 'metallurgy', region: 'karaganda', budgetKzt: 150000000, trlTarget: 6 },
    { externalId: 'task-002', enterprise: 'Kazakh Copper', lang: 'ru', title: 'Очистка шахтных вод', description: 'Очистка шахтных вод от меди и цинка.', priorityArea: 'greentech', region: 'ulytau', trlTarget: 5, visibility: 'registered' },
  ],
});

async function countRows() {
  const [orgs] = await ctx.db.select({ total: count() }).from(organisations);
  const [taskRows] = await ctx.db.select({ total: count() }).from(tasks);
  return { organisations: orgs.total, tasks: taskRows.total };
}

describe('import', () => {
  it('creates institutes, enterprises and published tasks, keeping externalId', async () => {
    const summary = await createImportService({ db: ctx.db }).importFile(file());
    expect(summary).toEqual({ institutes: { created: 2, updated: 0 }, tasks: { created: 2, updated: 0 }, enterprisesCreated: 1 });
    const visitor = createClient(ctx.app);
    const list = await visitor.get('/api/tasks?q=selenium');
    expect(list.body.items[0]).toMatchObject({ externalId: 'task-001', status: 'published', budgetMaxKzt: 150000000, organisation: { name: 'Kazakh Copper' } });
    const institutes = await visitor.get('/api/institutes?q=selen');
    expect(institutes.body.items).toHaveLength(0);
    const ru = await visitor.get(`/api/institutes?q=${encodeURIComponent('селен')}`);
    expect(ru.body.items[0]).toMatchObject({ externalId: 'inst-001', region: 'almaty' });
    expect((await visitor.get('/api/tasks?q=' + encodeURIComponent('шахтных'))).body.total).toBe(0);
  });

  it('is idempotent: importing again updates instead of duplicating', async () => {
    const before = await countRows();
    const changed = file();
    changed.tasks[0].title = 'Refined selenium (99.9 %) from slimes';
    const summary = await createImportService({ db: ctx.db }).importFile(changed);
    expect(summary).toMatchObject({ institutes: { created: 0, updated: 2 }, tasks: { created: 0, updated: 2 }, enterprisesCreated: 0 });
    expect(await countRows()).toEqual(before);
    const [task] = await ctx.db.select().from(tasks).where(eq(tasks.externalId, 'task-001'));
    expect(task.title).toBe('Refined selenium (99.9 %) from slimes');
  });

  it('rejects the whole file when one record is bad, naming its position and field', async () => {
    const before = await countRows();
    const bad = file();
    bad.institutes.push({ externalId: 'inst-003', name: 'New institute', lang: 'ru', region: 'atlantis', description: 'x', priorityAreas: [] } as never);
    bad.tasks[1] = { ...bad.tasks[1], externalId: 'task-new' };
    const error = await createImportService({ db: ctx.db }).importFile(bad).catch((caught) => caught);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.problems[0]).toMatchObject({ record: 'institutes[2]', externalId: 'inst-003', field: 'region' });
    expect(error.message).toContain('institutes[2]');
    expect(await countRows()).toEqual(before);
  });

  it('reports missing fields and duplicate ids', async () => {
    const missing = await createImportService({ db: ctx.db }).importFile({ tasks: [{ externalId: 'x', lang: 'ru' }] }).catch((caught) => caught);
    expect(missing.problems.map((p: { field: string }) => p.field)).toEqual(expect.arrayContaining(['enterprise', 'title', 'trlTarget']));
    const twice = file();
    twice.tasks[1].externalId = 'task-001';
    const duplicate = await createImportService({ db: ctx.db }).importFile(twice).catch((caught) => caught);
    expect(duplicate.problems[0]).toMatchObject({ record: 'tasks[1]', field: 'externalId' });
  });

  it('seeds the demo marketplace: 30+ institutes, 20+ tasks in three languages, demo accounts', async () => {
    const summary = await seedDemoData(ctx.db);
    expect(summary.institutes.created + summary.institutes.updated).toBeGreaterThanOrEqual(30);
    expect(summary.tasks.created + summary.tasks.updated).toBeGreaterThanOrEqual(20);
    // admin, enterprise, institute, national program office, regional administration (akimat)
    expect(summary.accounts).toHaveLength(5);
    expect(summary.accounts).toContain('akimat@kopir.local');
    const languages = await ctx.db.selectDistinct({ lang: tasks.lang }).from(tasks);
    expect(languages.map((row) => row.lang).sort()).toEqual(['en', 'kk', 'ru']);
    const again = await seedDemoData(ctx.db);
    expect(again.accounts).toHaveLength(0);
    expect(again.tasks.created).toBe(0);
    const client = createClient(ctx.app);
    await client.session();
    const signIn = await client.post('/api/auth/sign-in', { email: 'enterprise@kopir.local', password: 'kopir-demo-2026' });
    expect(signIn.body.organisation.kind).toBe('enterprise');

    // The demo enterprise's inbox tells the story: every stage, one proposal waiting past the response time.
    const inbox = await client.get('/api/proposals?inbox=true');
    expect(inbox.status).toBe(200);
    // 'in_negotiation': the demo negotiation (seed-negotiations.ts); 'agreed': the demo partnerships (seed-partnerships.ts).
    expect(new Set(inbox.body.items.map((item: { status: string }) => item.status))).toEqual(new Set(['submitted', 'shortlisted', 'declined', 'in_negotiation', 'agreed']));
    expect(inbox.body.items.filter((item: { overdue: boolean }) => item.overdue)).toHaveLength(1);
    expect(inbox.body.items.find((item: { status: string }) => item.status === 'declined')).toMatchObject({ declineReasonCode: 'budget_out_of_range', declineNote: expect.any(String) });
    // The five of demo-data.json, one in the demo negotiation and one agreed proposal per demo partnership, none twice.
    expect(await ctx.db.select({ total: count() }).from(proposals).where(isNull(proposals.callId))).toEqual([{ total: 6 + DEMO_PARTNERSHIP_COUNT }]);
    // …and the demo call's three proposals, which its council decides (not the enterprise's inbox story).
    expect(await ctx.db.select({ total: count() }).from(proposals).where(isNotNull(proposals.callId))).toEqual([{ total: 3 }]);
  });

  it('the demo institute has accepted the NDA of a demo task, and the enterprise sees the logged views', async () => {
    await seedDemoData(ctx.db);
    await seedDemoData(ctx.db);
    const [demoTask] = await ctx.db.select().from(tasks).where(eq(tasks.externalId, DEMO_NDA_TASK));
    const signedIn = async (email: string) => {
      const client = createClient(ctx.app);
      await client.session();
      expect((await client.post('/api/auth/sign-in', { email, password: DEMO_PASSWORD })).status).toBe(200);
      return client;
    };
    const institute = await signedIn(DEMO_ACCOUNTS.institute);
    const task = await institute.get(`/api/tasks/${demoTask.id}`);
    expect(task.body.nda).toMatchObject({ accepted: true });
    expect(task.body.confidentialDetails).toBe(demoTask.confidentialDetails);
    const log = await (await signedIn(DEMO_ACCOUNTS.enterprise)).get(`/api/tasks/${demoTask.id}/access-log`);
    // One acceptance and three seeded views (seeding twice adds none), plus the view just made.
    expect(log.body.total).toBe(5);
    expect(log.body.items.filter((entry: { action: string }) => entry.action === 'nda.accept')).toHaveLength(1);
  });

  it('the demo NDA task carries a confidential PDF: a valid file for the demo institute, locked for others, seeded once', async () => {
    const storage = createUploadsStorage(ctx.config.dataDir);
    await seedDemoData(ctx.db, { storage });
    await seedDemoData(ctx.db, { storage });
    const [demoTask] = await ctx.db.select().from(tasks).where(eq(tasks.externalId, DEMO_NDA_TASK));
    const institute = createClient(ctx.app);
    await institute.session();
    expect((await institute.post('/api/auth/sign-in', { email: DEMO_ACCOUNTS.institute, password: DEMO_PASSWORD })).status).toBe(200);
    const list = await institute.get(`/api/tasks/${demoTask.id}/attachments`);
    expect(list.body).toEqual({ items: [expect.objectContaining({ fileName: DEMO_CONFIDENTIAL_FILE, confidential: true })], lockedCount: 0 });

    const download = await institute.get(`/api/tasks/${demoTask.id}/attachments/${list.body.items[0].id}`);
    expect(download.status).toBe(200);
    const pdf = Buffer.from(download.body, 'latin1').toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    // Every cross-reference entry points at its object, so PDF readers open it without repairing.
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, index) => expect(pdf.slice(offset, offset + 8)).toBe(`${index + 1} 0 obj\n`));

    const visitor = createClient(ctx.app);
    await visitor.session();
    expect((await visitor.get(`/api/tasks/${demoTask.id}/attachments`)).body).toEqual({ items: [], lockedCount: 1 });
  });
});
