import type { DemoApi, Extraction, Invoice, TruthTaxpayer } from './demo-api.js';
import { simulatorTruth } from './demo-api.js';

export interface ExtractionResult {
  extraction: Extraction;
  invoices: number;
  files: number;
  bytes: number;
  sampleKey: string | undefined;
  problems: string[];
}

function expectedFiles(
  truth: TruthTaxpayer | undefined,
): Map<string, { sha256: string | null; size: number }> {
  const expected = new Map<string, { sha256: string | null; size: number }>();
  for (const invoice of truth?.invoices ?? []) {
    for (const kind of ['xml', 'pdf'] as const) {
      const file = invoice[kind];
      if (file.available) expected.set(`${invoice.uuid.toUpperCase()}.${kind}`, file);
    }
  }
  return expected;
}

function compare(invoices: Invoice[], truth: TruthTaxpayer | undefined, result: ExtractionResult) {
  const expected = expectedFiles(truth);
  for (const invoice of invoices) {
    for (const file of invoice.files) {
      if (file.state !== 'stored') continue;
      const name = `${invoice.uuid.toUpperCase()}.${file.kind}`;
      const wanted = expected.get(name);
      expected.delete(name);
      result.files += 1;
      result.bytes += file.bytes ?? 0;
      result.sampleKey ??= file.s3Key ?? undefined;
      if (!wanted) result.problems.push(`${name} is stored but the simulator has no such file`);
      else if (wanted.sha256 !== file.sha256 || wanted.size !== file.bytes) {
        result.problems.push(`${name}: stored sha256/size differ from the simulator's`);
      }
    }
  }
  for (const name of expected.keys()) result.problems.push(`${name} was never stored`);
}

/**
 * Checks every file the API reports against the simulator's answer key: each file SAT.ws has
 * must be stored, with its exact sha256 and size, and nothing else.
 */
export async function verifyExtraction(
  api: DemoApi,
  simUrl: string,
  extraction: Extraction,
): Promise<ExtractionResult> {
  const result: ExtractionResult = {
    extraction,
    invoices: 0,
    files: 0,
    bytes: 0,
    sampleKey: undefined,
    problems: [],
  };
  if (extraction.status !== 'completed') {
    const reason = extraction.error
      ? `${extraction.error.code}: ${extraction.error.message}`
      : 'no error given';
    result.problems.push(`extraction ${extraction.status} (${reason})`);
    return result;
  }
  const [invoices, truth] = await Promise.all([
    api.listInvoices(extraction.id),
    simulatorTruth(simUrl, extraction.rfc),
  ]);
  result.invoices = invoices.length;
  compare(invoices, truth[0], result);
  return result;
}
