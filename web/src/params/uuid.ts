import type { ParamMatcher } from '@sveltejs/kit';

// Record ids are UUIDs: any other segment names nothing, so the router shows "not found" itself
// instead of asking the API and showing its 400 as a form error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const match: ParamMatcher = (param) => UUID.test(param);
