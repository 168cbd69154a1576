// Bundles the three entry points. `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { cpSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The metrics webview (runs in the browser): its script with uPlot, and its CSS next to it (dist/webview/metrics.css).
  { entryPoints: ['client/webview/metrics/main.ts'], outfile: 'dist/webview/metrics.js', platform: 'browser', format: 'iife', target: 'es2020' },
];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

// The language server and CLI load the keyword catalog (one JSON per HAProxy version) lazily
// from dist/catalog at run time instead of bundling it (see server/src/catalog/location.ts).
cpSync('server/src/catalog/generated', 'dist/catalog', { recursive: true });

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
}
