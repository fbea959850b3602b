import { randomUUID } from 'node:crypto';

export interface ExtractionState {
  id: string;
  status: string;
  errorCode?: string | null;
  /** SAT.ws's time for this status; later statuses must carry later times. */
  updatedAt: string;
}

/** An `extraction.updated` event shaped as SAT.ws delivers it (satws-api.md §8.3, §9.4). */
export function extractionUpdated(rfc: string, state: ExtractionState) {
  return {
    '@context': '/contexts/Event',
    '@id': `/events/${randomUUID()}`,
    '@type': 'Event',
    id: randomUUID(),
    type: 'extraction.updated',
    taxpayer: { '@id': `/taxpayers/${rfc}`, '@type': 'Taxpayer', id: rfc, name: 'PRUEBA SA DE CV' },
    source: `/extractions/${state.id}`,
    resource: `/extractions/${state.id}`,
    data: {
      object: {
        '@id': `/extractions/${state.id}`,
        id: state.id,
        extractor: 'invoice',
        status: state.status,
        errorCode: state.errorCode ?? null,
        createdDataPoints: 0,
        updatedDataPoints: 0,
        updatedAt: state.updatedAt,
      },
      changes: { status: { old: 'pending', new: state.status } },
    },
    createdAt: state.updatedAt,
    updatedAt: state.updatedAt,
  };
}

/** A `credential.updated` event; `withTaxpayer: false` drops the envelope's taxpayer. */
export function credentialUpdated(
  rfc: string,
  status: string,
  updatedAt: string,
  { withTaxpayer = true }: { withTaxpayer?: boolean } = {},
) {
  const id = randomUUID();
  return {
    id: randomUUID(),
    type: 'credential.updated',
    ...(withTaxpayer ? { taxpayer: { id: rfc } } : {}),
    resource: `/credentials/${id}`,
    data: {
      object: { id, type: 'ciec', rfc, status, createdAt: updatedAt, updatedAt },
      changes: { status: { old: 'pending', new: status } },
    },
    createdAt: updatedAt,
  };
}

/** Seconds after a base time, as ISO text: events of one extraction in SAT.ws's order. */
export function at(seconds: number): string {
  return new Date(Date.UTC(2025, 5, 1, 12, 0, seconds)).toISOString();
}
