import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { createExport } from '../domain/exports/create-export.js';
import { sendCollection } from '../http/pagination.js';
import { notFound } from '../http/problems.js';
import { readJson } from '../http/read-json.js';
import { sendResource } from '../http/representation.js';
import type { SimEnv } from '../http/sim-env.js';
import { exportResource } from '../resources/export.js';

/** Bulk exports: 202, then poll or listen for `export.updated` until `file` is set (satws-api.md §7.3). */
export function registerExportRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.post('/exports', async (c) => {
    const record = createExport(core, await readJson(c));
    return sendResource(c, 'Export', exportResource(core, record), 202);
  });

  app.get('/exports', (c) => {
    const records = [...core.store.exports.values()].reverse();
    return sendCollection(c, 'Export', records, (record) => exportResource(core, record));
  });

  app.get('/exports/:id', (c) => {
    const record = core.store.exports.get(c.req.param('id'));
    if (!record) return notFound(c, `no export with id ${c.req.param('id')}`);
    return sendResource(c, 'Export', exportResource(core, record));
  });
}
