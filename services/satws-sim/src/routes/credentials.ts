import type { Hono } from 'hono';
import type { SimCore } from '../core/sim-core.js';
import { createCredential } from '../domain/credentials.js';
import { publishEvent } from '../domain/events.js';
import { sendCollection } from '../http/pagination.js';
import { notFound } from '../http/problems.js';
import { dateRange, multi, partialMatch, single } from '../http/query.js';
import { readJson } from '../http/read-json.js';
import { sendNoContent, sendResource } from '../http/representation.js';
import type { SimEnv } from '../http/sim-env.js';
import { credentialResource } from '../resources/credential.js';
import { taxpayerRefOf } from '../resources/taxpayer.js';

/** CIEC credentials: create (202 pending → valid|invalid later), list, get, delete (satws-api.md §4). */
export function registerCredentialRoutes(app: Hono<SimEnv>, core: SimCore): void {
  app.post('/credentials', async (c) => {
    const credential = createCredential(core, await readJson(c));
    return sendResource(c, 'Credential', credentialResource(credential), 202);
  });

  app.get('/credentials', (c) => {
    const params = new URL(c.req.url).searchParams;
    const type = single(params, 'type');
    const rfc = single(params, 'rfc');
    const statuses = multi(params, 'status');
    const created = dateRange(params, 'createdAt');
    const credentials = [...core.store.credentials.values()]
      .reverse()
      .filter(
        (credential) =>
          (type === undefined || credential.type === type) &&
          (rfc === undefined || partialMatch(credential.rfc, rfc)) &&
          (statuses === undefined || statuses.includes(credential.status)) &&
          (!created || created(credential.createdAt)),
      );
    return sendCollection(c, 'Credential', credentials, credentialResource);
  });

  app.get('/credentials/:id', (c) => {
    const credential = core.store.credentials.get(c.req.param('id'));
    if (!credential) return notFound(c, `no credential with id ${c.req.param('id')}`);
    return sendResource(c, 'Credential', credentialResource(credential));
  });

  app.delete('/credentials/:id', (c) => {
    const credential = core.store.credentials.get(c.req.param('id'));
    if (!credential) return notFound(c, `no credential with id ${c.req.param('id')}`);
    core.store.credentials.delete(credential.id);
    const taxpayer = core.store.sat.get(credential.rfc);
    publishEvent(core, {
      type: 'credential.deleted',
      taxpayer: taxpayer ? taxpayerRefOf(taxpayer) : null,
      resource: `/credentials/${credential.id}`,
      object: credentialResource(credential),
    });
    return sendNoContent(c);
  });
}
