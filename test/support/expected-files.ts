import type { GroundTruth, RunningSimulator, TruthInvoice } from '@invoice-extractor/satws-sim';

export interface ExpectedFile {
  key: string;
  size: number;
  sha256: string;
}

/** The DESIGN.md key: `cfdi/<RFC>/<issued|received>/<YYYY>/<MM>/<UUID>.<kind>`. */
export function designKey(rfc: string, invoice: TruthInvoice, kind: 'xml' | 'pdf'): string {
  // The simulator writes the CFDI's wall-clock time with a Z (satws-api.md §6.2), so the
  // string's own year and month are the invoice's.
  const year = invoice.issuedAt.slice(0, 4);
  const month = invoice.issuedAt.slice(5, 7);
  const direction = invoice.isIssuer ? 'issued' : 'received';
  return `cfdi/${rfc.toUpperCase()}/${direction}/${year}/${month}/${invoice.uuid.toUpperCase()}.${kind}`;
}

/**
 * What S3 must hold once every extraction is done: each file the simulated SAT.ws has for the
 * given companies, with the size and sha256 its downloads return. Before an extraction has run
 * nothing is available yet: `includeUnavailable` lists every file SAT holds.
 */
export function expectedFiles(truth: GroundTruth, includeUnavailable = false): ExpectedFile[] {
  const files: ExpectedFile[] = [];
  for (const taxpayer of truth.taxpayers) {
    for (const invoice of taxpayer.invoices) {
      for (const kind of ['xml', 'pdf'] as const) {
        const file = invoice[kind];
        if (!file.available && !includeUnavailable) continue;
        if (file.sha256 === null) throw new Error('ground truth was read without digests');
        files.push({
          key: designKey(taxpayer.rfc, invoice, kind),
          size: file.size,
          sha256: file.sha256,
        });
      }
    }
  }
  return files.sort((a, b) => a.key.localeCompare(b.key));
}

/** Ground truth of the given RFCs only: a seed may hold other taxpayers. */
export async function truthFor(
  sim: RunningSimulator,
  rfcs: readonly string[],
): Promise<GroundTruth> {
  const taxpayers = [];
  for (const rfc of rfcs) taxpayers.push(...(await sim.admin.truth(rfc)).taxpayers);
  return { taxpayers };
}
