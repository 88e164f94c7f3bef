// Issue 6 with a desk phone as the agent: a caller on the loopback trunk dials the demo
// number, hears the IVR prompt, presses 1 (RFC 4733), hears hold music, and agent1's phone
// (registered over UDP with digest) answers; audio flows both ways through rtpengine; the
// caller hangs up; the call record, recording, queue log and agent history say so. Also:
// a caller who gives up in the queue is abandoned with its wait, and an unknown number gets
// 404 with its call record kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import { startCenter, eventually, AGENT_PASSWORDS, REALM, type Center } from '../helpers/center.js';
import { NodePhone } from '../helpers/node-phone.js';
import { apiCall, login } from '../helpers/api.js';
import { callThroughIvr } from '../helpers/ivr-caller.js';
import { peakFrequency, rms } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function api<T>(c: Center, path: string, as: { username: string; password: string } = { username: 'admin', password: 'admin-secret-pw' }, body?: unknown): Promise<T> {
  return apiCall<T>(c, await login(c, as.username, as.password), path, body);
}

interface CallRow { id: string; status: string; ivr_path: string[]; queue_id: string | null; agent_id: string | null; queue_entered_at: string | null; queue_left_at: string | null; answered_at: string | null; ended_at: string | null; duration_seconds: number | null; hangup_side: string | null; disposition: string | null; hangup_cause: string | null; to_number: string }

async function agentId(c: Center, username: string): Promise<string> {
  const page = await api<{ items: { id: string; sip_username: string }[] }>(c, '/agents');
  const a = page.items.find((x) => x.sip_username === username);
  assert.ok(a, `agent ${username}`);
  return a.id;
}

test('first call: IVR, queue with music, desk phone agent, two-way audio, records', async (t) => {
  const c = await startCenter(t);
  const server = { host: '127.0.0.1', port: c.sipPort };
  const agent = await NodePhone.open(server, 'agent1');
  const caller = await NodePhone.open(server, '+15551234567');
  t.after(() => { agent.close(); caller.close(); });

  assert.equal(await agent.register(AGENT_PASSWORDS.agent1, REALM), 'SIP/2.0 200 OK');
  const id1 = await agentId(c, 'agent1');
  const state = await api<{ state: string }>(c, '/me/state', { username: 'agent1', password: AGENT_PASSWORDS.agent1 }, { state: 'available' });
  assert.equal(state.state, 'available');
  const answered = agent.answerNext(2500);

  const { call, tDigit } = await callThroughIvr(caller, CALLER_HZ);
  const agentCall = await answered;
  const tAnswer = Date.now();
  assert.ok(tAnswer - tDigit > 2000, 'the agent rang a while');
  assert.ok(rms(caller.rtp.samples(tDigit + 1000, tAnswer - 200)) > 200, 'the caller hears music while waiting');
  agent.rtp.start(AGENT_HZ);
  await sleep(2500);
  const heardByCaller = caller.rtp.samples(tAnswer + 800);
  const heardByAgent = agent.rtp.samples(tAnswer + 800);
  assert.ok(Math.abs(peakFrequency(heardByCaller) - AGENT_HZ) < 30, `caller hears the agent: peak ${peakFrequency(heardByCaller)} Hz`);
  assert.ok(Math.abs(peakFrequency(heardByAgent) - CALLER_HZ) < 30, `agent hears the caller: peak ${peakFrequency(heardByAgent)} Hz`);
  assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
  await agentCall.ended;

  const row = await eventually(async () => {
    const calls = await api<{ items: CallRow[] }>(c, '/calls');
    const done = calls.items.find((x) => x.status === 'completed' && x.agent_id);
    return done;
  }, 10000, 'the completed call record');
  assert.equal(row.to_number, '+15550100');
  assert.equal(row.disposition, 'answered');
  assert.equal(row.hangup_side, 'caller');
  assert.equal(row.agent_id, id1);
  assert.ok(row.queue_id, 'queue recorded');
  assert.ok(row.ivr_path.some((s) => s.includes('1')), `IVR path records the digit: ${JSON.stringify(row.ivr_path)}`);
  assert.ok(row.queue_entered_at && row.queue_left_at && row.answered_at, 'queue wait and answer times');
  const waitMs = Date.parse(row.queue_left_at ?? '') - Date.parse(row.queue_entered_at ?? '');
  assert.ok(waitMs >= 0 && waitMs < 10000, `wait ${waitMs} ms`);
  assert.ok((row.duration_seconds ?? 0) >= 3, `duration ${row.duration_seconds}`);

  const recordings = await eventually(async () => {
    const r = (await api<{ items: { id: string; file: string; channels: number; duration_seconds: number }[] }>(c, `/recordings?call_id=${row.id}`)).items;
    return r.length ? r : undefined;
  }, 5000, 'the recording row');
  const wav = readWav(join(c.sb.media.recordingDir, recordings[0]?.file ?? ''));
  assert.equal(wav.channels.length, 2);
  const [ch1 = new Int16Array(), ch2 = new Int16Array()] = wav.channels;
  const tail = (ch: Int16Array) => ch.subarray(Math.max(0, ch.length - 8000 * 2), ch.length - 1600);
  assert.ok(Math.abs(peakFrequency(tail(ch1)) - CALLER_HZ) < 30, `channel 1 holds the caller: ${peakFrequency(tail(ch1))} Hz`);
  assert.ok(Math.abs(peakFrequency(tail(ch2)) - AGENT_HZ) < 30, `channel 2 holds the agent: ${peakFrequency(tail(ch2))} Hz`);

  const history = await eventually(async () => {
    const h = await api<{ items: { state: string }[] }>(c, `/agent-states?agent_id=${id1}`);
    const states = h.items.map((x) => x.state).reverse();
    return states.includes('wrap-up') && states.at(-1) === 'available' && states.filter((s) => s === 'available').length >= 2 ? states : undefined;
  }, 10000, 'wrap-up then available');
  assert.deepEqual(history.slice(-4), ['ringing', 'on-call', 'wrap-up', 'available']);
});

