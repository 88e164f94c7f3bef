// Issue 15's listen, whisper and barge, on the whole center with three desk phones and three
// tones: a caller (440 Hz) through the IVR and the sales queue to agent1 (700 Hz), and a
// supervisor of sales (1700 Hz) monitoring on their own phone. Listen: the supervisor hears
// both, neither hears the supervisor. Whisper: only the agent hears the supervisor. Barge: both
// do. Switching takes one matrix change (measured: when the agent first hears 1700 Hz). The
// agent's view of the call shows no monitor; a supervisor of another queue gets 403, an agent
// 403; stopping leaves caller and agent talking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, REALM } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { login } from '../../../e2e/helpers/api.js';
import { AGENT1_HZ, CALLER_HZ, callConnectedToAgent1, request } from '../../../e2e/transfer/helpers/transfer-rig.js';
import { goertzelPower } from '../../../media/tools/spectrum.js';

const SUPERVISOR_HZ = 1700;
const TONES = [CALLER_HZ, AGENT1_HZ, SUPERVISOR_HZ];
const HEARD = 1e-3;
const SILENT = 1e-5;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function powers(phone: NodePhone, from: number, to = Infinity): Record<number, number> {
  const samples = phone.rtp.samples(from, to);
  const norm = (32768 ** 2 / 4) * Math.max(1, samples.length);
  return Object.fromEntries(TONES.map((f) => [f, goertzelPower(samples, f) / norm]));
}

async function assertHearing(expect: { phone: NodePhone; who: string; hears: number[] }[]): Promise<void> {
  const t0 = Date.now();
  await sleep(1600);
  for (const { phone, who, hears } of expect) {
    const p = powers(phone, t0 + 600);
    for (const f of TONES) {
      if (hears.includes(f)) assert.ok((p[f] ?? 0) > HEARD, `${who} should hear ${f} Hz: ${JSON.stringify(p)}`);
      else assert.ok((p[f] ?? 0) < SILENT, `${who} should not hear ${f} Hz: ${JSON.stringify(p)}`);
    }
  }
}

/** Milliseconds from `since` to the first 100 ms window in which `phone` hears `freq`. */
async function firstHeard(phone: NodePhone, freq: number, since: number): Promise<number> {
  return eventually(async () => {
    for (let t = since; t + 100 <= Date.now(); t += 20) if ((powers(phone, t, t + 100)[freq] ?? 0) > HEARD) return t + 100 - since;
    return undefined;
  }, 3000, `${freq} Hz heard`);
}

