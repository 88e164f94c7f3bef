// test-file-timeout: 3 min
// Issue 12's blind transfer on the whole center, with desk phones (our SIP phone on UDP): a
// caller (440 Hz) reaches agent1 (700 Hz) through the IVR and the sales queue. Bad requests
// are refused with the field named (a number with no outbound route: 403) and the call goes
// on. agent1 transfers the call back to the queue: agent1's phone gets a BYE and agent1 wraps
// up, the caller hears music, keeps the first entry time and is answered by agent2 (1100 Hz).
// agent2 transfers it to extension 1001 from its desk phone (REFER: 202, NOTIFY 200, our
// BYE): agent1 answers. agent1 sends it to agent2, who declines: it rings back to agent1.
// agent1 sends it to agent2 again, who answers, then to an outside number: the carrier (our
// phone behind a trunk, 1500 Hz) gets the INVITE, answers, and caller and carrier talk. The
// record has every agent leg, the outside leg, the `transferred` events, and agent2 as the
// last agent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, REALM, type Center } from '../../helpers/center.js';
import { NodePhone } from '../../helpers/node-phone.js';
import { AGENT1_HZ, CALLER_HZ, callConnectedToAgent1, request, type CallRow } from '../helpers/transfer-rig.js';
import { peakFrequency, rms } from '../../../media/tools/spectrum.js';

const AGENT2_HZ = 1100;
const CARRIER_HZ = 1500;
const server = (c: Center): { host: string; port: number } => ({ host: '127.0.0.1', port: c.sipPort });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The caller and the agent hear each other's tone. */
async function assertTalking(caller: NodePhone, agent: NodePhone, agentHz: number): Promise<void> {
  const t0 = Date.now();
  await sleep(1500);
  const heardByCaller = peakFrequency(caller.rtp.samples(t0 + 600));
  const heardByAgent = peakFrequency(agent.rtp.samples(t0 + 600));
  assert.ok(Math.abs(heardByCaller - agentHz) < 30, `the caller hears ${agentHz} Hz: peak ${heardByCaller} Hz`);
  assert.ok(Math.abs(heardByAgent - CALLER_HZ) < 30, `the agent hears the caller: peak ${heardByAgent} Hz`);
}

interface Leg { role: string; agent_id: string | null; answered_at: string | null; hangup_cause: string | null }

