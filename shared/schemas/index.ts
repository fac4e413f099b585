export * from './common.ts';
export * from './auth.ts';
export * from './organisations.ts';
export * from './tasks.ts';
export * from './institutes.ts';
export * from './tokens.ts';
export * from './stats.ts';
export * from './import.ts';
