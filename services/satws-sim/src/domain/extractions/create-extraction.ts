import type { SimCore } from '../../core/sim-core.js';
import { InputError } from '../../http/input-error.js';
import { extractionResource } from '../../resources/extraction.js';
import type { ExtractionRecord, InvoiceOptions } from '../../state/types.js';
import { publishEvent } from '../events.js';
import { EXTRACTORS, equivalenceKey, resolveInvoiceOptions } from './extraction-options.js';
import { scheduleStart } from './extraction-runner.js';
import { taxpayerOfExtraction } from './extraction-taxpayer.js';

type Violation = { propertyPath: string; message: string };

export type CreateExtractionResult =
  | { kind: 'created'; extraction: ExtractionRecord }
  | { kind: 'conflict'; conflictingExtractors: string[] };

const ENTITY_IRI = /^\/entities\/([0-9a-fA-F-]{36})$/;
const TAXPAYER_IRI = /^\/taxpayers\/([A-ZÑ&]{3,4}\d{6}[A-Z\d]{3})$/;

/**
 * `POST /extractions` (satws-api.md §5.1): the current `entity` IRI form or the legacy
 * `taxpayer` IRI form; 400 ConstraintViolation on bad input; 409 when an equivalent extraction
 * is still `pending` or `running`.
 */
export function createExtraction(core: SimCore, body: unknown): CreateExtractionResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw InputError.field('body', 'The request body must be a JSON object.');
  }
  const input = body as Record<string, unknown>;
  const violations: Violation[] = [];
  const rfc = resolveTaxpayer(core, input, violations);
  const extractor = input.extractor;
  if (typeof extractor !== 'string' || !(EXTRACTORS as readonly string[]).includes(extractor)) {
    violations.push({
      propertyPath: 'extractor',
      message: 'The value you selected is not a valid choice.',
    });
  }
  const options = input.options ?? {};
  let effective: InvoiceOptions | null = null;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    violations.push({ propertyPath: 'options', message: 'This value should be of type object.' });
  } else if (extractor === 'invoice') {
    effective = resolveInvoiceOptions(
      options as Record<string, unknown>,
      core.clock.now(),
      violations,
    );
  }
  if (violations.length > 0 || rfc === undefined) {
    throw new InputError(
      violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n'),
      violations,
    );
  }
  const key = equivalenceKey(rfc, extractor as string, options);
  for (const other of core.store.extractions.values()) {
    if (
      other.equivalenceKey === key &&
      (other.status === 'pending' || other.status === 'running')
    ) {
      return { kind: 'conflict', conflictingExtractors: [other.extractor] };
    }
  }
  const extraction = newExtraction(
    core,
    rfc,
    extractor as string,
    options as Record<string, unknown>,
    key,
    effective,
  );
  publishEvent(core, {
    type: 'extraction.created',
    taxpayer: taxpayerOfExtraction(core, extraction),
    resource: `/extractions/${extraction.id}`,
    object: extractionResource(core, extraction),
  });
  scheduleStart(core, extraction);
  return { kind: 'created', extraction };
}

function resolveTaxpayer(
  core: SimCore,
  input: Record<string, unknown>,
  violations: Violation[],
): string | undefined {
  const { entity, taxpayer } = input;
  if ((entity === undefined) === (taxpayer === undefined)) {
    violations.push({
      propertyPath: 'entity',
      message: 'Send exactly one of "entity" (/entities/{id}) or "taxpayer" (/taxpayers/{rfc}).',
    });
    return undefined;
  }
  if (entity !== undefined) {
    const id = typeof entity === 'string' ? ENTITY_IRI.exec(entity)?.[1] : undefined;
    const found = id ? core.store.entities.get(id.toLowerCase()) : undefined;
    if (!found)
      violations.push({
        propertyPath: 'entity',
        message: `Item not found for "${String(entity)}".`,
      });
    return found?.rfc;
  }
  const rfc = typeof taxpayer === 'string' ? TAXPAYER_IRI.exec(taxpayer)?.[1] : undefined;
  if (!rfc || !core.store.entityByRfc(rfc)) {
    violations.push({
      propertyPath: 'taxpayer',
      message: `Item not found for "${String(taxpayer)}".`,
    });
    return undefined;
  }
  return rfc;
}

function newExtraction(
  core: SimCore,
  rfc: string,
  extractor: string,
  options: Record<string, unknown>,
  key: string,
  effective: InvoiceOptions | null,
): ExtractionRecord {
  const now = core.clock.now();
  const extraction: ExtractionRecord = {
    id: core.ids.next(),
    rfc,
    extractor,
    options,
    equivalenceKey: key,
    effective,
    status: 'pending',
    waitingFor: null,
    startedAt: null,
    finishedAt: null,
    rateLimitedAt: null,
    errorCode: null,
    createdDataPoints: 0,
    updatedDataPoints: 0,
    createdAt: now,
    updatedAt: now,
  };
  core.store.extractions.set(extraction.id, extraction);
  return extraction;
}
