// The signed-in user and organisation, loaded once by the root layout and replaced by every
// session response (sign-in, sign-up, sign-out, profile change).
import type { Session } from '$shared/schemas/auth.ts';
import { getSession } from './api/auth.ts';
import type { Fetch } from './api/http.ts';

const ANONYMOUS: Session = { user: null, organisation: null, csrfToken: null };

class SessionStore {
  current = $state<Session>(ANONYMOUS);
  loaded = $state(false);

  get user() {
    return this.current.user;
  }
  get organisation() {
    return this.current.organisation;
  }
  get signedIn() {
    return this.current.user !== null;
  }
  get isAdmin() {
    return this.current.user?.isPlatformAdmin ?? false;
  }
  /** True for members of the given organisation (and platform admins). */
  canManage(organisationId: string): boolean {
    return this.isAdmin || this.current.organisation?.id === organisationId;
  }
  isOwnerOf(organisationId: string): boolean {
    return this.isAdmin || (this.current.organisation?.id === organisationId && this.current.organisation.role === 'owner');
  }

  set(session: Session): void {
    this.current = session;
  }

  async load(fetch?: Fetch): Promise<void> {
    if (this.loaded) return;
    try {
      this.current = await getSession(fetch);
    } catch {
      // The API is unreachable: browse anonymously; pages show their own errors.
      this.current = ANONYMOUS;
    }
    this.loaded = true;
  }
}

export const session = new SessionStore();
