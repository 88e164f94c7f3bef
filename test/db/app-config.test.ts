// The data/HTTP config: defaults, environment overrides, refusal of bad values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadAppConfig } from '../../config/load-app-config.js';

describe('app config', () => {
  it('defaults to embedded PGlite under .data, HTTP on 8080', () => {
    const c = loadAppConfig({});
    assert.deepEqual(c.database, { dataDir: '.data/pglite' });
    assert.deepEqual(c.http, { host: '127.0.0.1', port: 8080 });
    assert.equal(c.sipRealm, 'switchboard');
    assert.equal(c.adminPassword, undefined);
  });

  it('lets environment variables override', () => {
    const c = loadAppConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/sb', HTTP_PORT: '9090', HTTP_HOST: '127.0.0.1', SIP_REALM: 'acme', ADMIN_PASSWORD: 'pw', SWITCHBOARD_MEDIA_DIR: '/m' });
    assert.deepEqual(c.database, { url: 'postgres://u@127.0.0.1:5432/sb' });
    assert.deepEqual(c.http, { host: '127.0.0.1', port: 9090 });
    assert.equal(c.sipRealm, 'acme');
    assert.equal(c.adminPassword, 'pw');
    assert.equal(c.mediaDir, '/m');
  });

  it('refuses a bad port or database URL', () => {
    assert.throws(() => loadAppConfig({ HTTP_PORT: 'eighty' }), /HTTP_PORT/);
    assert.throws(() => loadAppConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
  });
});
