export type QueryValue = string | number | boolean | Date | readonly string[] | null | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

/**
 * Builds `path?query` once, for the first page only: later pages come from `hydra:next`.
 * Arrays use the `name[]=` form the upstream accepts (satws-api.md §3.1); dates go as ISO-8601.
 */
export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(`${key}[]`, item);
    } else {
      params.append(key, value instanceof Date ? value.toISOString() : String(value));
    }
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}
