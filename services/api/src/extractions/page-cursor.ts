import { ApiError } from '../http/api-error.js';

/**
 * Cursors are opaque to callers (base64url) so the paging key can change without breaking
 * them; inside, a kind tag keeps one list's cursor from being replayed on another.
 */
export function encodeCursor(kind: string, after: string): string {
  return Buffer.from(`${kind}:${after}`, 'utf8').toString('base64url');
}

/** The key a cursor continues after; a 400 when it was not made by `encodeCursor(kind, …)`. */
export function decodeCursor(kind: string, cursor: string, pattern: RegExp): string {
  const decoded = /^[A-Za-z0-9_-]{1,200}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const after = decoded.startsWith(`${kind}:`) ? decoded.slice(kind.length + 1) : '';
  if (!pattern.test(after)) {
    throw new ApiError(
      'validation_failed',
      'Invalid query parameters: cursor: is not a cursor from this list; pass nextCursor from the previous page as it was given',
    );
  }
  return after;
}

/** One row more than the page is read to know whether another page follows. */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => string,
  kind: string,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last !== undefined ? encodeCursor(kind, keyOf(last)) : null;
  return { items, nextCursor };
}
