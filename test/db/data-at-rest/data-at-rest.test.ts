// Issue 10, data at rest: a center started the default way (embedded PGlite in its data folder,
// the API over HTTPS with the self-signed certificate) leaves nothing in that folder that another
// user can read — checked by stat modes and by reading as user `nobody`, also with the folders
// opened up afterwards (so the files' own modes are what protects them); a trunk's registration
// password is stored sealed, not in clear; passwords an older version stored in clear are sealed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createLogger } from '../../../server/api/logger.js';
import { openDatabase, migrateToLatest, createRepositories } from '../../../server/db/index.js';
import { lockDownDataDir } from '../../../server/db/file-modes.js';
import { loadSecretBox, SecretBox } from '../../../server/db/secret-box.js';
import { startSwitchboard } from '../../../server/switchboard.js';
import { WavWriter } from '../../../media/wav-writer.js';
import { freePorts } from '../../helpers/ports.js';

function walk(dir: string): { path: string; mode: number; dir: boolean }[] {
  const out: { path: string; mode: number; dir: boolean }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink()) continue;
    out.push({ path, mode: st.mode & 0o777, dir: st.isDirectory() });
    if (st.isDirectory()) out.push(...walk(path));
  }
  return out;
}

/** Files `nobody` managed to read, trying each one (one process for all). */
function readableByNobody(files: string[]): string[] {
  const r = spawnSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', 'for f; do cat -- "$f" >/dev/null 2>&1 && echo "$f"; done; exit 0', 'sh', ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, `runuser failed: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

function httpsGet(port: number, path: string, ca: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, ca, servername: 'localhost' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('data at rest', { timeout: 120_000 }, () => {
  it('a started center (PGlite, HTTPS) leaves no file readable by other users; trunk passwords are sealed', async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-rest-'));
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
    const [sipPort, wssPort, tlsPort, httpPort, ngPort] = await freePorts(5);
    const sb = await startSwitchboard({
      app: { database: { dataDir: join(dataDir, 'pglite') }, dataDir, http: { host: '127.0.0.1', port: httpPort, https: {} }, sipRealm: 'switchboard', mediaDir: join(dataDir, 'media'), adminPassword: 'admin-secret-pw' },
      telephony: { sip: { host: '127.0.0.1', port: sipPort, wssPort, tlsPort }, media: { host: '127.0.0.1', portMin: 42000 + (ngPort % 40) * 100, ngPort, instances: 1, maxCalls: 10 } },
      logger: createLogger({ level: 'warn' }),
      demo: { passwords: { agent1: 'agent1-secret-pw', agent2: 'agent2-secret-pw' } },
    });
    let stopped = false;
    t.after(async () => { if (!stopped) await sb.stop(); });
    assert.match(sb.webUrl, /^https:\/\/127\.0\.0\.1:/);
    const ca = readFileSync(join(dataDir, 'tls', 'tls-cert.pem'), 'utf8');

    // The API over HTTPS (same self-signed certificate as WSS), with HSTS since it came over TLS.
    const health = await httpsGet(httpPort, '/api/health', ca);
    assert.equal(health.status, 200);
    assert.match(String(health.headers['strict-transport-security']), /max-age=\d+/);
    const page = await httpsGet(httpPort, '/softphone/', ca);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['strict-transport-security']), /max-age=\d+/);

    // A registration trunk (written through the repositories with the center's key: the API
    // refuses registration trunks until outbound registration is built); the row holds a sealed
    // value, not the password, and the API never returns it.
    const password = 'Trunk-Plain-Secret-42';
    const repos = createRepositories(sb.database.db, { sipRealm: 'switchboard', secrets: loadSecretBox({ dataDir }) });
    const created = await repos.trunks.create({ name: 'carrier', auth_type: 'registration', register_host: 'sip.carrier.test', register_username: 'acct', register_password: password });
    const login = await fetchJson(httpPort, ca, 'POST', '/api/auth/login', undefined, { username: 'admin', password: 'admin-secret-pw' });
    const trunk = await fetchJson(httpPort, ca, 'GET', `/api/trunks/${created.id}`, String(login.token), undefined);
    assert.equal(trunk.id, created.id);
    assert.equal(trunk.register_password, undefined, 'the API never returns it');
    const stored = await sql<{ register_password: string }>`SELECT register_password FROM trunks WHERE id = ${created.id}`.execute(sb.database.db);
    const sealed = stored.rows[0]?.register_password ?? '';
    assert.notEqual(sealed, password);
    assert.ok(!sealed.includes(password));
    assert.ok(SecretBox.isSealed(sealed), 'stored as sealed text');
    assert.equal(repos.trunks.registerPassword({ register_password: sealed }), password, 'opened with the data folder\'s key when used');

    await sb.stop();
    stopped = true;
    // The password appears nowhere in the database files either (PGlite writes plain pages).
    const entries = walk(dataDir);
    const files = entries.filter((e) => !e.dir);
    t.diagnostic(`data folder after start: ${files.length} files, ${entries.length - files.length} folders`);
    assert.ok(files.some((f) => f.path.includes('pglite')), 'PGlite wrote into the data folder');
    assert.ok(files.some((f) => f.path.endsWith('secrets.key')));
    assert.ok(files.some((f) => f.path.endsWith('tls-key.pem')));
    const leaking = files.filter((f) => readFileSync(f.path).includes(Buffer.from(password)));
    assert.deepEqual(leaking.map((f) => f.path), [], 'no file holds the trunk password in clear');

    // Modes: the folder 0700, folders 0700, files 0600 (recordings would be 0640: group only).
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    const open = entries.filter((e) => (e.mode & 0o007) !== 0 || (e.dir ? e.mode !== 0o700 : (e.mode & 0o070) !== 0 && !e.path.includes(`${join('media', 'recordings')}`)));
    assert.deepEqual(open.map((e) => `${e.path} ${e.mode.toString(8)}`), [], 'nothing readable, writable or searchable by others');

    // As user nobody: nothing opens; still nothing once every folder is opened to all (0755).
    assert.deepEqual(readableByNobody(files.map((f) => f.path)), []);
    for (const e of [{ path: dataDir }, ...entries.filter((x) => x.dir)]) chmodSync(e.path, 0o755);
    assert.deepEqual(readableByNobody(files.map((f) => f.path)), [], 'the files\' own modes keep nobody out');
    // And the next start closes the folders again.
    assert.ok(lockDownDataDir(dataDir).changed > 0);
    assert.equal(statSync(join(dataDir, 'pglite')).mode & 0o777, 0o700);
  });

  it('files an older version left open are closed at start; recordings are 0640', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-modes-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync('sh', ['-c', `umask 000; mkdir -p ${dir}/pglite/base ${dir}/media/recordings; echo x > ${dir}/pglite/base/1; echo r > ${dir}/media/recordings/old.wav; chmod 777 ${dir}`]);
    lockDownDataDir(dir, { groupReadableFilesUnder: [join(dir, 'media', 'recordings')] });
    assert.equal(statSync(join(dir, 'pglite', 'base', '1')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'pglite')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'media', 'recordings', 'old.wav')).mode & 0o777, 0o640);
    const previous = process.umask(0o077);
    try {
      const wav = new WavWriter(join(dir, 'media', 'recordings', 'new.wav'), 2, 8000);
      wav.close();
      assert.equal(statSync(wav.path).mode & 0o777, 0o640, 'a new recording: owner and group read, others nothing');
    } finally {
      process.umask(previous);
    }
  });

  it('trunk passwords stored in clear by an older version are sealed at start', async (t) => {
    const handle = await openDatabase({});
    t.after(() => handle.close());
    await migrateToLatest(handle.db);
    const repos = createRepositories(handle.db, { sipRealm: 'switchboard', secrets: SecretBox.ephemeral() });
    const trunk = await repos.trunks.create({ name: 'legacy', auth_type: 'registration', register_host: 'h', register_username: 'u', register_password: 'x' });
    await sql`UPDATE trunks SET register_password = 'legacy-clear-pw' WHERE id = ${trunk.id}`.execute(handle.db);
    assert.equal(await repos.trunks.sealPlaintextPasswords(), 1);
    const row = await repos.trunks.get(trunk.id);
    assert.ok(row?.register_password && SecretBox.isSealed(row.register_password));
    assert.equal(repos.trunks.registerPassword(row), 'legacy-clear-pw');
    assert.equal(await repos.trunks.sealPlaintextPasswords(), 0, 'a second start seals nothing more');
  });
});

async function fetchJson(port: number, ca: string, method: string, path: string, token: string | undefined, body: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? '' : JSON.stringify(body);
    const json = data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {};
    const req = request({ host: '127.0.0.1', port, path, method, ca, servername: 'localhost', headers: { ...json, ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${JSON.stringify(parsed)}`));
        else resolve(parsed);
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}
