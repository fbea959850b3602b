/**
 * The upstream writes times both as ISO-8601 with `Z` and as `2020-01-17 11:47:27` (satws-api.md
 * §3.1). A zoneless one is read as UTC, not in this machine's zone, so how two SAT.ws times
 * compare never depends on where a worker runs.
 */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** A SAT.ws timestamp as a Date, or undefined when it is missing or unreadable. */
export function parseSatwsTime(text: string | null | undefined): Date | undefined {
  if (!text) return undefined;
  const normalized = ZONELESS.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
