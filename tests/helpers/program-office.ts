import { randomBytes } from 'node:crypto';
import { createOrganisationsService } from '../../server/modules/organisations/organisations.service.ts';
import { createOrganisationsRepo } from '../../server/modules/organisations/organisations.repo.ts';
import { createUsersRepo } from '../../server/modules/users/users.repo.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { ANONYMOUS } from '../../server/modules/auth/auth-context.ts';
import type { TestContext } from './test-app.ts';
import { createClient, uniqueBin, type TestClient } from './test-client.ts';

/**
 * A person signed in for a new program office. Nobody signs up as one: an administrator creates the
 * organisation (here through the service, as an admin token would) and the person is added to it.
 */
export async function signInProgramOffice(ctx: TestContext, name = 'Program office'): Promise<TestClient> {
  const adminAuth = { ...ANONYMOUS, via: 'token' as const, isAdmin: true };
  const office = await createOrganisationsService({ db: ctx.db }).createOrganisation(adminAuth, { kind: 'program_office', name, bin: uniqueBin() });
  const email = `officer-${randomBytes(4).toString('hex')}@example.kz`;
  const password = 'program-office-pass';
  const officer = await createUsersRepo({ db: ctx.db }).insert({ email, fullName: 'Programme Officer', passwordHash: await hashPassword(password) });
  await createOrganisationsRepo({ db: ctx.db }).addMember({ userId: officer.id, organisationId: office.id, role: 'member' });
  const client = createClient(ctx.app);
  await client.session();
  const signedIn = await client.post('/api/auth/sign-in', { email, password });
  if (signedIn.status !== 200) throw new Error(`program office sign-in failed: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  return client;
}
