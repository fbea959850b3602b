import type { z } from 'zod';
import { invalidArgument } from './satws-error.js';

/** Upstream ids are UUIDs; anything that could change the path (slashes, dots) is refused. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** 12 characters for companies, 13 for people; `Ñ` and `&` are legal RFC letters. */
const RFC_PATTERN = /^[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}$/;

export const MAX_ITEMS_PER_PAGE = 1000;

export function pathId(operation: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalidArgument(
      operation,
      `${name} must be an upstream id such as a UUID, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** RFCs are compared upper case; the upstream lists them that way. */
export function normalizeRfc(operation: string, value: unknown): string {
  const rfc = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!RFC_PATTERN.test(rfc)) {
    throw invalidArgument(
      operation,
      `rfc must be a 12 or 13 character RFC, got ${JSON.stringify(value)}`,
    );
  }
  return rfc;
}

export function itemsPerPageOf(operation: string, value: number | undefined): number {
  const items = value ?? MAX_ITEMS_PER_PAGE;
  if (!Number.isInteger(items) || items < 1 || items > MAX_ITEMS_PER_PAGE) {
    throw invalidArgument(
      operation,
      `itemsPerPage must be an integer from 1 to ${MAX_ITEMS_PER_PAGE}, got ${value}`,
    );
  }
  return items;
}

export function parseInput<S extends z.ZodType>(
  operation: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
    .join('; ');
  throw invalidArgument(operation, problems);
}
