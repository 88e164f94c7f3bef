// Debian's linphonec as a desk-phone caller set to DTMF by SIP INFO (`use_info`, no RFC 4733):
// it dials the demo number, hears the menu, presses 1; the INFO (application/dtmf-relay) walks
// the IVR to the sales queue, as the call record's IVR path and queue say.
// test-file-timeout: 2 min
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, startCenter } from '../../e2e/helpers/center.js';
import { startLinphone } from '../../helpers/linphone.js';
import { completedCall, reposOf } from '../../sip/calls/helpers/call-rig.js';
import { sleep } from '../../sip/calls/helpers/bridged-call.js';

test('linphone caller with use_info: its INFO digit drives the IVR menu to the sales queue', { timeout: 110_000 }, async (t) => {
  const c = await startCenter(t);
  const dir = mkdtempSync(join(tmpdir(), 'sb-info-linphone-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mic = join(dir, 'caller.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', mic, 'synth', '5', 'sine', '440', 'vol', '0.5']);
  const caller = await startLinphone(t, { name: 'caller', user: '+15551230000', password: 'unused', register: false, dtmf: 'info', playFile: mic, server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' } });
  await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
  await caller.waitEvent('established', 15_000);
  await sleep(1500);
  await caller.sendDtmf('1');
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await eventually(async () => (c.sb.acd.snapshot().queues.some((q) => q.waiting.length > 0) ? true : undefined), 10_000, `the caller queued after its INFO digit\n${caller.log().slice(-3000)}`);
  await caller.hangup();
  const row = await completedCall(repos);
  assert.ok(row.ivr_path.some((step) => step.startsWith('menu 1')), `the menu heard 1: ${JSON.stringify(row.ivr_path)}`);
  assert.equal(row.queue_id, sales.id, 'queued in sales');
  const log = caller.log();
  assert.match(log, /INFO sip:[\s\S]*application\/dtmf-relay[\s\S]*Signal=1/i, 'linphone sent the digit as SIP INFO');
  assert.doesNotMatch(log, /telephone-event\/8000/, 'and offered no RFC 4733');
});
