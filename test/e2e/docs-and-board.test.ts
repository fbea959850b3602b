import { Validator } from '@seriousme/openapi-schema-validator';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, renderPage } from '../support/browser.js';
import { startSystem, type TestSystem } from '../support/start-system.js';

const RFC = 'EKU9003173C9';

/** The HTTP contract of DESIGN.md: what callers, SAT.ws and operators rely on. */
const CONTRACT = [
  'GET /admin/queues',
  'GET /docs',
  'GET /healthz',
  'GET /metrics',
  'GET /openapi.json',
  'GET /readyz',
  'GET /v1/extractions',
  'GET /v1/extractions/{id}',
  'GET /v1/extractions/{id}/invoices',
  'POST /v1/extractions',
  'POST /v1/webhooks/satws',
];

type Json = Record<string, unknown>;
type Operation = { responses: Record<string, Json> } & Json;

let system: TestSystem;
let browser: Browser;
let document: Json & { openapi: string; paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  system = await startSystem({ label: 'docs-and-board', companies: [{ rfc: RFC, invoices: 3 }] });
  const response = await system.api.send<typeof document>('GET', '/openapi.json', { auth: null });
  expect(response.status).toBe(200);
  document = response.body;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

function operations(): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      operation,
    ]),
  );
}

/** Follows `$ref`s into the document's components, once each, looking for an example. */
function hasExample(node: unknown, seen = new Set<string>()): boolean {
  if (Array.isArray(node)) return node.some((item) => hasExample(item, seen));
  if (node === null || typeof node !== 'object') return false;
  const object = node as Json;
  if ('example' in object || 'examples' in object) return true;
  const ref = object.$ref;
  if (typeof ref === 'string' && !seen.has(ref)) {
    seen.add(ref);
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((at, key) => (at as Json | undefined)?.[key], document);
    if (hasExample(target, seen)) return true;
  }
  return Object.values(object).some((value) => hasExample(value, seen));
}

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route of the contract, and every route the api answers', () => {
    const documented = operations()
      .map(([name]) => name)
      .sort();
    expect(documented).toEqual(CONTRACT);
    const served = system.routes
      .filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
      .filter(
        (route) => !route.path.startsWith('/admin/queues/') && !route.path.startsWith('/docs/'),
      )
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect([...new Set(served)].filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('gives every route an example, and the API routes their error responses', () => {
    for (const [name, operation] of operations()) {
      expect({ name, example: hasExample(operation) }).toEqual({ name, example: true });
      if (!/ \/(v1|admin)\//.test(name)) continue;
      const errors = Object.keys(operation.responses).filter((status) => /^[45]\d\d$/.test(status));
      expect({ name, errors }).toEqual({ name, errors: expect.arrayContaining(['401']) });
    }
  });
});

describe('pages a person opens, in headless Chromium', () => {
  it('/docs renders Swagger UI from local assets, with no page errors', async () => {
    const page = await renderPage(browser, `${system.apiUrl}/docs`, {
      selector: '.swagger-ui .info .title',
    });
    expect(page).toMatchObject({
      status: 200,
      found: true,
      errors: [],
      failedRequests: [],
      externalRequests: [],
    });
  });

  it('/admin/queues renders Bull Board with every queue, behind basic auth', async () => {
    const anonymous = await fetch(`${system.apiUrl}/admin/queues`);
    expect(anonymous.status).toBe(401);
    const page = await renderPage(browser, `${system.apiUrl}/admin/queues`, {
      selector: 'text=file-downloads',
      httpCredentials: { username: system.admin.user, password: system.admin.password },
    });
    expect(page).toMatchObject({ status: 200, found: true, errors: [] });
    // Bull Board's page asks Google Fonts for its typeface and falls back to a local one
    // offline; anything else fetched from outside (a script, a stylesheet) would be a defect.
    const elsewhere = page.externalRequests.filter(
      (url) => !/^https:\/\/fonts\.(googleapis|gstatic)\.com\//.test(url),
    );
    expect(elsewhere).toEqual([]);
  });
});
