/** The row a statement that always returns one (INSERT … RETURNING, an aggregate) returned. */
export function singleRow<T>(rows: T[], statement: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`${statement} returned no row`);
  return row;
}
