// Every endpoint × every kind of caller: who is let in and who is turned away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { acceptAsNewcomer, createClient, inviteByEmail, multipartFile, pdfBytes, proposalBody, publishableTaskBody, signInClient, signUp, uniqueBin, type TestClient } from './helpers/test-client.ts';
import { createTokensService } from '../server/modules/tokens/tokens.service.ts';
import { createOrganisationsService } from '../server/modules/organisations/organisations.service.ts';
import { createUsersRepo } from '../server/modules/users/users.repo.ts';
import { createOrganisationsRepo } from '../server/modules/organisations/organisations.repo.ts';
import { hashPassword } from '../server/modules/auth/passwords.ts';
import { ANONYMOUS } from '../server/modules/auth/auth-context.ts';
import { createPartnershipFromAgreement } from '../server/modules/partnerships/partnerships.agreement.ts';
import { initialTermsOf, type Terms } from '../shared/schemas/terms.ts';
import { callBody, passDeadline, scoreSheet } from './helpers/calls-fixtures.ts';

type Caller = 'visitor' | 'enterpriseOwner' | 'enterpriseMember' | 'otherEnterprise' | 'instituteOwner' | 'otherInstitute' | 'programOffice' | 'admin' | 'adminToken' | 'enterpriseToken';

let ctx: TestContext;
const callers = {} as Record<Caller, TestClient>;
const ids = {} as { enterprise: string; institute: string; programOffice: string; draftTask: string; incompleteDraft: string; publishedTask: string; enterpriseMemberUser: string; tokenOfEnterprise: string };
/** Proposals on the published task: one submitted with a PDF, one by the other institute, a bare draft, one declined. */
const proposals = {} as { submitted: string; otherSubmitted: string; draft: string; declined: string; attachment: string };
const taskFiles = {} as { task: string; confidential: string };
const partnership = {} as { id: string; toTerminate: string; terms: Terms };

beforeAll(async () => {
  // Every caller comes from 127.0.0.1: room for each to try the rate-limited routes (reset requests) once.
  ctx = await createTestContext({ signInRateLimit: 100 });
  const systemActor = { userId: null, tokenId: null, label: 'test' };
  const adminAuth = { ...ANONYMOUS, via: 'token' as const, isAdmin: true };

  const enterprise = await signUp(ctx.app, 'enterprise');
  callers.enterpriseOwner = enterprise.client;
  ids.enterprise = enterprise.session.organisation.id;
  const memberInvitation = await inviteByEmail(ctx.app, enterprise.client, ids.enterprise, 'member@example.kz');
  const member = await acceptAsNewcomer(ctx.app, memberInvitation.token, 'Enterprise Member');
  ids.enterpriseMemberUser = member.session.user.id;
  callers.enterpriseMember = member.client;

  callers.otherEnterprise = (await signUp(ctx.app, 'enterprise')).client;
  const institute = await signUp(ctx.app, 'institute');
  callers.instituteOwner = institute.client;
  ids.institute = institute.session.organisation.id;
  callers.otherInstitute = (await signUp(ctx.app, 'institute')).client;

  const programOffice = await createOrganisationsService({ db: ctx.db }).createOrganisation(adminAuth, { kind: 'program_office', name: 'Program office', bin: uniqueBin() });
  ids.programOffice = programOffice.id;
  const usersRepo = createUsersRepo({ db: ctx.db });
  const passwordHash = await hashPassword('program-office-pass');
  const officer = await usersRepo.insert({ email: 'officer@example.kz', fullName: 'Officer', passwordHash });
  await createOrganisationsRepo({ db: ctx.db }).addMember({ userId: officer.id, organisationId: programOffice.id, role: 'owner' });
  callers.programOffice = await signInClient(ctx.app, 'officer@example.kz', 'program-office-pass');
  await usersRepo.insert({ email: 'admin@example.kz', fullName: 'Admin', passwordHash, isPlatformAdmin: true });
  callers.admin = await signInClient(ctx.app, 'admin@example.kz', 'program-office-pass');

  const tokens = createTokensService({ db: ctx.db });
  callers.adminToken = createClient(ctx.app, { bearer: (await tokens.issueToken({ name: 'admin', role: 'admin', organisationId: null }, systemActor, null)).token });
  const enterpriseToken = await tokens.issueToken({ name: 'erp', role: 'member', organisationId: ids.enterprise }, systemActor, null);
  ids.tokenOfEnterprise = enterpriseToken.apiToken.id;
  callers.enterpriseToken = createClient(ctx.app, { bearer: enterpriseToken.token });

  callers.visitor = createClient(ctx.app);
  await callers.visitor.session();

  ids.draftTask = (await callers.enterpriseOwner.post('/api/tasks', publishableTaskBody())).body.id;
  ids.incompleteDraft = (await callers.enterpriseOwner.post('/api/tasks', publishableTaskBody({ problem: 'Unclear yet.' }))).body.id;
  ids.publishedTask = (await callers.enterpriseOwner.post('/api/tasks', publishableTaskBody({ visibility: 'registered' }))).body.id;
  expect((await callers.enterpriseOwner.post(`/api/tasks/${ids.publishedTask}/status`, { status: 'published' })).status).toBe(200);
  await ctx.app.indexer.drain();

  const institutes = { owner: callers.instituteOwner, other: callers.otherInstitute };
  const submitted = (await institutes.owner.post(`/api/tasks/${ids.publishedTask}/proposals`, proposalBody())).body.id;
  const upload = multipartFile('plan.pdf', pdfBytes());
  proposals.attachment = (await institutes.owner.post(`/api/proposals/${submitted}/attachments`, upload.payload, upload.headers)).body.id;
  expect((await institutes.owner.post(`/api/proposals/${submitted}/submit`)).status).toBe(200);
  proposals.submitted = submitted;
  proposals.otherSubmitted = (await institutes.other.post(`/api/tasks/${ids.publishedTask}/proposals`, proposalBody({ submit: true }))).body.id;
  proposals.draft = (await institutes.owner.post(`/api/tasks/${ids.publishedTask}/proposals`, { title: 'Bare draft' })).body.id;
  proposals.declined = (await institutes.owner.post(`/api/tasks/${ids.publishedTask}/proposals`, proposalBody({ submit: true }))).body.id;
  expect((await callers.enterpriseOwner.post(`/api/proposals/${proposals.declined}/decline`, { reasonCode: 'already_solved' })).status).toBe(200);

  // Task attachments: a task of their own (the NDA rows above accept the published task's NDA for
  // both institutes), with a confidential PDF opened to the one institute that accepted its NDA.
  taskFiles.task = (await callers.enterpriseOwner.post('/api/tasks', publishableTaskBody({ visibility: 'registered' }))).body.id;
  expect((await callers.enterpriseOwner.post(`/api/tasks/${taskFiles.task}/status`, { status: 'published' })).status).toBe(200);
  const confidential = multipartFile('assays.pdf', pdfBytes(), 'file', { confidential: 'true' });
  taskFiles.confidential = (await callers.enterpriseOwner.post(`/api/tasks/${taskFiles.task}/attachments`, confidential.payload, confidential.headers)).body.id;
  expect((await callers.instituteOwner.post(`/api/tasks/${taskFiles.task}/nda/accept`, { version: 1 })).status).toBe(200);
  // Partnerships: one to work on (every probe below changes nothing), one to terminate.
  for (const key of ['id', 'toTerminate'] as const) {
    const proposal = (await institutes.owner.post(`/api/tasks/${ids.publishedTask}/proposals`, proposalBody({ submit: true }))).body;
    partnership.terms = initialTermsOf(proposal, '2026-01-01');
    partnership[key] = (await ctx.db.transaction((tx) => createPartnershipFromAgreement({ db: ctx.db }, tx, { proposalId: proposal.id, terms: partnership.terms, termsVersion: 1, actor: systemActor }))).id;
  }
});
afterAll(() => ctx.close());

