import type { InvoiceDirection, InvoiceFileKind } from '@invoice-extractor/shared/db';

export interface ObjectKeyParts {
  keyPrefix: string;
  rfc: string;
  direction: InvoiceDirection;
  /** The CFDI's wall-clock issue time stored as UTC (sql/0003): its UTC fields are the invoice's. */
  issuedAt: Date;
  cfdiUuid: string;
  kind: InvoiceFileKind;
}

/** `cfdi/<RFC>/<issued|received>/<YYYY>/<MM>/<UUID>.<xml|pdf>` (DESIGN.md, "S3 keys"). */
export function objectKey(parts: ObjectKeyParts): string {
  const year = String(parts.issuedAt.getUTCFullYear()).padStart(4, '0');
  const month = String(parts.issuedAt.getUTCMonth() + 1).padStart(2, '0');
  const file = `${parts.cfdiUuid.toUpperCase()}.${parts.kind}`;
  return `${parts.keyPrefix}cfdi/${parts.rfc.toUpperCase()}/${parts.direction}/${year}/${month}/${file}`;
}
