// The competitive calls API, typed from the shared schemas.
import type {
  Assignment, AssignmentSummary, Call, CallFeedback, CallListQuery, CallPage, CallResults, CastVoteBody, Council, CreateCallBody, CreateCallProposalBody,
  DeclarationBody, Expert, ModerationAnswerBody, ModerationRound, OpenModerationBody, ProposalResult, PublicCall, RecordOutcomeBody, RegisterExpertBody,
  SetCouncilBody, SubmitScoresBody, UpdateCallBody,
} from '$shared/schemas/calls.ts';
import { http, type Fetch } from './http.ts';

const id = (value: string) => encodeURIComponent(value);

export const listPublicCalls = (query: CallListQuery, fetch?: Fetch) => http.get<CallPage>('/public/calls', { query, fetch });
export const getPublicCall = (callId: string, fetch?: Fetch) => http.get<PublicCall>(`/public/calls/${id(callId)}`, { fetch });
export const listOwnCalls = (fetch?: Fetch) => http.get<CallPage>('/calls', { query: { pageSize: 100 }, fetch });
export const getCall = (callId: string, fetch?: Fetch) => http.get<Call>(`/calls/${id(callId)}`, { fetch });
export const createCall = (body: CreateCallBody) => http.post<Call>('/calls', { body });
export const updateCall = (callId: string, body: UpdateCallBody) => http.patch<Call>(`/calls/${id(callId)}`, { body });
export const changeCallStatus = (callId: string, status: 'open' | 'scoring' | 'council') => http.post<Call>(`/calls/${id(callId)}/status`, { body: { status } });
export const createCallProposal = (callId: string, body: CreateCallProposalBody) => http.post<{ id: string }>(`/calls/${id(callId)}/proposals`, { body });

export const listExperts = (fetch?: Fetch) => http.get<{ items: Expert[] }>('/call-experts', { fetch });
export const registerExpert = (body: RegisterExpertBody) => http.post<Expert>('/call-experts', { body });
export const autoAssign = (callId: string) => http.post<{ assigned: number; short: { proposalId: string; missing: number }[] }>(`/calls/${id(callId)}/assignments/auto`);

export const listMyAssignments = (fetch?: Fetch) => http.get<{ items: AssignmentSummary[] }>('/expert-assignments', { fetch });
export const getAssignment = (assignmentId: string, fetch?: Fetch) => http.get<Assignment>(`/expert-assignments/${id(assignmentId)}`, { fetch });
export const declare = (assignmentId: string, body: DeclarationBody) => http.post<Assignment>(`/expert-assignments/${id(assignmentId)}/declaration`, { body });
export const submitScores = (assignmentId: string, body: SubmitScoresBody) => http.post<Assignment>(`/expert-assignments/${id(assignmentId)}/scores`, { body });

export const openModeration = (callId: string, proposalId: string, body: OpenModerationBody) =>
  http.post<ModerationRound>(`/calls/${id(callId)}/proposals/${id(proposalId)}/moderation`, { body });
export const closeModeration = (callId: string, proposalId: string) => http.post<ModerationRound>(`/calls/${id(callId)}/proposals/${id(proposalId)}/moderation/close`);
export const answerModeration = (assignmentId: string, body: ModerationAnswerBody) => http.post<Assignment>(`/expert-assignments/${id(assignmentId)}/moderation`, { body });

export const getResults = (callId: string, fetch?: Fetch) => http.get<CallResults>(`/calls/${id(callId)}/results`, { fetch });
export const resultsCsvHref = (callId: string) => `/api/calls/${id(callId)}/results.csv`;
export const setCouncil = (callId: string, body: SetCouncilBody) => http.put<Council>(`/calls/${id(callId)}/council`, { body });
export const getCouncil = (callId: string, fetch?: Fetch) => http.get<Council>(`/calls/${id(callId)}/council`, { fetch });
export const castVote = (callId: string, body: CastVoteBody) => http.post<Council>(`/calls/${id(callId)}/council/votes`, { body });
export const recordOutcome = (callId: string, body: RecordOutcomeBody) => http.post<ProposalResult>(`/calls/${id(callId)}/outcomes`, { body });
export const getCallFeedback = (proposalId: string, fetch?: Fetch) => http.get<CallFeedback>(`/proposals/${id(proposalId)}/call-feedback`, { fetch });
