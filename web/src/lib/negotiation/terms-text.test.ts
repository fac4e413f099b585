import { describe, expect, it } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../../../../shared/i18n/index.ts';
import { diffTerms, type Terms } from '../../../../shared/schemas/terms.ts';
import { describeChange } from './terms-text.ts';
import { refusalText } from './refusal.ts';

const before: Terms = {
  totalBudgetKzt: 120_000_000,
  cofinancing: [{ source: 'enterprise', amountKzt: 36_000_000 }, { source: 'state_program', amountKzt: 84_000_000 }],
  milestones: [{ title: 'Lab', deliverable: 'Report', dueDate: '2027-06-30', amountKzt: 120_000_000 }],
  ipModel: 'institute_owns_nonexclusive_licence',
  publicationDelayDays: 90,
  confidentialityYears: 3,
  startDate: '2027-01-15',
};
const after: Terms = {
  ...before,
  cofinancing: [{ source: 'enterprise', amountKzt: 60_000_000 }, { source: 'state_program', amountKzt: 60_000_000 }],
  ipModel: 'enterprise_owns_academic_use',
  publicationDelayDays: 180,
};

const tr = (locale: 'ru' | 'en') => (key: MessageKey, params?: MessageParams) => translate(locale, key, params);

describe('terms in words', () => {
  it('describes a changed budget split, IP model and delay in Russian with money spaced by the locale', () => {
    const rows = diffTerms(before, after).map((change) => describeChange(change, tr('ru'), 'ru'));
    expect(rows).toContainEqual({ field: 'Софинансирование: Предприятие', before: '36\u00a0000\u00a0000\u00a0₸', after: '60\u00a0000\u00a0000\u00a0₸' });
    expect(rows).toContainEqual({ field: 'Отсрочка публикации', before: '90 дн.', after: '180 дн.' });
    const ip = rows.find((row) => row.field === 'Интеллектуальная собственность');
    expect(ip?.after).toBe(translate('ru', 'negotiations.ip.enterprise_owns_academic_use.name'));
  });

  it('names a milestone part by its number and shows an added milestone whole, against a dash', () => {
    const more: Terms = { ...before, milestones: [...before.milestones.map((m) => ({ ...m, amountKzt: 100_000_000 })), { title: 'Pilot', deliverable: '', dueDate: '2027-12-31', amountKzt: 20_000_000 }] };
    const rows = diffTerms(before, more).map((change) => describeChange(change, tr('en'), 'en'));
    expect(rows).toContainEqual({ field: 'Milestone 1 · amount', before: '120,000,000\u00a0₸', after: '100,000,000\u00a0₸' });
    const added = rows.find((row) => row.field === 'Milestone 2');
    expect(added?.before).toBe('—');
    expect(added?.after).toContain('Pilot');
    expect(added?.after).toContain('20,000,000');
  });

  it('says in words when a version switches publication off, in Kazakh too', () => {
    const rows = diffTerms(before, { ...before, publicDisclosure: false }).map((change) => describeChange(change, tr('ru'), 'ru'));
    expect(rows).toEqual([{ field: 'Публикуется на открытой странице прозрачности', before: 'Публично', after: 'Не публично' }]);
    const kk = diffTerms(before, { ...before, publicDisclosure: false }).map((change) => describeChange(change, (key, params) => translate('kk', key, params), 'kk'));
    expect(kk[0]).toEqual({ field: translate('kk', 'negotiations.fields.publicDisclosure'), before: 'Жария', after: 'Жария емес' });
  });

  it('translates an error frame by its wire code and falls back to the server text for an unknown one', () => {
    expect(refusalText({ code: 'stale_version', message: 'x' }, 'en')).toMatch(/newer version/);
    expect(refusalText({ code: 'terms.invalid', message: 'x' }, 'ru')).toBe(translate('ru', 'errors.terms.invalid'));
    expect(refusalText({ code: 'something_new', message: 'Server says so' }, 'kk')).toBe('Server says so');
  });
});
