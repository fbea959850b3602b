import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { sendCollection } from '../http/pagination.js';
import { notFound } from '../http/problems.js';
import { multi, single } from '../http/query.js';
import { sendResource } from '../http/representation.js';
import type { SimEnv } from '../http/sim-env.js';
import { fileResource } from '../resources/file.js';

/**
 * File metadata and `/files/{id}/download` → 302 to a signed blob URL valid for
 * `downloadUrlTtlSeconds` (satws-api.md §7.2, §13). The blob URL needs no API key.
 */
export function registerFileRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.get('/files', (c) => {
    const params = new URL(c.req.url).searchParams;
    const resource = single(params, 'resource');
    const types = multi(params, 'type');
    const files = [...core.store.files.values()]
      .reverse()
      .filter(
        (file) =>
          (resource === undefined || file.resource === resource) &&
          (!types || types.includes(file.type)),
      );
    return sendCollection(c, 'File', files, fileResource);
  });

  app.get('/files/:id', (c) => {
    const file = core.store.files.get(c.req.param('id'));
    if (!file) return notFound(c, `no file with id ${c.req.param('id')}`);
    return sendResource(c, 'File', fileResource(file));
  });

  app.get('/files/:id/download', (c) => {
    const file = core.store.files.get(c.req.param('id'));
    if (!file) return notFound(c, `no file with id ${c.req.param('id')}`);
    const expires = Math.floor(core.clock.now() / 1000) + core.settings.downloadUrlTtlSeconds;
    const origin = new URL(c.req.url).origin;
    return c.body(null, 302, { Location: `${origin}${core.blobs.path(file.id, expires)}` });
  });
}
