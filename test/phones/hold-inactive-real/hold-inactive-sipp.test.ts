// Issue 11: hold by a=inactive from a desk-phone agent (sipp, as no Debian client sends it):
// music to the caller, no RTP to the held phone, two-way audio after resume (sipp-agent-hold.ts).
// test-file-timeout: 2 min
import { test } from 'node:test';
import { sippAgentHolds } from './sipp-agent-hold.js';

test('sipp agent holds with a=inactive: music to the caller, no RTP to the phone; resume', { timeout: 110_000 }, async (t) => {
  await sippAgentHolds(t, { address: '[media_ip]', direction: 'inactive', logged: 'inactive' });
});
