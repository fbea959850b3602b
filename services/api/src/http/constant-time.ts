import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Whether `presented` equals one of `accepted`, in time that depends on neither which one nor
 * how much of it matched: both sides are hashed to equal lengths and every candidate is compared.
 */
export function matchesOneOf(presented: string, accepted: readonly string[]): boolean {
  const given = digest(presented);
  let found = false;
  for (const candidate of accepted) {
    if (timingSafeEqual(given, digest(candidate))) found = true;
  }
  return found;
}
