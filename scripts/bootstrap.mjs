#!/usr/bin/env node
// The one entry point behind `npm start`, `npm test`, `npm run engine` and the benches.
// It needs nothing but Node: it installs the Debian packages a command needs, the npm
// dependencies and the build when they are missing or stale, then runs the command.
// Keeping this in plain .mjs (no dependencies) is what lets a fresh clone bootstrap itself.
import { spawnSync, spawn } from 'node:child_process';
import { checkNpmRegistry, unreachableMessage } from './npm-registry-check.mjs';
import { aptInstall } from './apt-install.mjs';
import { existsSync, statSync, readdirSync, readFileSync, lstatSync, realpathSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command = 'start', ...args] = process.argv.slice(2);

// Debian packages each command needs, keyed by a file that proves the package is installed,
// with why it is needed (printed when it is installed).
const debs = {
  sipp: { file: '/usr/bin/sipp', pkg: 'sip-tester', why: 'SIP tests and benches place calls with sipp' },
  rtpengine: { file: '/usr/bin/rtpengine', pkg: 'rtpengine-daemon', why: 'media: RTP and WebRTC relay, prompts, DTMF, recording' },
  espeak: { file: '/usr/bin/espeak-ng', pkg: 'espeak-ng', why: 'spoken IVR and queue prompts (text to speech)' },
  sox: { file: '/usr/bin/sox', pkg: 'sox', why: 'audio conversion of prompts and hold music' },
  // Its doc folder's copyright file: kept even by slim images, and the same on every architecture.
  soxmp3: { file: '/usr/share/doc/libsox-fmt-mp3/copyright', pkg: 'libsox-fmt-mp3', why: 'MP3 prompt uploads (sox reads and writes MP3 with it)' },
  chromium: { file: '/usr/bin/chromium', pkg: 'chromium', why: 'browser tests of the softphone' },
  postgres: { file: '/usr/lib/postgresql', pkg: 'postgresql', why: 'the throwaway Postgres of tests and benches' },
  openssl: { file: '/usr/bin/openssl', pkg: 'openssl', why: 'the self-signed TLS/WSS certificate' },
  baresip: { file: '/usr/bin/baresip', pkg: 'baresip-core', why: 'desk-phone tests: a real SIP client (SRTP, G.722, opus, hold)' },
  linphone: { file: '/usr/bin/linphonec', pkg: 'linphone-cli', why: 'desk-phone tests: a second real SIP client (TLS, SIP INFO DTMF, a=inactive hold)' },
  tshark: { file: '/usr/bin/tshark', pkg: 'tshark', why: 'packet captures that check payload types on the wire' },
  iproute2: { file: '/bin/ip', pkg: 'iproute2', why: 'network namespaces for the NAT tests' },
  iptables: { file: '/usr/sbin/iptables', pkg: 'iptables', why: 'the port-translating NAT of the NAT tests' },
};
const needs = {
  start: ['rtpengine', 'espeak', 'sox', 'soxmp3', 'openssl'],
  engine: [],
  test: ['sipp', 'rtpengine', 'espeak', 'sox', 'soxmp3', 'chromium', 'postgres', 'openssl', 'baresip', 'linphone', 'tshark', 'iproute2', 'iptables'],
  bench: ['sipp', 'rtpengine', 'espeak', 'sox', 'postgres'],
  'bench:sip': ['sipp'],
  'bench:db': ['postgres'],
  'bench:media': ['rtpengine', 'sox'],
  'bench:center': ['sipp', 'rtpengine', 'espeak', 'sox', 'postgres'],
  'bench:reports': ['postgres'],
  'bench:acd': ['postgres'],
};

