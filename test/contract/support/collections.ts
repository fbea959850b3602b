import type { SatwsClient, SatwsExtraction } from '@invoice-extractor/shared/satws';
import { TERMINAL_EXTRACTION_STATUSES } from '@invoice-extractor/shared/satws';
import { waitFor } from '@invoice-extractor/test-support/wait';

export async function entityIdOf(client: SatwsClient, rfc: string): Promise<string> {
  const entity = await client.findEntityByRfc(rfc);
  if (!entity) throw new Error(`no entity for ${rfc}`);
  return entity.id;
}

export async function allPages<T>(
  pages: AsyncIterable<T[]>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    items.push(...page);
    count += 1;
  }
  return { items, pages: count };
}

export function settled(client: SatwsClient, id: string): Promise<SatwsExtraction> {
  return waitFor(`extraction ${id} to settle`, async () => {
    const extraction = await client.getExtraction(id);
    return TERMINAL_EXTRACTION_STATUSES.has(extraction.status) ? extraction : undefined;
  });
}
