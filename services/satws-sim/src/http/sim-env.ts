import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { RateLimitVerdict } from '../rate-limit/fixed-window.js';

export interface SimVariables {
  requestId: string;
  /** Route template with the upstream's notation, e.g. `GET /entities/{id}/invoices`. */
  endpoint: string;
  /** This request's rate-limit window, echoed in `X-RateLimit-*` (absent for admin and blobs). */
  rateLimit: RateLimitVerdict | undefined;
}

export type SimEnv = { Bindings: HttpBindings; Variables: SimVariables };
export type SimContext = Context<SimEnv>;
