// The proposals API, typed from the shared schemas.
import type {
  CompareProposalsQuery, CreateProposalBody, DeclineProposalBody, Proposal, ProposalAttachment, ProposalComparisonList,
  ProposalListQuery, ProposalPage, TaskProposalsQuery, UpdateProposalBody, WithdrawProposalBody,
} from '$shared/schemas/proposals.ts';
import { http, type Fetch } from './http.ts';
import { uploadFile, type UploadProgress } from './uploads.ts';

export type { UploadProgress };

const id = (value: string) => encodeURIComponent(value);

export const getProposal = (proposalId: string, fetch?: Fetch) => http.get<Proposal>(`/proposals/${id(proposalId)}`, { fetch });
export const listProposals = (query: ProposalListQuery, fetch?: Fetch) => http.get<ProposalPage>('/proposals', { query, fetch });
export const listTaskProposals = (taskId: string, query: TaskProposalsQuery, fetch?: Fetch) =>
  http.get<ProposalPage>(`/tasks/${id(taskId)}/proposals`, { query, fetch });
export const compareProposals = (query: CompareProposalsQuery, fetch?: Fetch) => http.get<ProposalComparisonList>('/proposals/compare', { query: { ids: query.ids }, fetch });

export const createProposal = (taskId: string, body: CreateProposalBody) => http.post<Proposal>(`/tasks/${id(taskId)}/proposals`, { body });
export const updateProposal = (proposalId: string, body: UpdateProposalBody) => http.patch<Proposal>(`/proposals/${id(proposalId)}`, { body });
export const submitProposal = (proposalId: string) => http.post<Proposal>(`/proposals/${id(proposalId)}/submit`);
export const withdrawProposal = (proposalId: string, body: WithdrawProposalBody) => http.post<Proposal>(`/proposals/${id(proposalId)}/withdraw`, { body });
export const shortlistProposal = (proposalId: string) => http.post<Proposal>(`/proposals/${id(proposalId)}/shortlist`);
export const declineProposal = (proposalId: string, body: DeclineProposalBody) => http.post<Proposal>(`/proposals/${id(proposalId)}/decline`, { body });

export const attachmentHref = (proposalId: string, attachmentId: string) => `/api/proposals/${id(proposalId)}/attachments/${id(attachmentId)}`;

/** One PDF as multipart/form-data in the field "file", reporting bytes sent. Rejects with ApiError. */
export const uploadAttachment = (proposalId: string, file: File, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal) =>
  uploadFile<ProposalAttachment>(`/proposals/${id(proposalId)}/attachments`, file, { onProgress, signal, tooLargeCode: 'proposals.attachment_too_large' });
