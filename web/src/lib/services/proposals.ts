// Proposal actions for the pages: save (create or update), submit, withdraw, shortlist, decline and
// upload; failures come back as field errors on the form's paths plus the error to explain.
import type { CreateProposalBody, DeclineProposalBody, Proposal } from '$shared/schemas/proposals.ts';
import * as api from '../api/proposals.ts';
import { isApiError } from '../api/http.ts';
import { proposalIssue, remapRowErrors, type ProposalFormModel, type ProposalIntent } from '../forms/proposal-form.ts';
import { detailsToFieldErrors, type FieldErrors } from '../forms/validation.ts';

export interface ProposalSaveResult {
  /** The proposal as last saved, even when submitting it then failed. */
  proposal: Proposal | null;
  errors: FieldErrors;
  failure: unknown;
}

export function errorsOf(error: unknown, form?: ProposalFormModel): FieldErrors {
  if (!isApiError(error)) return {};
  const errors = detailsToFieldErrors(error, (path) => proposalIssue(error.code, path));
  return form ? remapRowErrors(errors, form) : errors;
}

/**
 * Creates the draft (or saves changes to it), then submits when asked. Submission is its own
 * request, so a draft is kept even when the server finds it not ready.
 */
export async function saveProposal(
  taskId: string, proposalId: string | null, body: Omit<CreateProposalBody, 'submit'>, intent: ProposalIntent, form: ProposalFormModel,
): Promise<ProposalSaveResult> {
  let proposal: Proposal | null = null;
  try {
    proposal = proposalId ? await api.updateProposal(proposalId, body) : await api.createProposal(taskId, body);
    if (intent === 'submit') proposal = await api.submitProposal(proposal.id);
    return { proposal, errors: {}, failure: null };
  } catch (error) {
    return { proposal, errors: errorsOf(error, form), failure: error };
  }
}

export const withdrawProposal = (id: string, note: string) => api.withdrawProposal(id, { note: note.trim() });
export const shortlistProposal = (id: string) => api.shortlistProposal(id);
export const declineProposal = (id: string, body: DeclineProposalBody) =>
  api.declineProposal(id, { reasonCode: body.reasonCode, ...(body.note?.trim() ? { note: body.note.trim() } : {}) });

/** PDF by extension or type; the server checks the content either way. */
export const looksLikePdf = (file: File) => file.type === 'application/pdf' || /\.pdf$/i.test(file.name);

export const uploadAttachment = api.uploadAttachment;

/** Runs an action and reloads the page's data; resolves with the error, or null when it worked. */
export async function actAndRefresh(action: () => Promise<unknown>, refresh: () => Promise<void>): Promise<unknown> {
  try {
    await action();
    await refresh();
    return null;
  } catch (error) {
    return error;
  }
}
