import { stripJsonLd } from '../http/representation.js';
import { eventResource } from '../resources/event.js';
import type { EventRecord } from '../state/types.js';

/**
 * The delivered body: exactly one Event. ld+json keeps `@context/@id/@type`; plain JSON drops
 * them (satws-api.md §13). `withoutTaxpayer` imitates the deliveries integrators saw lacking it.
 */
export function eventPayload(
  event: EventRecord,
  contentType: string,
  withoutTaxpayer: boolean,
): string {
  const resource = eventResource(event);
  if (withoutTaxpayer) delete resource.taxpayer;
  const body =
    contentType === 'application/json'
      ? stripJsonLd(resource)
      : { '@context': '/contexts/Event', ...resource };
  return JSON.stringify(body);
}
