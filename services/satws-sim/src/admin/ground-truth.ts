import type { SimCore } from '../core/sim-core.js';
import type { SatInvoice, SatTaxpayer } from '../data/sat-types.js';
import { withZ } from '../data/wall-clock.js';

export interface TruthFile {
  size: number;
  /** Hex sha256 of the bytes every download of this file returns; null when digests were skipped. */
  sha256: string | null;
  /** Whether the simulated Syntage has this file (an extraction copied it). */
  available: boolean;
  fileId: string | null;
}

export interface TruthInvoice {
  uuid: string;
  id: string | null;
  extracted: boolean;
  type: string;
  issuedAt: string;
  isIssuer: boolean;
  status: string;
  total: number;
  xml: TruthFile;
  pdf: TruthFile;
}

export interface TruthTaxpayer {
  rfc: string;
  name: string;
  personType: 'legal' | 'physical';
  entityId: string | null;
  invoices: TruthInvoice[];
}

export interface GroundTruth {
  taxpayers: TruthTaxpayer[];
}

/**
 * Every CFDI SAT holds for each taxpayer (or one RFC), whether and under which id the simulated
 * Syntage exposes it, and the size and sha256 of its XML and PDF — computed by streaming the
 * generator once, then cached.
 */
export async function groundTruth(
  core: SimCore,
  rfc?: string,
  digests = true,
): Promise<GroundTruth> {
  const taxpayers = [...core.store.sat.values()].filter(
    (taxpayer) => rfc === undefined || taxpayer.rfc === rfc.toUpperCase(),
  );
  const result: TruthTaxpayer[] = [];
  for (const taxpayer of taxpayers) result.push(await taxpayerTruth(core, taxpayer, digests));
  return { taxpayers: result };
}

async function taxpayerTruth(
  core: SimCore,
  taxpayer: SatTaxpayer,
  digests: boolean,
): Promise<TruthTaxpayer> {
  const invoices: TruthInvoice[] = [];
  for (const sat of taxpayer.invoices)
    invoices.push(await invoiceTruth(core, taxpayer.rfc, sat, digests));
  return {
    rfc: taxpayer.rfc,
    name: taxpayer.name,
    personType: taxpayer.personType,
    entityId: core.store.entityByRfc(taxpayer.rfc)?.id ?? null,
    invoices,
  };
}

async function invoiceTruth(
  core: SimCore,
  rfc: string,
  sat: SatInvoice,
  digests: boolean,
): Promise<TruthInvoice> {
  const record = core.store.extractedInvoice(rfc, sat);
  const file = async (format: 'xml' | 'pdf', fileId: string | null): Promise<TruthFile> => ({
    size: core.files.size(sat, format),
    sha256: digests ? (await core.files.digest(sat, format)).sha256 : null,
    available: fileId !== null,
    fileId,
  });
  return {
    uuid: sat.uuid,
    id: record?.id ?? null,
    extracted: record !== undefined,
    type: sat.type,
    issuedAt: withZ(sat.issuedAt),
    isIssuer: sat.isIssuer,
    status: sat.status,
    total: sat.totalCents / 100,
    xml: await file('xml', record?.xmlFileId ?? null),
    pdf: await file('pdf', record?.pdfFileId ?? null),
  };
}
