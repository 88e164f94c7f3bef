// Checks on everything that enters the ACD from the SIP layer or the API, so bad input is an
// AcdError('invalid-request') with a clear message instead of a corrupt state.
import { invalidRequest } from './acd-errors.js';
import type { EnqueueRequest, NoAnswerReason } from './acd-service.types.js';

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
  };
}

const noAnswerReasons: readonly NoAnswerReason[] = ['rejected', 'busy', 'unreachable', 'forwarded'];
export function requireNoAnswerReason(value: unknown): NoAnswerReason {
  const found = noAnswerReasons.find((r) => r === value);
  if (!found) throw invalidRequest(`no-answer reason must be one of ${noAnswerReasons.join(', ')}`);
  return found;
}
