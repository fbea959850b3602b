import type { EntryName } from '@invoice-extractor/shared/db';

const FILE_ENTRY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(xml|pdf)$/i;

/**
 * The invoice file a ZIP entry holds, from its name `<CFDI-UUID>.xml|.pdf` (satws-api.md §13);
 * undefined for anything else (the index, a folder). The layout is undocumented upstream, so a
 * file inside a folder is read by its last path segment rather than missed.
 */
export function parseEntryName(fileName: string): EntryName | undefined {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const match = FILE_ENTRY.exec(base);
  if (!match?.[1] || !match[2]) return undefined;
  return { cfdiUuid: match[1].toUpperCase(), kind: match[2].toLowerCase() as EntryName['kind'] };
}
