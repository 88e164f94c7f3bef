// Checks on everything that enters the ACD from the SIP layer or the API, so bad input is an
// AcdError('invalid-request') with a clear message instead of a corrupt state.
import { invalidRequest } from './acd-errors.js';
import type { EnqueueRequest, NoAnswerReason } from './acd-service.types.js';
import type { PrioritySources } from './priority.js';
import type { SkillStep } from './skill-steps.js';

const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/;

export function requireId(what: string, value: unknown): string {
  if (typeof value !== 'string' || !idPattern.test(value)) throw invalidRequest(`${what} must be an id (1-128 letters, digits, . _ : -)`);
  return value;
}

function requireText(what: string, value: unknown, max: number, min: number): string {
  if (typeof value !== 'string' || value.length < min || value.length > max || controlChars.test(value)) {
    throw invalidRequest(`${what} must be text of ${min}-${max} characters without control characters`);
  }
  return value;
}

export const requireReason = (value: unknown, what = 'not-ready reason'): string => requireText(what, value, 64, 1);

export function requireEnqueue(value: EnqueueRequest): EnqueueRequest {
  const priority = value.priority;
  if (priority !== undefined && (!Number.isSafeInteger(priority) || Math.abs(priority) > 1_000_000)) {
    throw invalidRequest('priority must be an integer between -1000000 and 1000000');
  }
  return {
    callId: requireId('callId', value.callId),
    queueId: requireId('queueId', value.queueId),
    callerNumber: requireText('callerNumber', value.callerNumber, 128, 0),
    ...(priority === undefined ? {} : { priority }),
    ...(value.prioritySources === undefined ? {} : { prioritySources: requireSources(value.prioritySources) }),
    ...(value.skillSteps === undefined ? {} : { skillSteps: requireSkillSteps(value.skillSteps) }),
    ...(value.enteredAt === undefined ? {} : { enteredAt: requireEnteredAt(value.enteredAt) }),
  };
}

function requireEnteredAt(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalidRequest('enteredAt must be a time in ms');
  return value;
}

const smallInteger = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && Math.abs(v as number) <= 1000);

function requireSources(value: PrioritySources): PrioritySources {
  if (!smallInteger(value.number) || !smallInteger(value.choice)) throw invalidRequest('prioritySources.number and .choice must be integers between -1000 and 1000');
  if (value.vip !== undefined && typeof value.vip !== 'boolean') throw invalidRequest('prioritySources.vip must be true or false');
  return value;
}

function requireSkillSteps(steps: SkillStep[]): SkillStep[] {
  if (!Array.isArray(steps) || steps.length > 10) throw invalidRequest('skillSteps must be a list of at most 10 steps');
  for (const [i, step] of steps.entries()) {
    if (step.seconds !== null && (!Number.isSafeInteger(step.seconds) || step.seconds < 1)) throw invalidRequest(`skillSteps.${i}.seconds must be a whole number of seconds or null`);
    if (!Array.isArray(step.require)) throw invalidRequest(`skillSteps.${i}.require must be a list`);
    for (const [j, r] of step.require.entries()) {
      if (typeof r.skill !== 'string' || r.skill.length === 0 || !Number.isInteger(r.min) || r.min < 1 || r.min > 5) {
        throw invalidRequest(`skillSteps.${i}.require.${j} must name a skill and a min level of 1-5`);
      }
    }
  }
  return steps;
}

const noAnswerReasons: readonly NoAnswerReason[] = ['rejected', 'busy', 'unreachable', 'forwarded'];
export function requireNoAnswerReason(value: unknown): NoAnswerReason {
  const found = noAnswerReasons.find((r) => r === value);
  if (!found) throw invalidRequest(`no-answer reason must be one of ${noAnswerReasons.join(', ')}`);
  return found;
}
