import { AppError } from '@invoice-extractor/shared/errors';
import type {
  InvoiceExtractionOptions,
  SatwsClient,
  SatwsExtraction,
  SatwsExtractionStatus,
} from '@invoice-extractor/shared/satws';
import { optionsMatch } from './satws-options.js';

/** The statuses SAT.ws answers 409 for (§5.1), plus `waiting`, which resumes to them. */
const IN_FLIGHT: readonly SatwsExtractionStatus[] = ['running', 'pending', 'waiting'];

/**
 * After a 409: the taxpayer's in-flight extraction whose options are ours. This is also how a
 * retry recovers from a crash between SAT.ws accepting and us recording its id.
 */
export async function findInFlightExtraction(
  satws: SatwsClient,
  rfc: string,
  wanted: InvoiceExtractionOptions,
): Promise<SatwsExtraction> {
  for (const status of IN_FLIGHT) {
    const match = await firstMatch(satws, rfc, status, wanted);
    if (match) return match;
  }
  // It may have just finished, or the in-flight one has other options: try again later.
  throw new AppError(
    `SAT.ws answered 409 (an equivalent extraction is in flight) but none of ${rfc}'s ` +
      'pending or running extractions has these options; will retry',
    { code: 'satws_conflict_unmatched', retryable: true, status: 409 },
  );
}

async function firstMatch(
  satws: SatwsClient,
  rfc: string,
  status: SatwsExtractionStatus,
  wanted: InvoiceExtractionOptions,
): Promise<SatwsExtraction | undefined> {
  for await (const page of satws.listExtractions({ rfc, status })) {
    const match = page.find((extraction) => optionsMatch(extraction, wanted));
    if (match) return match;
  }
  return undefined;
}
