import { describe, expect, it } from 'vitest';
import { keepingDisclosure, publicDisclosureOf, type Terms } from '$shared/schemas/terms.ts';
import { changeDisclosure, changeDisclosureStart, formToTerms, newTermsMilestoneRow, publicByDefault, publicDisclosureOfForm, termsSums, termsToForm, validateTermsForm } from './terms-form.ts';

const terms: Terms = {
  totalBudgetKzt: 120_000_000,
  cofinancing: [{ source: 'enterprise', amountKzt: 36_000_000 }, { source: 'state_program', amountKzt: 84_000_000 }],
  milestones: [
    { title: 'Lab', deliverable: 'Report', dueDate: '2027-06-30', amountKzt: 60_000_000 },
    { title: 'Pilot', deliverable: 'Pilot report', dueDate: '2027-12-31', amountKzt: 60_000_000 },
  ],
  ipModel: 'institute_owns_nonexclusive_licence',
  publicationDelayDays: 90,
  confidentialityYears: 3,
  startDate: '2027-01-15',
};

describe('the offer editor form', () => {
  it('round-trips the latest version unchanged and finds nothing wrong with it', () => {
    const form = termsToForm(terms);
    expect(form.cofinancing.subsoil_fund).toBe('');
    const { terms: back, errors } = validateTermsForm(form);
    expect(errors).toEqual({});
    expect(back).toEqual(terms);
  });

  it('reads amounts typed with spaces and leaves empty sources and rows out', () => {
    const form = termsToForm(terms);
    form.totalBudget = '120 000 000';
    form.cofinancing.state_program = '84\u00a0000\u00a0000';
    form.milestones.push(newTermsMilestoneRow());
    expect(formToTerms(form)).toEqual(terms);
  });

  it('moving money between sources without fixing the total reports the co-financing line, in the sums and on /cofinancing', () => {
    const form = termsToForm(terms);
    form.cofinancing.enterprise = '46 000 000';
    const sums = termsSums(form);
    expect(sums.cofinancingDifference).toBe(10_000_000);
    expect(sums.milestoneDifference).toBe(0);
    expect(sums.enterpriseSharePercent).toBe(38.3);
    expect(validateTermsForm(form).errors).toEqual({ '/cofinancing': { key: 'negotiations.validation.cofinancingSum' } });
  });

  it('a total above what the call funded is reported on the total, with the amount as the reader reads it', () => {
    const form = termsToForm(terms);
    const ceiling = { amountKzt: 100_000_000, label: '100 000 000 ₸' };
    expect(validateTermsForm(form, ceiling).errors).toEqual({ '/totalBudgetKzt': { key: 'negotiations.validation.aboveFunded', params: { amount: '100 000 000 ₸' } } });
    expect(validateTermsForm(form, { ...ceiling, amountKzt: 120_000_000 }).errors).toEqual({});
  });

  it('a milestone total that misses the budget, a date before the start and a clause out of range are each reported on their input', () => {
    const form = termsToForm(terms);
    form.milestones[1].amount = '50 000 000';
    form.milestones[0].dueDate = '2026-12-01';
    form.confidentialityYears = '11';
    const { errors } = validateTermsForm(form);
    expect(errors['/totalBudgetKzt']).toEqual({ key: 'negotiations.validation.milestoneSum' });
    expect(errors['/milestones/0/dueDate']).toEqual({ key: 'negotiations.validation.beforeStart' });
    expect(errors['/confidentialityYears']).toEqual({ key: 'validation.maximum', params: { limit: 10 } });
  });

  it('an error in a row after an empty one points at the row the user sees', () => {
    const form = termsToForm(terms);
    form.milestones.splice(1, 0, newTermsMilestoneRow());
    form.milestones[2].title = '';
    const { errors } = validateTermsForm(form);
    expect(errors['/milestones/2/title']).toEqual({ key: 'validation.required' });
    expect(errors['/milestones/1/title']).toBeUndefined();
  });

  it('text where a number belongs is named by the schema, without a misleading sum message', () => {
    const form = termsToForm(terms);
    form.totalBudget = 'a lot';
    const { errors } = validateTermsForm(form);
    expect(errors['/totalBudgetKzt']?.key).toBe('validation.integer');
    expect(errors['/cofinancing']).toBeUndefined();
  });

  it('publication follows the money as typed until someone chooses; a choice is sent, a default is not', () => {
    const form = termsToForm(terms);
    expect(form.publicDisclosure).toBeNull();
    expect(publicDisclosureOfForm(form)).toBe(true);
    // All the money moves to the enterprise: no state money left, so private by default.
    form.cofinancing.enterprise = '120000000';
    form.cofinancing.state_program = '';
    expect([publicByDefault(form), publicDisclosureOfForm(form)]).toEqual([false, false]);
    expect(formToTerms(form)).not.toHaveProperty('publicDisclosure');
    form.publicDisclosure = true;
    expect(publicDisclosureOfForm(form)).toBe(true);
    expect(formToTerms(form).publicDisclosure).toBe(true);
    // The other side's explicit choice comes back into the editor as it was made.
    expect(termsToForm({ ...terms, publicDisclosure: false }).publicDisclosure).toBe(false);
  });
});

describe('the publication box of a partnership change', () => {
  const enterpriseOnly: Terms['cofinancing'] = [{ source: 'enterprise', amountKzt: 120_000_000 }];
  /** What the server makes of a change request: `keepingDisclosure` against the agreed version, then the default. */
  const serverOutcome = (agreed: Terms, cofinancing: Terms['cofinancing'], choice: boolean | null) => {
    const isPublic = publicDisclosureOf(agreed);
    const { shown, body } = changeDisclosure(isPublic, choice, cofinancing);
    return { shown, public: publicDisclosureOf(keepingDisclosure({ ...agreed, cofinancing, ...body }, agreed)) };
  };
  const untouched = (agreed: Terms) => changeDisclosureStart({ isPublic: publicDisclosureOf(agreed), cofinancing: agreed.cofinancing });

  it('follows the money being typed while untouched: removing the state money shows and makes it private', () => {
    expect(untouched(terms)).toBeNull();
    expect(serverOutcome(terms, enterpriseOnly, untouched(terms))).toEqual({ shown: false, public: false });
    const privateTerms = { ...terms, cofinancing: enterpriseOnly };
    expect(serverOutcome(privateTerms, terms.cofinancing, untouched(privateTerms))).toEqual({ shown: true, public: true });
  });

  it('keeps an explicit choice that differs from the default, and sends one equal to it when the money moves', () => {
    const chosenPrivate = { ...terms, publicDisclosure: false };
    expect(untouched(chosenPrivate)).toBe(false);
    expect(serverOutcome(chosenPrivate, enterpriseOnly, untouched(chosenPrivate))).toEqual({ shown: false, public: false });
    // Chosen public with state money looks like the default: the box shows the new default and the server follows it.
    const chosenPublic = { ...terms, publicDisclosure: true };
    expect(serverOutcome(chosenPublic, enterpriseOnly, untouched(chosenPublic))).toEqual({ shown: false, public: false });
  });

  it('sends what the user ticked, and nothing when nothing changes', () => {
    expect(serverOutcome(terms, enterpriseOnly, true)).toEqual({ shown: true, public: true });
    expect(serverOutcome(terms, terms.cofinancing, false)).toEqual({ shown: false, public: false });
    expect(changeDisclosure(true, null, terms.cofinancing).body).toEqual({});
  });
});
