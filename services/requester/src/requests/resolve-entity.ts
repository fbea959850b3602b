import { getCompany, type Queryable, setCompanyEntityId } from '@invoice-extractor/shared/db';
import { AppError } from '@invoice-extractor/shared/errors';
import type { SatwsClient } from '@invoice-extractor/shared/satws';

export interface ResolvedEntity {
  entityId: string;
  /** True when SAT.ws was asked (the company had no cached entity yet). */
  looked: boolean;
}

function noEntity(rfc: string): AppError {
  return new AppError(
    `Company ${rfc} has no SAT.ws entity: its SAT credentials (CIEC or e.firma) are not ` +
      'linked at SAT.ws. Link them, then retry the request.',
    { code: 'satws_entity_not_found', retryable: false },
  );
}

/**
 * The company's SAT.ws entity id: cached in `companies.satws_entity_id`, else looked up by RFC
 * (exact match, the upstream filter is partial) and cached. None is permanent for this job.
 */
export async function resolveEntity(
  q: Queryable,
  satws: SatwsClient,
  company: { id: string; rfc: string },
): Promise<ResolvedEntity> {
  const cached = await getCompany(q, company.id);
  if (cached?.satws_entity_id) return { entityId: cached.satws_entity_id, looked: false };
  const entity = await satws.findEntityByRfc(company.rfc);
  if (!entity) throw noEntity(company.rfc);
  const linked = await setCompanyEntityId(q, company.id, entity.id);
  if (linked?.satws_entity_id) return { entityId: linked.satws_entity_id, looked: true };
  // Another worker linked a different entity between our read and write: theirs stands.
  const current = await getCompany(q, company.id);
  if (current?.satws_entity_id) return { entityId: current.satws_entity_id, looked: true };
  throw new AppError(`Company ${company.rfc} disappeared while its SAT.ws entity was resolved`, {
    code: 'company_not_found',
    retryable: false,
  });
}
