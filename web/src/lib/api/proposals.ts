import type {
  CreateProposalBody, DeclineProposalBody, Proposal, ProposalComparisonList, ProposalListQuery, ProposalPage, TaskProposalsQuery,
  UpdateProposalBody, WithdrawProposalBody,
} from '$shared/schemas/proposals.ts';
import { http, type Fetch } from './http.ts';

// The typed client for the proposals API (pages come later). Attachments are uploaded as
// multipart/form-data (field "file") with XMLHttpRequest for progress, not through this JSON client.
const at = (id: string) => `/proposals/${encodeURIComponent(id)}`;

export const createProposal = (taskId: string, body: CreateProposalBody) => http.post<Proposal>(`/tasks/${encodeURIComponent(taskId)}/proposals`, { body });
export const getProposal = (id: string, fetch?: Fetch) => http.get<Proposal>(at(id), { fetch });
export const updateProposal = (id: string, body: UpdateProposalBody) => http.patch<Proposal>(at(id), { body });
export const submitProposal = (id: string) => http.post<Proposal>(`${at(id)}/submit`);
export const withdrawProposal = (id: string, body: WithdrawProposalBody) => http.post<Proposal>(`${at(id)}/withdraw`, { body });
export const shortlistProposal = (id: string) => http.post<Proposal>(`${at(id)}/shortlist`);
export const declineProposal = (id: string, body: DeclineProposalBody) => http.post<Proposal>(`${at(id)}/decline`, { body });
export const listProposals = (query: ProposalListQuery, fetch?: Fetch) => http.get<ProposalPage>('/proposals', { query, fetch });
export const listTaskProposals = (taskId: string, query: TaskProposalsQuery = {}, fetch?: Fetch) =>
  http.get<ProposalPage>(`/tasks/${encodeURIComponent(taskId)}/proposals`, { query, fetch });
export const compareProposals = (ids: string[], fetch?: Fetch) => http.get<ProposalComparisonList>('/proposals/compare', { query: { ids }, fetch });
/** Where the browser downloads an attachment (the server answers Content-Disposition: attachment). */
export const attachmentUrl = (id: string, attachmentId: string) => `/api${at(id)}/attachments/${encodeURIComponent(attachmentId)}`;
export const attachmentUploadUrl = (id: string) => `/api${at(id)}/attachments`;
