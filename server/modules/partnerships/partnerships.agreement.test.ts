import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { proposalBody, publishableTaskBody, signUp } from '../../../tests/helpers/test-client.ts';
import { initialTermsOf, type Terms } from '../../../shared/schemas/terms.ts';
import { auditLog } from '../audit/audit.table.ts';
import { createPartnershipFromAgreement } from './partnerships.agreement.ts';
import { createPartnershipsRepo } from './partnerships.repo.ts';

let ctx: TestContext;
let proposalId: string;
let terms: Terms;
const actor = { userId: null, tokenId: null, label: 'test' };

beforeAll(async () => {
  ctx = await createTestContext();
  const enterprise = (await signUp(ctx.app, 'enterprise')).client;
  const institute = (await signUp(ctx.app, 'institute')).client;
  const task = await enterprise.post('/api/tasks', publishableTaskBody());
  await enterprise.post(`/api/tasks/${task.body.id}/status`, { status: 'published' });
  const proposal = await institute.post(`/api/tasks/${task.body.id}/proposals`, proposalBody({ submit: true }));
  expect(proposal.status).toBe(201);
  proposalId = proposal.body.id;
  terms = initialTermsOf(proposal.body, '2026-12-01');
});
afterAll(() => ctx.close());

describe('an agreement creates a partnership', () => {
  it('with frozen terms, milestones and tranches that add up by milestone and by source, audited', async () => {
    const partnership = await ctx.db.transaction((tx) => createPartnershipFromAgreement({ db: ctx.db }, tx, { proposalId, terms, termsVersion: 3, actor }));
    expect(partnership).toMatchObject({ proposalId, termsVersion: 3, totalBudgetKzt: terms.totalBudgetKzt, status: 'active', startDate: terms.startDate });
    const repo = createPartnershipsRepo({ db: ctx.db });
    const milestones = await repo.milestonesOf(partnership.id);
    const tranches = await repo.tranchesOf(partnership.id);
    expect(milestones.map((milestone) => milestone.amountKzt)).toEqual(terms.milestones.map((milestone) => milestone.amountKzt));
    for (const line of terms.cofinancing) {
      expect(tranches.filter((tranche) => tranche.source === line.source).reduce((total, tranche) => total + tranche.plannedAmountKzt, 0)).toBe(line.amountKzt);
    }
    // State-programme money makes it public unless the parties say otherwise.
    expect(partnership.isPublic).toBe(terms.cofinancing.some((line) => line.source === 'state_program'));
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, partnership.id));
    expect(audit.map((entry) => entry.action)).toEqual(['partnership.create']);
  });

  it('a second agreement on the same proposal fails instead of creating a twin', async () => {
    await expect(ctx.db.transaction((tx) => createPartnershipFromAgreement({ db: ctx.db }, tx, { proposalId, terms, termsVersion: 4, actor }))).rejects.toThrow();
  });

  it('terms whose sums do not hold are refused with the rule they break', async () => {
    const broken = { ...terms, totalBudgetKzt: terms.totalBudgetKzt + 1 };
    await expect(ctx.db.transaction((tx) => createPartnershipFromAgreement({ db: ctx.db }, tx, { proposalId, terms: broken, termsVersion: 5, actor })))
      .rejects.toMatchObject({ statusCode: 400, code: 'terms.invalid' });
  });
});
