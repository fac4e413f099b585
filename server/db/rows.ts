/** Rows out of `db.execute`: node-postgres and PGlite both answer `{ rows }`. */
export const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
