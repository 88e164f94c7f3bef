// The post-call survey (CSAT): when the agent of a queue call hangs up and the queue has a
// survey, the caller is not hung up. The agent leaves (the ACD puts them in wrap-up, as for any
// hangup), and the caller hears each question and answers on the keypad, 1 to 5; a caller who
// presses nothing (or another key) after the retries leaves that answer empty. The survey is an
// IVR flow made from the queue's questions (a menu a question, a set node per answer), so it
// runs on the same verbs, media port and DTMF as any IVR. The answers go on the call record;
// the call ends as answered. A caller who hangs up mid-survey keeps the answers given so far.
import { IvrSession, validateIvrFlow } from '../../ivr/index.js';
import type { QueueSurvey, SurveyAnswer } from '../../db/index.js';
import type { Call } from './call.js';
import { promptSource } from './prompts.js';
import { hangUp } from './sip-safe.js';
import { stopAgentSessionTimer } from './session-timer.js';

const SCALE = ['1', '2', '3', '4', '5'];
const answerVariable = (i: number): string => `survey_${i + 1}`;

/** The survey as an IVR flow definition: q1 (menu 1–5) → q1_<digit> (set) → q2 … → thanks. */
export function surveyFlow(survey: QueueSurvey): unknown {
  const voice = survey.voice ? { voice: survey.voice } : {};
  const nodes: Record<string, unknown> = {};
  survey.questions.forEach((question, i) => {
    const next = i + 1 < survey.questions.length ? `q${i + 2}` : 'thanks';
    nodes[`q${i + 1}`] = {
      verb: 'menu', prompt: { text: question, ...voice }, timeout_seconds: 6, retries: 1,
      invalid_prompt: { text: 'Please press a key from 1 to 5.', ...voice },
      options: Object.fromEntries(SCALE.map((d) => [d, `q${i + 1}_${d}`])), on_failure: next,
    };
    for (const d of SCALE) nodes[`q${i + 1}_${d}`] = { verb: 'set', variables: { [answerVariable(i)]: d }, next };
  });
  nodes.thanks = { verb: 'say', text: survey.thanks ?? 'Thank you. Goodbye.', ...voice, next: 'bye' };
  nodes.bye = { verb: 'hangup' };
  return { start: 'q1', nodes };
}

/** The agent's dialog ended: a survey if the call's queue has one, else the end of the call. */
export async function agentHungUp(call: Call): Promise<void> {
  const queueId = call.queueOutcome?.queueId ?? call.record.row.queue_id;
  const queue = call.is('connected') && queueId && call.port ? await call.deps.repos.queues.get(queueId) : undefined;
  const survey = queue?.survey;
  if (!survey || !call.port || !call.fire({ type: 'survey' })) return call.end('callee', 'agent hung up');
  const flow = validateIvrFlow(surveyFlow(survey));
  if (!flow.ok) return call.end('callee', 'agent hung up; the queue survey is invalid');
  await call.deps.acd.agentHungUp(call.id).catch((err: unknown) => call.log.warn({ err: String(err) }, 'the ACD did not know the call whose agent hung up'));
  leaveAgent(call);
  call.log.info({ questions: survey.questions.length }, 'agent hung up; the caller takes the survey');
  const result = await new IvrSession({
    flow: flow.flow, media: call.port, prompts: (id) => promptSource(call, id),
    schedules: (id) => call.deps.repos.schedules.get(id), log: call.log, variables: {},
  }).run();
  const answers: SurveyAnswer[] = survey.questions.map((question, i) => {
    const given = Number(result.variables[answerVariable(i)]);
    return { question, answer: given >= 1 && given <= 5 ? given : null };
  });
  await call.record.surveyAnswered(answers);
  call.log.info({ answers: answers.map((a) => a.answer) }, 'survey answered');
  await call.end(result.outcome.kind === 'caller-hangup' ? 'caller' : 'system', 'survey done', 'answered');
}

/** The agent's part is over; the caller's goes on. Its dialog is gone already (a BYE from the agent). */
function leaveAgent(call: Call): void {
  stopAgentSessionTimer(call);
  if (call.agentDialog) call.released.add(call.agentDialog);
  if (call.agentLegId) call.record.legEnded(call.agentLegId, 'agent hung up');
  hangUp(call.agentDialog, call.log);
  call.agentDialog = undefined;
  call.agentLegId = undefined;
}
