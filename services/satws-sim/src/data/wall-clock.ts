/**
 * CFDI dates are Mexico City wall-clock times without an offset ("2025-01-15T10:22:31"). They
 * are handled here as if they were UTC so arithmetic never shifts them; the API then prints
 * them with a `Z` (satws-api.md §6.2, timezone note).
 */
export function wallClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function wallClockMs(value: string): number {
  return Date.parse(`${value}Z`);
}

export function withZ(value: string): string {
  return `${value}.000Z`;
}

export function dayStartMs(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`);
}
