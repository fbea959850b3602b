import { INVOICE_TYPES } from '../../data/catalogs.js';
import { parseDateTime } from '../../http/query.js';
import type { InvoiceOptions } from '../../state/types.js';

export const EXTRACTORS = [
  'invoice',
  'monthly_tax_return',
  'annual_tax_return',
  'rif_tax_return',
  'tax_status',
  'tax_retention',
  'tax_compliance',
  'electronic_accounting',
  'sat_certificates',
  'rpc',
  'buro_de_credito_report',
  'bil',
  'rug',
  'background_check',
] as const;

type Violation = { propertyPath: string; message: string };

/** Default `period.from` of the invoice extractor (satws-api.md §5.1). */
const DEFAULT_FROM = '2014-01-01';

/**
 * Checks the `invoice` extractor's options and resolves their defaults. Options are kept as sent
 * for the API; the resolved form drives which CFDIs the run extracts.
 */
export function resolveInvoiceOptions(
  options: Record<string, unknown>,
  nowMs: number,
  violations: Violation[],
): InvoiceOptions {
  const flag = (name: string): boolean => {
    const value = options[name];
    if (value === undefined) return true;
    if (typeof value !== 'boolean')
      violations.push({
        propertyPath: `options.${name}`,
        message: 'This value should be of type bool.',
      });
    return value !== false;
  };
  const types = options.types ?? [...INVOICE_TYPES];
  if (
    !Array.isArray(types) ||
    types.some((type) => !(INVOICE_TYPES as readonly unknown[]).includes(type))
  ) {
    violations.push({
      propertyPath: 'options.types',
      message: 'One or more of the given values is invalid (use I, E, P, N, T).',
    });
  }
  const complement = options.complement;
  if (complement !== undefined && !Number.isInteger(complement)) {
    violations.push({
      propertyPath: 'options.complement',
      message: 'This value should be of type int.',
    });
  }
  const { fromMs, toMs } = resolvePeriod(options.period, nowMs, violations);
  return {
    types: Array.isArray(types) ? types.map(String) : [],
    fromMs,
    toMs,
    issued: flag('issued'),
    received: flag('received'),
    xml: flag('xml'),
    pdf: flag('pdf'),
  };
}

function resolvePeriod(
  period: unknown,
  nowMs: number,
  violations: Violation[],
): { fromMs: number; toMs: number } {
  if (
    period !== undefined &&
    (period === null || typeof period !== 'object' || Array.isArray(period))
  ) {
    violations.push({
      propertyPath: 'options.period',
      message: 'This value should be an object with "from" and "to".',
    });
    return { fromMs: 0, toMs: nowMs };
  }
  const { from, to } = (period ?? {}) as Record<string, unknown>;
  const read = (value: unknown, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    try {
      if (typeof value !== 'string') throw new Error('not a string');
      return parseDateTime(value, `options.period.${name}`);
    } catch {
      violations.push({
        propertyPath: `options.period.${name}`,
        message: 'This value is not a valid date (e.g. 2025-01-31T23:59:59.000Z).',
      });
      return fallback;
    }
  };
  const fromMs = read(from, 'from', Date.parse(`${DEFAULT_FROM}T00:00:00Z`));
  const toMs = read(to, 'to', nowMs);
  if (fromMs > toMs)
    violations.push({ propertyPath: 'options.period', message: '"from" must not be after "to".' });
  return { fromMs, toMs };
}

/** Same entity, extractor and options (key order ignored) = equivalent (the 409 rule). */
export function equivalenceKey(rfc: string, extractor: string, options: unknown): string {
  return JSON.stringify([rfc, extractor, canonical(options)]);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}
