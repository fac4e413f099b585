import type { DisableUserBody } from '$shared/schemas/admin.ts';
import * as adminApi from '../api/admin.ts';

export const disableUser = (id: string, body: DisableUserBody) => adminApi.disableUser(id, body);
export const enableUser = (id: string) => adminApi.enableUser(id);
