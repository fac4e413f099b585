// Partnerships for the public transparency tests: three public ones across areas, regions, sources and
// years with disbursements, and one private partnership full of planted secrets that must never show.
import { expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { App } from '../../server/app.ts';
import type { Db } from '../../server/db/database.ts';
import { initialTermsOf, type Terms } from '../../shared/schemas/terms.ts';
import type { CofinancingSource } from '../../shared/schemas/proposals.ts';
import { createPartnershipFromAgreement } from '../../server/modules/partnerships/partnerships.agreement.ts';
import { disbursements, partnershipTranches } from '../../server/modules/partnerships/partnerships.table.ts';
import { proposalBody, publishableTaskBody, signUp, uniqueBin } from './test-client.ts';

/** Every Kazakh-specific letter, which open data must carry intact. */
export const KAZAKH_LETTERS = 'ә ғ қ ң ө ұ ү һ і';

/** Strings that exist only in private places (confidential details, a private partnership, terms). */
export const SECRETS = {
  confidentialDetails: 'SECRET-CONFIDENTIAL-DETAILS-7f3a',
  privateTitle: 'SECRET-PRIVATE-PARTNERSHIP-TITLE-91c2',
  privateEnterprise: 'SECRET-PRIVATE-ENTERPRISE-55d0',
  registeredOnlyProblem: 'SECRET-REGISTERED-ONLY-PROBLEM-3b8e',
};
/** Terms clauses: neither their names nor the IP model values may appear in open data. */
export const TERMS_WORDS = ['ipModel', 'publicationDelay', 'confidentialityYears', 'institute_owns_nonexclusive_licence', 'enterprise_owns_no_publication'];

export interface PublicFixture {
  ids: { metallurgy: string; agritech: string; energy: string; private: string };
  emails: string[];
  instituteName: string;
  enterpriseName: string;
}

const actor = { userId: null, tokenId: null, label: 'test' };
const lines = (amounts: Partial<Record<CofinancingSource, number>>) => Object.entries(amounts).map(([source, amountKzt]) => ({ source, amountKzt }));

export async function createPublicFixture(app: App, db: Db): Promise<PublicFixture> {
  const suffix = Math.random().toString(36).slice(2, 7);
  const instituteName = `Қазақ металлургия институты ${suffix} (${KAZAKH_LETTERS})`;
  const enterpriseName = `ТОО «Қарағанды мыс» ${suffix}`;
  const enterprise = await signUp(app, 'enterprise', { organisation: { kind: 'enterprise', name: enterpriseName, bin: uniqueBin(), region: 'karaganda' } });
  const privateEnterprise = await signUp(app, 'enterprise', { organisation: { kind: 'enterprise', name: `${SECRETS.privateEnterprise} ${suffix}`, bin: uniqueBin(), region: 'karaganda' } });
  const institute = await signUp(app, 'institute', { organisation: { kind: 'institute', name: instituteName, bin: uniqueBin(), region: 'karaganda' } });

  async function partnership(
    owner: typeof enterprise,
    task: Record<string, unknown>,
    cofinancing: Partial<Record<CofinancingSource, number>>,
    agreement: { publicDisclosure?: boolean; agreedAt: string; clauses?: Partial<Terms> },
  ) {
    const created = await owner.client.post('/api/tasks', publishableTaskBody(task));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await owner.client.post(`/api/tasks/${created.body.id}/status`, { status: 'published' })).status).toBe(200);
    const proposal = await institute.client.post(`/api/tasks/${created.body.id}/proposals`, proposalBody({ submit: true, cofinancing: lines(cofinancing) }));
    expect(proposal.status, JSON.stringify(proposal.body)).toBe(201);
    const terms: Terms = { ...initialTermsOf(proposal.body, '2026-01-01'), ...agreement.clauses, publicDisclosure: agreement.publicDisclosure };
    const row = await db.transaction((tx) =>
      createPartnershipFromAgreement({ db }, tx, { proposalId: proposal.body.id, terms, termsVersion: 1, agreedAt: new Date(agreement.agreedAt), actor }),
    );
    return row.id;
  }

  async function pay(partnershipId: string, source: CofinancingSource, amountKzt: number, disbursedOn: string) {
    const [tranche] = await db.select({ id: partnershipTranches.id }).from(partnershipTranches)
      .where(and(eq(partnershipTranches.partnershipId, partnershipId), eq(partnershipTranches.source, source))).limit(1);
    await db.insert(disbursements).values({ partnershipId, trancheId: tranche.id, source, amountKzt, disbursedOn });
  }

  // Milestones of proposalBody: 60 M due 2027-06-30 and 60 M due 2027-12-31, so every tranche is planned in 2027.
  const metallurgy = await partnership(
    enterprise,
    {
      title: `Селен из шламов: ${KAZAKH_LETTERS}`,
      problem: 'Шламы медного электролита содержат 8–12 % селена; обжиг извлекает лишь 82 %, "с выбросами SO2",\nнужен чистый гидрометаллургический путь к селену 99,9 %.',
      priorityArea: 'metallurgy', region: 'karaganda', confidentialDetails: SECRETS.confidentialDetails,
    },
    { enterprise: 72_000_000, state_program: 36_000_000, institute_inkind: 12_000_000 },
    { agreedAt: '2026-03-10T09:00:00Z' },
  );
  const agritech = await partnership(
    enterprise,
    { title: 'Органические удобрения из отходов', priorityArea: 'agritech', region: 'abai', visibility: 'registered', problem: `${SECRETS.registeredOnlyProblem} ${'Органическое земледелие в Абайской области требует дешёвых удобрений из местных отходов. '.repeat(2)}` },
    { enterprise: 60_000_000, subsoil_fund: 60_000_000 },
    { agreedAt: '2027-02-01T09:00:00Z' },
  );
  // 20:00 UTC on 31 December is 1 January in Kazakhstan (UTC+5): awarded in 2027.
  const energy = await partnership(
    enterprise,
    { title: 'Утилизация тепла отходящих газов', priorityArea: 'energy', region: 'jetisu' },
    { enterprise: 120_000_000 },
    // Enterprise money only, so private by default: both parties chose to publish it.
    { publicDisclosure: true, agreedAt: '2026-12-31T20:00:00Z' },
  );
  const hidden = await partnership(
    privateEnterprise,
    { title: SECRETS.privateTitle, priorityArea: 'metallurgy', region: 'karaganda', confidentialDetails: SECRETS.confidentialDetails },
    { enterprise: 120_000_000 },
    { publicDisclosure: false, agreedAt: '2026-06-01T09:00:00Z', clauses: { ipModel: 'enterprise_owns_no_publication', publicationDelayDays: 365, confidentialityYears: 10 } },
  );

  await pay(metallurgy, 'enterprise', 30_000_000, '2026-05-01');
  await pay(metallurgy, 'state_program', 10_000_000, '2027-01-15');
  await pay(agritech, 'subsoil_fund', 20_000_000, '2027-03-01');
  await pay(energy, 'enterprise', 40_000_000, '2026-12-31');
  await pay(hidden, 'enterprise', 99_000_000, '2026-07-01');

  return {
    ids: { metallurgy, agritech, energy, private: hidden },
    emails: [enterprise, privateEnterprise, institute].map((party) => party.credentials.email),
    instituteName,
    enterpriseName,
  };
}
