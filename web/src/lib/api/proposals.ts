// The proposals API, typed from the shared schemas. Uploads go through XMLHttpRequest: fetch cannot
// report upload progress in browsers without request streams over HTTP/2.
import type {
  CompareProposalsQuery, CreateProposalBody, DeclineProposalBody, Proposal, ProposalAttachment, ProposalComparisonList,
  ProposalListQuery, ProposalPage, TaskProposalsQuery, UpdateProposalBody, WithdrawProposalBody,
} from '$shared/schemas/proposals.ts';
import { ApiError, getCsrfToken, http, type Fetch } from './http.ts';

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

export interface UploadProgress {
  loaded: number;
  total: number;
}

/** One PDF as multipart/form-data in the field "file", reporting bytes sent. Rejects with ApiError. */
export function uploadAttachment(proposalId: string, file: File, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal): Promise<ProposalAttachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/proposals/${id(proposalId)}/attachments`);
    xhr.setRequestHeader('accept', 'application/json');
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(payload as ProposalAttachment);
      const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      reject(new ApiError(xhr.status, error?.code ?? (xhr.status === 413 ? 'proposals.attachment_too_large' : 'unknown'), error?.message ?? `HTTP ${xhr.status}`, error?.details));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Network error'));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
