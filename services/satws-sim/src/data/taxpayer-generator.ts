import type { TaxpayerSeed } from '../seed/seed-spec.js';
import type { InvoiceType } from './catalogs.js';
import {
  INVOICE_TYPES,
  LEGAL_REGIMES,
  PHYSICAL_REGIMES,
  TYPE_WEIGHTS,
  ZIP_CODES,
} from './catalogs.js';
import { generateInvoice } from './invoice-generator.js';
import { companyName, personName } from './names.js';
import { createPrng, type Prng } from './prng.js';
import { generateRfc, personTypeOf } from './rfc.js';
import type { FileSizes, Party, SatInvoice, SatTaxpayer } from './sat-types.js';
import { dayStartMs } from './wall-clock.js';

const DAY_MS = 86_400_000;

/**
 * A taxpayer and its CFDI history, entirely determined by (randomSeed, RFC or ordinal): the same
 * seed always produces the same invoices, UUIDs, amounts and file bytes.
 */
export function generateTaxpayer(
  seed: TaxpayerSeed,
  randomSeed: string,
  ordinal: number,
): SatTaxpayer {
  const prng = createPrng(`${randomSeed}|taxpayer|${seed.rfc ?? ordinal}`);
  const personType = seed.personType ?? (seed.rfc ? personTypeOf(seed.rfc) : 'legal');
  const registered = new Date(Date.UTC(prng.int(1995, 2018), prng.int(0, 11), prng.int(1, 28)));
  const rfc = seed.rfc ?? generateRfc(prng, personType, registered);
  const owner = randomParty(prng, personType, registered, rfc, seed.name);
  const counterparties = Array.from(
    { length: Math.max(5, Math.min(60, Math.ceil(seed.invoices / 5))) },
    () => randomParty(prng, prng.chance(0.7) ? 'legal' : 'physical'),
  );
  const invoices = Array.from({ length: seed.invoices }, (_, index) =>
    draftInvoice(seed, randomSeed, owner, counterparties, index),
  );
  invoices.sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : 0));
  numberInvoices(invoices, seed);
  return {
    rfc,
    name: owner.name,
    personType,
    registrationDate: registered.toISOString().slice(0, 10),
    taxRegime: owner.taxRegime,
    zip: owner.zip,
    ciecPassword: seed.ciecPassword,
    invoices,
  };
}

function randomParty(
  prng: Prng,
  personType: 'legal' | 'physical',
  registered = new Date(Date.UTC(prng.int(1970, 2015), prng.int(0, 11), prng.int(1, 28))),
  rfc = generateRfc(prng, personType, registered),
  name = personType === 'legal' ? companyName(prng) : personName(prng),
): Party {
  const regimes = personType === 'legal' ? LEGAL_REGIMES : PHYSICAL_REGIMES;
  return { rfc, name, taxRegime: prng.pick(regimes), zip: prng.pick(ZIP_CODES) };
}

function draftInvoice(
  seed: TaxpayerSeed,
  randomSeed: string,
  owner: Party,
  counterparties: Party[],
  index: number,
): SatInvoice {
  const contentSeed = `${randomSeed}|${owner.rfc}|${index}`;
  const prng = createPrng(contentSeed);
  const type = pickType(prng, seed.types ?? INVOICE_TYPES);
  const ownerIsLegal = owner.rfc.length === 12;
  // Payroll flows from employer to employee: a company only issues it, a person only receives it.
  const isIssuer = type === 'N' ? ownerIsLegal : prng.chance(seed.issuedShare);
  const pool =
    type === 'N' && isIssuer ? counterparties.filter((p) => p.rfc.length === 13) : counterparties;
  const start = dayStartMs(seed.from);
  const span = dayStartMs(seed.to) + DAY_MS - 1000 - start;
  return generateInvoice({
    prng,
    contentSeed,
    owner,
    counterparty: pool.length > 0 ? prng.pick(pool) : prng.pick(counterparties),
    type,
    isIssuer,
    issuedAtMs: start + Math.floor((prng.float() * span) / 1000) * 1000,
    cancelled: prng.chance(seed.cancelledShare),
    sizes: {},
  });
}

function pickType(prng: Prng, types: readonly InvoiceType[]): InvoiceType {
  const total = types.reduce((sum, type) => sum + TYPE_WEIGHTS[type], 0);
  let roll = prng.float() * total;
  for (const type of types) {
    roll -= TYPE_WEIGHTS[type];
    if (roll < 0) return type;
  }
  return types[types.length - 1] ?? 'I';
}

/** Folios run per series in date order; sizes follow the seed (large ones first, by date). */
function numberInvoices(invoices: SatInvoice[], seed: TaxpayerSeed): void {
  const next = new Map<string, number>();
  invoices.forEach((invoice, index) => {
    const key = `${invoice.issuer.rfc}|${invoice.serie}`;
    const folio = (next.get(key) ?? 1000) + 1;
    next.set(key, folio);
    invoice.folio = String(folio);
    invoice.sizes = sizesFor(seed, index);
  });
}

function sizesFor(seed: TaxpayerSeed, index: number): FileSizes {
  if (seed.largeFiles && index < seed.largeFiles.count) {
    return {
      xml: seed.largeFiles.xml ?? seed.fileSizes?.xml,
      pdf: seed.largeFiles.pdf ?? seed.fileSizes?.pdf,
    };
  }
  return { xml: seed.fileSizes?.xml, pdf: seed.fileSizes?.pdf };
}
