import { z } from 'zod';
import { optionalTimestamp, requiredId } from './common.js';

/** PHP serialises an empty map as `[]`, so `changes: []` on a create means "no changes". */
const changesSchema = z.union([
  z.record(z.string(), z.unknown()),
  z
    .array(z.unknown())
    .max(0, 'expected an object of changes')
    .transform((): Record<string, unknown> => ({})),
]);

/**
 * One event, as listed by `GET /events` and delivered by webhooks. `taxpayer` is missing on
 * some types such as `export.*` (satws-api.md §8.3, §10), so it is optional; `data.object` is
 * kept untyped because its shape depends on `type`.
 */
export const eventSchema = z.looseObject({
  id: requiredId,
  type: z.string().min(1, 'expected the event type'),
  taxpayer: z.looseObject({ id: z.string().nullish(), name: z.string().nullish() }).nullish(),
  source: z.string().nullish(),
  resource: z.string().nullish(),
  data: z.looseObject({
    object: z.record(z.string(), z.unknown()),
    changes: changesSchema.nullish(),
  }),
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});
export type SatwsEvent = z.output<typeof eventSchema>;
