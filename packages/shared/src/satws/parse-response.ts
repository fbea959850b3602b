import type { z } from 'zod';
import { AppError } from '../errors/index.js';

export interface ResponseContext {
  endpoint: string;
  status?: number | undefined;
  requestId?: string | undefined;
}

const MAX_ISSUES = 3;

function describeIssues(error: z.ZodError, pathPrefix: string): string {
  const described = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = [pathPrefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    return `${path || '(body)'}: ${issue.message}`;
  });
  const more =
    error.issues.length > MAX_ISSUES ? ` (+${error.issues.length - MAX_ISSUES} more)` : '';
  return `${described.join('; ')}${more}`;
}

/**
 * A 2xx body that lacks what the system relies on is a contract break, not a blip: it fails
 * at once (not retryable) with the first offending paths named.
 */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  body: unknown,
  context: ResponseContext,
  pathPrefix = '',
): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new AppError(
    `SAT.ws ${context.endpoint} returned a body the client cannot use: ${describeIssues(result.error, pathPrefix)}`,
    {
      code: 'satws_invalid_response',
      retryable: false,
      status: context.status,
      requestId: context.requestId,
    },
  );
}

/** JSON text of a 2xx answer; empty means "no content" (204, DELETE). */
export function parseJsonText(text: string, context: ResponseContext): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError(`SAT.ws ${context.endpoint} returned a body that is not JSON`, {
      code: 'satws_invalid_response',
      retryable: false,
      status: context.status,
      requestId: context.requestId,
      cause: error,
    });
  }
}
