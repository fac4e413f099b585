// The institute profile as form state: lists of labs, projects and publications as editable rows.
import type { Locale, PriorityArea, Region } from '$shared/constants.ts';
import { UpdateInstituteBodySchema, type Institute, type UpdateInstituteBody } from '$shared/schemas/institutes.ts';
import { parseWhole } from './task-form.ts';
import { validateWith, type FieldErrors } from './validation.ts';

let rowKey = 0;
const key = () => ++rowKey;

export interface LabRow { key: number; name: string; description: string; accredited: boolean; equipment: string }
export interface ProjectRow { key: number; title: string; year: string; partner: string; description: string }
export interface PublicationRow { key: number; title: string; year: string; venue: string; url: string }

export interface InstituteFormModel {
  description: string;
  lang: Locale;
  region: Region | '';
  city: string;
  website: string;
  priorityAreas: PriorityArea[];
  keywords: string;
  laboratories: LabRow[];
  pastProjects: ProjectRow[];
  publications: PublicationRow[];
}

export const newLab = (): LabRow => ({ key: key(), name: '', description: '', accredited: false, equipment: '' });
export const newProject = (): ProjectRow => ({ key: key(), title: '', year: '', partner: '', description: '' });
export const newPublication = (): PublicationRow => ({ key: key(), title: '', year: '', venue: '', url: '' });

export function instituteToForm(institute: Institute): InstituteFormModel {
  return {
    description: institute.description,
    lang: institute.lang,
    region: institute.region ?? '',
    city: institute.city ?? '',
    website: institute.website ?? '',
    priorityAreas: [...institute.priorityAreas],
    keywords: institute.keywords.join(', '),
    laboratories: institute.laboratories.map((lab) => ({
      key: key(), name: lab.name, description: lab.description ?? '', accredited: lab.accredited, equipment: lab.equipment.join('\n'),
    })),
    pastProjects: institute.pastProjects.map((project) => ({
      key: key(), title: project.title, year: project.year?.toString() ?? '', partner: project.partner ?? '', description: project.description ?? '',
    })),
    publications: institute.publications.map((publication) => ({
      key: key(), title: publication.title, year: publication.year?.toString() ?? '', venue: publication.venue ?? '', url: publication.url ?? '',
    })),
  };
}

const optional = <K extends string>(name: K, value: string) => (value.trim() ? { [name]: value.trim() } : {}) as Partial<Record<K, string>>;
const optionalYear = (value: string) => {
  const year = parseWhole(value);
  return year === null ? {} : { year };
};
const lines = (text: string, separator: RegExp) => [...new Set(text.split(separator).map((item) => item.trim()).filter(Boolean))];

export function instituteFormToBody(form: InstituteFormModel): UpdateInstituteBody {
  return {
    description: form.description.trim(),
    lang: form.lang,
    region: form.region || null,
    city: form.city.trim() || null,
    website: form.website.trim() || null,
    priorityAreas: form.priorityAreas,
    keywords: lines(form.keywords, /[,;\n]/),
    laboratories: form.laboratories.map((lab) => ({
      name: lab.name.trim(),
      ...optional('description', lab.description),
      accredited: lab.accredited,
      equipment: lines(lab.equipment, /\n/),
    })),
    pastProjects: form.pastProjects.map((project) => ({
      title: project.title.trim(),
      ...optionalYear(project.year),
      ...optional('partner', project.partner),
      ...optional('description', project.description),
    })),
    publications: form.publications.map((publication) => ({
      title: publication.title.trim(),
      ...optionalYear(publication.year),
      ...optional('venue', publication.venue),
      ...optional('url', publication.url),
    })),
  };
}

/** Errors inside a list field (one keyword, one equipment line) belong to the textarea that holds it. */
export function normaliseInstitutePaths(errors: FieldErrors): FieldErrors {
  const result: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const target = path.replace(/^\/keywords\/\d+$/, '/keywords').replace(/^(\/laboratories\/\d+\/equipment)\/\d+$/, '$1');
    result[target] ??= message;
  }
  return result;
}

export function validateInstituteForm(form: InstituteFormModel) {
  const body = instituteFormToBody(form);
  return { body, errors: normaliseInstitutePaths(validateWith(UpdateInstituteBodySchema, body)) };
}
