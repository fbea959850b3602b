import { InputError } from './input-error.js';
import { sendJson, stripJsonLd, wantsPlainJson } from './representation.js';
import type { SimContext } from './sim-env.js';

export const MAX_ITEMS_PER_PAGE = 1000;
const DEFAULT_ITEMS_PER_PAGE = 20;

interface PageRequest {
  cursor: boolean;
  itemsPerPage: number;
  page: number;
  lt: string | undefined;
  gt: string | undefined;
  withTotal: boolean;
}

interface PageSlice<T> {
  members: T[];
  view: Record<string, string>;
  total: number | undefined;
}

/**
 * Both pagination styles on every collection (satws-api.md §3.2, simulator rule): offset by
 * default, cursor with `X-Pagination-Style: cursor`. `itemsPerPage` above 1000 is clamped to
 * 1000, as API Platform does with its maximum (the spec declares `maximum: 1000`); below 1 or
 * not a number is a 400.
 */
export function sendCollection<T extends { id: string }>(
  c: SimContext,
  context: string,
  itemsNewestFirst: readonly T[],
  render: (item: T) => Record<string, unknown>,
): Response {
  const request = readPageRequest(c);
  const slice = request.cursor
    ? cursorSlice(c, itemsNewestFirst, request)
    : offsetSlice(c, itemsNewestFirst, request);
  const members = slice.members.map(render);
  if (wantsPlainJson(c)) return sendJson(c, stripJsonLd(members), 200, true);
  return sendJson(c, {
    '@context': `/contexts/${context}`,
    '@id': c.req.path,
    '@type': 'hydra:Collection',
    'hydra:member': members,
    ...(slice.total === undefined ? {} : { 'hydra:totalItems': slice.total }),
    'hydra:view': { '@id': pageLink(c, {}), '@type': 'hydra:PartialCollectionView', ...slice.view },
  });
}

function readPageRequest(c: SimContext): PageRequest {
  const cursor = (c.req.header('x-pagination-style') ?? '').toLowerCase() === 'cursor';
  return {
    cursor,
    itemsPerPage: Math.min(
      positiveInt(c, 'itemsPerPage') ?? DEFAULT_ITEMS_PER_PAGE,
      MAX_ITEMS_PER_PAGE,
    ),
    page: positiveInt(c, 'page') ?? 1,
    lt: c.req.query('id[lt]'),
    gt: c.req.query('id[gt]'),
    withTotal: !cursor || c.req.header('x-pagination-enable-partial') === '0',
  };
}

function positiveInt(c: SimContext, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(
      `Query parameter "${name}" must be an integer of at least 1, got "${raw}"`,
    );
  }
  return value;
}

function cursorSlice<T extends { id: string }>(
  c: SimContext,
  items: readonly T[],
  request: PageRequest,
): PageSlice<T> {
  let start = 0;
  let end = Math.min(items.length, request.itemsPerPage);
  if (request.lt !== undefined) {
    const bound = request.lt;
    start = firstIndex(items, (item) => item.id < bound);
    end = Math.min(items.length, start + request.itemsPerPage);
  } else if (request.gt !== undefined) {
    const bound = request.gt;
    end = firstIndex(items, (item) => item.id <= bound);
    start = Math.max(0, end - request.itemsPerPage);
  }
  const members = items.slice(start, end);
  const view: Record<string, string> = {};
  const last = members[members.length - 1];
  const first = members[0];
  if (last && end < items.length) view['hydra:next'] = pageLink(c, { 'id[lt]': last.id });
  if (first && start > 0) view['hydra:previous'] = pageLink(c, { 'id[gt]': first.id });
  return { members, view, total: request.withTotal ? items.length : undefined };
}

function offsetSlice<T>(c: SimContext, items: readonly T[], request: PageRequest): PageSlice<T> {
  const lastPage = Math.max(1, Math.ceil(items.length / request.itemsPerPage));
  const start = (request.page - 1) * request.itemsPerPage;
  const view: Record<string, string> = {
    '@id': pageLink(c, { page: String(request.page) }),
    'hydra:first': pageLink(c, { page: '1' }),
    'hydra:last': pageLink(c, { page: String(lastPage) }),
  };
  if (request.page > 1)
    view['hydra:previous'] = pageLink(c, { page: String(Math.min(request.page - 1, lastPage)) });
  if (request.page < lastPage) view['hydra:next'] = pageLink(c, { page: String(request.page + 1) });
  return { members: items.slice(start, start + request.itemsPerPage), view, total: items.length };
}

function firstIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  const index = items.findIndex(test);
  return index < 0 ? items.length : index;
}

/** The request's own path and query with the paging parameters replaced: links carry every filter. */
function pageLink(c: SimContext, replace: Record<string, string>): string {
  const url = new URL(c.req.url);
  for (const key of ['page', 'id[lt]', 'id[gt]']) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(replace)) url.searchParams.set(key, value);
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
