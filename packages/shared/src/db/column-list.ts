/**
 * Renders an explicit column list (`a, b` or `t.a, t.b`) from one constant per table, so SELECT
 * and RETURNING always name the same columns as the row interface. `dates` are read as
 * `YYYY-MM-DD` text: pg would turn a `date` into a Date at local midnight, a day off west of UTC.
 */
export function columnList(
  columns: readonly string[],
  { alias, dates = [] }: { alias?: string; dates?: readonly string[] } = {},
): string {
  return columns
    .map((column) => {
      const qualified = alias ? `${alias}.${column}` : column;
      return dates.includes(column) ? `${qualified}::text as ${column}` : qualified;
    })
    .join(', ');
}
