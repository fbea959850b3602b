import type { Logger } from 'pino';
import type { Settings } from '../config/settings.js';
import type { CfdiFiles } from '../data/file-content.js';
import type { Prng } from '../data/prng.js';
import type { FaultBook } from '../faults/fault-book.js';
import type { FixedWindowLimiter } from '../rate-limit/fixed-window.js';
import type { Store } from '../state/store.js';
import type { EventRecord } from '../state/types.js';
import type { BlobSigner } from './blob-signer.js';
import type { CallCounter } from './call-counter.js';
import type { SimClock } from './clock.js';
import type { IdGenerator } from './ids.js';
import type { Scheduler } from './scheduler.js';

/**
 * Everything a route or a lifecycle step needs, passed explicitly. `settings` is replaced (never
 * mutated) by the admin API, so readers always see one consistent version.
 */
export interface SimCore {
  settings: Settings;
  readonly randomSeed: string;
  readonly clock: SimClock;
  readonly ids: IdGenerator;
  readonly store: Store;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly files: CfdiFiles;
  readonly faults: FaultBook;
  readonly random: Prng;
  readonly limiter: FixedWindowLimiter;
  readonly calls: CallCounter;
  readonly blobs: BlobSigner;
  readonly apiKeys: ReadonlySet<string>;
  readonly adminKey: string | undefined;
  /** Set by the webhook dispatcher; called once for every event stored. */
  onEvent: (event: EventRecord) => void;
}
