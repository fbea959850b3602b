import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, json, startHarness } from './support/api-harness.js';

let h: ApiHarness;
// biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON.
let doc: any;

beforeAll(async () => {
  h = await startHarness();
  const response = await h.app.request('http://api.example.test/openapi.json');
  expect(response.status).toBe(200);
  doc = await json(response);
});
afterAll(async () => {
  await h.close();
});

const ROUTES = [
  'post /v1/extractions',
  'get /v1/extractions',
  'get /v1/extractions/{id}',
  'get /v1/extractions/{id}/invoices',
  'post /v1/webhooks/satws',
  'get /healthz',
  'get /readyz',
  'get /metrics',
  'get /openapi.json',
  'get /docs',
  'get /admin/queues',
];

function operations(): Array<[string, Record<string, unknown>]> {
  return Object.entries(
    doc.paths as Record<string, Record<string, Record<string, unknown>>>,
  ).flatMap(([path, methods]) =>
    Object.entries(methods).map(
      ([method, op]) => [`${method} ${path}`, op] as [string, Record<string, unknown>],
    ),
  );
}

/** An example on the media object, on its schema, or on the component the schema refers to. */
// biome-ignore lint/suspicious/noExplicitAny: plain JSON.
function hasExample(media: any): boolean {
  if (!media) return false;
  if (media.example !== undefined || media.examples !== undefined) return true;
  const schema = media.schema ?? {};
  if (schema.example !== undefined || schema.examples !== undefined) return true;
  const ref =
    typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : null;
  return ref !== null && doc.components.schemas[ref]?.example !== undefined;
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every route, and nothing else', () => {
    expect(
      operations()
        .map(([name]) => name)
        .sort(),
    ).toEqual([...ROUTES].sort());
  });

  it('gives every route an example and its error responses in the error shape', () => {
    for (const [name, op] of operations()) {
      // biome-ignore lint/suspicious/noExplicitAny: plain JSON.
      const responses = op.responses as Record<string, any>;
      const success = Object.entries(responses).filter(([status]) => status.startsWith('2'));
      expect(success.length, name).toBeGreaterThan(0);
      for (const [, response] of success) {
        const media = Object.values(response.content ?? {})[0];
        expect(hasExample(media), `${name} success example`).toBe(true);
      }
      const errors = Object.keys(responses).filter((status) => /^[45]/.test(status));
      expect(errors.length, `${name} error responses`).toBeGreaterThan(0);
      expect(op.summary, name).toEqual(expect.any(String));
      expect(op.tags, name).toEqual([expect.any(String)]);
    }
  });

  it('documents the security of each route: bearer, either webhook signature, basic for the board', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(
      ['adminBasic', 'apiKey', 'satwsSignature', 'syntageSignature'].sort(),
    );
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/extractions'].post.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/v1/extractions'].post.responses['401']).toBeDefined();
    expect(doc.paths['/v1/webhooks/satws'].post.security).toEqual([
      { syntageSignature: [] },
      { satwsSignature: [] },
    ]);
    expect(doc.paths['/admin/queues'].get.security).toEqual([{ adminBasic: [] }]);
  });

  it('names the server the caller reached and the tags it uses', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'http://api.example.test', description: 'This api' }]);
    expect(doc.tags.map((tag: { name: string }) => tag.name)).toEqual([
      'Extractions',
      'Webhooks',
      'Operations',
    ]);
  });

  it('documents the strict request body with its rules', () => {
    const schema = doc.components.schemas.ExtractionRequest;
    expect(schema.required).toEqual(['rfc', 'period']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.types.items.enum).toEqual(['I', 'E', 'P', 'N', 'T']);
  });
});

describe('GET /docs', () => {
  it('serves a Swagger UI page whose scripts and styles come from this api', async () => {
    const response = await h.app.request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset.startsWith('/docs/assets/'), asset).toBe(true);
      const file = await h.app.request(asset);
      expect(file.status, asset).toBe(200);
      expect((await file.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
    const init = await (await h.app.request('/docs/assets/swagger-init.js')).text();
    expect(init).toContain("url: '/openapi.json'");
    const bundle = await h.app.request('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await bundle.text()).toContain('SwaggerUIBundle');
  });

  it('serves no other file from the package', async () => {
    const response = await h.app.request('/docs/assets/package.json');
    expect(response.status).toBe(404);
    expect((await json(response)).error.code).toBe('not_found');
    expect((await h.app.request('/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});
