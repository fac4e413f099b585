// What the probe found: bodies that reached rows, strings that reached PostgreSQL, and the fix at
// the depth where it lives (closed schemas, explicit columns, one check for text).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { createClient, publishableTaskBody, signInClient, signUp, type TestClient } from './helpers/test-client.ts';
import { createOrganisationsService } from '../server/modules/organisations/organisations.service.ts';
import { createUsersRepo } from '../server/modules/users/users.repo.ts';
import { createOrganisationsRepo } from '../server/modules/organisations/organisations.repo.ts';
import { hashPassword } from '../server/modules/auth/passwords.ts';
import { ANONYMOUS } from '../server/modules/auth/auth-context.ts';
import { createImportService } from '../server/modules/importer/import.service.ts';
import { ImportError } from '../server/modules/importer/import.validation.ts';
import { uniqueBin } from './helpers/test-client.ts';

let ctx: TestContext;
let enterprise: TestClient;
let enterpriseOrganisationId: string;
let institute: TestClient;
let instituteId: string;
let instituteMember: TestClient;
let programOffice: TestClient;
let visitor: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  const signedUp = await signUp(ctx.app, 'enterprise');
  enterprise = signedUp.client;
  enterpriseOrganisationId = signedUp.session.organisation.id;
  const instituteSignUp = await signUp(ctx.app, 'institute');
  institute = instituteSignUp.client;
  instituteId = instituteSignUp.session.organisation.id;

  const usersRepo = createUsersRepo({ db: ctx.db });
  const organisationsRepo = createOrganisationsRepo({ db: ctx.db });
  const passwordHash = await hashPassword('member-password-1');
  const member = await usersRepo.insert({ email: 'lab-member@example.kz', fullName: 'Lab Member', passwordHash });
  await organisationsRepo.addMember({ userId: member.id, organisationId: instituteId, role: 'member' });
  instituteMember = await signInClient(ctx.app, 'lab-member@example.kz', 'member-password-1');

  const adminAuth = { ...ANONYMOUS, via: 'token' as const, isAdmin: true };
  const office = await createOrganisationsService({ db: ctx.db }).createOrganisation(adminAuth, { kind: 'program_office', name: 'Ministry office', bin: uniqueBin() });
  const officer = await usersRepo.insert({ email: 'officer-h@example.kz', fullName: 'Officer', passwordHash });
  await organisationsRepo.addMember({ userId: officer.id, organisationId: office.id, role: 'owner' });
  programOffice = await signInClient(ctx.app, 'officer-h@example.kz', 'member-password-1');

  visitor = createClient(ctx.app);
  await visitor.session();
});
afterAll(() => ctx.close());

describe('unknown fields are refused, never written', () => {
  it('a self-service account cannot make itself a platform administrator', async () => {
    const response = await enterprise.patch('/api/auth/me', { fullName: 'X Y', isPlatformAdmin: true });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('isPlatformAdmin');
    expect(response.body.error.details).toContainEqual({ path: '/isPlatformAdmin', message: 'is not an accepted field' });
    const session = await enterprise.session();
    expect(session.body.user.isPlatformAdmin).toBe(false);
    expect(session.body.user.fullName).not.toBe('X Y');
    expect((await enterprise.get('/api/organisations')).status).toBe(403);
  });

  it('a task edit cannot move the task, publish it or set its dates', async () => {
    const created = await enterprise.post('/api/tasks', publishableTaskBody({ problem: 'Unclear yet.' }));
    const other = await signUp(ctx.app, 'enterprise');
    for (const field of [
      { organisationId: other.session.organisation.id },
      { status: 'published' },
      { publishedAt: 'yesterday' },
      { externalId: 'planted' },
    ]) {
      const response = await enterprise.patch(`/api/tasks/${created.body.id}`, { title: 'Still a draft task', ...field });
      expect(response.status, JSON.stringify(field)).toBe(400);
      expect(response.body.error.message).toContain(Object.keys(field)[0]);
    }
    const task = await enterprise.get(`/api/tasks/${created.body.id}`);
    expect(task.body).toMatchObject({ status: 'draft', externalId: null, publishedAt: null, organisation: { id: enterpriseOrganisationId } });
  });

  it('an owner cannot change the organisation kind or BIN', async () => {
    for (const field of [{ kind: 'program_office' }, { bin: uniqueBin() }]) {
      const response = await enterprise.patch(`/api/organisations/${enterpriseOrganisationId}`, { city: 'Balkhash', ...field });
      expect(response.status).toBe(400);
    }
    expect((await enterprise.get(`/api/organisations/${enterpriseOrganisationId}`)).body.kind).toBe('enterprise');
  });

  it('junk and absurd nesting are refused before they reach the audit log', async () => {
    const junk = await enterprise.patch('/api/auth/me', { fullName: 'Junk Test', junk: 'x'.repeat(1_900_000) });
    expect(junk.status).toBe(400);
    // Sent as text: serialising 5,000 levels overflows the test client's own stack.
    const deep = `{"city":${'['.repeat(5000)}"bottom"${']'.repeat(5000)}}`;
    const nested = await enterprise.request('PATCH', `/api/organisations/${enterpriseOrganisationId}`, deep, { 'content-type': 'application/json' });
    expect(nested.status).toBe(400);
    expect(nested.body.error.code).toBe('validation.failed');
  });

  it('a route that takes no body or query refuses fields sent anyway', async () => {
    const response = await enterprise.post('/api/notifications/read-all', { everything: true });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('everything');
    const health = await visitor.get('/api/health?verbose=1');
    expect(health.status).toBe(400);
    // Bodies with no field to name: a JSON string, a number, plain text.
    for (const [payload, type] of [['"str"', 'application/json'], ['42', 'application/json'], ['read them all', 'text/plain']]) {
      const other = await enterprise.post('/api/notifications/read-all', payload, { 'content-type': type });
      expect([other.status, other.body.error.message]).toEqual([400, 'Invalid body: this request takes no body.']);
    }
    expect((await enterprise.post('/api/notifications/read-all', {})).status).toBe(200);
  });
});

