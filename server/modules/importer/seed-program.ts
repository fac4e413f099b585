import type { Tx } from '../../db/database.ts';
import { completeBin } from '../../../shared/bin.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';

/** A regional administration (akimat): a program office with a region sees that region by default. */
export const DEMO_AKIMAT_ACCOUNT = 'akimat@kopir.local';
const DEMO_AKIMAT = { name: 'Управление науки акимата Карагандинской области', bin: completeBin('22034000102')!, region: 'karaganda' };

/** Idempotent: the akimat and its officer are created once. */
export async function seedDemoProgram(tx: Tx, passwordHash: string): Promise<string[]> {
  const organisationsRepo = createOrganisationsRepo({ db: tx });
  const usersRepo = createUsersRepo({ db: tx });
  const akimat = (await organisationsRepo.findByBin(DEMO_AKIMAT.bin, tx)) ?? (await organisationsRepo.insert({ kind: 'program_office', ...DEMO_AKIMAT }, tx));
  if (await usersRepo.findByEmail(DEMO_AKIMAT_ACCOUNT, tx)) return [];
  const user = await usersRepo.insert({ email: DEMO_AKIMAT_ACCOUNT, fullName: 'Асель Жумабекова', passwordHash }, tx);
  await organisationsRepo.addMember({ userId: user.id, organisationId: akimat.id, role: 'owner' }, tx);
  return [DEMO_AKIMAT_ACCOUNT];
}
