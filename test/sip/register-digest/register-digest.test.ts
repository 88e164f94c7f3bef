// Issue 2, point 6: a REGISTER is challenged by drachtio-mw-digest-auth in the app (401), retried
// with credentials and accepted (200). The engine must pass the app's WWW-Authenticate through
// unchanged and treat the retry (same Call-ID, CSeq+1) as a new transaction.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { TRANSPORTS, startRig } from '../helpers/rig.js';
import { scenario } from '../helpers/sipp.js';
import type { Middleware } from '../helpers/srf-api.js';

type DigestAuth = (opts: {
  realm: string;
  passwordLookup: (username: string, realm: string, cb: (err: Error | null, password: string | null) => void) => void;
}) => Middleware;

// drachtio-mw-digest-auth ships no types; this is the one call we make.
const digestAuth = createRequire(import.meta.url)('drachtio-mw-digest-auth') as DigestAuth;

const USERS: Record<string, string> = { alice: 'wonderland' };

for (const transport of TRANSPORTS) {
  test(`register-digest over ${transport}`, async (t) => {
    const rig = await startRig(t);
    const srf = await rig.connectApp();
    const registered: string[] = [];
    srf.use('register', digestAuth({
      realm: 'switchboard.test',
      passwordLookup: (user, _realm, cb) => cb(null, USERS[user] ?? null),
    }));
    srf.use('register', (req, res) => {
      // the middleware leaves the parsed Authorization on the request
      const auth: unknown = 'authorization' in req ? req.authorization : undefined;
      if (typeof auth === 'object' && auth !== null && 'username' in auth) registered.push(String(auth.username));
      res.send(200, { headers: { Contact: `${req.get('Contact')};expires=3600`, Expires: '3600' } });
    });

    await rig.runUac({
      scenario: scenario('register-digest', 'uac-register-auth.xml'), transport,
      service: 'alice', extra: ['-au', 'alice', '-ap', 'wonderland'],
    });
    assert.deepEqual(registered, ['alice']);
  });
}
