// The inbox filters live in the URL (shareable, work without script): ?status=…&overdueOnly=true.
import { PAGE_SIZE_MAX } from '$shared/constants.ts';
import { PROPOSAL_STATUSES, type ProposalStatus, type TaskProposalsQuery } from '$shared/schemas/proposals.ts';

export function inboxQueryFromUrl(url: URL): TaskProposalsQuery {
  const status = url.searchParams.get('status');
  return {
    pageSize: PAGE_SIZE_MAX,
    ...((PROPOSAL_STATUSES as readonly string[]).includes(status ?? '') ? { status: status as ProposalStatus } : {}),
    ...(url.searchParams.get('overdueOnly') === 'true' ? { overdueOnly: true } : {}),
  };
}

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

export const compareHref = (ids: readonly string[], back: string) =>
  `/proposals/compare?${new URLSearchParams([...ids.map((id) => ['ids', id]), ['back', back]]).toString()}`;

/** The enterprise never sees drafts. */
export const INBOX_STATUSES = PROPOSAL_STATUSES.filter((status) => status !== 'draft');
