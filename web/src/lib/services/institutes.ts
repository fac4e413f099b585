import type { UpdateInstituteBody } from '$shared/schemas/institutes.ts';
import * as institutesApi from '../api/institutes.ts';

export const saveInstituteProfile = (id: string, body: UpdateInstituteBody) => institutesApi.updateInstitute(id, body);