test('a caller who gives up in the queue is abandoned with its wait; an unknown number gets 404 and a record', async (t) => {
  const c = await startCenter(t);
  const server = { host: '127.0.0.1', port: c.sipPort };
  const caller = await NodePhone.open(server, '+15557654321');
  t.after(() => caller.close());
  const call = await caller.call('15550100');
  caller.rtp.start(CALLER_HZ);
  await sleep(800);
  caller.rtp.sendRfc4733Digit('2');
  await sleep(2500);
  await call.hangup();
  const row = await eventually(async () => (await api<{ items: CallRow[] }>(c, '/calls')).items.find((x) => x.status === 'completed'), 10000, 'abandoned record');
  assert.equal(row.disposition, 'abandoned');
  assert.equal(row.hangup_side, 'caller');
  assert.ok(row.queue_entered_at && row.queue_left_at, 'queue entry and exit recorded');
  assert.ok(Date.parse(row.queue_left_at ?? '') - Date.parse(row.queue_entered_at ?? '') >= 1000, 'wait time recorded');

  await assert.rejects(caller.call('19998887777'), (err: { status?: number }) => err.status === 404);
  const failed = await eventually(async () => (await api<{ items: CallRow[] }>(c, '/calls')).items.find((x) => x.to_number.includes('19998887777')), 5000, 'record of the failed attempt');
  assert.equal(failed.disposition, 'failed');
  assert.match(failed.hangup_cause ?? '', /404/);
});

test('rtpengine dies mid-call: the caller is hung up with the reason recorded, and the next call works', async (t) => {
  const c = await startCenter(t);
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550001111');
  t.after(() => caller.close());
  const call = await caller.call('15550100');
  await sleep(500);
  const pid = Object.values(c.sb.media.pids())[0];
  assert.ok(pid, 'rtpengine runs');
  process.kill(pid, 'SIGKILL');
  await call.ended;
  const row = await eventually(async () => (await api<{ items: CallRow[] }>(c, '/calls')).items.find((x) => x.status === 'completed'), 10000, 'record of the dropped call');
  assert.equal(row.disposition, 'failed');
  assert.equal(row.hangup_side, 'system');
  assert.match(row.hangup_cause ?? '', /media server/);
  const again = await eventually(async () => caller.call('15550100').catch(() => undefined), 20000, 'a call after the restart');
  await again.hangup();
});

test('Postgres drops every connection of the center: no crash, a log line, and the next call is recorded', async (t) => {
  const c = await startCenter(t);
  const admin = new pg.Client({ connectionString: c.databaseUrl });
  await admin.connect();
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  await admin.end();
  await eventually(async () => (c.logs.some((l) => l.msg === 'database connection lost; the pool reconnects') ? true : undefined), 5000, 'the log line');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550002222');
  t.after(() => caller.close());
  await assert.rejects(caller.call('19990000000'), (err: { status?: number }) => err.status === 404);
  const row = await eventually(async () => (await api<{ items: CallRow[] }>(c, '/calls')).items.find((x) => x.to_number.includes('19990000000')), 5000, 'record after the reconnect');
  assert.equal(row.disposition, 'failed');
});
