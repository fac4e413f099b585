import type { Db } from '../../db/database.ts';
import type { TaskRow } from '../tasks/tasks.table.ts';
import type { TaskNdaStatus } from '../../../shared/schemas/nda.ts';
import { isMemberOf, type AuthContext } from '../auth/auth-context.ts';
import { createNdaRepo } from './nda.repo.ts';

/** What the access log names as opened when a task's confidential part is shown. */
export const CONFIDENTIAL_DETAILS_SUBJECT = 'task.confidentialDetails';

/** Acceptance binds an organisation, so it takes a person signed in for an institute (not an API token). */
export const canAcceptNda = (auth: AuthContext) => auth.user !== null && auth.organisation?.kind === 'institute';

export interface ConfidentialAccess {
  readable: boolean;
  /** Present when the task has a confidential part. */
  status?: TaskNdaStatus;
}

/**
 * The one place that decides who reads a task's confidential part: its enterprise, platform admins, and
 * institutes whose organisation accepted the current NDA version. Program offices are not let in: they
 * read the public part, the matches and the statistics, never the enterprise's confidential data.
 * Every read from outside the enterprise is logged before the text leaves the server.
 */
export function createNdaGate({ db }: { db: Db }) {
  const ndaRepo = createNdaRepo({ db });
  return {
    async openConfidential(auth: AuthContext, task: TaskRow): Promise<ConfidentialAccess> {
      const own = isMemberOf(auth, task.organisationId);
      if (!task.confidentialDetails?.trim()) return { readable: own || auth.isAdmin };
      const current = await ndaRepo.findCurrent(task.id);
      const institute = auth.organisation?.kind === 'institute' ? auth.organisation : null;
      const accepted = institute !== null && (await ndaRepo.findAcceptance(task.id, institute.id, current.version)) !== null;
      const readable = own || auth.isAdmin || accepted;
      if (readable && !own) {
        await ndaRepo.recordAccess({
          taskId: task.id,
          organisationId: auth.organisation?.id ?? null,
          userId: auth.user?.id ?? null,
          tokenId: auth.tokenId,
          action: 'confidential.view',
          subject: CONFIDENTIAL_DETAILS_SUBJECT,
          ndaVersion: accepted ? current.version : null,
        });
      }
      return { readable, status: { version: current.version, accepted, canAccept: canAcceptNda(auth) } };
    },
  };
}
