/** Deeper than any log object we write; past it a value is cut rather than walked. */
const MAX_DEPTH = 32;

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Returns a function that copies a log object with the value of every listed key (compared
 * without case: HTTP header names come in any spelling) replaced by `censor`, at any depth of
 * plain objects and arrays. pino's path-based redaction cannot say "any depth"; other objects
 * (errors, class instances) are left to it and to the serializers. The caller's object is
 * never modified.
 */
export function createDeepRedactor(keys: readonly string[], censor: string) {
  const secret = new Set(keys.map((key) => key.toLowerCase()));
  const visit = (value: unknown, depth: number, path: Set<object>): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const walkable = Array.isArray(value) || isPlainObject(value);
    if (!walkable) return value;
    if (path.has(value)) return '[Circular]';
    if (depth >= MAX_DEPTH) return '[too deep]';
    path.add(value);
    const copy = Array.isArray(value)
      ? value.map((item) => visit(item, depth + 1, path))
      : Object.fromEntries(
          Object.entries(value).map(([key, item]) => [
            key,
            secret.has(key.toLowerCase()) ? censor : visit(item, depth + 1, path),
          ]),
        );
    path.delete(value);
    return copy;
  };
  return (object: Record<string, unknown>): Record<string, unknown> =>
    visit(object, 0, new Set()) as Record<string, unknown>;
}
