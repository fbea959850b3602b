import type { SimCore } from '../core/sim-core.js';
import type { EventRecord, TaxpayerRef } from '../state/types.js';

export interface NewEvent {
  type: string;
  taxpayer: TaxpayerRef | null;
  source?: string | null;
  resource: string;
  object: Record<string, unknown>;
  changes?: Record<string, { old: unknown; new: unknown }>;
}

/** Stores the event (it stays listed in `/events` whatever happens to its deliveries) and hands it to the webhooks. */
export function publishEvent(core: SimCore, input: NewEvent): EventRecord {
  const event: EventRecord = {
    id: core.ids.next(),
    type: input.type,
    taxpayer: input.taxpayer,
    source: input.source ?? null,
    resource: input.resource,
    object: input.object,
    changes: input.changes ?? {},
    createdAt: core.clock.now(),
  };
  core.store.events.set(event.id, event);
  core.onEvent(event);
  return event;
}

/** `{field: {old, new}}` for every field whose value differs. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
) {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const field of fields) {
    if (before[field] !== after[field])
      changes[field] = { old: before[field] ?? null, new: after[field] ?? null };
  }
  return changes;
}

/** Events older than the retention window are gone, as upstream only guarantees 7 days. */
export function pruneEvents(core: SimCore): void {
  const horizon = core.clock.now() - core.settings.eventRetentionDays * 86_400_000;
  for (const [id, event] of core.store.events) {
    if (event.createdAt >= horizon) break;
    core.store.events.delete(id);
  }
}
