import type { RunningSimulator, TruthInvoice } from '@invoice-extractor/satws-sim';

/** The simulator's ground truth for one RFC: every CFDI with its files' sha256 and size. */
export async function truthOf(sim: RunningSimulator, rfc: string): Promise<TruthInvoice[]> {
  const truth = await sim.admin.truth(rfc);
  const taxpayer = truth.taxpayers[0];
  if (!taxpayer) throw new Error(`the simulator has no taxpayer ${rfc}`);
  return taxpayer.invoices;
}

/**
 * Where the downloader must put a file, computed here from the simulator's own data and the
 * DESIGN.md rule rather than with the code under test.
 */
export function expectedKey(
  keyPrefix: string,
  rfc: string,
  invoice: TruthInvoice,
  kind: 'xml' | 'pdf',
): string {
  const direction = invoice.isIssuer ? 'issued' : 'received';
  const [year, month] = invoice.issuedAt.split('-');
  return `${keyPrefix}cfdi/${rfc}/${direction}/${year}/${month}/${invoice.uuid.toUpperCase()}.${kind}`;
}

export function inPeriod(invoice: TruthInvoice, from: string, to: string): boolean {
  const day = invoice.issuedAt.slice(0, 10);
  return day >= from && day <= to;
}
