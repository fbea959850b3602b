export type HeaderBag =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Values of one header, looked up case-insensitively in a Fetch `Headers` or a Node object. */
export function headerValues(headers: HeaderBag, name: string): string[] {
  if (typeof headers.get === 'function') {
    const value = (headers as { get(name: string): string | null }).get(name);
    return value === null ? [] : [value];
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const wanted = name.toLowerCase();
  return Object.entries(record)
    .filter(([key]) => key.toLowerCase() === wanted)
    .flatMap(([, value]) =>
      value === undefined ? [] : typeof value === 'string' ? [value] : [...value],
    );
}
