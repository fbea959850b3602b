import { z } from 'zod';

/**
 * Every error shape the upstream documents (satws-api.md §3.3): `{message}`, Hydra errors with
 * `hydra:description`, ConstraintViolation with `violations[]`, and the 409 body of
 * `POST /extractions`.
 */
export const errorBodySchema = z.looseObject({
  message: z.string().optional().catch(undefined),
  'hydra:title': z.string().optional().catch(undefined),
  'hydra:description': z.string().optional().catch(undefined),
  violations: z
    .array(z.looseObject({ propertyPath: z.string().nullish(), message: z.string().nullish() }))
    .optional()
    .catch(undefined),
  conflictingExtractors: z.array(z.string()).optional().catch(undefined),
});
export type SatwsErrorBody = z.output<typeof errorBodySchema>;
