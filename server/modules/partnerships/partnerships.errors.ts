import { AppError, notFound } from '../../errors.ts';
import type { TermsIssue } from '../../../shared/schemas/terms.ts';

/** Also what a stranger organisation gets. */
export const partnershipNotFound = () => notFound('partnerships.not_found', 'The partnership');

/** A 400 listing every rule the terms break; the same messages the web's offer editor shows. */
export const invalidTerms = (issues: TermsIssue[]) =>
  new AppError(400, 'terms.invalid', `The terms do not hold: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, { issues });
