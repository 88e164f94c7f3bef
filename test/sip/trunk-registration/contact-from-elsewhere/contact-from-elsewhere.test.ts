// Issue 12: trust in a registration trunk's calls comes from the registration, so an INVITE
// to our registered Contact (the right token) from an address that is not the trunk's
// registrar is refused with 403 and a `security` log line, and reaches no IVR. The same
// token from the registrar's address is the trunk's call (register-refresh-restart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { scenario, startSipp } from '../../helpers/sipp.js';
import { trunkApi } from '../helpers/trunk-api.js';

test('an INVITE to a trunk Contact from another address: 403, no call', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  const carrier = await startSipp({ scenario: scenario('trunk-registration/register-refresh-restart', 'carrier-registrar.xml'), transport: 'udp', calls: 1000, limit: 1000, timeoutSec: 50 });
  t.after(() => carrier.kill());
  const api = await trunkApi(c.httpPort);
  const trunk = await api.create({
    name: 'guarded-carrier', auth_type: 'registration', register_host: '127.0.0.1', register_port: carrier.port,
    register_username: 'trunk-user', register_password: 'trunk-secret-pw', register_expiry_seconds: 60,
  });
  const reg = await eventually(async () => {
    const r = (await api.get(trunk.id)).registration;
    return r?.state === 'registered' ? r : undefined;
  }, 15_000, 'registered');

  // 127.0.0.2 is loopback too, but not where the trunk registered.
  const sock = createSocket('udp4');
  t.after(() => sock.close());
  sock.bind(0, '127.0.0.2');
  await once(sock, 'listening');
  const { port } = sock.address();
  const callId = `elsewhere-${Date.now()}`;
  const invite = [
    `INVITE sip:${reg.contact_user}@127.0.0.1:${c.sipPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.2:${port};branch=z9hG4bK-${callId};rport`,
    `From: <sip:+15557770002@127.0.0.2>;tag=x1`, `To: <sip:+15550100@127.0.0.1>`,
    `Call-ID: ${callId}`, 'CSeq: 1 INVITE', `Contact: <sip:x@127.0.0.2:${port}>`, 'Max-Forwards: 70', 'Content-Length: 0', '', '',
  ].join('\r\n');
  const final = new Promise<string>((resolve) => sock.on('message', (m) => {
    const line = m.toString().split('\r\n')[0] ?? '';
    if (!/^SIP\/2\.0 1\d\d/.test(line)) resolve(line);
  }));
  sock.send(invite, c.sipPort, '127.0.0.1');
  assert.equal(await final, 'SIP/2.0 403 Forbidden');
  const line = c.logs.find((l) => l.security === 'sip' && l.sipCallId === callId);
  assert.ok(line, 'a security log line names the SIP Call-ID');
  assert.match(String(line.reason), /is not the registrar of trunk/);
  const records = await c.sb.database.db.selectFrom('calls').select('id').where('trunk_id', '=', trunk.id).execute();
  assert.equal(records.length, 0, 'no call record for the trunk');
});
