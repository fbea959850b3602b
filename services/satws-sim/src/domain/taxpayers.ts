import type { SimCore } from '../core/sim-core.js';
import type { SatTaxpayer } from '../data/sat-types.js';
import { generateTaxpayer } from '../data/taxpayer-generator.js';
import { taxpayerSeedSchema } from '../seed/seed-spec.js';

/**
 * The SAT side of an RFC. A credential for an RFC nobody seeded still links: SAT knows every
 * taxpayer, this one simply has no invoices.
 */
export function ensureSatTaxpayer(core: SimCore, rfc: string): SatTaxpayer {
  const known = core.store.sat.get(rfc);
  if (known) return known;
  const taxpayer = generateTaxpayer(
    taxpayerSeedSchema.parse({ rfc, invoices: 0 }),
    core.randomSeed,
    core.store.sat.size,
  );
  core.store.sat.set(rfc, taxpayer);
  return taxpayer;
}
