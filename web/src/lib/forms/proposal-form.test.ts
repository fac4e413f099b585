import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.ts';
import { errorsOf } from '../services/proposals.ts';
import { emptyProposalForm, newMilestoneRow, newTeamRow, proposalFormToBody, proposalSums, validateProposalForm, type ProposalFormModel } from './proposal-form.ts';

function filledForm(): ProposalFormModel {
  const form = emptyProposalForm('Selenium from slimes');
  form.summary = 'Soda leaching.';
  form.approach = 'Lab, then pilot.';
  form.team = [newTeamRow({ name: 'A. Seitkali', role: 'PI', qualification: 'PhD' })];
  form.milestones = [
    newMilestoneRow({ title: 'Lab', deliverable: 'Report', dueDate: '2027-06-30', amount: '60 000 000' }),
    newMilestoneRow(),
    newMilestoneRow({ title: 'Pilot', deliverable: 'Report', dueDate: '2027-12-31', amount: '60000000' }),
  ];
  form.totalBudget = '120 000 000';
  form.cofinancing.enterprise = '36 000 000';
  form.cofinancing.state_program = '84 000 000';
  form.trlStart = '3';
  form.trlEnd = '6';
  return form;
}

describe('the proposal form', () => {
  it('builds the API body with whole tenge, leaving empty rows and empty sources out', () => {
    const body = proposalFormToBody(filledForm());
    expect(body.milestones?.map((milestone) => milestone.amountKzt)).toEqual([60_000_000, 60_000_000]);
    expect(body.cofinancing).toEqual([{ source: 'enterprise', amountKzt: 36_000_000 }, { source: 'state_program', amountKzt: 84_000_000 }]);
    expect(body.totalBudgetKzt).toBe(120_000_000);
  });

  it('adds up milestones and co-financing against the total and gives the enterprise share', () => {
    const form = filledForm();
    form.cofinancing.state_program = '70 000 000';
    const sums = proposalSums(form);
    expect(sums.milestoneDifference).toBe(0);
    expect(sums.cofinancingDifference).toBe(-14_000_000);
    expect(sums.enterpriseSharePercent).toBe(30);
  });

  it('a draft that adds up passes; one that does not names the field, and submission names every missing part', () => {
    expect(validateProposalForm(filledForm(), 'submit').errors).toEqual({});
    const off = filledForm();
    off.totalBudget = '100 000 000';
    expect(validateProposalForm(off, 'save').errors['/totalBudgetKzt']).toEqual({ key: 'proposals.validation.milestoneSum' });
    const bare = emptyProposalForm('Only a title');
    expect(validateProposalForm(bare, 'save').errors).toEqual({});
    expect(Object.keys(validateProposalForm(bare, 'submit').errors).sort()).toEqual(
      ['/approach', '/cofinancing', '/milestones', '/summary', '/team', '/totalBudgetKzt', '/trlEnd', '/trlStart'].sort(),
    );
  });

  it('a negative amount is "cannot be negative", a non-number "enter a whole number"', () => {
    const form = filledForm();
    form.cofinancing.enterprise = '-36 000 000';
    form.totalBudget = '12o';
    const { errors } = validateProposalForm(form, 'save');
    expect(errors['/cofinancing/enterprise']).toEqual({ key: 'validation.notNegative' });
    expect(errors['/totalBudgetKzt']).toEqual({ key: 'validation.integer' });
  });

  it('reports row errors on the row the user sees, not the row in the body', () => {
    const form = filledForm();
    form.milestones[2].dueDate = '2027-01-01';
    expect(validateProposalForm(form, 'save').errors['/milestones/2/dueDate']).toEqual({ key: 'proposals.validation.dateOrder' });
  });

  it("maps the server's error details to the form's fields, co-financing lines by source", () => {
    const form = filledForm();
    const schemaError = new ApiError(400, 'validation.failed', 'bad', [{ path: '/cofinancing/1/amountKzt', message: 'must be integer', keyword: 'type', params: { type: 'integer' } }]);
    expect(errorsOf(schemaError, form)).toEqual({ '/cofinancing/state_program': { key: 'validation.integer' } });
    const sumError = new ApiError(400, 'proposals.sum_mismatch', 'bad', [{ path: '/cofinancing', message: 'is 1, add up to 2', stated: 1, sum: 2 }]);
    expect(errorsOf(sumError, form)).toEqual({ '/cofinancing': { key: 'proposals.validation.cofinancingSum' } });
    const incomplete = new ApiError(422, 'proposals.incomplete', 'bad', [{ path: '/team', message: 'needs at least one person' }, { path: '/summary', message: 'is required' }]);
    expect(errorsOf(incomplete, form)).toEqual({ '/team': { key: 'proposals.validation.teamRequired' }, '/summary': { key: 'validation.required' } });
  });
});
