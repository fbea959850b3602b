import { isoAt } from '../core/clock.js';
import type { EventRecord } from '../state/types.js';
import { taxpayerResource } from './taxpayer.js';

/** Event (satws-api.md §8.3); `taxpayer` is absent on events that have none (export.*). */
export function eventResource(event: EventRecord): Record<string, unknown> {
  return {
    '@id': `/events/${event.id}`,
    '@type': 'Event',
    id: event.id,
    ...(event.taxpayer ? { taxpayer: taxpayerResource(event.taxpayer) } : {}),
    type: event.type,
    source: event.source ?? event.resource,
    resource: event.resource,
    data: { object: event.object, changes: event.changes },
    createdAt: isoAt(event.createdAt),
    updatedAt: isoAt(event.createdAt),
  };
}
