// 20 callers in the IVR at once: each call's digits and media loss reach it through the media
// server's per-call dispatch, so no listener is added to the MediaServer emitter per call and
// Node prints no MaxListenersExceededWarning (11 calls did before). Every subscription is
// gone once the calls have ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, eventually } from '../../../e2e/helpers/center.js';
import { NodePhone, type PhoneCall } from '../../../e2e/helpers/node-phone.js';
import { DEMO_NUMBER } from '../helpers/call-rig.js';

const CALLS = 20;

test('20 concurrent IVR calls add no MediaServer listeners and raise no listener warning', { timeout: 120_000 }, async (t) => {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => { warnings.push(`${w.name}: ${w.message}`); };
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  const c = await startCenter(t);
  const media = c.sb.media;
  const before = { dtmf: media.listenerCount('dtmf'), down: media.listenerCount('instance-down') };
  const phones = await Promise.all(Array.from({ length: CALLS }, (_, i) => NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, `+1555777${String(i).padStart(4, '0')}`)));
  t.after(() => phones.forEach((p) => p.close()));

  const started = Date.now();
  const calls: PhoneCall[] = await Promise.all(phones.map((p) => p.call(DEMO_NUMBER)));
  t.diagnostic(`${CALLS} calls answered by the IVR in ${Date.now() - started} ms`);
  await eventually(async () => (c.sb.callCenter.calls.size === CALLS && media.subscribedCalls === CALLS ? true : undefined), 10_000, 'every call subscribed');
  assert.equal(media.listenerCount('dtmf'), before.dtmf, 'no dtmf listener per call');
  assert.equal(media.listenerCount('instance-down'), before.down, 'no instance-down listener per call');
  // Each caller's own digit reaches only its own IVR: half choose support, half stay in the menu.
  phones.forEach((p) => p.rtp.start(440));
  await new Promise((r) => setTimeout(r, 1000));
  phones.forEach((p, i) => { if (i % 2 === 0) p.rtp.sendRfc4733Digit('2'); });
  await new Promise((r) => setTimeout(r, 2500));
  const rows = await Promise.all([...c.sb.callCenter.calls.keys()].map((id) => c.sb.database.db.selectFrom('calls').select(['status', 'from_number']).where('id', '=', id).executeTakeFirst()));
  const queued = rows.filter((r) => r?.status === 'queued').map((r) => Number(r?.from_number.slice(-4)));
  assert.deepEqual(queued.sort((a, b) => a - b), Array.from({ length: CALLS / 2 }, (_, i) => i * 2), 'exactly the callers who pressed 2 are queued');

  await Promise.all(calls.map((call) => call.hangup()));
  await eventually(async () => (c.sb.callCenter.calls.size === 0 && media.subscribedCalls === 0 ? true : undefined), 10_000, 'every call and subscription gone');
  assert.deepEqual(warnings.filter((w) => /MaxListeners/.test(w)), []);
});
