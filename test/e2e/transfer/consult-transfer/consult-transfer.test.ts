// test-file-timeout: 3 min
// Issue 12's consult (attended) transfer on the whole center, with desk phones (our SIP phone
// on UDP): a caller (440 Hz) reaches agent1 (700 Hz) through the IVR and the sales queue.
// agent1 consults extension 1002: the caller hears music and neither agent; agent1 and agent2
// (1100 Hz) hear each other. agent1 cancels: agent2's phone gets a BYE, caller and agent1 talk
// again. A consult to an agent who does not answer brings agent1 back to the caller; a
// REFER with a Replaces naming no call of agent1's phone is 481. agent1
// consults agent2 again and completes: agent1's phone gets a BYE and wraps up, caller and
// agent2 hear each other and nobody else; agent2, who has the call now, transfers it on to
// agent1 and is free again. Refusals name the field or the reason and leave the
// call as it was. The record has every leg, the `transferred` event and agent2 at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, REALM } from '../../helpers/center.js';
import { NodePhone } from '../../helpers/node-phone.js';
import { AGENT1_HZ, CALLER_HZ, callConnectedToAgent1, request, type CallRow } from '../helpers/transfer-rig.js';
import { goertzelPower, rms } from '../../../media/tools/spectrum.js';

const AGENT2_HZ = 1100;
const TONES = [CALLER_HZ, AGENT1_HZ, AGENT2_HZ];
const HEARD = 1e-3;
const SILENT = 1e-5;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What each phone heard over the last second: each tone it should hear is there, the others are not. */
async function assertHearing(expect: { phone: NodePhone; who: string; hears: number[]; music?: boolean }[]): Promise<void> {
  const t0 = Date.now();
  await sleep(1600);
  for (const { phone, who, hears, music } of expect) {
    const samples = phone.rtp.samples(t0 + 600);
    const norm = (32768 ** 2 / 4) * Math.max(1, samples.length);
    const powers = Object.fromEntries(TONES.map((f) => [f, goertzelPower(samples, f) / norm]));
    for (const f of TONES) {
      const p = powers[f] ?? 0;
      if (hears.includes(f)) assert.ok(p > HEARD, `${who} should hear ${f} Hz: ${JSON.stringify(powers)}`);
      else assert.ok(p < SILENT, `${who} should not hear ${f} Hz: ${JSON.stringify(powers)}`);
    }
    if (music) assert.ok(rms(samples) > 200, `${who} hears the hold music (rms ${rms(samples)})`);
  }
}

interface Leg { role: string; agent_id: string | null; answered_at: string | null; hangup_cause: string | null }
interface ConsultView { state: string; target: { party_id: string; status: string; agent_id: string | null } }

