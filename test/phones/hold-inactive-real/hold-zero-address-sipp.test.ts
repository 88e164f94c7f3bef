// Issue 11: RFC 2543 hold (c=IN IP4 0.0.0.0, a=sendrecv) from a desk-phone agent (sipp:
// linphonec's cnx_ip_to_0000_if_sendonly_enabled only rewrites its answers, never its own hold
// offer): music to the caller, no RTP to the held phone, two-way audio after resume.
// test-file-timeout: 2 min
import { test } from 'node:test';
import { sippAgentHolds } from './sipp-agent-hold.js';

test('sipp agent holds with c=0.0.0.0: music to the caller, no RTP to the phone; resume', { timeout: 110_000 }, async (t) => {
  await sippAgentHolds(t, { address: '0.0.0.0', direction: 'sendrecv', logged: 'sendrecv c=0.0.0.0' });
});
