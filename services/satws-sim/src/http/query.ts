import { InputError } from './input-error.js';

/**
 * Query parameters as the upstream reads them; unknown ones are never looked at (ignored).
 * They work on URLSearchParams so an export's `uri` is filtered exactly like a live request.
 */
export function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  return values[values.length - 1];
}

/** `type=I`, `type[]=I&type[]=E` or both: every value given. */
export function multi(params: URLSearchParams, name: string): string[] | undefined {
  const values = [...params.getAll(name), ...params.getAll(`${name}[]`)];
  return values.length > 0 ? values : undefined;
}

export function booleanParam(params: URLSearchParams, name: string): boolean | undefined {
  const value = single(params, name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new InputError(`Query parameter "${name}" must be true or false, got "${value}"`);
}

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Accepts the forms the upstream's examples and integrators use: `2020-01-17 11:47:27`,
 * `2020-06-01T00:00:00.000Z`, `2024-01-01`. A value without an offset is read as UTC, which is
 * how the API prints CFDI wall-clock times.
 */
export function parseDateTime(value: string, name: string): number {
  const match = DATE_TIME.exec(value.trim());
  const ms = match
    ? Date.parse(`${match[1]}T${match[2] ?? '00:00:00'}${match[3] ?? 'Z'}`)
    : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InputError(
      `"${name}" must be a date such as 2025-01-31 or 2025-01-31T23:59:59Z, got "${value}"`,
    );
  }
  return ms;
}

export type Predicate = (ms: number | null) => boolean;

/** `field[before|strictly_before|after|strictly_after]` as one predicate (null never matches). */
export function dateRange(params: URLSearchParams, field: string): Predicate | undefined {
  const bounds: Array<(ms: number) => boolean> = [];
  const add = (suffix: string, test: (ms: number, bound: number) => boolean): void => {
    const name = `${field}[${suffix}]`;
    const raw = single(params, name);
    if (raw === undefined) return;
    const bound = parseDateTime(raw, name);
    bounds.push((ms) => test(ms, bound));
  };
  add('before', (ms, bound) => ms <= bound);
  add('strictly_before', (ms, bound) => ms < bound);
  add('after', (ms, bound) => ms >= bound);
  add('strictly_after', (ms, bound) => ms > bound);
  if (bounds.length === 0) return undefined;
  return (ms) => ms !== null && bounds.every((test) => test(ms));
}

/** Case-insensitive "contains", the upstream's partial-match filters (e.g. `taxpayer.id`). */
export function partialMatch(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}
