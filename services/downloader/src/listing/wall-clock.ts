const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?)?/;

/**
 * The CFDI's wall-clock issue time as a Date whose UTC fields are that wall clock, or
 * undefined when `text` does not start with a date. SAT.ws writes it with a `Z` (satws-api.md
 * §6.2) and sometimes as `2020-01-17 11:47:27` (§3.1); any zone suffix is ignored on purpose,
 * since the wall clock is the legal date that picks the S3 key's year and month.
 */
export function wallClockDate(text: string): Date | undefined {
  const match = WALL_CLOCK.exec(text.trim());
  if (!match) return undefined;
  const [, date, time = '00:00:00', fraction = ''] = match;
  const parsed = new Date(`${date}T${time}${fraction.slice(0, 4)}Z`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}
