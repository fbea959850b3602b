import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getCompany,
  getCompanyByEntityId,
  getCompanyByRfc,
  setCompanyCredentialStatus,
  setCompanyEntityId,
  upsertCompany,
} from '../../src/db/companies.js';
import { type OpenDatabase, openDatabase, uniqueRfc } from './fixtures.js';

describe('companies', () => {
  let db: OpenDatabase;

  beforeAll(async () => {
    db = await openDatabase();
  });

  afterAll(async () => {
    await db.close();
  });

  it('upserts by RFC in upper case, one row per RFC, keeping the name when none is given', async () => {
    const rfc = uniqueRfc();

    const created = await upsertCompany(db.pool, { rfc: rfc.toLowerCase(), name: 'Uno' });
    const renamed = await upsertCompany(db.pool, { rfc, name: 'Uno SA de CV' });
    const unnamed = await upsertCompany(db.pool, { rfc });

    expect(created.rfc).toBe(rfc);
    expect(renamed.id).toBe(created.id);
    expect(unnamed).toMatchObject({ id: created.id, name: 'Uno SA de CV' });
    expect(typeof created.id).toBe('string');
    expect(created.created_at).toBeInstanceOf(Date);
    const count = await db.pool.query('select count(*)::int as n from companies where rfc = $1', [
      rfc,
    ]);
    expect(count.rows[0].n).toBe(1);
    expect((await getCompanyByRfc(db.pool, rfc.toLowerCase()))?.id).toBe(created.id);
  });

  it('rejects a malformed RFC naming the rule, and stores nothing', async () => {
    await expect(upsertCompany(db.pool, { rfc: 'NOT-AN-RFC' })).rejects.toThrow(
      /companies_rfc_format/,
    );
    expect(await getCompanyByRfc(db.pool, 'NOT-AN-RFC')).toBeNull();
  });

  it('links the SAT.ws entity once and refuses a different one', async () => {
    const company = await upsertCompany(db.pool, { rfc: uniqueRfc() });
    const entityId = crypto.randomUUID();

    const linked = await setCompanyEntityId(db.pool, company.id, entityId);
    const again = await setCompanyEntityId(db.pool, company.id, entityId);
    const other = await setCompanyEntityId(db.pool, company.id, crypto.randomUUID());

    expect(linked?.satws_entity_id).toBe(entityId);
    expect(again?.satws_entity_id).toBe(entityId);
    expect(other).toBeNull();
    expect((await getCompanyByEntityId(db.pool, entityId))?.id).toBe(company.id);
  });

  it('keeps the newest credential status when webhooks arrive out of order', async () => {
    const company = await upsertCompany(db.pool, { rfc: uniqueRfc() });
    const earlier = new Date('2025-03-01T10:00:00Z');
    const later = new Date('2025-03-01T10:00:20Z');

    const valid = await setCompanyCredentialStatus(db.pool, company.id, 'valid', later);
    const stale = await setCompanyCredentialStatus(db.pool, company.id, 'pending', earlier);

    expect(valid).toMatchObject({ credential_status: 'valid', credential_status_seen_at: later });
    expect(stale).toBeNull();
    expect((await getCompany(db.pool, company.id))?.credential_status).toBe('valid');
  });
});
