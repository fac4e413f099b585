// Every table, for drizzle-kit and the typed client. Tables live with their domain module.
export * from '../modules/users/users.table.ts';
export * from '../modules/organisations/organisations.table.ts';
export * from '../modules/auth/sessions.table.ts';
export * from '../modules/auth/password-resets.table.ts';
export * from '../modules/tokens/tokens.table.ts';
export * from '../modules/audit/audit.table.ts';
export * from '../modules/institutes/institutes.table.ts';
export * from '../modules/tasks/tasks.table.ts';
export * from '../modules/search/search.table.ts';
export * from '../modules/embeddings/embeddings.table.ts';
export * from '../modules/alerts/alerts.table.ts';
export * from '../modules/nda/nda.table.ts';
export * from '../modules/invitations/invitations.table.ts';
export * from '../modules/proposals/proposals.table.ts';
export * from '../modules/partnerships/partnerships.table.ts';
export * from '../modules/negotiations/negotiations.table.ts';
export * from '../modules/task-attachments/task-attachments.table.ts';
