// Secrets never reach the logs: not through the API's own request logs (a failing request
// included), and not when code logs an object that carries one.
import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { createApiApp } from '../../server/api/create-api-app.js';
import { createLogger } from '../../server/api/logger.js';
import { ensureAdmin } from '../../server/db/ensure-admin.js';
import { createTestDatabase, databaseKinds } from '../db/test-databases.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  return { lines, stream: new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } }) };
}

describe('secrets in logs', () => {
  it('redacts passwords, tokens and HA1s from logged objects', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'info' }, stream);
    logger.info({ body: { password: 'pw-1', sip_password: 'pw-2', register_password: 'pw-3' }, token: 'sb_tok', agent: { sip_ha1_md5: 'abc123' }, req: { headers: { authorization: 'Bearer sb_x' } } }, 'something');
    const out = lines.join('');
    for (const secret of ['pw-1', 'pw-2', 'pw-3', 'sb_tok', 'abc123', 'sb_x']) assert.ok(!out.includes(secret), `${secret} redacted`);
    assert.match(out, /\[redacted\]/);
  });

  for (const kind of databaseKinds) it(`logs API requests without their secrets [${kind}]`, async () => {
    const database = await createTestDatabase(kind);
    const { lines, stream } = capture();
    const app = createApiApp({ db: database.db, logger: createLogger({ level: 'debug' }, stream) });
    const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
      await ensureAdmin(database.db, { password: 'Admin-Secret-1' });
      const post = (path: string, body: unknown, token?: string) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      const login = await (await post('/auth/login', { username: 'admin', password: 'Admin-Secret-1' })).json() as { token: string };
      await post('/agents', { name: 'A', extension: '100', sip_username: 'a', sip_password: 'Sip-Secret-2' }, login.token);
      await post('/trunks', { name: 't', auth_type: 'registration', register_host: 'h', register_username: 'u', register_password: 'Trunk-Secret-3' }, login.token);
      await post('/auth/login', { username: 'admin', password: 'Wrong-Secret-4' });
      await fetch(`${base}/calls?since=bad`, { headers: { authorization: `Bearer ${login.token}` } });
      const out = lines.join('');
      assert.match(out, /"path":"\/api\/agents","status":201/);
      for (const secret of ['Admin-Secret-1', 'Sip-Secret-2', 'Trunk-Secret-3', 'Wrong-Secret-4', login.token]) assert.ok(!out.includes(secret), 'a secret reached the log');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.drop();
    }
  });
});
