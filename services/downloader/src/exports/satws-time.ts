/**
 * The upstream writes times both as ISO-8601 with `Z` and as `2020-01-17 11:47:27` (satws-api.md
 * §3.1); a zoneless one is read as UTC so two SAT.ws times compare the same on every machine.
 */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/;

export function parseSatwsTime(text: string | null | undefined): Date | undefined {
  if (!text) return undefined;
  const ms = Date.parse(ZONELESS.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
