#!/usr/bin/env node
// The one entry point behind `npm start`, `npm test`, `npm run engine` and the benches.
// It needs nothing but Node: it installs the Debian packages a command needs, the npm
// dependencies and the build when they are missing or stale, then runs the command.
// Keeping this in plain .mjs (no dependencies) is what lets a fresh clone bootstrap itself.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...args] = process.argv.slice(2);

// Debian packages each command needs, keyed by a file that proves the package is installed.
const debs = {
  sipp: { file: '/usr/bin/sipp', pkg: 'sip-tester' },
  rtpengine: { file: '/usr/bin/rtpengine', pkg: 'rtpengine-daemon' },
  espeak: { file: '/usr/bin/espeak-ng', pkg: 'espeak-ng' },
  sox: { file: '/usr/bin/sox', pkg: 'sox' },
  chromium: { file: '/usr/bin/chromium', pkg: 'chromium' },
  postgres: { file: '/usr/lib/postgresql', pkg: 'postgresql' },
  openssl: { file: '/usr/bin/openssl', pkg: 'openssl' },
};
const needs = {
  start: ['rtpengine', 'espeak', 'sox', 'openssl'],
  engine: [],
  test: ['sipp', 'rtpengine', 'espeak', 'sox', 'chromium', 'postgres', 'openssl'],
  bench: ['sipp', 'rtpengine', 'espeak', 'sox', 'postgres'],
  'bench:sip': ['sipp'],
  'bench:db': ['postgres'],
  'bench:media': ['rtpengine', 'sox'],
};

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function ensureDebs(names) {
  const missing = names.map((n) => debs[n]).filter((d) => d && !existsSync(d.file)).map((d) => d.pkg);
  if (missing.length === 0) return;
  console.log(`[bootstrap] installing Debian packages: ${missing.join(' ')}`);
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (argv) => (asRoot.length ? run(asRoot[0], [...asRoot.slice(1), 'apt-get', ...argv], { env }) : run('apt-get', argv, { env }));
  if (apt(['update', '-qq']) !== 0 || apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]) !== 0) {
    console.error(`[bootstrap] could not install ${missing.join(' ')}: run as root, or install them with apt-get yourself.`);
    process.exit(1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|mjs|json|html|css)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('[bootstrap] installing npm dependencies (npm ci)');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}

// Returns tsc's status so that `npm test` can fail on type errors while `npm start` still runs.
function build() {
  const stamp = join(root, 'dist', '.tsbuildinfo');
  const softphone = join(root, 'softphone', 'build.mjs');
  let status = 0;
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < newestMtime(root) || command === 'test') {
    console.log('[bootstrap] type-checking and building (tsc)');
    status = run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json']);
  }
  if (existsSync(softphone) && run(process.execPath, [softphone]) !== 0) status = 1;
  return status;
}

function exec(file, argv) {
  const child = spawn(process.execPath, [file, ...argv], { stdio: 'inherit', cwd: root });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const targets = {
  start: () => exec(join(root, 'scripts', 'supervise.mjs'), [join(root, 'dist', 'server', 'main.js'), ...args]),
  engine: () => exec(join(root, 'dist', 'server', 'engine', 'cli.js'), args),
  migrate: () => exec(join(root, 'dist', 'server', 'db', 'migrate-cli.js'), args),
  test: (tscStatus) => exec(join(root, 'scripts', 'run-tests.mjs'), [String(tscStatus), ...args]),
  bench: () => exec(join(root, 'scripts', 'run-bench.mjs'), args),
  'bench:sip': () => exec(join(root, 'scripts', 'run-bench.mjs'), ['sip', ...args]),
  'bench:db': () => exec(join(root, 'scripts', 'run-bench.mjs'), ['db', ...args]),
  'bench:media': () => exec(join(root, 'scripts', 'run-bench.mjs'), ['media', ...args]),
};

if (!targets[command]) {
  console.error(`[bootstrap] unknown command '${command}'; one of: ${Object.keys(targets).join(', ')}`);
  process.exit(2);
}
ensureDebs(needs[command] ?? []);
ensureNodeModules();
const tscStatus = build();
targets[command](tscStatus);
