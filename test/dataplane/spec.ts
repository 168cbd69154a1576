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
 * The spec marks composed objects (`server`, `bind`, ...) `additionalProperties: false` next to
 * an `allOf` of their parts. JSON Schema then rejects every property, since
 * `additionalProperties` only sees sibling `properties`. The intent is "no fields beyond those of
 * the parts", so each such schema gets sibling `properties` naming the parts' fields (as `{}`:
 * the `allOf` still checks their types). This keeps unknown fields refused.
 */
export function closeComposedSchemas(doc: Json): number {
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const fieldsOf = (schema: unknown, seen = new Set<unknown>()): string[] => {
    if (!isObject(schema) || seen.has(schema)) return [];
    seen.add(schema);
    if (typeof schema.$ref === 'string') return fieldsOf(schemas[schema.$ref.split('/').pop() ?? ''], seen);
    const own = isObject(schema.properties) ? Object.keys(schema.properties) : [];
    const parts = Array.isArray(schema.allOf) ? schema.allOf.flatMap((part) => fieldsOf(part, seen)) : [];
    return [...own, ...parts];
  };
  let changed = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    if (node.additionalProperties === false && Array.isArray(node.allOf)) {
      const properties = isObject(node.properties) ? node.properties : {};
      for (const field of fieldsOf({ allOf: node.allOf })) properties[field] ??= {};
      node.properties = properties;
      changed++;
    }
    Object.values(node).forEach(visit);
  };
  visit(doc);
  return changed;
}

export async function loadDefinition(api: ApiVersion): Promise<Json> {
  const raw = YAML.parse(readFileSync(join(specDir, files[api]), 'utf8')) as Json;
  const doc = raw.swagger ? ((await s2o.convertObj(raw as never, { patch: true, warnOnly: true })).openapi as unknown as Json) : raw;
  closeComposedSchemas(doc);
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
