// How complete an institute profile is: what enterprises look for when judging a partner.
import type { Institute } from '$shared/schemas/institutes.ts';
import type { MessageKey, MessageParams } from '$shared/i18n/index.ts';

export const DESCRIPTION_MIN = 200;
export const KEYWORDS_MIN = 3;

export interface CompletenessCheck {
  key: MessageKey;
  params?: MessageParams;
  done: boolean;
}

export function instituteCompleteness(institute: Institute): { percent: number; checks: CompletenessCheck[] } {
  const checks: CompletenessCheck[] = [
    { key: 'dashboard.check.description', params: { min: DESCRIPTION_MIN }, done: institute.description.trim().length >= DESCRIPTION_MIN },
    { key: 'dashboard.check.priorityAreas', done: institute.priorityAreas.length > 0 },
    { key: 'dashboard.check.keywords', params: { min: KEYWORDS_MIN }, done: institute.keywords.length >= KEYWORDS_MIN },
    { key: 'dashboard.check.laboratories', done: institute.laboratories.length > 0 },
    { key: 'dashboard.check.accredited', done: institute.laboratories.some((lab) => lab.accredited) },
    { key: 'dashboard.check.pastProjects', done: institute.pastProjects.length > 0 },
    { key: 'dashboard.check.publications', done: institute.publications.length > 0 },
    { key: 'dashboard.check.region', done: institute.region !== null },
    { key: 'dashboard.check.website', done: Boolean(institute.website) },
  ];
  const percent = Math.round((checks.filter((check) => check.done).length / checks.length) * 100);
  return { percent, checks };
}
