import type { RunningSimulator } from '@invoice-extractor/satws-sim';
import {
  createSatwsClient,
  type SatwsCall,
  type SatwsClient,
  type SatwsClientOptions,
} from '@invoice-extractor/shared/satws';

export interface RecordedClient {
  client: SatwsClient;
  /** Every attempt the client reported through `onCall`, in order. */
  calls: SatwsCall[];
}

/** A client on the simulator with fast retries, recording its calls. */
export function clientFor(
  sim: Pick<RunningSimulator, 'url' | 'apiKey'>,
  overrides: Partial<SatwsClientOptions> = {},
): RecordedClient {
  const calls: SatwsCall[] = [];
  const client = createSatwsClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
    ...overrides,
    onCall: (call) => {
      calls.push(call);
      overrides.onCall?.(call);
    },
  });
  return { client, calls };
}

export function statusesOf(calls: readonly SatwsCall[], endpoint: string): (number | undefined)[] {
  return calls.filter((call) => call.endpoint === endpoint).map((call) => call.status);
}
