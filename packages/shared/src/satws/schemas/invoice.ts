import { z } from 'zod';
import { looseNumber, optionalTimestamp, requiredId } from './common.js';

const partySchema = z.looseObject({
  rfc: z.string().nullish(),
  name: z.string().nullish(),
});

/**
 * What the downloader relies on is required: the ids, the direction flags (they pick the
 * `issued|received` S3 prefix), `issuedAt` (the key's year and month) and the `xml`/`pdf`
 * availability flags. Everything else is optional and unknown keys are kept.
 */
export const invoiceSchema = z.looseObject({
  id: requiredId,
  uuid: z.string().min(1, 'expected the CFDI UUID'),
  type: z.string().nullish(),
  version: looseNumber.nullish(),
  issuer: partySchema.nullish(),
  receiver: partySchema.nullish(),
  isIssuer: z.boolean(),
  isReceiver: z.boolean(),
  currency: z.string().nullish(),
  subtotal: looseNumber.nullish(),
  tax: looseNumber.nullish(),
  total: looseNumber.nullish(),
  status: z.string().nullish(),
  issuedAt: z.string().min(1, 'expected the issue date'),
  certifiedAt: optionalTimestamp,
  canceledAt: optionalTimestamp,
  xml: z.boolean(),
  pdf: z.boolean(),
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});
export type SatwsInvoice = z.output<typeof invoiceSchema>;
