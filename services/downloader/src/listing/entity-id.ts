import {
  type ExtractionRecord,
  getCompany,
  setCompanyEntityId,
} from '@invoice-extractor/shared/db';
import { AppError } from '@invoice-extractor/shared/errors';
import type { DownloaderDeps } from '../downloader-deps.js';

function entityNotFound(rfc: string): AppError {
  return new AppError(`SAT.ws has no entity for RFC ${rfc}: its invoices cannot be listed`, {
    code: 'satws_entity_not_found',
    retryable: false,
  });
}

/**
 * The company's SAT.ws entity. The requester caches it before starting the extraction; an
 * extraction that reached downloading some other way (an operator, a restored database) looks
 * it up once and caches it the same way.
 */
export async function resolveEntityId(
  deps: Pick<DownloaderDeps, 'pool' | 'satws'>,
  extraction: ExtractionRecord,
): Promise<string> {
  const company = await getCompany(deps.pool, extraction.company_id);
  if (company?.satws_entity_id) return company.satws_entity_id;
  const entity = await deps.satws.findEntityByRfc(extraction.rfc);
  if (!entity) throw entityNotFound(extraction.rfc);
  await setCompanyEntityId(deps.pool, extraction.company_id, entity.id);
  return entity.id;
}
