// `npm run gen-catalog`: manuals in data/haproxy-docs -> server/src/catalog/generated/*.json,
// then a summary of counts per category and version, and the generator's notes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAll, renderFiles } from './build';
import { summary } from './summary';

const root = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? process.cwd();
const outDir = join(root, 'server/src/catalog/generated');
const result = buildAll(join(root, 'data/haproxy-docs'));
mkdirSync(outDir, { recursive: true });
const files = renderFiles(result);
for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
process.stdout.write(summary(result, files, process.argv.includes('--verbose')));
