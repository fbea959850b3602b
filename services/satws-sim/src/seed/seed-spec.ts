import { z } from 'zod';
import { INVOICE_TYPES } from '../data/catalogs.js';
import { RFC_PATTERN } from '../data/rfc.js';

const byteSize = z
  .number()
  .int()
  .min(1)
  .max(64 * 1024 ** 3);

const fileSizesSchema = z.strictObject({
  xml: byteSize.optional().describe('exact XML size in bytes (padded with an Addenda)'),
  pdf: byteSize.optional().describe('exact PDF size in bytes (padded with a stream object)'),
});

export const taxpayerSeedSchema = z
  .strictObject({
    rfc: z.string().regex(RFC_PATTERN, 'must be an RFC such as EKU9003173C9').optional(),
    name: z.string().min(1).max(254).optional(),
    personType: z.enum(['legal', 'physical']).optional(),
    invoices: z.number().int().min(0).max(1_000_000).default(50),
    from: z.iso.date().default('2025-01-01'),
    to: z.iso.date().default('2025-06-30'),
    types: z.array(z.enum(INVOICE_TYPES)).min(1).optional(),
    issuedShare: z.number().min(0).max(1).default(0.5),
    cancelledShare: z.number().min(0).max(1).default(0.05),
    fileSizes: fileSizesSchema.optional(),
    largeFiles: z
      .strictObject({ count: z.number().int().min(1), ...fileSizesSchema.shape })
      .optional()
      .describe('the first `count` invoices (by issue date) get these sizes'),
    linked: z.boolean().default(true).describe('entity and a valid CIEC credential exist already'),
    ciecPassword: z.string().min(8).optional(),
    extracted: z.boolean().default(false).describe('invoices are visible without an extraction'),
  })
  .refine((seed) => seed.from <= seed.to, { message: '`from` must not be after `to`' })
  .refine(
    (seed) =>
      !seed.rfc || !seed.personType || (seed.rfc.length === 12) === (seed.personType === 'legal'),
    {
      message: 'a 12-character RFC is a legal person, a 13-character one a physical person',
    },
  );

export const seedSpecSchema = z.strictObject({
  randomSeed: z.union([z.string(), z.number()]).default('satws-sim'),
  taxpayers: z.array(taxpayerSeedSchema).default([]),
});

export type TaxpayerSeed = z.output<typeof taxpayerSeedSchema>;
export type TaxpayerSeedInput = z.input<typeof taxpayerSeedSchema>;
export type SeedSpec = z.output<typeof seedSpecSchema>;
export type SeedSpecInput = z.input<typeof seedSpecSchema>;

/** The data a simulator holds when started without `seed`: one linked company, half a year. */
export const DEFAULT_SEED: SeedSpecInput = {
  randomSeed: 'satws-sim',
  taxpayers: [
    { rfc: 'EKU9003173C9', name: 'ESCUELA KEMPER URGATE SA DE CV', invoices: 120 },
    { invoices: 40, personType: 'physical', from: '2025-03-01', to: '2025-04-30' },
  ],
};
