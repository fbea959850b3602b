import { z } from 'zod';
import { optionalTimestamp, requiredId, taxpayerSchema } from './common.js';

/** An entity (formerly "link"; its JSON-LD type is still `Link`, satws-api.md §4). */
export const entitySchema = z.looseObject({
  id: requiredId,
  type: z.string().nullish(),
  taxpayer: taxpayerSchema,
  credential: z.looseObject({ id: z.string().nullish(), status: z.string().nullish() }).nullish(),
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});
export type SatwsEntity = z.output<typeof entitySchema>;
