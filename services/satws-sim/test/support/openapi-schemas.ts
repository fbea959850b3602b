import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

const OPENAPI_PATH = '/work/shared/satws-openapi/syntage-openapi.yaml';

/**
 * Where the OpenAPI document's schemas contradict its own prose (and satws-api.md), the prose
 * wins and is patched in here, each with its reason — everything else is validated as written.
 */
const ERRATA: Array<{
  schema: string;
  path: string[];
  patch: Record<string, unknown>;
  why: string;
}> = [
  {
    schema: 'ExtractionRateLimitedAt',
    path: [],
    patch: { nullable: true },
    why: 'the property text says "otherwise null" and the documented 202 example has rateLimitedAt: null',
  },
  {
    schema: 'ExtractionStatus',
    path: [],
    patch: {
      enum: [
        'pending',
        'waiting',
        'running',
        'finished',
        'failed',
        'stopping',
        'stopped',
        'cancelled',
      ],
    },
    why: 'the Extractions tag text documents `waiting` and `cancelled` beside the six enum values',
  },
  {
    schema: 'Export',
    path: ['properties', 'file'],
    patch: { nullable: true },
    why: 'an export has no file until it is finished (satws-api.md §7.3: file: File|null)',
  },
];

type Json = Record<string, unknown>;

function openApiDocument(): Json {
  const document = parse(readFileSync(OPENAPI_PATH, 'utf8')) as Json;
  const schemas = (document.components as Json).schemas as Record<string, Json>;
  for (const erratum of ERRATA) {
    let target = schemas[erratum.schema] as Json;
    for (const key of erratum.path) target = target[key] as Json;
    Object.assign(target, erratum.patch);
  }
  return document;
}

/** OpenAPI 3.0 `nullable: true` is not JSON Schema: express it as "or null". */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const source = value as Json;
  const result: Json = {};
  for (const [key, item] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key === 'discriminator')
      continue;
    result[key] = toJsonSchema(item);
  }
  if (source.nullable === true) {
    if (Array.isArray(result.enum)) result.enum = [...result.enum, null];
    return { anyOf: [result, { type: 'null' }] };
  }
  return result;
}

export interface OpenApiValidators {
  /** Validates against `#/components/schemas/<name>`; `requireAll` demands every declared property. */
  schema(name: string, requireAll?: boolean): ValidateFunction;
  /** Validates against a response component's body schema. */
  response(name: string, mediaType: string): ValidateFunction;
}

export function loadOpenApiValidators(): OpenApiValidators {
  const document = openApiDocument();
  const components = toJsonSchema(document.components) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  for (const format of ['float', 'binary', 'xml']) ajv.addFormat(format, true);
  // ajv-formats' `url` rejects loopback and private hosts (upstream's rule for webhook URLs, which
  // the simulator relaxes on purpose so receivers can run locally); any absolute URL passes here.
  ajv.addFormat('url', (value: string) => URL.canParse(value));
  ajv.addFormat('iri-reference', (value: string) => /^\/\S*$/.test(value) || URL.canParse(value));
  ajv.addSchema({ $id: 'oas', components }, 'oas');
  const cache = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: Json): ValidateFunction => {
    const known = cache.get(key);
    if (known) return known;
    const validate = ajv.compile(schema);
    cache.set(key, validate);
    return validate;
  };
  return {
    schema(name, requireAll = false) {
      const ref = { $ref: `oas#/components/schemas/${name}` };
      if (!requireAll) return compile(name, ref);
      const declared = Object.keys(
        (((components.schemas as Json)[name] as Json).properties as Json) ?? {},
      );
      return compile(`${name}!`, { allOf: [ref, { required: declared }] });
    },
    response(name, mediaType) {
      const pointer = `oas#/components/responses/${name}/content/${mediaType.replace('/', '~1')}/schema`;
      return compile(`${name}|${mediaType}`, { $ref: pointer });
    },
  };
}

export function explain(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2);
}
