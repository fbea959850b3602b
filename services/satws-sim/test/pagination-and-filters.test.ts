import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroundTruth, RunningSimulator } from '../src/index.js';
import { startSimulator } from '../src/index.js';
import { type ApiClient, apiClient, collectAll, entityIdOf } from './support/api.js';
import type { Json } from './support/extractions.js';

const RFC = 'EKU9003173C9';
const BIG = 'BIG010101AB1';
const CURSOR = { 'X-Pagination-Style': 'cursor' };

describe('invoice collections: both pagination styles and the documented filters', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  let entityId: string;
  let truth: GroundTruth;
  let ids: string[];
  let base: string;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: {
        randomSeed: 'paging',
        taxpayers: [
          { rfc: RFC, invoices: 250, extracted: true },
          { rfc: BIG, invoices: 1100, extracted: true, types: ['I'] },
        ],
      },
    });
    api = apiClient(sim);
    entityId = await entityIdOf(api, RFC);
    base = `/entities/${entityId}/invoices`;
    truth = await sim.admin.truth(RFC, { digests: false });
    ids = (truth.taxpayers[0]?.invoices ?? []).map((invoice) => invoice.id ?? '');
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('offset style: totals, first/previous/next/last, every invoice exactly once', async () => {
    const first = await api.get<Json>(
      `${base}?itemsPerPage=40&isIssuer=true&isReceiver=false&unknownFilter=1`,
    );
    const view = first.body['hydra:view'] as Json;
    const issued = (truth.taxpayers[0]?.invoices ?? []).filter(
      (invoice) => invoice.isIssuer,
    ).length;
    expect(first.body['hydra:totalItems']).toBe(issued);
    expect(view['hydra:first']).toContain('page=1');
    expect(view['hydra:last']).toContain(`page=${Math.ceil(issued / 40)}`);
    expect(view['hydra:next']).toContain('isIssuer=true');
    expect(view['hydra:previous']).toBeUndefined();

    const { members, pages } = await collectAll<Json>(api, `${base}?itemsPerPage=40`);
    expect(pages).toBe(7);
    expect(new Set(members.map((invoice) => invoice.id)).size).toBe(250);
    expect(members.map((invoice) => invoice.id).sort()).toEqual([...ids].sort());
    const beyond = await api.get<Json>(`${base}?itemsPerPage=40&page=99`);
    expect(beyond.body['hydra:member']).toEqual([]);
  });

  it('cursor style: no totals unless asked, id descending, forward and backward to the ends', async () => {
    const first = await api.get<Json>(`${base}?itemsPerPage=37`, CURSOR);
    expect(first.body['hydra:totalItems']).toBeUndefined();
    const counted = await api.get<Json>(`${base}?itemsPerPage=37`, {
      ...CURSOR,
      'X-Pagination-Enable-Partial': '0',
    });
    expect(counted.body['hydra:totalItems']).toBe(250);

    const forward = await collectAll<Json>(api, `${base}?itemsPerPage=37`, CURSOR);
    const forwardIds = forward.members.map((invoice) => invoice.id as string);
    expect(forward.pages).toBe(7);
    expect(forwardIds).toEqual([...ids].sort().reverse());

    let page = await api.get<Json>(`${base}?itemsPerPage=37&id[lt]=${forwardIds[212]}`, CURSOR);
    const backward: string[] = [];
    for (;;) {
      backward.unshift(
        ...(page.body['hydra:member'] as Json[]).map((invoice) => invoice.id as string),
      );
      const previous = (page.body['hydra:view'] as Json)['hydra:previous'] as string | undefined;
      if (!previous) break;
      page = await api.get<Json>(previous, CURSOR);
    }
    expect(backward).toEqual(forwardIds);
  });

  it('clamps itemsPerPage to 1000 and rejects page sizes and pages below 1', async () => {
    const big = await api.get<Json>(`/taxpayers/${BIG}/invoices?itemsPerPage=5000`, CURSOR);
    expect(big.status).toBe(200);
    expect(big.body['hydra:member']).toHaveLength(1000);
    expect((big.body['hydra:view'] as Json)['hydra:next']).toContain('itemsPerPage=5000');
    for (const query of ['itemsPerPage=0', 'itemsPerPage=abc', 'page=0']) {
      const bad = await api.get<Json>(`${base}?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.message).toMatch(/at least 1/);
    }
  });

  it('filters by direction, issue date bounds, type and uuid; ignores unknown filters', async () => {
    const all = truth.taxpayers[0]?.invoices ?? [];
    const count = async (query: string) =>
      (await api.get<Json>(`${base}?${query}`)).body['hydra:totalItems'];
    expect(await count('isIssuer=true')).toBe(all.filter((invoice) => invoice.isIssuer).length);
    expect(await count('isReceiver=true')).toBe(all.filter((invoice) => !invoice.isIssuer).length);
    expect(await count('isIssuer=true&isReceiver=true')).toBe(0);
    expect(await count('whatever=1&type=I&typo=2')).toBe(
      all.filter((invoice) => invoice.type === 'I').length,
    );

    const pivot = all[100]?.issuedAt ?? '';
    const atOrAfter = all.filter((invoice) => invoice.issuedAt >= pivot).length;
    expect(await count(`issuedAt[after]=${pivot}`)).toBe(atOrAfter);
    expect(await count(`issuedAt[strictly_after]=${pivot}`)).toBe(atOrAfter - 1);
    expect(await count(`issuedAt[before]=${pivot}`)).toBe(250 - atOrAfter + 1);
    expect(
      await count(`issuedAt[strictly_before]=${pivot.replace('T', ' ').replace('.000Z', '')}`),
    ).toBe(250 - atOrAfter);

    expect(await count('type[]=I&type[]=E')).toBe(
      all.filter((invoice) => invoice.type === 'I' || invoice.type === 'E').length,
    );
    const [one, two] = all;
    expect(await count(`uuid=${one?.uuid.toUpperCase()}`)).toBe(1);
    const pair = await api.get<Json[]>(`${base}?uuid[]=${one?.uuid}&uuid[]=${two?.uuid}`, {
      Accept: 'application/json',
    });
    expect(pair.body.map((invoice) => invoice.uuid).sort()).toEqual([one?.uuid, two?.uuid].sort());
  });

  it('rejects malformed values of known filters with a message naming the parameter', async () => {
    for (const [query, name] of [
      ['isIssuer=maybe', 'isIssuer'],
      ['issuedAt[after]=last-week', 'issuedAt[after]'],
      ['type=Z', 'type'],
    ]) {
      const bad = await api.get<Json>(`${base}?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain(name);
    }
  });

  it('serves plain JSON arrays on request, the legacy taxpayer path, and RFC lookups by partial match', async () => {
    const plain = await api.get<Json[]>(`${base}?itemsPerPage=3`, { Accept: 'application/json' });
    expect(plain.headers.get('content-type')).toContain('application/json');
    expect(Array.isArray(plain.body)).toBe(true);
    expect(Object.keys(plain.body[0] ?? {}).some((key) => key.startsWith('@'))).toBe(false);
    const legacy = await api.get<Json>(`/taxpayers/${RFC}/invoices?itemsPerPage=3`);
    expect((legacy.body['hydra:member'] as Json[]).map((invoice) => invoice.id)).toEqual(
      plain.body.map((invoice) => invoice.id),
    );
    const partial = await api.get<Json[]>('/entities?taxpayer.id=eku9', {
      Accept: 'application/json',
    });
    expect(partial.body.map((entity) => (entity.taxpayer as Json).id)).toEqual([RFC]);
    expect(
      (
        await api.get(
          `/entities/${entityId}/invoices`.replace(
            entityId,
            '01900000-0000-7000-8000-000000000000',
          ),
        )
      ).status,
    ).toBe(404);
  });
});