/** Negotiations: the enterprise opens a room on the submitted proposal; program offices and admins read it. */
const negotiation = {} as { id: string };
beforeAll(async () => {
  const opened = await callers.enterpriseOwner.post(`/api/proposals/${proposals.submitted}/negotiation`);
  expect(opened.status).toBe(201);
  negotiation.id = opened.body.negotiationId;
});

interface Case {
  name: string;
  request: () => [method: string, url: string, body?: unknown];
  allowed: Caller[];
  /** Status for signed-in callers who are not allowed. */
  denied?: number;
  /** Status for the visitor: by default 401 for writes and wherever others get 403. */
  visitor?: number;
  /** A 403 with this code means the caller got past access control to a check of what they sent. */
  allowedCode?: string;
  /** Denied callers whose status differs from `denied` (e.g. 403 for a party who sees the proposal, 404 for strangers). */
  deniedAs?: Partial<Record<Caller, number>>;
}

const ALL: Caller[] = ['visitor', 'enterpriseOwner', 'enterpriseMember', 'otherEnterprise', 'instituteOwner', 'otherInstitute', 'programOffice', 'admin', 'adminToken', 'enterpriseToken'];
const SIGNED_IN = ALL.filter((caller) => caller !== 'visitor');
/** Signed in as a person (not an API token): inboxes and alerts are personal. */
const PEOPLE: Caller[] = ['enterpriseOwner', 'enterpriseMember', 'otherEnterprise', 'instituteOwner', 'otherInstitute', 'programOffice', 'admin'];
/** People acting for an organisation: saved searches record which one (the admin has none). */
const PEOPLE_IN_ORGANISATIONS = PEOPLE.filter((caller) => caller !== 'admin');
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** Routes meant for everybody, signed in or not (the public transparency API). */
const PUBLIC: Caller[] = ALL;
const PROPOSAL_READERS: Caller[] = ['enterpriseOwner', 'enterpriseMember', 'instituteOwner', 'admin', 'adminToken', 'enterpriseToken'];
const TASK_ENTERPRISE: Caller[] = ['enterpriseOwner', 'enterpriseMember', 'enterpriseToken'];
/** Program offices read submitted proposals (never drafts, never their PDFs) and change nothing. */
const PROPOSAL_READERS_WITH_OFFICE: Caller[] = [...PROPOSAL_READERS, 'programOffice'];
const PARTNERSHIP_PARTIES: Caller[] = [...TASK_ENTERPRISE, 'instituteOwner'];
const PARTNERSHIP_READERS: Caller[] = [...PARTNERSHIP_PARTIES, 'programOffice', 'admin', 'adminToken'];
/** Parties who see the proposal but may not do this (403); strangers get 404. */
const NEGOTIATION_WRITERS: Caller[] = ['enterpriseOwner', 'enterpriseMember', 'enterpriseToken', 'instituteOwner'];
const NEGOTIATION_READERS: Caller[] = [...NEGOTIATION_WRITERS, 'programOffice', 'admin', 'adminToken'];
const MATRIX_TERMS = {
  totalBudgetKzt: 10, cofinancing: [{ source: 'enterprise', amountKzt: 10 }], milestones: [{ title: 'One', deliverable: 'Report', dueDate: '2027-06-30', amountKzt: 10 }],
  ipModel: 'institute_owns_nonexclusive_licence', publicationDelayDays: 90, confidentialityYears: 3, startDate: '2027-01-01',
};
const seesButCannot = (...callers: Caller[]) => Object.fromEntries(callers.map((caller) => [caller, 403])) as Partial<Record<Caller, number>>;