const log = (line) => console.log(`[bootstrap] ${line}`);
const fail = (line) => {
  console.error(`[bootstrap] ${line}`);
  process.exit(1);
};
const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function ensureDebs(names) {
  const missing = names.map((n) => debs[n]).filter((d) => d && !existsSync(d.file));
  if (missing.length === 0) return;
  const pkgs = missing.map((d) => d.pkg);
  log(`installing Debian packages for 'npm ${command}':`);
  for (const d of missing) log(`  ${d.pkg}: ${d.why}`);
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status !== 0) {
    fail(`cannot install ${pkgs.join(' ')}: not root and no passwordless sudo. Install them yourself (sudo apt-get install ${pkgs.join(' ')}) or run as root.`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (argv) => (asRoot ? run('apt-get', argv, { env }) : run('sudo', ['-n', 'apt-get', ...argv], { env }));
  const t0 = Date.now();
  const result = aptInstall(pkgs, apt, log);
  if (!result.ok) fail(result.message);
  log(`Debian packages installed in ${seconds(t0)}`);
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

/**
 * Why node_modules does not match package-lock.json, or null if it does. Compared by content
 * (npm's own record of what it installed, node_modules/.package-lock.json), not by file times:
 * a git checkout makes the lock file look newer than an install that matches it.
 */
function staleDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return 'node_modules is missing';
  const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(marker, 'utf8')).packages ?? {};
  for (const [path, meta] of Object.entries(wanted)) {
    if (path === '' || (meta.optional && !installed[path])) continue; // optional: other platforms' binaries
    if (installed[path]?.version !== meta.version) return `${path.replace(/^node_modules\//, '')} ${meta.version} is not installed`;
  }
  return null;
}

function ensureNodeModules() {
  const why = staleDependencies();
  if (why === null) return;
  // npm ci empties node_modules; through a link it would empty a shared install.
  if (lstatSync(join(root, 'node_modules'), { throwIfNoEntry: false })?.isSymbolicLink()) {
    fail(`npm dependencies do not match package-lock.json (${why}), and node_modules is a link (${realpathSync(join(root, 'node_modules'))}): run npm ci where it points, not here.`);
  }
  log(`installing npm dependencies (npm ci): ${why}`);
  log('checking that the npm registry answers (npm ping)');
  const ping = checkNpmRegistry();
  if (!ping.ok) fail(unreachableMessage(ping));
  log(`registry ${ping.registry} answered in ${ping.ms} ms; installing (this takes a minute or two)`);
  const t0 = Date.now();
  if (run('npm', ['ci', '--no-audit', '--no-fund', '--fetch-retries=1', '--fetch-timeout=60000']) !== 0) {
    fail(`npm ci failed after ${seconds(t0)} (see its output above)`);
  }
  log(`npm dependencies installed in ${seconds(t0)}`);
}

// Returns tsc's status so that `npm test` can fail on type errors while `npm start` still runs.
function build() {
  const stamp = join(root, 'dist', '.tsbuildinfo');
  const apps = ['softphone', 'console'].map((app) => join(root, app, 'build.mjs'));
  let status = 0;
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < newestMtime(root) || command === 'test') {
    log('type-checking and building (tsc)');
    const t0 = Date.now();
    status = run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json']);
    log(`tsc ${status === 0 ? 'done' : 'found errors'} in ${seconds(t0)}`);
  }
  for (const app of apps) if (existsSync(app) && run(process.execPath, [app]) !== 0) status = 1;
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
  'bench:center': () => exec(join(root, 'scripts', 'run-bench.mjs'), ['center', ...args]),
  'bench:reports': () => exec(join(root, 'scripts', 'run-bench.mjs'), ['reports', ...args]),
  'bench:acd': () => exec(join(root, 'scripts', 'run-bench.mjs'), ['acd', ...args]),
};

if (!targets[command]) {
  console.error(`[bootstrap] unknown command '${command}'; one of: ${Object.keys(targets).join(', ')}`);
  process.exit(2);
}
ensureDebs(needs[command] ?? []);
ensureNodeModules();
const tscStatus = build();
targets[command](tscStatus);
