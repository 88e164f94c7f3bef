#!/usr/bin/env node
// Builds the softphone into softphone/dist/ (static files the server serves at /softphone/):
// type-checks with softphone/tsconfig.json (errors fail the build), bundles src/app.tsx (Preact,
// JSX compiled by esbuild's automatic runtime: no eval, as the page's CSP wants) into one
// minified ES module, copies index.html and style.css, and prints the bundle's size.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(here, 'dist');

const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('[softphone] type errors: build failed');
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
try {
  await build({
    entryPoints: [join(here, 'src', 'app.tsx')],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
} catch {
  console.error('[softphone] bundling failed');
  process.exit(1);
}
for (const f of ['index.html', 'style.css']) copyFileSync(join(here, f), join(out, f));
const bundle = readFileSync(join(out, 'app.js'));
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`[softphone] built ${out} (app.js ${kb(bundle.length)} minified, ${kb(gzipSync(bundle).length)} gzipped)`);