const cases: Case[] = [
  { name: 'GET /api/health', request: () => ['GET', '/api/health'], allowed: ALL },
  { name: 'GET /api/auth/session', request: () => ['GET', '/api/auth/session'], allowed: ALL },
  // A wrong password would be 401 for everyone; a malformed address shows the route is open to all.
  { name: 'POST /api/auth/sign-in', request: () => ['POST', '/api/auth/sign-in', { email: 'not-an-address', password: 'x' }], allowed: ALL },
  // Open to all and answers alike whether the address exists; confirming an unknown link is a 400 for everyone.
  { name: 'POST /api/auth/password-reset', request: () => ['POST', '/api/auth/password-reset', { email: 'nobody-matrix@example.kz' }], allowed: ALL },
  { name: 'POST /api/auth/password-reset/confirm', request: () => ['POST', '/api/auth/password-reset/confirm', { token: 'x'.repeat(43), password: 'quartz meadow lantern' }], allowed: ALL },
  // A wrong current password (403 auth.wrong_password) or a weak new one (400) shows the person got through.
  { name: 'POST /api/auth/me/email', request: () => ['POST', '/api/auth/me/email', { email: 'matrix-new@example.kz', currentPassword: 'not the password' }], allowed: PEOPLE, allowedCode: 'auth.wrong_password' },
  { name: 'POST /api/auth/me/password', request: () => ['POST', '/api/auth/me/password', { currentPassword: 'not the password', newPassword: 'aaaaaaaaaa' }], allowed: PEOPLE },
  { name: 'PATCH /api/auth/me', request: () => ['PATCH', '/api/auth/me', { locale: 'en' }], allowed: ['enterpriseOwner', 'enterpriseMember', 'otherEnterprise', 'instituteOwner', 'otherInstitute', 'programOffice', 'admin'] },
  { name: 'GET /api/tasks', request: () => ['GET', '/api/tasks'], allowed: ALL },
  { name: 'GET /api/tasks/:id (registered-only task)', request: () => ['GET', `/api/tasks/${ids.publishedTask}`], allowed: SIGNED_IN },
  { name: 'GET /api/tasks/:id (draft)', request: () => ['GET', `/api/tasks/${ids.draftTask}`], allowed: ['enterpriseOwner', 'enterpriseMember', 'admin', 'adminToken', 'enterpriseToken'], denied: 404 },
  { name: 'POST /api/tasks', request: () => ['POST', '/api/tasks', publishableTaskBody()], allowed: ['enterpriseOwner', 'enterpriseMember', 'otherEnterprise', 'enterpriseToken'] },
  { name: 'PATCH /api/tasks/:id', request: () => ['PATCH', `/api/tasks/${ids.publishedTask}`, { constraints: 'No cyanide on site.' }], allowed: ['enterpriseOwner', 'enterpriseMember', 'admin', 'adminToken', 'enterpriseToken'] },
  // Publishing an incomplete draft changes nothing (422), so every allowed caller meets the same state.
  { name: 'POST /api/tasks/:id/status', request: () => ['POST', `/api/tasks/${ids.incompleteDraft}/status`, { status: 'published' }], allowed: ['enterpriseOwner', 'enterpriseMember', 'admin', 'adminToken', 'enterpriseToken'], denied: 404 },
  // The NDA text of a task is as visible as the task; accepting binds an organisation, so only people signed in for an institute.
  { name: 'GET /api/tasks/:id/nda', request: () => ['GET', `/api/tasks/${ids.publishedTask}/nda`], allowed: SIGNED_IN },
  { name: 'POST /api/tasks/:id/nda/accept', request: () => ['POST', `/api/tasks/${ids.publishedTask}/nda/accept`, { version: 1 }], allowed: ['instituteOwner', 'otherInstitute'] },
  // Already the standard text: no new version, so the acceptance row above keeps meeting version 1.
  { name: 'PUT /api/tasks/:id/nda', request: () => ['PUT', `/api/tasks/${ids.publishedTask}/nda`, { useStandard: true }], allowed: ['enterpriseOwner', 'enterpriseMember', 'admin', 'adminToken', 'enterpriseToken'] },
  { name: 'GET /api/tasks/:id/access-log', request: () => ['GET', `/api/tasks/${ids.publishedTask}/access-log`], allowed: ['enterpriseOwner', 'enterpriseMember', 'admin', 'adminToken', 'enterpriseToken'] },
  { name: 'GET /api/institutes', request: () => ['GET', '/api/institutes'], allowed: ALL },
  { name: 'GET /api/institutes/:id', request: () => ['GET', `/api/institutes/${ids.institute}`], allowed: ALL },
  { name: 'PATCH /api/institutes/:id', request: () => ['PATCH', `/api/institutes/${ids.institute}`, { keywords: ['flotation'] }], allowed: ['instituteOwner', 'admin', 'adminToken'] },
  { name: 'GET /api/organisations', request: () => ['GET', '/api/organisations'], allowed: ['admin', 'adminToken'] },
  { name: 'POST /api/organisations', request: () => ['POST', '/api/organisations', { kind: 'program_office', name: 'Akimat office', bin: uniqueBin() }], allowed: ['admin', 'adminToken'] },
  { name: 'GET /api/organisations/:id', request: () => ['GET', `/api/organisations/${ids.enterprise}`], allowed: ALL },
  { name: 'PATCH /api/organisations/:id', request: () => ['PATCH', `/api/organisations/${ids.enterprise}`, { city: 'Zhezkazgan' }], allowed: ['enterpriseOwner', 'admin', 'adminToken'] },
  { name: 'GET /api/organisations/:id/members', request: () => ['GET', `/api/organisations/${ids.enterprise}/members`], allowed: ['enterpriseOwner', 'enterpriseMember', 'admin', 'adminToken', 'enterpriseToken'] },
  { name: 'GET /api/organisations/:id/invitations', request: () => ['GET', `/api/organisations/${ids.enterprise}/invitations`], allowed: ['enterpriseOwner', 'admin', 'adminToken'] },
  { name: 'POST /api/organisations/:id/invitations', request: () => ['POST', `/api/organisations/${ids.enterprise}/invitations`, { email: `m${Math.random().toString(36).slice(2)}@example.kz` }], allowed: ['enterpriseOwner', 'admin', 'adminToken'] },
  // Revocation is one-way: a missing invitation (404) shows who gets past access control.
  { name: 'DELETE /api/organisations/:id/invitations/:invitationId', request: () => ['DELETE', `/api/organisations/${ids.enterprise}/invitations/${MISSING_ID}`], allowed: ['enterpriseOwner', 'admin', 'adminToken'] },
  // Whoever holds the link: an unknown token is 404 for everyone, never an access refusal.
  { name: 'GET /api/invitations/:token', request: () => ['GET', `/api/invitations/${'u'.repeat(43)}`], allowed: ALL },
  { name: 'POST /api/invitations/:token/accept', request: () => ['POST', `/api/invitations/${'u'.repeat(43)}/accept`, {}], allowed: ALL },
  { name: 'DELETE /api/organisations/:id/members/:userId', request: () => ['DELETE', `/api/organisations/${ids.enterprise}/members/00000000-0000-4000-8000-000000000000`], allowed: ['enterpriseOwner', 'admin', 'adminToken'], denied: 403 },
  { name: 'GET /api/tokens', request: () => ['GET', '/api/tokens'], allowed: ['enterpriseOwner', 'instituteOwner', 'otherEnterprise', 'otherInstitute', 'programOffice', 'admin', 'adminToken'] },
  // Admins must name an organisation or ask for an admin token: 400 here, but not an access refusal.
  { name: 'POST /api/tokens', request: () => ['POST', '/api/tokens', { name: 'integration' }], allowed: ['enterpriseOwner', 'instituteOwner', 'otherEnterprise', 'otherInstitute', 'programOffice', 'admin', 'adminToken'] },
  { name: 'DELETE /api/tokens/:id', request: () => ['DELETE', `/api/tokens/${ids.tokenOfEnterprise}`], allowed: ['enterpriseOwner', 'admin', 'adminToken'] },
  { name: 'GET /api/tasks/:id/matches', request: () => ['GET', `/api/tasks/${ids.publishedTask}/matches`], allowed: ['enterpriseOwner', 'enterpriseMember', 'programOffice', 'admin', 'adminToken', 'enterpriseToken'] },
  { name: 'GET /api/institutes/:id/matches', request: () => ['GET', `/api/institutes/${ids.institute}/matches`], allowed: ['instituteOwner', 'programOffice', 'admin', 'adminToken'] },
  { name: 'GET /api/search/tasks', request: () => ['GET', '/api/search/tasks?q=selenium'], allowed: ALL },
  { name: 'GET /api/search/institutes', request: () => ['GET', '/api/search/institutes?q=water'], allowed: ALL },
  { name: 'GET /api/stats/overview', request: () => ['GET', '/api/stats/overview'], allowed: ['programOffice', 'admin', 'adminToken'] },
  { name: 'GET /api/admin/users', request: () => ['GET', '/api/admin/users?q=example'], allowed: ['admin', 'adminToken'] },
  // Disabling is one-way for the matrix's callers: a missing account (404) shows who gets past access control.
  { name: 'POST /api/admin/users/:id/disable', request: () => ['POST', `/api/admin/users/${MISSING_ID}/disable`, { reason: 'Matrix probe' }], allowed: ['admin', 'adminToken'] },
  { name: 'POST /api/admin/users/:id/enable', request: () => ['POST', `/api/admin/users/${MISSING_ID}/enable`], allowed: ['admin', 'adminToken'] },
  { name: 'GET /api/audit', request: () => ['GET', '/api/audit?entityType=organisation'], allowed: ['programOffice', 'admin', 'adminToken'] },
  { name: 'GET /api/saved-searches', request: () => ['GET', '/api/saved-searches'], allowed: PEOPLE_IN_ORGANISATIONS },
  { name: 'POST /api/saved-searches', request: () => ['POST', '/api/saved-searches', { name: 'Selenium', query: { q: 'selenium' } }], allowed: PEOPLE_IN_ORGANISATIONS },
  // Someone else's search answers like a missing one (404, tested in alerts.test.ts); tokens and the admin are refused first.
  { name: 'DELETE /api/saved-searches/:id', request: () => ['DELETE', `/api/saved-searches/${MISSING_ID}`], allowed: PEOPLE_IN_ORGANISATIONS },
  { name: 'GET /api/notifications', request: () => ['GET', '/api/notifications?unreadOnly=true'], allowed: PEOPLE },
  { name: 'POST /api/notifications/:id/read', request: () => ['POST', `/api/notifications/${MISSING_ID}/read`], allowed: PEOPLE },
  { name: 'POST /api/notifications/read-all', request: () => ['POST', '/api/notifications/read-all'], allowed: PEOPLE },
  // Plain HTTP runs the same access checks as the WebSocket handshake, then answers 426.
  { name: 'GET /api/notifications/live', request: () => ['GET', '/api/notifications/live'], allowed: PEOPLE },
  // Proposals: a draft (bare, so creating or submitting changes nothing shared); strangers get 404 on everything.
  { name: 'POST /api/tasks/:id/proposals', request: () => ['POST', `/api/tasks/${ids.publishedTask}/proposals`, { title: 'Another draft' }], allowed: ['instituteOwner', 'otherInstitute'] },
  { name: 'GET /api/tasks/:id/proposals', request: () => ['GET', `/api/tasks/${ids.publishedTask}/proposals`], allowed: [...TASK_ENTERPRISE, 'admin', 'adminToken', 'programOffice'], denied: 404, visitor: 401 },
  { name: 'GET /api/proposals (mine)', request: () => ['GET', '/api/proposals?mine=true'], allowed: ['instituteOwner', 'otherInstitute'] },
  { name: 'GET /api/proposals (inbox)', request: () => ['GET', '/api/proposals?inbox=true'], allowed: ['enterpriseOwner', 'enterpriseMember', 'otherEnterprise', 'enterpriseToken'] },
  { name: 'GET /api/proposals/compare', request: () => ['GET', `/api/proposals/compare?ids=${proposals.submitted}&ids=${proposals.otherSubmitted}`], allowed: [...TASK_ENTERPRISE, 'admin', 'adminToken'], denied: 404, visitor: 401 },
  { name: 'GET /api/proposals/:id', request: () => ['GET', `/api/proposals/${proposals.submitted}`], allowed: PROPOSAL_READERS_WITH_OFFICE, denied: 404, visitor: 401 },
  { name: 'PATCH /api/proposals/:id', request: () => ['PATCH', `/api/proposals/${proposals.draft}`, { title: 'Bare draft, edited' }], allowed: ['instituteOwner'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'POST /api/proposals/:id/submit', request: () => ['POST', `/api/proposals/${proposals.draft}/submit`], allowed: ['instituteOwner'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  // A declined proposal changes no more (409 for the allowed), so every caller meets the same state.
  { name: 'POST /api/proposals/:id/withdraw', request: () => ['POST', `/api/proposals/${proposals.declined}/withdraw`, { note: 'Changed our plans.' }], allowed: ['instituteOwner'], denied: 404, deniedAs: seesButCannot(...TASK_ENTERPRISE, 'admin', 'adminToken', 'programOffice') },
  { name: 'POST /api/proposals/:id/shortlist', request: () => ['POST', `/api/proposals/${proposals.declined}/shortlist`], allowed: TASK_ENTERPRISE, denied: 404, deniedAs: seesButCannot('instituteOwner', 'admin', 'adminToken', 'programOffice') },
  { name: 'POST /api/proposals/:id/decline', request: () => ['POST', `/api/proposals/${proposals.declined}/decline`, { reasonCode: 'other', note: 'Again.' }], allowed: TASK_ENTERPRISE, denied: 404, deniedAs: seesButCannot('instituteOwner', 'admin', 'adminToken', 'programOffice') },
  { name: 'POST /api/proposals/:id/attachments', request: () => ['POST', `/api/proposals/${proposals.declined}/attachments`], allowed: ['instituteOwner'], denied: 404, deniedAs: seesButCannot(...TASK_ENTERPRISE, 'admin', 'adminToken', 'programOffice') },
  { name: 'GET /api/proposals/:id/attachments/:attachmentId', request: () => ['GET', `/api/proposals/${proposals.submitted}/attachments/${proposals.attachment}`], allowed: PROPOSAL_READERS, denied: 404, visitor: 401 },
  // Negotiations: parties read and write; program offices and admins only read (403 on writes); strangers get 404.
  { name: 'POST /api/proposals/:id/negotiation', request: () => ['POST', `/api/proposals/${proposals.submitted}/negotiation`], allowed: TASK_ENTERPRISE, denied: 404, deniedAs: seesButCannot('instituteOwner', 'admin', 'adminToken') },
  { name: 'GET /api/negotiations', request: () => ['GET', '/api/negotiations?mine=true'], allowed: SIGNED_IN },
  { name: 'GET /api/negotiations/:id', request: () => ['GET', `/api/negotiations/${negotiation.id}`], allowed: NEGOTIATION_READERS, denied: 404, visitor: 401 },
  { name: 'GET /api/negotiations/:id/events', request: () => ['GET', `/api/negotiations/${negotiation.id}/events?afterSeq=0`], allowed: NEGOTIATION_READERS, denied: 404, visitor: 401 },
  { name: 'POST /api/negotiations/:id/read', request: () => ['POST', `/api/negotiations/${negotiation.id}/read`, { seq: 1 }], allowed: NEGOTIATION_READERS, denied: 404 },
  // Repeating the clientMsgId is idempotent, so every allowed caller after the first meets the same message.
  { name: 'POST /api/negotiations/:id/messages', request: () => ['POST', `/api/negotiations/${negotiation.id}/messages`, { clientMsgId: 'matrix-probe', text: 'Probe' }], allowed: NEGOTIATION_WRITERS, denied: 404, deniedAs: seesButCannot('programOffice', 'admin', 'adminToken') },
  // Terms that do not add up (400 terms.invalid) and a version that does not exist (409) change nothing.
  { name: 'POST /api/negotiations/:id/offers', request: () => ['POST', `/api/negotiations/${negotiation.id}/offers`, { clientMsgId: 'matrix-offer', terms: { ...MATRIX_TERMS, totalBudgetKzt: 1 } }], allowed: NEGOTIATION_WRITERS, denied: 404, deniedAs: seesButCannot('programOffice', 'admin', 'adminToken') },
  { name: 'POST /api/negotiations/:id/accept', request: () => ['POST', `/api/negotiations/${negotiation.id}/accept`, { clientMsgId: 'matrix-accept', version: 99 }], allowed: NEGOTIATION_WRITERS, denied: 404, deniedAs: seesButCannot('programOffice', 'admin', 'adminToken') },
  // Last: the first allowed caller ends the room, the others then meet a closed room (409).
  { name: 'POST /api/negotiations/:id/withdraw', request: () => ['POST', `/api/negotiations/${negotiation.id}/withdraw`, { clientMsgId: 'matrix-withdraw', reason: 'Matrix probe' }], allowed: NEGOTIATION_WRITERS, denied: 404, deniedAs: seesButCannot('programOffice', 'admin', 'adminToken') },
  // The room socket: plain HTTP runs the handshake's checks (signed in, person or token), then answers 426; rooms are checked per frame.
  { name: 'GET /ws', request: () => ['GET', '/ws'], allowed: SIGNED_IN },
  // Task attachments: listed to whoever sees the task (confidential ones only behind the NDA); managed by the task's enterprise.
  { name: 'GET /api/tasks/:id/attachments', request: () => ['GET', `/api/tasks/${taskFiles.task}/attachments`], allowed: SIGNED_IN },
  // Not multipart: 400 for whoever gets past access control.
  { name: 'POST /api/tasks/:id/attachments', request: () => ['POST', `/api/tasks/${taskFiles.task}/attachments`], allowed: TASK_ENTERPRISE },
  { name: 'GET /api/tasks/:id/attachments/:attachmentId (confidential)', request: () => ['GET', `/api/tasks/${taskFiles.task}/attachments/${taskFiles.confidential}`], allowed: [...TASK_ENTERPRISE, 'instituteOwner', 'admin', 'adminToken'], denied: 404, visitor: 401 },
  // Deleting is one-way: a missing file (404) shows who gets past access control.
  { name: 'DELETE /api/tasks/:id/attachments/:attachmentId', request: () => ['DELETE', `/api/tasks/${taskFiles.task}/attachments/${MISSING_ID}`], allowed: TASK_ENTERPRISE },
  // Partnerships: parties and the program office see them, strangers get 404; probes name missing
  // milestones, reports, tranches and requests (404 past access control), so nothing changes.
  { name: 'GET /api/partnerships', request: () => ['GET', '/api/partnerships'], allowed: SIGNED_IN },
  { name: 'GET /api/partnerships/:id', request: () => ['GET', `/api/partnerships/${partnership.id}`], allowed: PARTNERSHIP_READERS, denied: 404, visitor: 401 },
  { name: 'POST /api/partnerships/:id/terminate', request: () => ['POST', `/api/partnerships/${partnership.toTerminate}/terminate`, { reason: 'Matrix probe' }], allowed: ['enterpriseOwner', 'instituteOwner', 'programOffice'], denied: 404, deniedAs: seesButCannot('enterpriseMember', 'enterpriseToken', 'admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/at-risk', request: () => ['POST', `/api/partnerships/${partnership.id}/at-risk`, { atRisk: true, note: 'Matrix probe' }], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot(...PARTNERSHIP_PARTIES, 'admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/complete', request: () => ['POST', `/api/partnerships/${partnership.id}/complete`, {}], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot(...PARTNERSHIP_PARTIES, 'admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/milestones/:milestoneId/reports', request: () => ['POST', `/api/partnerships/${partnership.id}/milestones/${MISSING_ID}/reports`, { text: 'Probe' }], allowed: ['instituteOwner'], denied: 404, deniedAs: seesButCannot(...TASK_ENTERPRISE, 'programOffice', 'admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/reports/:reportId/accept', request: () => ['POST', `/api/partnerships/${partnership.id}/reports/${MISSING_ID}/accept`, {}], allowed: TASK_ENTERPRISE, denied: 404, deniedAs: seesButCannot('instituteOwner', 'programOffice', 'admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/reports/:reportId/return', request: () => ['POST', `/api/partnerships/${partnership.id}/reports/${MISSING_ID}/return`, { comment: 'Probe' }], allowed: TASK_ENTERPRISE, denied: 404, deniedAs: seesButCannot('instituteOwner', 'programOffice', 'admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/reports/:reportId/attachments', request: () => ['POST', `/api/partnerships/${partnership.id}/reports/${MISSING_ID}/attachments`], allowed: ['instituteOwner'], denied: 404, deniedAs: seesButCannot(...TASK_ENTERPRISE, 'programOffice', 'admin', 'adminToken') },
  { name: 'GET /api/partnerships/:id/reports/:reportId/attachments/:attachmentId', request: () => ['GET', `/api/partnerships/${partnership.id}/reports/${MISSING_ID}/attachments/${MISSING_ID}`], allowed: PARTNERSHIP_READERS, denied: 404, visitor: 401 },
  { name: 'POST /api/partnerships/:id/disbursements', request: () => ['POST', `/api/partnerships/${partnership.id}/disbursements`, { trancheId: MISSING_ID, amountKzt: 1, disbursedOn: '2026-12-01' }], allowed: [...PARTNERSHIP_PARTIES, 'programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/disbursements/:disbursementId/reverse', request: () => ['POST', `/api/partnerships/${partnership.id}/disbursements/${MISSING_ID}/reverse`, { note: 'Probe' }], allowed: [...PARTNERSHIP_PARTIES, 'programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  // The same terms again: a 400 (no difference) past access control.
  { name: 'POST /api/partnerships/:id/change-requests', request: () => ['POST', `/api/partnerships/${partnership.id}/change-requests`, { terms: partnership.terms, reason: 'Probe' }], allowed: PARTNERSHIP_PARTIES, denied: 404, deniedAs: seesButCannot('programOffice', 'admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/change-requests/:requestId/accept', request: () => ['POST', `/api/partnerships/${partnership.id}/change-requests/${MISSING_ID}/accept`, {}], allowed: PARTNERSHIP_PARTIES, denied: 404, deniedAs: seesButCannot('programOffice', 'admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/change-requests/:requestId/reject', request: () => ['POST', `/api/partnerships/${partnership.id}/change-requests/${MISSING_ID}/reject`, {}], allowed: PARTNERSHIP_PARTIES, denied: 404, deniedAs: seesButCannot('programOffice', 'admin', 'adminToken') },
  { name: 'POST /api/partnerships/:id/change-requests/:requestId/withdraw', request: () => ['POST', `/api/partnerships/${partnership.id}/change-requests/${MISSING_ID}/withdraw`], allowed: PARTNERSHIP_PARTIES, denied: 404, deniedAs: seesButCannot('programOffice', 'admin', 'adminToken') },
  // Program workspace: program offices and admins only (read-only figures; a regional office defaults to its region).
  { name: 'GET /api/program/portfolio', request: () => ['GET', '/api/program/portfolio?region=all'], allowed: ['programOffice', 'admin', 'adminToken'] },
  { name: 'GET /api/program/ledger', request: () => ['GET', '/api/program/ledger?from=2026-01-01&to=2026-12-31'], allowed: ['programOffice', 'admin', 'adminToken'] },
  { name: 'GET /api/program/reconciliation', request: () => ['GET', '/api/program/reconciliation'], allowed: ['programOffice', 'admin', 'adminToken'] },
  { name: 'GET /api/program/funnel', request: () => ['GET', '/api/program/funnel'], allowed: ['programOffice', 'admin', 'adminToken'] },
  { name: 'GET /api/program/scorecards', request: () => ['GET', '/api/program/scorecards'], allowed: ['programOffice', 'admin', 'adminToken'] },
  { name: 'GET /api/program/export', request: () => ['GET', '/api/program/export?table=ledger-sources'], allowed: ['programOffice', 'admin', 'adminToken'] },
  // Public transparency: explicitly PUBLIC, open to every caller without sign-in; only published partnerships are in them (public.test.ts scans for leaks).
  { name: 'GET /api/public/stats', request: () => ['GET', '/api/public/stats'], allowed: PUBLIC },
  { name: 'GET /api/public/partnerships', request: () => ['GET', '/api/public/partnerships?region=karaganda'], allowed: PUBLIC },
  { name: 'GET /api/public/partnerships.csv', request: () => ['GET', '/api/public/partnerships.csv'], allowed: PUBLIC },
  { name: 'GET /api/public/partnerships.json', request: () => ['GET', '/api/public/partnerships.json'], allowed: PUBLIC },
  // Competitive calls: public reading; the office's procedure (another office meets 404, admins see but do not act); experts and council members as people.
  { name: 'GET /api/public/calls', request: () => ['GET', '/api/public/calls?q=selenium'], allowed: ALL },
  { name: 'GET /api/public/calls/:id', request: () => ['GET', `/api/public/calls/${callIds.open}`], allowed: ALL },
  { name: 'GET /api/calls', request: () => ['GET', '/api/calls'], allowed: ['programOffice'] },
  { name: 'POST /api/calls', request: () => ['POST', '/api/calls', callBody()], allowed: ['programOffice'] },
  { name: 'GET /api/calls/:id', request: () => ['GET', `/api/calls/${callIds.open}`], allowed: ALL },
  // The open call is no draft: its office passes access and meets the 409.
  { name: 'PATCH /api/calls/:id', request: () => ['PATCH', `/api/calls/${callIds.open}`, { title: 'Matrix probe title' }], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'POST /api/calls/:id/status', request: () => ['POST', `/api/calls/${callIds.open}/status`, { status: 'scoring' }], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'POST /api/calls/:id/proposals', request: () => ['POST', `/api/calls/${callIds.open}/proposals`, { title: 'Matrix draft' }], allowed: ['instituteOwner', 'otherInstitute'] },
  { name: 'GET /api/call-experts', request: () => ['GET', '/api/call-experts'], allowed: ['programOffice'] },
  { name: 'POST /api/call-experts', request: () => ['POST', '/api/call-experts', { email: 'officer@example.kz', fields: ['metallurgy'], languages: ['ru'] }], allowed: ['programOffice'] },
  { name: 'GET /api/calls/:id/proposals/:proposalId/expert-suggestions', request: () => ['GET', `/api/calls/${callIds.closed}/proposals/${callIds.proposal}/expert-suggestions`], allowed: ['programOffice'], denied: 404, visitor: 401, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'POST /api/calls/:id/assignments', request: () => ['POST', `/api/calls/${callIds.closed}/assignments`, { proposalId: callIds.proposal, expertId: MISSING_ID }], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'POST /api/calls/:id/assignments/auto', request: () => ['POST', `/api/calls/${callIds.closed}/assignments/auto`], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'GET /api/expert-assignments', request: () => ['GET', '/api/expert-assignments'], allowed: PEOPLE },
  { name: 'GET /api/expert-assignments/:id', request: () => ['GET', `/api/expert-assignments/${MISSING_ID}`], allowed: PEOPLE },
  { name: 'POST /api/expert-assignments/:id/declaration', request: () => ['POST', `/api/expert-assignments/${MISSING_ID}/declaration`, { conflict: false }], allowed: PEOPLE },
  { name: 'POST /api/expert-assignments/:id/scores', request: () => ['POST', `/api/expert-assignments/${MISSING_ID}/scores`, scoreSheet([3, 3, 3, 3])], allowed: PEOPLE },
  { name: 'GET /api/calls/:id/results', request: () => ['GET', `/api/calls/${callIds.closed}/results`], allowed: ['programOffice', 'admin', 'adminToken'], denied: 404, visitor: 401 },
  { name: 'GET /api/calls/:id/results.csv', request: () => ['GET', `/api/calls/${callIds.closed}/results.csv`], allowed: ['programOffice', 'admin', 'adminToken'], denied: 404, visitor: 401 },
  { name: 'PUT /api/calls/:id/council', request: () => ['PUT', `/api/calls/${callIds.closed}/council`, { memberEmails: ['officer@example.kz'], chairEmail: 'officer@example.kz' }], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'GET /api/calls/:id/council', request: () => ['GET', `/api/calls/${callIds.closed}/council`], allowed: ['programOffice', 'admin', 'adminToken'], denied: 404, visitor: 401 },
  // Only members vote (the officer sits on this council); the call is not yet at the council stage, so the member's vote is a 409.
  { name: 'POST /api/calls/:id/council/votes', request: () => ['POST', `/api/calls/${callIds.closed}/council/votes`, { proposalId: callIds.proposal, vote: 'for' }], allowed: ['programOffice'] },
  { name: 'POST /api/calls/:id/outcomes', request: () => ['POST', `/api/calls/${callIds.closed}/outcomes`, { proposalId: callIds.proposal, rationale: 'Matrix probe' }], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  // The call is not in scoring and has no round: its office passes access and meets a 409.
  { name: 'POST /api/calls/:id/proposals/:proposalId/moderation', request: () => ['POST', `/api/calls/${callIds.closed}/proposals/${callIds.proposal}/moderation`, { note: 'Matrix probe' }], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'POST /api/calls/:id/proposals/:proposalId/moderation/close', request: () => ['POST', `/api/calls/${callIds.closed}/proposals/${callIds.proposal}/moderation/close`], allowed: ['programOffice'], denied: 404, deniedAs: seesButCannot('admin', 'adminToken') },
  { name: 'POST /api/expert-assignments/:id/moderation', request: () => ['POST', `/api/expert-assignments/${MISSING_ID}/moderation`, { answer: 'confirm' }], allowed: PEOPLE },
  { name: 'GET /api/proposals/:id/call-feedback', request: () => ['GET', `/api/proposals/${callIds.proposal}/call-feedback`], allowed: ['instituteOwner', 'admin', 'adminToken'], denied: 404, visitor: 401 },
];

describe.each(cases)('$name', ({ request, allowed, denied = 403, visitor, allowedCode, deniedAs = {} }) => {
  it.each(ALL)('%s', async (caller) => {
    const [method, url, body] = request();
    // Revocation is one-way: probe it for denied callers only, then once for an allowed one below.
    if (url.startsWith('/api/tokens/') && method === 'DELETE' && allowed.includes(caller)) return;
    const response = await callers[caller].request(method, url, body);
    if (allowed.includes(caller)) {
      // 404 for a missing member, 409 for an admin creating an organisation token without organisation,
      // 426 for plain HTTP to the WebSocket address: what matters is that access control let the caller through.
      const passedAccess = [200, 201, 202, 400, 404, 409, 422, 426].includes(response.status) || (allowedCode !== undefined && response.status === 403 && response.body.error.code === allowedCode);
      expect(passedAccess, `${caller} should be allowed (${response.status} ${JSON.stringify(response.body)})`).toBe(true);
      if (response.status === 404) expect(response.body.error.code).not.toBe('auth.forbidden');
    } else if (caller === 'visitor') {
      expect(response.status, 'visitor').toBe(visitor ?? (denied === 403 || method !== 'GET' ? 401 : denied));
    } else {
      expect(response.status, `${caller} should be denied (${JSON.stringify(response.body)})`).toBe(deniedAs[caller] ?? denied);
      if (allowedCode) expect(response.body.error.code).not.toBe(allowedCode);
    }
  });
});

describe('token revocation', () => {
  it('the owning enterprise revokes its token, after which the token no longer works', async () => {
    const response = await callers.enterpriseOwner.delete(`/api/tokens/${ids.tokenOfEnterprise}`);
    expect(response.status).toBe(200);
    expect(response.body.revokedAt).toEqual(expect.any(String));
    const afterRevoke = await callers.enterpriseToken.get('/api/tasks');
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.error.code).toBe('auth.required');
  });
});

describe('the matrix covers the whole API', () => {
  it('every /api route has a row above, so a new route cannot be added without its access rules', () => {
    // Open to anyone, and they would switch or end the callers' sessions mid-matrix (auth.test.ts covers them).
    const exempt = ['POST /api/auth/sign-up', 'POST /api/auth/sign-out'];
    const covered = new Set([...exempt, ...cases.map(({ name }) => name.split(' ').slice(0, 2).join(' '))]);
    const paths = (ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const routes = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1').replace(/(.)\/$/, '$1')}`),
    );
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((route) => route.startsWith('GET /api/docs') === false && !covered.has(route))).toEqual([]);
  });
});

// Competitive calls: one open call to read and propose to, one past its deadline with a proposal and a council.
const callIds = {} as { open: string; closed: string; proposal: string };
beforeAll(async () => {
  const office = callers.programOffice;
  callIds.open = (await office.post('/api/calls', callBody({ taskIds: [ids.publishedTask] }))).body.id;
  expect((await office.post(`/api/calls/${callIds.open}/status`, { status: 'open' })).status).toBe(200);
  callIds.closed = (await office.post('/api/calls', callBody({ taskIds: [ids.publishedTask] }))).body.id;
  expect((await office.post(`/api/calls/${callIds.closed}/status`, { status: 'open' })).status).toBe(200);
  callIds.proposal = (await callers.instituteOwner.post(`/api/calls/${callIds.closed}/proposals`, proposalBody({ submit: true }))).body.id;
  expect((await office.put(`/api/calls/${callIds.closed}/council`, { memberEmails: ['officer@example.kz'], chairEmail: 'officer@example.kz' })).status).toBe(200);
  await passDeadline(ctx.db, callIds.closed);
}, 120_000);