describe('text and numbers that used to answer 500', () => {
  it.each(['/api/tasks?q=%00', '/api/institutes?q=%00', '/api/search/tasks?q=a%00b', '/api/tasks?page=99999999999999999999'])('%s is a 400', async (url) => {
    const response = await visitor.get(url);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation.failed');
  });

  it('NUL bytes and lone surrogates in any string field are a 400 naming the field', async () => {
    const nul = await enterprise.post('/api/tasks', publishableTaskBody({ title: 'Selenium \u0000 recovery' }));
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toContain('title');
    const surrogate = await enterprise.post('/api/tasks', publishableTaskBody({ kpis: [{ metric: 'Se \ud800', target: '95' }] }));
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error.details[0].path).toBe('/kpis/0/metric');
    const emoji = await enterprise.post('/api/tasks', publishableTaskBody({ title: 'Selenium recovery 🧪' }));
    expect(emoji.status).toBe(201);
  });

  it('an imported record with a NUL byte gets the record-and-field message', async () => {
    const importer = createImportService({ db: ctx.db });
    const file = { tasks: [{ externalId: 'nul-1', enterprise: 'Kazakhmys', lang: 'ru', title: 'Очистка шахтных вод', description: 'Вода\u0000', priorityArea: 'greentech', region: 'karaganda', trlTarget: 5 }] };
    const error = await importer.importFile(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).problems[0]).toMatchObject({ record: 'tasks[0]', externalId: 'nul-1', field: 'description' });
  });
});

describe('empty numbers stay empty', () => {
  it('a task without a budget keeps null, and saving it unchanged keeps the range', async () => {
    const created = await enterprise.post('/api/tasks', publishableTaskBody({ budgetMinKzt: null, budgetMaxKzt: 95_000_000, cofinancingPercent: null, trlCurrent: null }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ budgetMinKzt: null, budgetMaxKzt: 95_000_000, cofinancingPercent: null, trlCurrent: null });
    const { id, status, organisation, externalId, hasConfidentialDetails, createdAt, updatedAt, publishedAt, closedAt, closedReason, ...editable } = created.body;
    const saved = await enterprise.patch(`/api/tasks/${id}`, editable);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ budgetMinKzt: null, budgetMaxKzt: 95_000_000, cofinancingPercent: null });
  });

  it('a number sent as a string is refused in a JSON body instead of being converted', async () => {
    const response = await enterprise.post('/api/tasks', publishableTaskBody({ budgetMaxKzt: '95000000' }));
    expect(response.status).toBe(400);
  });
});

describe('links and profiles', () => {
  it.each(['javascript:alert(1)', 'data:text/html,<b>x</b>', 'not a url', 'ftp://files.example.kz'])('website %s is refused', async (website) => {
    expect((await enterprise.patch(`/api/organisations/${enterpriseOrganisationId}`, { website })).status).toBe(400);
    expect((await institute.patch(`/api/institutes/${instituteId}`, { website })).status).toBe(400);
    const publication = await institute.patch(`/api/institutes/${instituteId}`, { publications: [{ title: 'Selenium from slimes', url: website }] });
    expect(publication.status).toBe(400);
  });

  it('http and https links are kept', async () => {
    const response = await institute.patch(`/api/institutes/${instituteId}`, { website: 'https://imio.kz', publications: [{ title: 'Selenium from slimes', url: 'http://doi.org/10.1/x' }] });
    expect(response.status).toBe(200);
    expect(response.body.website).toBe('https://imio.kz');
  });

  it('an institute description cannot be emptied', async () => {
    expect((await institute.patch(`/api/institutes/${instituteId}`, { description: '' })).status).toBe(400);
    expect((await institute.patch(`/api/institutes/${instituteId}`, { description: '   ' })).status).toBe(400);
  });

  it('a member edits the profile but not the organisation-level fields, which are owner-only as on the organisation route', async () => {
    const profile = await instituteMember.patch(`/api/institutes/${instituteId}`, { description: 'Hydrometallurgy laboratory with pilot plant.' });
    expect(profile.status).toBe(200);
    const region = await instituteMember.patch(`/api/institutes/${instituteId}`, { region: 'almaty' });
    expect(region.status).toBe(403);
    expect((await instituteMember.patch(`/api/organisations/${instituteId}`, { city: 'Almaty' })).status).toBe(403);
    expect((await institute.patch(`/api/institutes/${instituteId}`, { city: 'Almaty' })).status).toBe(200);
  });
});

describe('drafts stay their enterprise\u2019s', () => {
  it('a program office does not see matches for another enterprise\u2019s draft', async () => {
    const draft = await enterprise.post('/api/tasks', publishableTaskBody());
    expect((await programOffice.get(`/api/tasks/${draft.body.id}/matches`)).status).toBe(404);
    expect((await enterprise.get(`/api/tasks/${draft.body.id}/matches`)).status).toBe(200);
  });
});