test('blind transfer: back to the queue keeping the entry time, to an extension, to an agent who declines (recall), to a number; refusals leave the call as it was', { timeout: 180_000 }, async (t) => {
  const { c, agent1, agent2, caller, token1, token2, admin, agent1Id, agent2Id, callerCall, agent1Call, row } = await callConnectedToAgent1(t);
  // 1. The caller reaches agent1 through the IVR and the sales queue (transfer-rig.ts).
  const enteredAt = row.queue_entered_at;
  assert.ok(row.queue_id && enteredAt, 'queued first');
  await assertTalking(caller, agent1, AGENT1_HZ);

  // 2. Refusals: each names its field or says why; none touches the call.
  const path = `/calls/${row.id}/transfer`;
  const number = await request<{ details?: { path: string; message: string }[] }>(c, token1, 'POST', path, { target: { kind: 'number', value: '555-0100' } });
  assert.ok(number.status === 400 && number.body.details?.some((d) => d.path === 'body.target.value'), JSON.stringify(number.body));
  const noRoute = await request<{ error: string }>(c, token1, 'POST', path, { target: { kind: 'number', value: '+15557654321' } });
  assert.equal(noRoute.status, 403, `no outbound route yet: ${JSON.stringify(noRoute.body)}`);
  const noValue = await request<{ details?: { path: string }[] }>(c, token1, 'POST', path, { target: { kind: 'extension' } });
  assert.ok(noValue.status === 400 && noValue.body.details?.some((d) => d.path === 'body.target.value'), JSON.stringify(noValue.body));
  const unknownExt = await request<{ details?: { path: string }[] }>(c, token1, 'POST', path, { target: { kind: 'extension', value: '1999' } });
  assert.ok(unknownExt.status === 400 && unknownExt.body.details?.some((d) => d.path === 'body.target.value'), JSON.stringify(unknownExt.body));
  assert.equal((await request(c, token1, 'POST', path, { target: { kind: 'extension', value: '1001' } })).status, 409, 'to the agent it is connected to');
  assert.equal((await request(c, token1, 'POST', path, { target: { kind: 'queue', id: '00000000-0000-4000-8000-000000000000' } })).status, 400, 'an unknown queue');
  assert.equal((await request(c, token2, 'POST', path, { target: { kind: 'queue', id: row.queue_id } })).status, 403, 'agent2 is not on this call');
  assert.equal((await request(c, token1, 'POST', '/calls/00000000-0000-4000-8000-000000000000/transfer', { target: { kind: 'queue', id: row.queue_id } })).status, 404);
  await assertTalking(caller, agent1, AGENT1_HZ);

  // 3. agent1 sends it back to the queue; agent2 goes available a moment later and answers it.
  const back = await request<{ phase: string }>(c, token1, 'POST', path, { target: { kind: 'queue', id: row.queue_id } });
  assert.equal(back.status, 202, JSON.stringify(back.body));
  const tTransfer = Date.now();
  await agent1Call.ended;
  const secondAnswer = agent2.answerNext(300);
  await sleep(1500);
  assert.ok(rms(caller.rtp.samples(tTransfer + 500)) > 200, 'the caller hears music while waiting again');
  const states1 = await request<{ items: { state: string }[] }>(c, admin, 'GET', `/agent-states?agent_id=${agent1Id}`);
  assert.equal(states1.body.items[0]?.state, 'wrap-up', 'agent1 wraps up after the transfer');
  const ready2 = await request(c, token2, 'POST', '/me/state', { state: 'available' });
  assert.equal(ready2.status, 200, JSON.stringify(ready2.body));
  const agent2Call = await secondAnswer;
  agent2.rtp.start(AGENT2_HZ);
  await assertTalking(caller, agent2, AGENT2_HZ);
  const again = (await request<CallRow>(c, admin, 'GET', `/calls/${row.id}`)).body;
  assert.equal(again.queue_entered_at, enteredAt, 'the caller kept the first entry time');

  // 4. agent2's desk phone transfers by REFER to extension 1001: an unknown target is refused
  // with the reason and nothing moves; then 202, a NOTIFY 200 and our BYE; agent1 (available
  // again after its wrap-up) rings and answers.
  assert.match(await agent2Call.refer(`sip:1999@${REALM}`), /^SIP\/2\.0 404 Not Found - no extension or queue 1999/);
  assert.match(await agent2Call.refer(`sip:+15557654321@${REALM}`), /^SIP\/2\.0 403 Forbidden - no outbound route/, 'an outside number by REFER goes through outbound routing (none yet)');
  await assertTalking(caller, agent2, AGENT2_HZ);
  await eventually(async () => ((await request<{ state: string }>(c, token1, 'GET', '/me/state')).body.state === 'available' ? true : undefined), 10000, 'agent1 available again');
  const thirdAnswer = agent1.answerNext(300);
  const notify = agent2.next((m) => m.startsWith('NOTIFY '));
  assert.equal(await agent2Call.refer(`sip:1001@${REALM}`), 'SIP/2.0 202 Accepted');
  const sipfrag = await notify;
  assert.match(sipfrag, /^Event: refer/im);
  assert.match(sipfrag, /^Subscription-State: terminated/im);
  assert.match(sipfrag, /SIP\/2\.0 200 OK\s*$/);
  agent2.reply(sipfrag, '200 OK');
  await agent2Call.ended;
  const agent1Again = await thirdAnswer;
  await assertTalking(caller, agent1, AGENT1_HZ);

  // 5. agent1 transfers to agent2, who declines: the call comes back to agent1 (a direct call: no queue to go back to).
  const declined = agent2.next((m) => m.startsWith('INVITE '));
  const recall = agent1.answerNext(300);
  assert.equal((await request(c, token1, 'POST', path, { target: { kind: 'agent', id: agent2Id } })).status, 202);
  await agent1Again.ended;
  agent2.reply(await declined, '486 Busy Here');
  const agent1Recalled = await recall;
  await assertTalking(caller, agent1, AGENT1_HZ);

  // 6. agent1 transfers to agent2 by id on the API again; agent2 answers.
  const fourthAnswer = agent2.answerNext(300);
  const toAgent = await request<{ phase: string }>(c, token1, 'POST', path, { target: { kind: 'agent', id: agent2Id } });
  assert.equal(toAgent.status, 202, JSON.stringify(toAgent.body));
  assert.equal(toAgent.body.phase, 'ringing-agent');
  await agent1Recalled.ended;
  const agent2Again = await fourthAnswer;
  await assertTalking(caller, agent2, AGENT2_HZ);

  // 7. agent2 transfers to an outside number: it leaves through the carrier trunk as agent2
  // would dial it; the caller hears music until the carrier answers, then the carrier.
  const carrier = await NodePhone.open(server(c), 'carrier');
  t.after(() => carrier.close());
  const trunk = await request<{ id: string }>(c, admin, 'POST', '/trunks', {
    name: 'carrier', auth_type: 'ip', allowed_cidrs: ['192.0.2.1/32'], outbound_uri: `sip:127.0.0.1:${carrier.port}`, default_caller_id: '+15550100', max_channels: 4,
  });
  assert.equal(trunk.status, 201, JSON.stringify(trunk.body));
  assert.equal((await request(c, admin, 'POST', '/outbound-routes', { name: 'everything', match_prefix: '', trunk_ids: [trunk.body.id] })).status, 201);
  const carrierAnswer = carrier.answerNext(1500);
  const toNumber = await request<{ phase: string }>(c, token2, 'POST', path, { target: { kind: 'number', value: '+15557654321' } });
  assert.equal(toNumber.status, 202, JSON.stringify(toNumber.body));
  await agent2Again.ended;
  await sleep(800);
  assert.ok(rms(caller.rtp.samples(Date.now() - 600)) > 200, 'the caller hears music while the number rings');
  const carrierCall = await carrierAnswer;
  assert.match(carrierCall.invite ?? '', /^INVITE sip:\+?15557654321@/m);
  carrier.rtp.start(CARRIER_HZ);
  await assertTalking(caller, carrier, CARRIER_HZ);

  // 8. The caller hangs up: the carrier gets the BYE; one call record with every leg and the transfers.
  assert.equal(await callerCall.hangup(), 'SIP/2.0 200 OK');
  await carrierCall.ended;
  const done = await eventually(async () => { const r = (await request<CallRow>(c, admin, 'GET', `/calls/${row.id}`)).body; return r.status === 'completed' ? r : undefined; }, 10000, 'the completed call');
  assert.equal(done.agent_id, agent2Id, 'agent2 ended it');
  assert.equal(done.disposition, 'answered');
  const legs = (await request<{ legs: Leg[] }>(c, admin, 'GET', `/calls/${row.id}`)).body.legs.filter((l) => l.role === 'agent' && l.answered_at);
  assert.deepEqual(legs.map((l) => l.hangup_cause), ['transferred', 'transferred', 'transferred', 'transferred', 'transferred'], JSON.stringify(legs));
  const outside = (await request<{ legs: Leg[] }>(c, admin, 'GET', `/calls/${row.id}`)).body.legs.filter((l) => l.role === 'outbound');
  assert.equal(outside.length, 1, JSON.stringify(outside));
  assert.equal(outside[0]?.hangup_cause, 'caller hung up');
  const events = await request<{ items: { event: string; agent_id: string | null; data: Record<string, unknown> }[] }>(c, admin, 'GET', `/call-events?call_id=${row.id}`);
  // Every transfer, by its agent: the two of the queue call (in the queue log), then the direct call's three.
  const transferred = events.body.items.filter((e) => e.event === 'transferred').reverse();
  assert.deepEqual(transferred.map((e) => e.agent_id), [agent1Id, agent2Id, agent1Id, agent1Id, agent2Id]);
  assert.deepEqual(transferred.at(-1)?.data.to, { kind: 'number', value: '+15557654321' }, 'from and to');
  assert.deepEqual(events.body.items.filter((e) => e.event === 'entered').length, 2, 'entered twice: the first time and after the transfer back');
});
