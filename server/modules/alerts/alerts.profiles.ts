import { ANONYMOUS, type AuthContext } from '../auth/auth-context.ts';
import type { MatchingService } from '../matching/matching.service.ts';

/** Institutes whose profile matches a task, best first. */
export interface ProfileMatch {
  organisationId: string;
  score: number;
  /** Concepts task and profile share, most telling first; labelled per recipient later. */
  conceptIds: string[];
}

/**
 * The port alerts use for "which institutes fit this new task". Kept this small so the alert rules
 * (threshold, top N, one notification per person) are tested with a stub, independent of how the
 * matching scores move as it is tuned.
 */
export type ProfileMatcher = (taskId: string, limit: number) => Promise<ProfileMatch[]>;

// The server asking for itself: only published tasks reach alerts, so nothing private is read.
const SYSTEM: AuthContext = Object.freeze({ ...ANONYMOUS, via: 'token' as const, isAdmin: true });

export function createProfileMatcher(matching: Pick<MatchingService, 'matchInstitutesForTask'>): ProfileMatcher {
  return async (taskId, limit) => {
    const result = await matching.matchInstitutesForTask(SYSTEM, taskId, { limit, locale: 'en' });
    return result.matches.map((match) => ({
      organisationId: match.institute.id,
      score: match.score,
      conceptIds: match.explanation.sharedConcepts.map((concept) => concept.id),
    }));
  };
}
