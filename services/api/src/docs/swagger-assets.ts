import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const packageDirectory = dirname(
  createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'),
);
const cache = new Map<string, Promise<Buffer>>();

export interface SwaggerAsset {
  body: Buffer;
  contentType: string;
}

/** One of the few files the page uses, read once from the package; null for any other name. */
export async function readSwaggerAsset(name: string): Promise<SwaggerAsset | null> {
  const contentType = CONTENT_TYPES[name];
  if (!contentType) return null;
  let body = cache.get(name);
  if (!body) {
    body = readFile(join(packageDirectory, name));
    // A failed read is not cached: the next request tries again.
    body.catch(() => cache.delete(name));
    cache.set(name, body);
  }
  return { body: await body, contentType };
}
