import type { z } from 'zod';

/** "extractionId: must be a UUID; other: Unrecognized key" — the zod messages, one line. */
export function describePayloadIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
