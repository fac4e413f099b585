import type { Db } from '../../db/database.ts';
import type { TaskRow } from '../tasks/tasks.table.ts';
import type { TaskNdaStatus } from '../../../shared/schemas/nda.ts';
import { isMemberOf, type AuthContext } from '../auth/auth-context.ts';
import { createTaskAttachmentsRepo } from '../task-attachments/task-attachments.repo.ts';
import { createNdaRepo } from './nda.repo.ts';

/** What the access log names as opened when a task's confidential part is shown. */
export const CONFIDENTIAL_DETAILS_SUBJECT = 'task.confidentialDetails';
/** What the access log names when a confidential file is downloaded: the file, by id and name. */
export const confidentialFileSubject = (attachment: { id: string; fileName: string }) => `task.attachment:${attachment.id}:${attachment.fileName}`;

/** Acceptance binds an organisation, so it takes a person signed in for an institute (not an API token). */
export const canAcceptNda = (auth: AuthContext) => auth.user !== null && auth.organisation?.kind === 'institute';

export interface ConfidentialAccess {
  readable: boolean;
  /** Present when the task has a confidential part (text or confidential files). */
  status?: TaskNdaStatus;
}

/** Who may read, without logging anything: for listings, which show names, never contents. */
export interface ConfidentialDecision {
  readable: boolean;
  /** The task's own enterprise: its reads are not logged. */
  own: boolean;
  /** The NDA version the caller's organisation accepted (the current one), or null. */
  acceptedVersion: number | null;
  currentVersion: number;
}

/**
 * The one place that decides who reads a task's confidential part (its `confidentialDetails` and the
 * files marked confidential): its enterprise, platform admins, and institutes whose organisation
 * accepted the current NDA version. Program offices are not let in: they read the public part, the
 * matches and the statistics, never the enterprise's confidential data. Every read from outside the
 * enterprise is logged before the material leaves the server.
 */
export function createNdaGate({ db }: { db: Db }) {
  const ndaRepo = createNdaRepo({ db });
  const attachmentsRepo = createTaskAttachmentsRepo({ db });

  async function decide(auth: AuthContext, task: TaskRow): Promise<ConfidentialDecision> {
    const own = isMemberOf(auth, task.organisationId);
    const current = await ndaRepo.findCurrent(task.id);
    const institute = auth.organisation?.kind === 'institute' ? auth.organisation : null;
    const accepted = institute !== null && (await ndaRepo.findAcceptance(task.id, institute.id, current.version)) !== null;
    return { readable: own || auth.isAdmin || accepted, own, acceptedVersion: accepted ? current.version : null, currentVersion: current.version };
  }

  async function logView(auth: AuthContext, task: TaskRow, subject: string, ndaVersion: number | null) {
    await ndaRepo.recordAccess({
      taskId: task.id,
      organisationId: auth.organisation?.id ?? null,
      userId: auth.user?.id ?? null,
      tokenId: auth.tokenId,
      action: 'confidential.view',
      subject,
      ndaVersion,
    });
  }

  return {
    decide,

    /** The task page: whether `confidentialDetails` may be shown (logged when it is), and the NDA status. */
    async openConfidential(auth: AuthContext, task: TaskRow): Promise<ConfidentialAccess> {
      const hasDetails = Boolean(task.confidentialDetails?.trim());
      if (!hasDetails && !(await attachmentsRepo.hasConfidential(task.id))) return { readable: isMemberOf(auth, task.organisationId) || auth.isAdmin };
      const decision = await decide(auth, task);
      if (hasDetails && decision.readable && !decision.own) await logView(auth, task, CONFIDENTIAL_DETAILS_SUBJECT, decision.acceptedVersion);
      return { readable: decision.readable, status: { version: decision.currentVersion, accepted: decision.acceptedVersion !== null, canAccept: canAcceptNda(auth) } };
    },

    /** A confidential file is about to be served: true (and logged, for outsiders) only for those let in. */
    async openConfidentialFile(auth: AuthContext, task: TaskRow, attachment: { id: string; fileName: string }): Promise<boolean> {
      const decision = await decide(auth, task);
      if (decision.readable && !decision.own) await logView(auth, task, confidentialFileSubject(attachment), decision.acceptedVersion);
      return decision.readable;
    },
  };
}
