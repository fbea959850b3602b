import { InputError } from './input-error.js';
import type { SimContext } from './sim-env.js';

/** The JSON body; an empty body is an error unless `optional` (then `{}`). */
export async function readJson(c: SimContext, optional = false): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    if (optional) return {};
    throw InputError.field('body', 'The request body is empty; send a JSON object.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw InputError.field('body', 'The request body is not valid JSON.');
  }
}
