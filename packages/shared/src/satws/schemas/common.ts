import { z } from 'zod';

/**
 * Amounts are numbers in resources but strings in some event payloads (Syntage's own event
 * example sends `total: "1250.00"`, satws-api.md §9.5), so both are accepted and a number comes out.
 */
export const looseNumber = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a number or a numeric string')
    .transform(Number),
]);

export const requiredId = z.string().min(1, 'expected a non-empty id');

/** Timestamps stay strings: the upstream mixes `2020-01-17 11:47:27` and ISO-8601 forms (§3.1). */
export const optionalTimestamp = z.string().nullish();

export const taxpayerSchema = z.looseObject({
  id: z.string().min(1, 'expected the taxpayer RFC'),
  name: z.string().nullish(),
  personType: z.string().nullish(),
  registrationDate: z.string().nullish(),
});
export type SatwsTaxpayer = z.output<typeof taxpayerSchema>;

/**
 * A Hydra collection page. Members are parsed one by one afterwards so an error can name the
 * offending index; a bare array is what `Accept: application/json` would return (§2).
 */
export const hydraCollectionSchema = z.union([
  z.looseObject({
    'hydra:member': z.array(z.unknown()),
    'hydra:view': z.looseObject({ 'hydra:next': z.string().min(1).nullish() }).nullish(),
    'hydra:totalItems': looseNumber.nullish(),
  }),
  z.array(z.unknown()),
]);
