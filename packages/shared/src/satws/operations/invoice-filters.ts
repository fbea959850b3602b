import { z } from 'zod';
import type { Query } from '../query.js';
import { MAX_ITEMS_PER_PAGE } from '../validate-input.js';

export const INVOICE_TYPES = ['I', 'E', 'P', 'N', 'T'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];

/** A calendar date or a timestamp, as a string or a Date; sent as given (or ISO-8601). */
export const dateLike = z.union([
  z.date().transform((date) => date.toISOString()),
  z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'expected a date or a date-time'),
]);

export const invoiceFiltersSchema = z.strictObject({
  isIssuer: z.boolean().optional(),
  isReceiver: z.boolean().optional(),
  issuedAfter: dateLike.optional(),
  issuedBefore: dateLike.optional(),
  updatedAfter: dateLike.optional(),
  type: z.union([z.enum(INVOICE_TYPES), z.array(z.enum(INVOICE_TYPES)).min(1)]).optional(),
  uuid: z.union([z.guid(), z.array(z.guid()).min(1)]).optional(),
  itemsPerPage: z.number().int().min(1).max(MAX_ITEMS_PER_PAGE).default(MAX_ITEMS_PER_PAGE),
});
export type InvoiceFilters = z.input<typeof invoiceFiltersSchema>;

/**
 * Upstream filter names (satws-api.md §6.1). `[after]` and `[before]` are inclusive. A
 * misspelt filter is silently ignored upstream (§3.1), which is why the names live only here.
 */
export function invoiceQuery(filters: z.output<typeof invoiceFiltersSchema>): Query {
  return {
    isIssuer: filters.isIssuer,
    isReceiver: filters.isReceiver,
    'issuedAt[after]': filters.issuedAfter,
    'issuedAt[before]': filters.issuedBefore,
    'updatedAt[after]': filters.updatedAfter,
    type: filters.type,
    uuid: filters.uuid,
    itemsPerPage: filters.itemsPerPage,
  };
}
