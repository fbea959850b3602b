import { Readable } from 'node:stream';
import yazl from 'yazl';
import { withZ } from '../data/wall-clock.js';
import type { InvoiceRecord } from '../state/types.js';

const COLUMNS = [
  'id',
  'uuid',
  'type',
  'issuedAt',
  'issuerRfc',
  'receiverRfc',
  'isIssuer',
  'total',
  'currency',
  'status',
  'xml',
  'pdf',
] as const;
type Row = Record<(typeof COLUMNS)[number], string | number | boolean>;

export const INDEX_MIME = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** One row per exported invoice; `xml` / `pdf` name the ZIP entries (empty when absent). */
export function indexRows(
  invoices: readonly InvoiceRecord[],
  xmlNames: Map<string, string>,
  pdfNames: Map<string, string>,
): Row[] {
  return invoices.map((invoice) => ({
    id: invoice.id,
    uuid: invoice.sat.uuid.toUpperCase(),
    type: invoice.sat.type,
    issuedAt: withZ(invoice.sat.issuedAt),
    issuerRfc: invoice.sat.issuer.rfc,
    receiverRfc: invoice.sat.receiver.rfc,
    isIssuer: invoice.sat.isIssuer,
    total: invoice.sat.totalCents / 100,
    currency: invoice.sat.currency,
    status: invoice.status,
    xml: xmlNames.get(invoice.id) ?? '',
    pdf: pdfNames.get(invoice.id) ?? '',
  }));
}

export async function renderIndex(
  format: keyof typeof INDEX_MIME,
  rows: Row[],
  mtime: Date,
): Promise<Buffer> {
  if (format === 'json') return Buffer.from(JSON.stringify(rows));
  if (format === 'csv') return Buffer.from(toCsv(rows));
  return toXlsx(rows, mtime);
}

function toCsv(rows: Row[]): string {
  const quote = (value: unknown): string => {
    const text = String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    COLUMNS.join(','),
    ...rows.map((row) => COLUMNS.map((column) => quote(row[column])).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}

/** A minimal valid workbook (one sheet, inline strings) — an index, so it is small enough to buffer. */
async function toXlsx(rows: Row[], mtime: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const add = (name: string, text: string): void =>
    zip.addBuffer(Buffer.from(text), name, { mtime });
  add(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  );
  add(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  add(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="invoices" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  add(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  add('xl/worksheets/sheet1.xml', sheetXml(rows));
  zip.end();
  const parts: Buffer[] = [];
  for await (const chunk of Readable.from(zip.outputStream)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

function sheetXml(rows: Row[]): string {
  const cell = (value: unknown): string =>
    typeof value === 'number'
      ? `<c t="n"><v>${value}</v></c>`
      : `<c t="inlineStr"><is><t>${String(value).replace(/[&<>]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char] ?? char)}</t></is></c>`;
  const header = `<row>${COLUMNS.map(cell).join('')}</row>`;
  const body = rows
    .map((row) => `<row>${COLUMNS.map((column) => cell(row[column])).join('')}</row>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}${body}</sheetData></worksheet>`;
}
