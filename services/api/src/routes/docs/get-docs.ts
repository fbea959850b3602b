import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../deps.js';
import { readSwaggerAsset } from '../../docs/swagger-assets.js';
import { SWAGGER_ASSETS_PATH, SWAGGER_HTML, SWAGGER_INIT_JS } from '../../docs/swagger-page.js';
import { ApiError } from '../../http/api-error.js';
import { errorResponses } from '../../http/error-responses.js';

const html = { 'text/html': { schema: z.string().openapi({ example: '<!doctype html>…' }) } };

const pageRoute = createRoute({
  method: 'get',
  path: '/docs',
  tags: ['Operations'],
  summary: 'Swagger UI for this API',
  description: 'Served with its own assets from this api: it renders without internet access.',
  responses: { 200: { description: 'The Swagger UI page.', content: html }, ...errorResponses() },
});

const assetRoute = createRoute({
  method: 'get',
  path: `${SWAGGER_ASSETS_PATH}/{name}`,
  hide: true,
  request: { params: z.object({ name: z.string() }) },
  responses: {
    200: { description: 'A Swagger UI file.' },
    ...errorResponses('not_found'),
  },
});

/** Assets change only with the package version, so browsers may keep them a day. */
const ASSET_CACHE = 'public, max-age=86400';

export function registerGetDocs(app: OpenAPIHono<AppEnv>): void {
  app.openapi(pageRoute, (c) => c.html(SWAGGER_HTML, 200));
  app.openapi(assetRoute, async (c) => {
    const { name } = c.req.valid('param');
    if (name === 'swagger-init.js') {
      return c.body(SWAGGER_INIT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    }
    const asset = await readSwaggerAsset(name);
    if (!asset) throw new ApiError('not_found', `No Swagger UI asset named ${name}`);
    return c.body(new Uint8Array(asset.body), 200, {
      'Content-Type': asset.contentType,
      'Cache-Control': ASSET_CACHE,
    });
  });
}
