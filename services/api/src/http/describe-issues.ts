import type { z } from 'zod';

const TARGETS: Record<string, string> = {
  json: 'request body',
  query: 'query parameters',
  param: 'path parameters',
  header: 'headers',
};

function describeIssue(issue: z.core.$ZodIssue, target: string): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = path ? `${path}: ` : '';
    const names = issue.keys.map((key) => `"${key}"`).join(', ');
    return `${where}unknown field${issue.keys.length > 1 ? 's' : ''} ${names} (not accepted in the ${target})`;
  }
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** "Invalid request body: rfc: …; period.to: …" — every bad field named, one line. */
export function describeIssues(error: z.ZodError, target: string): string {
  const where = TARGETS[target] ?? target;
  const details = error.issues.map((issue) => describeIssue(issue, where)).join('; ');
  return `Invalid ${where}: ${details}`;
}