test('a supervisor listens, whispers and barges on a live call; nobody else is told', { timeout: 120_000 }, async (t) => {
  const scene = await callConnectedToAgent1(t);
  const { c, admin, caller, agent1, row } = scene;
  // A supervisor of sales with an agent account for their phone; another of no queue.
  const supervisorUser = await request<{ id: string }>(c, admin, 'POST', '/users', { username: 'sup-sales', role: 'supervisor', password: 'supervisor-secret-pw' });
  const supAgent = await request<{ id: string }>(c, admin, 'POST', '/agents', { name: 'Supervisor', user_id: supervisorUser.body.id, extension: '1901', sip_username: 'sup-sales', sip_password: 'supervisor-phone-pw' });
  assert.equal(supAgent.status, 201, JSON.stringify(supAgent.body));
  assert.equal((await request(c, admin, 'PATCH', `/queues/${row.queue_id ?? ''}`, { supervisor_ids: [supervisorUser.body.id] })).status, 200);
  const other = await request<{ id: string }>(c, admin, 'POST', '/users', { username: 'sup-other', role: 'supervisor', password: 'supervisor-secret-pw' });
  await request(c, admin, 'POST', '/agents', { name: 'Other supervisor', user_id: other.body.id, extension: '1902', sip_username: 'sup-other', sip_password: 'supervisor-phone-pw' });
  const supToken = await login(c, 'sup-sales', 'supervisor-secret-pw');
  const otherToken = await login(c, 'sup-other', 'supervisor-secret-pw');
  const phone = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'sup-sales');
  t.after(() => phone.close());
  assert.equal(await phone.register('supervisor-phone-pw', REALM), 'SIP/2.0 200 OK');

  assert.equal((await request(c, otherToken, 'POST', `/calls/${row.id}/monitor`, { mode: 'listen' })).status, 403, 'not a queue they supervise');
  assert.equal((await request(c, scene.token1, 'POST', `/calls/${row.id}/monitor`, { mode: 'listen' })).status, 403, 'agents may not');
  assert.equal((await request(c, supToken, 'POST', `/calls/${row.id}/monitor`, { mode: 'snoop' })).status, 400);

  const answered = phone.answerNext(200);
  const started = await request<{ status: string; mode: string }>(c, supToken, 'POST', `/calls/${row.id}/monitor`, { mode: 'listen' });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  assert.deepEqual([started.body.mode, started.body.status], ['listen', 'ringing']);
  const supCall = await answered;
  // Marked as a monitoring, so a softphone answers it at once and keeps it off the desk.
  assert.match(supCall.invite ?? '', /^X-Switchboard-Monitor: listen\r$/m);
  assert.doesNotMatch(scene.agent1Call.invite ?? '', /X-Switchboard-Monitor/i, 'the agent\'s offer is not marked');
  phone.rtp.start(SUPERVISOR_HZ);
  assert.equal((await request(c, otherToken, 'PATCH', `/calls/${row.id}/monitor`, { mode: 'barge' })).status, 403, 'only the supervisor monitoring may switch');

  await assertHearing([
    { phone, who: 'supervisor (listen)', hears: [CALLER_HZ, AGENT1_HZ] },
    { phone: caller, who: 'caller (listen)', hears: [AGENT1_HZ] },
    { phone: agent1, who: 'agent (listen)', hears: [CALLER_HZ] },
  ]);
  const agentView = await request<{ parties: { role: string }[] }>(c, scene.token1, 'GET', `/calls/${row.id}/conference`);
  assert.ok(!JSON.stringify(agentView.body).includes('monitor') && !JSON.stringify(agentView.body).includes('sup-sales'), `the agent is not told: ${JSON.stringify(agentView.body)}`);

  const tWhisper = Date.now();
  assert.equal((await request(c, supToken, 'PATCH', `/calls/${row.id}/monitor`, { mode: 'whisper' })).status, 200);
  const whisperMs = await firstHeard(agent1, SUPERVISOR_HZ, tWhisper);
  await assertHearing([
    { phone, who: 'supervisor (whisper)', hears: [CALLER_HZ, AGENT1_HZ] },
    { phone: caller, who: 'caller (whisper)', hears: [AGENT1_HZ] },
    { phone: agent1, who: 'agent (whisper)', hears: [CALLER_HZ, SUPERVISOR_HZ] },
  ]);

  const tBarge = Date.now();
  assert.equal((await request(c, supToken, 'PATCH', `/calls/${row.id}/monitor`, { mode: 'barge' })).status, 200);
  const bargeMs = await firstHeard(caller, SUPERVISOR_HZ, tBarge);
  await assertHearing([
    { phone, who: 'supervisor (barge)', hears: [CALLER_HZ, AGENT1_HZ] },
    { phone: caller, who: 'caller (barge)', hears: [AGENT1_HZ, SUPERVISOR_HZ] },
    { phone: agent1, who: 'agent (barge)', hears: [CALLER_HZ, SUPERVISOR_HZ] },
  ]);
  console.log(`monitor: whisper heard by the agent ${whisperMs} ms after the request, barge by the caller ${bargeMs} ms after`);
  assert.ok(whisperMs < 500 && bargeMs < 500, 'each switch within 500 ms');

  // Stop: the supervisor's phone is hung up; caller and agent go on.
  const stopped = supCall.ended;
  const stop = await fetch(`http://127.0.0.1:${c.httpPort}/api/calls/${row.id}/monitor`, { method: 'DELETE', headers: { authorization: `Bearer ${supToken}` } });
  assert.equal(stop.status, 204, await stop.text());
  await stopped;
  await assertHearing([
    { phone: caller, who: 'caller (after)', hears: [AGENT1_HZ] },
    { phone: agent1, who: 'agent (after)', hears: [CALLER_HZ] },
  ]);
  assert.equal((await request(c, supToken, 'PATCH', `/calls/${row.id}/monitor`, { mode: 'listen' })).status, 409, 'no longer monitored');
  assert.equal(await scene.callerCall.hangup(), 'SIP/2.0 200 OK');
});
