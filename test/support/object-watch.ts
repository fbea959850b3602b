import { setTimeout as sleep } from 'node:timers/promises';
import type { ExpectedFile } from './expected-files.js';
import type { S3Location } from './isolation.js';
import { listObjectKeys } from './s3-objects.js';

export interface ObjectWatch {
  /** Objects seen at any moment with a size other than the expected one, or not expected. */
  stop(): Promise<string[]>;
}

/**
 * Lists the prefix over and over while the system runs, so an object stored truncated and
 * overwritten later is still caught: the final state alone cannot tell "never stored wrong".
 */
export function watchObjects(s3: S3Location, expected: readonly ExpectedFile[]): ObjectWatch {
  const sizes = new Map(expected.map((file) => [file.key, file.size]));
  const wrong = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const object of await listObjectKeys(s3)) {
        const size = sizes.get(object.key);
        if (size !== object.size)
          wrong.add(`${object.key} (${object.size} bytes, expected ${size ?? 'none'})`);
      }
      await sleep(100);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return [...wrong].sort();
    },
  };
}
