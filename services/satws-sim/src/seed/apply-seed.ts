import type { SimCore } from '../core/sim-core.js';
import type { SatInvoice, SatTaxpayer } from '../data/sat-types.js';
import { generateTaxpayer } from '../data/taxpayer-generator.js';
import { attachCfdiFile } from '../domain/invoice-files.js';
import { linkEntity, newValidCredential } from '../domain/linking.js';
import { InputError } from '../http/input-error.js';
import type { InvoiceRecord } from '../state/types.js';
import { type SeedSpecInput, seedSpecSchema } from './seed-spec.js';

export interface SeededTaxpayer {
  rfc: string;
  name: string;
  personType: 'legal' | 'physical';
  invoices: number;
  entityId: string | null;
}

/**
 * Adds taxpayers (SAT side) and, per seed, their entity and valid credential (`linked`) and
 * their invoices already extracted (`extracted`). Seeding writes history, so it emits no events.
 * Everything is generated and checked before anything is stored: a bad seed changes nothing.
 */
export function applySeed(core: SimCore, input: SeedSpecInput): SeededTaxpayer[] {
  const spec = seedSpecSchema.parse(input);
  const randomSeed = String(spec.randomSeed);
  const generated = spec.taxpayers.map((seed, index) => ({
    seed,
    taxpayer: generateTaxpayer(seed, randomSeed, core.store.sat.size + index),
  }));
  const seen = new Set<string>();
  for (const { taxpayer } of generated) {
    if (core.store.sat.has(taxpayer.rfc) || seen.has(taxpayer.rfc)) {
      throw InputError.field(
        'taxpayers',
        `RFC ${taxpayer.rfc} is already seeded; reset first or choose another RFC.`,
      );
    }
    seen.add(taxpayer.rfc);
  }
  return generated.map(({ seed, taxpayer }) => {
    core.store.sat.set(taxpayer.rfc, taxpayer);
    const entity = seed.linked
      ? linkEntity(core, newValidCredential(core, taxpayer.rfc), true)
      : undefined;
    if (seed.extracted)
      for (const invoice of taxpayer.invoices) storeExtracted(core, taxpayer, invoice);
    return {
      rfc: taxpayer.rfc,
      name: taxpayer.name,
      personType: taxpayer.personType,
      invoices: taxpayer.invoices.length,
      entityId: entity?.id ?? null,
    };
  });
}

function storeExtracted(core: SimCore, taxpayer: SatTaxpayer, sat: SatInvoice): void {
  const now = core.clock.now();
  const invoice: InvoiceRecord = {
    id: core.ids.next(),
    rfc: taxpayer.rfc,
    sat,
    status: sat.status,
    canceledAt: sat.canceledAt,
    xmlFileId: null,
    pdfFileId: null,
    createdAt: now,
    updatedAt: now,
  };
  core.store.addInvoice(invoice);
  attachCfdiFile(core, invoice, 'xml');
  attachCfdiFile(core, invoice, 'pdf');
}
