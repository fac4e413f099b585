// The partnerships API, typed from the shared schemas.
import type {
  AtRiskBody, CompleteBody, DecideChangeBody, PartnershipDetail, PartnershipListQuery, PartnershipPage, PartnershipReport, ProposeChangeBody,
  RecordDisbursementBody, TerminateBody,
} from '$shared/schemas/partnerships.ts';
import type { ProposalAttachment } from '$shared/schemas/proposals.ts';
import { ApiError, getCsrfToken, http, type Fetch } from './http.ts';

const id = (value: string) => encodeURIComponent(value);
const base = (partnershipId: string) => `/partnerships/${id(partnershipId)}`;

export const listPartnerships = (query: PartnershipListQuery, fetch?: Fetch) => http.get<PartnershipPage>('/partnerships', { query, fetch });
export const getPartnership = (partnershipId: string, fetch?: Fetch) => http.get<PartnershipDetail>(base(partnershipId), { fetch });

export const terminatePartnership = (partnershipId: string, body: TerminateBody) => http.post<PartnershipDetail>(`${base(partnershipId)}/terminate`, { body });
export const setAtRisk = (partnershipId: string, body: AtRiskBody) => http.post<PartnershipDetail>(`${base(partnershipId)}/at-risk`, { body });
export const completePartnership = (partnershipId: string, body: CompleteBody) => http.post<PartnershipDetail>(`${base(partnershipId)}/complete`, { body });

export const submitReport = (partnershipId: string, milestoneId: string, text: string) =>
  http.post<PartnershipReport>(`${base(partnershipId)}/milestones/${id(milestoneId)}/reports`, { body: { text } });
export const acceptReport = (partnershipId: string, reportId: string, comment: string) =>
  http.post<PartnershipDetail>(`${base(partnershipId)}/reports/${id(reportId)}/accept`, { body: comment ? { comment } : {} });
export const returnReport = (partnershipId: string, reportId: string, comment: string) =>
  http.post<PartnershipDetail>(`${base(partnershipId)}/reports/${id(reportId)}/return`, { body: { comment } });
export const reportAttachmentHref = (partnershipId: string, reportId: string, attachmentId: string) =>
  `/api${base(partnershipId)}/reports/${id(reportId)}/attachments/${id(attachmentId)}`;

/** One PDF as multipart/form-data in the field "file". */
export async function uploadReportAttachment(partnershipId: string, reportId: string, file: File): Promise<ProposalAttachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  const token = getCsrfToken();
  const response = await fetch(`/api${base(partnershipId)}/reports/${id(reportId)}/attachments`, {
    method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json', ...(token ? { 'x-csrf-token': token } : {}) },
  }).catch(() => { throw new ApiError(0, 'network', 'Network error'); });
  const payload = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, payload?.error?.code ?? 'unknown', payload?.error?.message ?? `HTTP ${response.status}`, payload?.error?.details);
  return payload as ProposalAttachment;
}

export const recordDisbursement = (partnershipId: string, body: RecordDisbursementBody) => http.post<PartnershipDetail>(`${base(partnershipId)}/disbursements`, { body });
export const reverseDisbursement = (partnershipId: string, disbursementId: string, note: string) =>
  http.post<PartnershipDetail>(`${base(partnershipId)}/disbursements/${id(disbursementId)}/reverse`, { body: { note } });

export const proposeChange = (partnershipId: string, body: ProposeChangeBody) => http.post<PartnershipDetail>(`${base(partnershipId)}/change-requests`, { body });
export const decideChange = (partnershipId: string, requestId: string, decision: 'accept' | 'reject' | 'withdraw', body: DecideChangeBody = {}) =>
  http.post<PartnershipDetail>(`${base(partnershipId)}/change-requests/${id(requestId)}/${decision}`, decision === 'withdraw' ? {} : { body });
