// The caller's side of the demo IVR: dial the demo number, send a tone, check the menu
// prompt is heard (energy on the caller's RTP), then press a digit as RFC 4733.
import assert from 'node:assert/strict';
import type { NodePhone, PhoneCall } from './node-phone.js';
import { rms } from '../../media/tools/spectrum.js';

export async function callThroughIvr(caller: NodePhone, toneHz: number, digit = '1'): Promise<{ call: PhoneCall; tDigit: number }> {
  const call = await caller.call('15550100');
  const t0 = Date.now();
  caller.rtp.start(toneHz);
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(rms(caller.rtp.samples(t0)) > 200, 'the caller hears the IVR prompt');
  caller.rtp.sendRfc4733Digit(digit);
  return { call, tDigit: Date.now() };
}
