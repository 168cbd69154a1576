// Loads the Data Plane API specs from data/dataplaneapi/ into openapi-backend (routing +
// ajv validation of requests and responses). Loaded once per process: parsing the 1.2 MB v3
// YAML takes about a second.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { OpenAPIBackend, type Document } from 'openapi-backend';
import s2o from 'swagger2openapi';
import addFormats from 'ajv-formats';

export type ApiVersion = 'v3' | 'v2';

const specDir = join(__dirname, '..', '..', '..', 'data', 'dataplaneapi');
const files: Record<ApiVersion, string> = {
  v3: 'dataplaneapi-v3.4-openapi3.yaml',
  v2: 'dataplaneapi-v2.9-swagger2.yaml',
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The spec composes objects with `allOf` whose members are `additionalProperties: false`
 * (`bind` = allOf[bind_params (closed), {name, address, ...} (closed)], `server`, ...). Under
 * JSON Schema each closed member then rejects the other members' fields, so no valid `bind`
 * exists. The intent is one closed object with the union of the fields: each such `allOf` of
 * plain object schemas is merged into that (unknown fields stay refused). Returns how many
 * schemas were merged.
 */
export function mergeClosedAllOf(doc: Json): number {
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const plainKeys = new Set(['type', 'properties', 'required', 'additionalProperties', 'description', 'title', 'example', 'allOf']);
  interface Flat {
    properties: Record<string, unknown>;
    required: string[];
    closed: boolean;
  }
  const flatten = (schema: unknown, seen: Set<unknown>): Flat | undefined => {
    if (!isObject(schema) || seen.has(schema)) return undefined;
    if (typeof schema.$ref === 'string') return flatten(schemas[schema.$ref.split('/').pop() ?? ''], new Set([...seen, schema]));
    if (Object.keys(schema).some((key) => !plainKeys.has(key) && !key.startsWith('x-'))) return undefined;
    if (schema.type !== undefined && schema.type !== 'object') return undefined;
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return undefined;
    const flat: Flat = { properties: { ...(isObject(schema.properties) ? schema.properties : {}) }, required: [...((schema.required as string[]) ?? [])], closed: schema.additionalProperties === false };
    for (const member of (schema.allOf as unknown[]) ?? []) {
      const part = flatten(member, new Set([...seen, schema]));
      if (!part) return undefined;
      for (const [field, fieldSchema] of Object.entries(part.properties)) {
        flat.properties[field] = field in flat.properties ? { allOf: [flat.properties[field], fieldSchema] } : fieldSchema;
      }
      flat.required.push(...part.required);
      flat.closed ||= part.closed;
    }
    return flat;
  };
  let merged = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    Object.values(node).forEach(visit);
    if (!Array.isArray(node.allOf)) return;
    const flat = flatten(node, new Set());
    if (!flat || !flat.closed) return;
    delete node.allOf;
    node.type = 'object';
    node.properties = flat.properties;
    if (flat.required.length) node.required = [...new Set(flat.required)];
    node.additionalProperties = false;
    merged++;
  };
  visit(doc);
  return merged;
}

export async function loadDefinition(api: ApiVersion): Promise<Json> {
  const raw = YAML.parse(readFileSync(join(specDir, files[api]), 'utf8')) as Json;
  const doc = raw.swagger ? ((await s2o.convertObj(raw as never, { patch: true, warnOnly: true })).openapi as unknown as Json) : raw;
  mergeClosedAllOf(doc);
  return doc;
}

const backends = new Map<ApiVersion, Promise<OpenAPIBackend>>();

/** The routing + validating backend for one API version (shared by all test servers). */
export function specBackend(api: ApiVersion): Promise<OpenAPIBackend> {
  let backend = backends.get(api);
  if (!backend) {
    backend = (async () => {
      const definition = await loadDefinition(api);
      const instance = new OpenAPIBackend({ definition: definition as unknown as Document, apiRoot: `/${api}`, quick: true,
        validate: true,
        coerceTypes: true,
        // `date`, `date-time`, `uri`... are checked, not ignored.
        customizeAjv: (ajv) => {
          addFormats(ajv);
          return ajv;
        },
      });
      await instance.init();
      return instance;
    })();
    backends.set(api, backend);
  }
  return backend;
}
