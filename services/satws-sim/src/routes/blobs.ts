import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { sendFileBody } from '../http/send-file.js';
import type { SimContext, SimEnv } from '../http/sim-env.js';

/**
 * The storage side of `/files/{id}/download`: answers like S3 does to a pre-signed URL — the
 * bytes without any API key, or 403 with an XML error for an expired or forged signature.
 */
export function registerBlobRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.get('/blobs/:id', (c) => {
    const id = c.req.param('id');
    const check = core.blobs.check(
      id,
      c.req.query('expires'),
      c.req.query('signature'),
      core.clock.now(),
    );
    if (!check.ok) return s3Error(c, 403, check.code, check.message);
    const file = core.store.files.get(id);
    const response = file && sendFileBody(c, core, file);
    return response ?? s3Error(c, 404, 'NoSuchKey', 'The specified key does not exist.');
  });
}

function s3Error(c: SimContext, status: 403 | 404, code: string, message: string): Response {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
  return c.body(xml, status, { 'Content-Type': 'application/xml' });
}
