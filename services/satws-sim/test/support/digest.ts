import { createHash } from 'node:crypto';

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every `N 0 obj` the xref table lists must start exactly at its recorded byte offset. */
export function pdfXrefIsExact(pdf: Buffer): boolean {
  const text = pdf.toString('latin1');
  const startxref = /startxref\n(\d+)\n%%EOF\n$/.exec(text);
  if (!startxref) return false;
  const xrefAt = Number(startxref[1]);
  if (text.slice(xrefAt, xrefAt + 4) !== 'xref') return false;
  const offsets = [...text.slice(xrefAt).matchAll(/(\d{10}) 00000 n \n/g)].map((match) =>
    Number(match[1]),
  );
  return (
    offsets.length > 0 &&
    offsets.every((offset, index) => text.startsWith(`${index + 1} 0 obj`, offset))
  );
}
