// Builds one of the browser apps (softphone/, console/) into <app>/dist/, the static files the
// server serves at /<app>/: type-checks with <app>/tsconfig.json (errors fail the build),
// bundles src/app.tsx (Preact, JSX compiled by esbuild's automatic runtime: no eval, as the
// pages' CSP wants) into one minified ES module, copies index.html and style.css, and prints
// the bundle's size. Each app's build.mjs is one call of buildWebApp.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the app in folder `here`; exits the process with 1 on a type or bundling error. */
export async function buildWebApp(here) {
  const name = basename(here);
  const out = join(here, 'dist');
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error(`[${name}] type errors: build failed`);
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
    console.error(`[${name}] bundling failed`);
    process.exit(1);
  }
  for (const f of ['index.html', 'style.css']) copyFileSync(join(here, f), join(out, f));
  const bundle = readFileSync(join(out, 'app.js'));
  const kb = (n) => `${Math.round(n / 1024)} KB`;
  console.log(`[${name}] built ${out} (app.js ${kb(bundle.length)} minified, ${kb(gzipSync(bundle).length)} gzipped)`);
}
