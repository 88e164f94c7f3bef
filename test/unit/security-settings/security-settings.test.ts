// Issue 10, the security settings: HTTPS, HTTPS_KEY_FILE/HTTPS_CERT_FILE, SECRETS_KEY and
// API_TOKEN_MAX_DAYS are read or refused with a message naming the variable (never ignored);
// a sealed secret opens only with its key and for its purpose; token expiry rules.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadAppConfig } from '../../../config/load-app-config.js';
import { loadSecretBox, SecretBox } from '../../../server/db/secret-box.js';
import { tokenExpiry } from '../../../server/api/routes/tokens.routes.js';

describe('security settings', { timeout: 10_000 }, () => {
  it('HTTPS is off by default, on with HTTPS=1 (self-signed) or with key and certificate files', () => {
    assert.equal(loadAppConfig({}).http.https, undefined);
    assert.deepEqual(loadAppConfig({ HTTPS: '1' }).http.https, {});
    assert.deepEqual(loadAppConfig({ HTTPS_KEY_FILE: '/k.pem', HTTPS_CERT_FILE: '/c.pem' }).http.https, { keyFile: '/k.pem', certFile: '/c.pem' });
    assert.throws(() => loadAppConfig({ HTTPS: 'yes' }), /HTTPS must be 1 or 0/);
    assert.throws(() => loadAppConfig({ HTTPS_KEY_FILE: '/k.pem' }), /HTTPS_KEY_FILE and HTTPS_CERT_FILE go together/);
    assert.throws(() => loadAppConfig({ HTTPS: '0', HTTPS_KEY_FILE: '/k.pem', HTTPS_CERT_FILE: '/c.pem' }), /HTTPS=0/);
  });

  it('API_TOKEN_MAX_DAYS and SECRETS_KEY are read; bad values refused', () => {
    assert.equal(loadAppConfig({ API_TOKEN_MAX_DAYS: '30' }).apiTokenMaxDays, 30);
    assert.throws(() => loadAppConfig({ API_TOKEN_MAX_DAYS: '0' }), /API_TOKEN_MAX_DAYS/);
    assert.equal(loadAppConfig({ SECRETS_KEY: 'ab'.repeat(32) }).secretsKey, 'ab'.repeat(32));
    assert.throws(() => loadSecretBox({ configured: 'too-short', dataDir: tmpdir() }), /SECRETS_KEY must be 32 bytes/);
  });

  it('a sealed value opens only with its key and purpose; the key file is 0600 and kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-key-'));
    try {
      const box = loadSecretBox({ dataDir: dir });
      assert.equal(statSync(join(dir, 'secrets.key')).mode & 0o777, 0o600);
      const sealed = box.seal('carrier-pw', 'trunks.register_password');
      assert.ok(!sealed.includes('carrier-pw'));
      assert.notEqual(box.seal('carrier-pw', 'trunks.register_password'), sealed, 'a fresh IV each time');
      assert.equal(loadSecretBox({ dataDir: dir }).open(sealed, 'trunks.register_password'), 'carrier-pw', 'the same key on the next start');
      assert.throws(() => SecretBox.ephemeral().open(sealed, 'trunks.register_password'), /does not open with this key/);
      assert.throws(() => box.open(sealed, 'other.column'), /does not open/);
      const hex = 'cd'.repeat(32);
      assert.equal(loadSecretBox({ configured: hex, dataDir: dir }).open(loadSecretBox({ configured: hex, dataDir: dir }).seal('x', 'p'), 'p'), 'x');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('token expiry: the maximum by default, 400 beyond it, never beyond the minting API token', () => {
    const now = Date.UTC(2026, 0, 1);
    const day = 86400_000;
    const session = { id: 's', kind: 'session' as const, expiresAt: new Date(now + 12 * 3600_000) };
    assert.equal(tokenExpiry(undefined, 90, session, now).getTime(), now + 90 * day, 'a session mints up to the cap');
    const detail = (re: RegExp) => (err: unknown) => re.test(JSON.stringify((err as { details?: unknown }).details));
    assert.throws(() => tokenExpiry(91, 90, session, now), detail(/body.expires_in_days.*at most 90/));
    const api = { id: 'a', kind: 'api' as const, expiresAt: new Date(now + 5 * day) };
    assert.equal(tokenExpiry(undefined, 90, api, now).getTime(), now + 5 * day);
    assert.throws(() => tokenExpiry(6, 90, api, now), detail(/must not outlive/));
    assert.equal(tokenExpiry(3, 90, api, now).getTime(), now + 3 * day);
  });
});
