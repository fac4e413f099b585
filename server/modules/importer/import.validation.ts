import { Value } from 'typebox/value';
import { ImportFileSchema, type ImportFile } from '../../../shared/schemas/import.ts';
import { isValidBin } from '../../../shared/bin.ts';
import { findUnsafeInput } from '../../input-safety.ts';

export interface ImportProblem {
  /** e.g. "tasks[3]" — the record's position in the file (0-based, as in the JSON array). */
  record: string;
  externalId: string | null;
  field: string;
  message: string;
}

export class ImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    const first = problems[0];
    super(
      `The file was not imported (nothing was changed): ${problems.length} problem(s). First: ` +
        `${first.record}${first.externalId ? ` (externalId ${first.externalId})` : ''}, field "${first.field}": ${first.message}`,
    );
    this.name = 'ImportError';
  }
}

function locate(data: unknown, instancePath: string): Omit<ImportProblem, 'message'> {
  const [collection, index, ...rest] = instancePath.replace(/^\//, '').split('/');
  if (index === undefined || !/^\d+$/.test(index)) return { record: collection || 'file', externalId: null, field: rest.join('.') || collection || '(root)' };
  const record = (data as Record<string, unknown[]>)[collection]?.[Number(index)] as { externalId?: unknown } | undefined;
  return {
    record: `${collection}[${index}]`,
    externalId: typeof record?.externalId === 'string' ? record.externalId : null,
    field: rest.join('.') || '(record)',
  };
}

/** Checks the whole file before anything is written: a bad record rejects the file. */
export function validateImportFile(data: unknown): ImportFile {
  const problems: ImportProblem[] = [];
  // Text PostgreSQL cannot store gets the same record-and-field message as any other problem.
  const unsafe = findUnsafeInput(data);
  if (unsafe) {
    const message = unsafe.problem === 'text' ? 'contains characters that are not text (a NUL byte or a broken Unicode character)' : 'is nested too deeply';
    throw new ImportError([{ ...locate(data, unsafe.path), message }]);
  }
  for (const error of Value.Errors(ImportFileSchema, data)) {
    const missing = (error.params as { requiredProperties?: string[] } | undefined)?.requiredProperties;
    const location = locate(data, error.instancePath);
    if (missing?.length) {
      for (const property of missing) problems.push({ ...location, field: location.field === '(record)' ? property : `${location.field}.${property}`, message: 'is required' });
    } else {
      problems.push({ ...location, message: error.message });
    }
  }
  if (problems.length) throw new ImportError(problems);

  const file = data as ImportFile;
  const seen = new Set<string>();
  file.institutes?.forEach((institute, index) => {
    const where = { record: `institutes[${index}]`, externalId: institute.externalId };
    if (seen.has(`i:${institute.externalId}`)) problems.push({ ...where, field: 'externalId', message: 'appears twice in the file' });
    seen.add(`i:${institute.externalId}`);
    if (institute.bin && !isValidBin(institute.bin)) problems.push({ ...where, field: 'bin', message: 'control digit does not match' });
  });
  file.tasks?.forEach((task, index) => {
    const where = { record: `tasks[${index}]`, externalId: task.externalId };
    if (seen.has(`t:${task.externalId}`)) problems.push({ ...where, field: 'externalId', message: 'appears twice in the file' });
    seen.add(`t:${task.externalId}`);
    if (task.budgetMinKzt !== undefined && task.budgetKzt !== undefined && task.budgetMinKzt > task.budgetKzt) {
      problems.push({ ...where, field: 'budgetMinKzt', message: 'must not exceed budgetKzt' });
    }
    if (task.trlCurrent !== undefined && task.trlCurrent > task.trlTarget) problems.push({ ...where, field: 'trlCurrent', message: 'must not exceed trlTarget' });
  });
  if (problems.length) throw new ImportError(problems);
  return file;
}
