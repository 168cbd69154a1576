// Generates the TypeScript types of the Data Plane API operations the client uses, from the
// specs copied in data/dataplaneapi/ (see its README for origin and license).
//   node scripts/gen-dataplane-types.mjs          writes client/src/haproxy/dataplane/generated/{v3,v2}.ts
//   node scripts/gen-dataplane-types.mjs --check  exits 1 if the committed files are stale
// Only the paths below (and the components they reference) are kept: the full v3 spec gives
// 1.2 MB of types, which would slow every type-check for no use. Add a path here when the
// client starts using it. v2 is Swagger 2.0, which openapi-typescript cannot read, so it is
// converted to OpenAPI 3 with swagger2openapi first.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import s2o from 'swagger2openapi';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const specDir = join(root, 'data/dataplaneapi');
const outDir = join(root, 'client/src/haproxy/dataplane/generated');

const common = [
  '/info',
  '/health',
  '/services/haproxy/configuration/version',
  '/services/haproxy/transactions',
  '/services/haproxy/transactions/{id}',
  '/services/haproxy/reloads',
  '/services/haproxy/reloads/{id}',
  '/services/haproxy/configuration/raw',
  '/services/haproxy/configuration/defaults',
  '/services/haproxy/configuration/frontends',
  '/services/haproxy/configuration/frontends/{name}',
  '/services/haproxy/configuration/backends',
  '/services/haproxy/configuration/backends/{name}',
  '/services/haproxy/runtime/info',
  '/services/haproxy/stats/native',
];

const targets = [
  {
    name: 'v3',
    file: 'dataplaneapi-v3.4-openapi3.yaml',
    paths: [
      ...common,
      '/services/haproxy/configuration/defaults/{name}',
      '/services/haproxy/configuration/backends/{parent_name}/servers',
      '/services/haproxy/configuration/backends/{parent_name}/servers/{name}',
      '/services/haproxy/configuration/frontends/{parent_name}/binds',
      '/services/haproxy/configuration/frontends/{parent_name}/binds/{name}',
      '/services/haproxy/configuration/{parent_type}/{parent_name}/acls',
      '/services/haproxy/configuration/{parent_type}/{parent_name}/acls/{index}',
      '/services/haproxy/configuration/{parent_type}/{parent_name}/http_request_rules',
      '/services/haproxy/configuration/{parent_type}/{parent_name}/http_request_rules/{index}',
      '/services/haproxy/runtime/backends/{parent_name}/servers',
      '/services/haproxy/runtime/backends/{parent_name}/servers/{name}',
    ],
  },
  {
    name: 'v2',
    file: 'dataplaneapi-v2.9-swagger2.yaml',
    paths: [
      ...common,
      '/services/haproxy/configuration/servers',
      '/services/haproxy/configuration/servers/{name}',
      '/services/haproxy/configuration/binds',
      '/services/haproxy/configuration/binds/{name}',
      '/services/haproxy/configuration/acls',
      '/services/haproxy/configuration/acls/{index}',
      '/services/haproxy/configuration/http_request_rules',
      '/services/haproxy/configuration/http_request_rules/{index}',
      '/services/haproxy/runtime/servers',
      '/services/haproxy/runtime/servers/{name}',
    ],
  },
];

/** Expands `{parent_type}` into the concrete frontends/backends paths the spec has. */
function expand(paths) {
  return paths.flatMap((p) => (p.includes('{parent_type}') ? ['frontends', 'backends'].map((t) => p.replace('{parent_type}', t)) : [p]));
}

/** Keeps the listed paths and every component they reach through $ref. */
function prune(doc, wanted) {
  const paths = {};
  for (const path of expand(wanted)) {
    if (!doc.paths[path]) throw new Error(`${path} is not in the spec`);
    paths[path] = doc.paths[path];
  }
  const keep = new Map();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
        const [, , kind, name] = value.split('/');
        const id = `${kind}/${name}`;
        if (!keep.has(id)) {
          const target = doc.components?.[kind]?.[name];
          if (!target) throw new Error(`dangling $ref ${value}`);
          keep.set(id, target);
          visit(target);
        }
      } else visit(value);
    }
  };
  visit(paths);
  const components = {};
  for (const [id, value] of [...keep].sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, name] = id.split('/');
    (components[kind] ??= {})[name] = value;
  }
  return { openapi: doc.openapi, info: doc.info, servers: doc.servers, paths, components };
}

export async function loadOpenApi(file) {
  const doc = YAML.parse(readFileSync(join(specDir, file), 'utf8'));
  if (doc.swagger) return (await s2o.convertObj(doc, { patch: true, warnOnly: true })).openapi;
  return doc;
}

async function render(target) {
  const doc = prune(await loadOpenApi(target.file), target.paths);
  const body = astToString(await openapiTS(doc, { alphabetize: true }));
  return (
    `// GENERATED by scripts/gen-dataplane-types.mjs from data/dataplaneapi/${target.file}` +
    ` (${Object.keys(doc.paths).length} paths). Do not edit; re-run the script.\n/* eslint-disable */\n` +
    body
  );
}

async function main() {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const target of targets) {
    const outFile = join(outDir, `${target.name}.ts`);
    const text = await render(target);
    if (check) {
      let current = '';
      try {
        current = readFileSync(outFile, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== text) {
        console.error(`${outFile} is stale: run node scripts/gen-dataplane-types.mjs`);
        stale++;
      }
    } else {
      writeFileSync(outFile, text);
      console.log(`wrote ${outFile} (${text.length} chars)`);
    }
  }
  process.exit(stale ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
