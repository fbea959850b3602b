/** `*` matches within one path segment (or event-type part), `**` matches anything. */
export function globToRegExp(glob: string, separator: '/' | '.'): RegExp {
  const escapedSeparator = separator === '/' ? '/' : '\\.';
  let pattern = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] ?? '';
    if (char === '*' && glob[i + 1] === '*') {
      pattern += '.*';
      i += 1;
    } else if (char === '*') {
      pattern += `[^${escapedSeparator}]*`;
    } else {
      pattern += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${pattern}$`);
}
