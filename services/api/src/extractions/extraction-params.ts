import { z } from '@hono/zod-openapi';
import { rfcProblem } from './rfc.js';

export const extractionIdParams = z.object({
  id: z.uuid({ error: 'must be an extraction id (a UUID)' }).openapi({
    param: { name: 'id', in: 'path' },
    example: '0192a1b2-0000-7000-8000-0000000000e1',
  }),
});

/** `limit` query parameter: an integer from 1 to `max`, `fallback` when absent. */
export function pageLimit(fallback: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,4}$/, `must be an integer from 1 to ${max}`)
    .transform(Number)
    .refine((value) => value >= 1 && value <= max, `must be an integer from 1 to ${max}`)
    .optional()
    .transform((value) => value ?? fallback)
    .openapi({
      param: { name: 'limit', in: 'query' },
      description: `Items per page, 1 to ${max}. Default ${fallback}.`,
      example: String(fallback),
      type: 'integer',
    });
}

export const cursorParam = z
  .string()
  .optional()
  .openapi({
    param: { name: 'cursor', in: 'query' },
    description: "The previous page's nextCursor, as given.",
  });

/** An RFC filter, in any case; the same rules as in a request. */
export const rfcFilter = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const problem = rfcProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .optional()
  .openapi({ param: { name: 'rfc', in: 'query' }, example: 'EKU9003173C9' });
