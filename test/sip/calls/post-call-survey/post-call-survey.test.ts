// Issue 16's post-call survey (CSAT), on the whole center: the sales queue asks two questions
// after the agent hangs up. A caller through the IVR reaches agent1's desk phone; the agent
// hangs up: the caller stays on the line (no BYE) and hears the first question while agent1 is
// already in wrap-up; a wrong key (9) is asked again, 4 answers it, 2 answers the second; the
// center says thanks and hangs up. The record holds both answers and says answered, ended by
// the system. A second caller who hangs up during the survey keeps a record with empty
// answers, also answered. The API refuses a survey of six questions or none, naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startCenter } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { callThroughIvr } from '../../../e2e/helpers/ivr-caller.js';
import { apiRequest as api, login } from '../../../e2e/helpers/api.js';
import { rms } from '../../../media/tools/spectrum.js';
import { completedCall, readyAgent, reposOf } from '../helpers/call-rig.js';

const Q1 = 'How happy were you with our agent? Press 1 to 5.';
const Q2 = 'Would you call us again? Press 1 to 5.';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('after the agent hangs up, the caller answers the queue survey on the keypad', { timeout: 120_000 }, async (t) => {
  const c = await startCenter(t, { wrapUpSeconds: 3 });
  const repos = reposOf(c);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  const tooMany = await api<{ details: { path: string }[] }>(c, admin, 'PATCH', `/queues/${sales.id}`, { survey: { questions: ['1', '2', '3', '4', '5', '6'] } });
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.body.details[0]?.path, 'body.survey.questions');
  assert.equal((await api(c, admin, 'PATCH', `/queues/${sales.id}`, { survey: { questions: [] } })).status, 400);
  const set = await api(c, admin, 'PATCH', `/queues/${sales.id}`, { survey: { questions: [Q1, Q2], thanks: 'Thanks for your answers. Goodbye.' } });
  assert.equal(set.status, 200, JSON.stringify(set.body));

  const { phone: desk, id: agentId } = await readyAgent(c, 'agent1');
  t.after(() => desk.close());
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550007777');
  t.after(() => caller.close());

  const answering = desk.answerNext(200);
  const { call } = await callThroughIvr(caller, 440, '1');
  const agentCall = await answering;
  await eventually(async () => (c.logs.some((l) => l.msg === 'caller connected to agent') ? true : undefined), 10000, 'the bridge');
  await sleep(1000);
  let callerGone = false;
  void call.ended.then(() => { callerGone = true; });
  await agentCall.hangup();
  const tHangup = Date.now();
  await eventually(async () => (c.logs.some((l) => l.msg === 'agent hung up; the caller takes the survey') ? true : undefined), 5000, 'the survey starts');
  assert.equal(c.sb.acd.agentState(agentId).status, 'wrap-up', 'the agent is free of the call (in wrap-up) while the caller answers');
  await sleep(1500);
  assert.equal(callerGone, false, 'the caller is kept on the line');
  assert.ok(rms(caller.rtp.samples(tHangup + 300)) > 200, 'the caller hears the first question');

  caller.rtp.sendRfc4733Digit('9');
  await sleep(2500);
  caller.rtp.sendRfc4733Digit('4');
  await sleep(2000);
  caller.rtp.sendRfc4733Digit('2');
  await Promise.race([call.ended, sleep(20000).then(() => { throw new Error('the center did not hang up after the survey'); })]);

  const record = await completedCall(repos, (r) => r.from_number === '+15550007777');
  assert.deepEqual(record.survey_answers, [{ question: Q1, answer: 4 }, { question: Q2, answer: 2 }]);
  assert.deepEqual([record.disposition, record.hangup_side, record.agent_id], ['answered', 'system', agentId]);
  const shown = await api<{ survey_answers: unknown }>(c, admin, 'GET', `/calls/${record.id}`);
  assert.deepEqual(shown.body.survey_answers, record.survey_answers, 'the API shows the answers');
  assert.ok(c.logs.some((l) => l.msg === 'survey answered' && JSON.stringify(l.answers) === '[4,2]'));

  // A caller who hangs up during the survey: answered still, the answers empty.
  await eventually(async () => (c.sb.acd.agentState(agentId).status === 'available' ? true : undefined), 15000, 'agent1 available again after the wrap-up');
  const second = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550008888');
  t.after(() => second.close());
  const answeringAgain = desk.answerNext(200);
  const { call: call2 } = await callThroughIvr(second, 440, '1');
  const agentCall2 = await answeringAgain;
  await eventually(async () => (c.logs.filter((l) => l.msg === 'caller connected to agent').length === 2 ? true : undefined), 10000, 'the second bridge');
  await agentCall2.hangup();
  await eventually(async () => (c.logs.filter((l) => l.msg === 'agent hung up; the caller takes the survey').length === 2 ? true : undefined), 5000, 'the second survey');
  await sleep(800);
  await call2.hangup();
  const record2 = await completedCall(repos, (r) => r.from_number === '+15550008888');
  assert.deepEqual([record2.disposition, record2.hangup_side], ['answered', 'caller']);
  await eventually(async () => ((await repos.calls.get(record2.id))?.survey_answers ? true : undefined), 5000, 'the answers written');
  assert.deepEqual((await repos.calls.get(record2.id))?.survey_answers, [{ question: Q1, answer: null }, { question: Q2, answer: null }]);
});
