import type { Overview } from '$shared/schemas/stats.ts';
import { http, type Fetch } from './http.ts';

export const getStatsOverview = (fetch?: Fetch) => http.get<Overview>('/stats/overview', { fetch });
