import { columnList } from './column-list.js';
import type { Queryable } from './queryable.js';
import { singleRow } from './single-row.js';

export const CREDENTIAL_STATUSES = [
  'waiting',
  'pending',
  'valid',
  'invalid',
  'disabled',
  'deactivated',
  'error',
] as const;
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

export interface CompanyRow {
  id: string;
  rfc: string;
  name: string | null;
  satws_entity_id: string | null;
  credential_status: CredentialStatus | null;
  credential_status_seen_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'id',
  'rfc',
  'name',
  'satws_entity_id',
  'credential_status',
  'credential_status_seen_at',
  'created_at',
  'updated_at',
] as const;
const COMPANY_COLUMNS = columnList(COLUMNS);

/** Creates the company or returns the existing one; a given name replaces the stored one. */
export async function upsertCompany(
  q: Queryable,
  input: { rfc: string; name?: string | null },
): Promise<CompanyRow> {
  const result = await q.query<CompanyRow>(
    `insert into companies (rfc, name) values (upper($1), $2)
     on conflict (rfc) do update set name = coalesce(excluded.name, companies.name)
     returning ${COMPANY_COLUMNS}`,
    [input.rfc, input.name ?? null],
  );
  return singleRow(result.rows, 'upsertCompany');
}

export async function getCompany(q: Queryable, id: string): Promise<CompanyRow | null> {
  const result = await q.query<CompanyRow>(
    `select ${COMPANY_COLUMNS} from companies where id = $1`,
    [id],
  );
  return result.rows[0] ?? null;
}

export async function getCompanyByRfc(q: Queryable, rfc: string): Promise<CompanyRow | null> {
  const result = await q.query<CompanyRow>(
    `select ${COMPANY_COLUMNS} from companies where rfc = upper($1)`,
    [rfc],
  );
  return result.rows[0] ?? null;
}

export async function getCompanyByEntityId(
  q: Queryable,
  satwsEntityId: string,
): Promise<CompanyRow | null> {
  const result = await q.query<CompanyRow>(
    `select ${COMPANY_COLUMNS} from companies where satws_entity_id = $1`,
    [satwsEntityId],
  );
  return result.rows[0] ?? null;
}

/** Null when the company does not exist or is already linked to a different entity. */
export async function setCompanyEntityId(
  q: Queryable,
  id: string,
  satwsEntityId: string,
): Promise<CompanyRow | null> {
  const result = await q.query<CompanyRow>(
    `update companies set satws_entity_id = $2
     where id = $1 and (satws_entity_id is null or satws_entity_id = $2)
     returning ${COMPANY_COLUMNS}`,
    [id, satwsEntityId],
  );
  return result.rows[0] ?? null;
}

/**
 * Records a credential status as of `seenAt` (SAT.ws's time). Null, and nothing changes, when a
 * newer status is already stored: credential webhooks arrive in any order.
 */
export async function setCompanyCredentialStatus(
  q: Queryable,
  id: string,
  status: CredentialStatus,
  seenAt: Date,
): Promise<CompanyRow | null> {
  const result = await q.query<CompanyRow>(
    `update companies set credential_status = $2, credential_status_seen_at = $3
     where id = $1 and (credential_status_seen_at is null or credential_status_seen_at <= $3)
     returning ${COMPANY_COLUMNS}`,
    [id, status, seenAt],
  );
  return result.rows[0] ?? null;
}