test('consult transfer: cancelled, unanswered and completed; the caller hears music while held', { timeout: 180_000 }, async (t) => {
  const { c, agent1, agent2, caller, token1, token2, admin, agent1Id, agent2Id, callerCall, agent1Call, row } = await callConnectedToAgent1(t);
  const path = `/calls/${row.id}/consult`;
  const talking = [
    { phone: caller, who: 'the caller', hears: [AGENT1_HZ] },
    { phone: agent1, who: 'agent1', hears: [CALLER_HZ] },
  ];
  await assertHearing(talking);

  // 2. Refusals: nothing moves.
  const queue = await request<{ details?: { path: string; message: string }[] }>(c, token1, 'POST', path, { target: { kind: 'queue' } });
  assert.ok(queue.status === 400 && queue.body.details?.some((d) => d.path === 'body.target.kind'), JSON.stringify(queue.body));
  const unknown = await request<{ details?: { path: string }[] }>(c, token1, 'POST', path, { target: { kind: 'extension', value: '1999' } });
  assert.ok(unknown.status === 400 && unknown.body.details?.some((d) => d.path === 'body.target.value'), JSON.stringify(unknown.body));
  assert.equal((await request(c, token1, 'POST', `${path}/complete`)).status, 409, 'no consult to complete');
  assert.equal((await request(c, token2, 'POST', path, { target: { kind: 'extension', value: '1002' } })).status, 403, 'agent2 is not on this call');
  // A desk phone's attended transfer naming no call of this phone, or with no tags: refused, the call goes on.
  assert.match(await agent1Call.refer(`sip:1002@${REALM}?Replaces=nope%40host%3Bto-tag%3Da%3Bfrom-tag%3Db`), /^SIP\/2\.0 481 /);
  assert.match(await agent1Call.refer(`sip:1002@${REALM}?Replaces=nope%40host`), /^SIP\/2\.0 400 /);
  await assertHearing(talking);

  // 3. agent1 consults extension 1002: the caller hears music; agent1 and agent2 talk.
  let agent2Answer = agent2.answerNext(2500);
  const started = await request<ConsultView>(c, token1, 'POST', path, { target: { kind: 'extension', value: '1002' } });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  assert.equal(started.body.state, 'ringing');
  assert.equal((await request(c, token1, 'POST', path, { target: { kind: 'extension', value: '1002' } })).status, 409, 'one consult at a time');
  // While 1002 rings, agent1 hears ringback (440 + 480 Hz).
  const tRing = Date.now();
  await sleep(1500);
  const ringback = agent1.rtp.samples(tRing + 400);
  const ringNorm = (32768 ** 2 / 4) * Math.max(1, ringback.length);
  assert.ok(goertzelPower(ringback, 480) / ringNorm > HEARD, `agent1 hears ringback: ${goertzelPower(ringback, 480) / ringNorm}`);
  let agent2Call = await agent2Answer;
  agent2.rtp.start(AGENT2_HZ);
  await eventually(async () => ((await request<ConsultView>(c, token1, 'GET', path)).body.state === 'talking' ? true : undefined), 8000, 'the consult talking');
  const consulting = [
    { phone: caller, who: 'the held caller', hears: [], music: true },
    { phone: agent1, who: 'agent1', hears: [AGENT2_HZ] },
    { phone: agent2, who: 'agent2', hears: [AGENT1_HZ] },
  ];
  await assertHearing(consulting);

  // 4. Cancel: agent2 is hung up; caller and agent1 talk again.
  const cancelled = await request<ConsultView>(c, token1, 'POST', `${path}/cancel`);
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  await agent2Call.ended;
  await assertHearing(talking);
  assert.equal((await request(c, token1, 'GET', path)).status, 409, 'the consult is over');

  // 5. A consult to an agent who declines: agent1 is back with the caller.
  const declined = agent2.next((m) => m.startsWith('INVITE '));
  const ringing = await request<ConsultView>(c, token1, 'POST', path, { target: { kind: 'agent', id: agent2Id } });
  assert.equal(ringing.status, 201, JSON.stringify(ringing.body));
  assert.equal((await request(c, token1, 'POST', `${path}/conference`)).status, 409, 'no conference with a target still ringing');
  agent2.reply(await declined, '486 Busy Here');
  await eventually(async () => ((await request(c, token1, 'GET', path)).status === 409 ? true : undefined), 8000, 'the failed consult over');
  await assertHearing(talking);

  // 6. A consult made a conference: all three hear each other; agent2 leaves, the two talk on.
  agent2Answer = agent2.answerNext(300);
  assert.equal((await request(c, token1, 'POST', path, { target: { kind: 'agent', id: agent2Id } })).status, 201);
  agent2Call = await agent2Answer;
  await eventually(async () => ((await request<ConsultView>(c, token1, 'GET', path)).body.state === 'talking' ? true : undefined), 8000, 'the consult talking');
  const merged = await request<ConsultView>(c, token1, 'POST', `${path}/conference`);
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  await assertHearing([
    { phone: caller, who: 'the caller', hears: [AGENT1_HZ, AGENT2_HZ] },
    { phone: agent1, who: 'agent1', hears: [CALLER_HZ, AGENT2_HZ] },
    { phone: agent2, who: 'agent2', hears: [CALLER_HZ, AGENT1_HZ] },
  ]);
  assert.equal(await agent2Call.hangup(), 'SIP/2.0 200 OK');
  await assertHearing(talking);

  // 7. Consult again and complete: agent1 leaves and wraps up; caller and agent2 talk.
  agent2Answer = agent2.answerNext(300);
  assert.equal((await request(c, token1, 'POST', path, { target: { kind: 'extension', value: '1002' } })).status, 201);
  agent2Call = await agent2Answer;
  await eventually(async () => ((await request<ConsultView>(c, token1, 'GET', path)).body.state === 'talking' ? true : undefined), 8000, 'the consult talking');
  const completed = await request<ConsultView>(c, token1, 'POST', `${path}/complete`);
  assert.equal(completed.status, 200, JSON.stringify(completed.body));
  await agent1Call.ended;
  await assertHearing([
    { phone: caller, who: 'the caller', hears: [AGENT2_HZ] },
    { phone: agent2, who: 'agent2', hears: [CALLER_HZ] },
  ]);
  const states1 = await request<{ items: { state: string }[] }>(c, admin, 'GET', `/agent-states?agent_id=${agent1Id}`);
  assert.equal(states1.body.items[0]?.state, 'wrap-up', 'agent1 wraps up after completing');

  // 8. agent2 has the call now: it transfers it on to agent1 (available again after its
  // wrap-up); agent2's phone gets a BYE and agent2 is free, caller and agent1 talk.
  await eventually(async () => ((await request<{ state: string }>(c, token1, 'GET', '/me/state')).body.state === 'available' ? true : undefined), 10000, 'agent1 available again');
  const agent1Back = agent1.answerNext(300);
  const onward = await request<{ phase: string }>(c, token2, 'POST', `/calls/${row.id}/transfer`, { target: { kind: 'agent', id: agent1Id } });
  assert.equal(onward.status, 202, JSON.stringify(onward.body));
  const agent1Again = await agent1Back;
  await agent2Call.ended;
  await assertHearing([
    { phone: caller, who: 'the caller', hears: [AGENT1_HZ] },
    { phone: agent1, who: 'agent1', hears: [CALLER_HZ] },
  ]);
  const states2 = await request<{ state: string }>(c, token2, 'GET', '/me/state');
  assert.notEqual(states2.body.state, 'on-call', 'agent2 is not left on a call');

  // 9. The caller hangs up: one record, every leg, the transfers, agent1 at the end.
  assert.equal(await callerCall.hangup(), 'SIP/2.0 200 OK');
  await agent1Again.ended;
  const done = await eventually(async () => { const r = (await request<CallRow>(c, admin, 'GET', `/calls/${row.id}`)).body; return r.status === 'completed' ? r : undefined; }, 10000, 'the completed call');
  assert.equal(done.agent_id, agent1Id, 'agent1 had the call at the end');
  const legs = (await request<{ legs: Leg[] }>(c, admin, 'GET', `/calls/${row.id}`)).body.legs.filter((l) => l.role === 'agent');
  assert.equal(legs.filter((l) => l.agent_id === agent2Id).length, 4, `agent2 was rung four times: ${JSON.stringify(legs)}`);
  assert.equal(legs.find((l) => l.agent_id === agent1Id && l.answered_at)?.hangup_cause, 'transferred', JSON.stringify(legs));
  const events = await request<{ items: { event: string; agent_id: string | null; data: Record<string, unknown> }[] }>(c, admin, 'GET', `/call-events?call_id=${row.id}`);
  const transferred = events.body.items.filter((e) => e.event === 'transferred');
  assert.deepEqual(transferred.map((e) => e.agent_id).reverse(), [agent1Id, agent2Id], JSON.stringify(events.body.items.map((e) => e.event)));
  assert.ok(transferred.every((e) => e.data.consult === true));
});
