import { money } from './cfdi-tree.js';
import { randomBytesChunks } from './padding.js';
import type { SatInvoice } from './sat-types.js';

const TYPE_NAMES = { I: 'Ingreso', E: 'Egreso', P: 'Pago', N: 'Nomina', T: 'Traslado' } as const;

export interface PdfLayout {
  head: Buffer;
  paddingOpen: Buffer | null;
  paddingBytes: number;
  tail: Buffer;
  size: number;
}

/**
 * A real one-page PDF (header, objects, cross-reference table, trailer) printing the invoice's
 * folio, UUID and totals. A bigger file gets an extra stream object of seeded bytes — the way a
 * scanned image would weigh — with every xref offset still exact, so PDF readers open it. It
 * prints nothing that changes after stamping (not the cancellation status), so its bytes — and
 * the ground-truth sha256 — never change.
 */
export function pdfLayout(invoice: SatInvoice): PdfLayout {
  const objects = baseObjects(invoice);
  const target = invoice.sizes.pdf;
  const plain = assemble(objects, null);
  if (target === undefined || target <= plain.size + 64) return plain;
  for (let spaces = 0; spaces < 4; spaces += 1) {
    let padding = target - plain.size;
    for (let round = 0; round < 6; round += 1) {
      const layout = assemble(objects, { bytes: padding, spaces });
      if (layout.size === target) return layout;
      padding += target - layout.size;
    }
  }
  throw new Error(`cannot lay out a PDF of exactly ${target} bytes`);
}

export function* pdfChunks(invoice: SatInvoice, layout = pdfLayout(invoice)): Generator<Buffer> {
  yield layout.head;
  if (layout.paddingOpen) {
    yield layout.paddingOpen;
    yield* randomBytesChunks(`${invoice.contentSeed}|pdf-padding`, layout.paddingBytes);
    yield Buffer.from('\nendstream\nendobj\n', 'latin1');
  }
  yield layout.tail;
}

function assemble(objects: Buffer[], padding: { bytes: number; spaces: number } | null): PdfLayout {
  const header = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1');
  const offsets: number[] = [];
  let cursor = header.length;
  for (const object of objects) {
    offsets.push(cursor);
    cursor += object.length;
  }
  let paddingOpen: Buffer | null = null;
  if (padding) {
    offsets.push(cursor);
    const dict = `<< /Length ${padding.bytes}${' '.repeat(padding.spaces)} >>`;
    paddingOpen = Buffer.from(`${objects.length + 1} 0 obj\n${dict}\nstream\n`, 'latin1');
    cursor += paddingOpen.length + padding.bytes + '\nendstream\nendobj\n'.length;
  }
  const count = offsets.length + 1;
  const entries = offsets
    .map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)
    .join('');
  const tail = Buffer.from(
    `xref\n0 ${count}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${count} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${cursor}\n%%EOF\n`,
    'latin1',
  );
  return {
    head: Buffer.concat([header, ...objects]),
    paddingOpen,
    paddingBytes: padding?.bytes ?? 0,
    tail,
    size: cursor + tail.length,
  };
}

function baseObjects(invoice: SatInvoice): Buffer[] {
  const content = Buffer.from(pageText(invoice), 'latin1');
  const title = pdfString(`CFDI ${invoice.serie}-${invoice.folio} ${invoice.uuid.toUpperCase()}`);
  return [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>\nendobj\n',
    '4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n',
  ]
    .map((text) => Buffer.from(text, 'latin1'))
    .concat([
      Buffer.concat([
        Buffer.from(`5 0 obj\n<< /Length ${content.length} >>\nstream\n`, 'latin1'),
        content,
        Buffer.from('\nendstream\nendobj\n', 'latin1'),
      ]),
      Buffer.from(`6 0 obj\n<< /Title ${title} /Producer (satws-sim) >>\nendobj\n`, 'latin1'),
    ]);
}

function pageText(invoice: SatInvoice): string {
  const lines = [
    `CFDI 4.0 - ${TYPE_NAMES[invoice.type]} (${invoice.type})`,
    `Serie y folio: ${invoice.serie}-${invoice.folio}`,
    `Folio fiscal (UUID): ${invoice.uuid.toUpperCase()}`,
    `Fecha de emision: ${invoice.issuedAt}   Certificacion: ${invoice.certifiedAt}`,
    `Emisor: ${invoice.issuer.rfc} ${invoice.issuer.name}`,
    `Receptor: ${invoice.receiver.rfc} ${invoice.receiver.name}`,
    `Subtotal: ${money(invoice.subtotalCents)}   Descuento: ${money(invoice.discountCents)}`,
    `IVA: ${money(invoice.taxCents)}   Total: ${money(invoice.totalCents)} ${invoice.currency}`,
  ];
  const body = lines
    .map((line, index) => `${index === 0 ? '' : '0 -22 Td '}${pdfString(line)} Tj`)
    .join('\n');
  return `BT\n/F1 12 Tf\n50 740 Td\n${body}\nET`;
}

function pdfString(text: string): string {
  const latin1 = [...text].map((char) => (char.charCodeAt(0) < 256 ? char : '?')).join('');
  return `(${latin1.replace(/[\\()]/g, (char) => `\\${char}`)})`;
}
