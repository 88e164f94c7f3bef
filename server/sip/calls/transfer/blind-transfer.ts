// Blind transfer of a connected call, done by the center (the same for browser and desk-phone
// agents; a phone's REFER runs it too: refer.ts): the target is checked before anything
// moves, so a bad one is a clear 400/403/409 and the call goes on as it was. Then the agent's
// leg gets a BYE (the agent goes to wrap-up as the queue says), the caller hears the music
// and is routed on — rung to the target agent, or queued again. A queue call transferred to
// a queue keeps its first entry time and its priority: the caller does not lose their place.
// A target agent who does not answer sends the caller back: to the queue it came from (its
// place kept), or else rung back to the agent who transferred it (Asterisk's recall), once.
// An outside number is a consult completed at once (consult.ts): dialled through outbound
// routing and the toll-fraud guard as the transferring agent, the caller hears music until it
// answers and is put through in the call's mixer; a number that does not answer ends the call.
// The ACD records `transferred` with who sent it where; the agent's leg ends as `transferred`.
import type { Call } from '../call.js';
import { CallControlError } from '../call-control-error.js';
import { ringAgentDirectly } from '../offers.js';
import { enqueue, startMusic } from '../queueing.js';
import { hangUp } from '../sip-safe.js';
import { stopAgentSessionTimer } from '../session-timer.js';
import type { TransferTarget } from './transfer.types.js';
import type { TransferredFrom } from '../../../acd/index.js';
import { Consult } from './consult.js';
import { recordTransferred } from './transfer-event.js';

type Resolved = { kind: 'agent'; agentId: string } | { kind: 'queue'; queueId: string };

/** `accepted` runs once the transfer is sure to happen, before the agent's BYE (a REFER's 202 and NOTIFY). */
export async function blindTransfer(call: Call, target: TransferTarget, byAgentId: string | null, accepted?: () => void): Promise<void> {
  if (!call.is('connected', 'conference')) throw new CallControlError(409, 'call is not connected');
  // A number, or a call already in the mixer (taken over after a consult): a consult completed at once.
  if (target.kind === 'number' || call.is('conference')) {
    if (target.kind === 'queue') throw new CallControlError(409, 'a call in the mixer (after a consult or a conference) is not sent back to a queue: transfer it to an agent or a number', 'target.kind');
    const consult = await Consult.start(call, target, byAgentId);
    accepted?.();
    await consult.complete();
    return;
  }
  const resolved = await resolve(call, target);
  if (resolved.kind === 'agent' && resolved.agentId === call.agentId) throw new CallControlError(409, 'the call is connected to this agent already', target.kind === 'agent' ? 'target.id' : 'target.value');
  // Checked again after the awaits: the caller may have hung up meanwhile.
  if (!call.fire({ type: 'transfer' })) throw new CallControlError(409, 'call is not connected');
  const fromAgent = call.agentId;
  const data = { to: target, by: byAgentId ?? null, fromAgent: fromAgent ?? null };
  const from = await call.deps.acd.transferred(call.id, data).catch((err: unknown) => {
    call.log.warn({ err: String(err) }, 'the ACD did not know the transferred call');
    return undefined;
  });
  if (!from) recordTransferred(call, fromAgent ?? null, data);
  accepted?.();
  releaseAgent(call, 'transferred');
  call.log.info({ target, fromAgent, by: byAgentId }, 'call transferred');
  await startMusic(call);
  call.spawn('transfer', async () => {
    if (resolved.kind === 'agent') return ringAgentDirectly(call, resolved.agentId, () => sendBack(call, from, fromAgent));
    // Its place in line comes along only from a queue: a direct call enters as a new caller.
    return enqueue(call, resolved.queueId, from ? { priority: from.priority, enteredAt: from.enteredAt } : {});
  });
}

/** The target agent did not answer: back to the queue the call came from, or to the agent who sent it. */
async function sendBack(call: Call, from: TransferredFrom | undefined, fromAgent: string | undefined): Promise<void> {
  if (from) return enqueue(call, from.queueId, { priority: from.priority, enteredAt: from.enteredAt });
  if (fromAgent) return ringAgentDirectly(call, fromAgent);
  return call.end('system', 'the transfer target did not answer', 'no-answer');
}

async function resolve(call: Call, target: Exclude<TransferTarget, { kind: 'number' }>): Promise<Resolved> {
  const { repos } = call.deps;
  if (target.kind === 'queue') {
    const queue = await repos.queues.get(target.id);
    if (!queue) throw new CallControlError(400, 'no such queue', 'target.id');
    return { kind: 'queue', queueId: queue.id };
  }
  const agent = target.kind === 'agent' ? await repos.agents.get(target.id) : await repos.agents.findByExtension(target.value);
  if (!agent) throw new CallControlError(400, target.kind === 'agent' ? 'no such agent' : 'no agent has this extension', target.kind === 'agent' ? 'target.id' : 'target.value');
  return { kind: 'agent', agentId: agent.id };
}

/** The agent's part of the call ends; the caller's stays. The agent's dialog is let go first, so its BYE is not the call's end. */
function releaseAgent(call: Call, cause: string): void {
  const dialog = call.agentDialog;
  stopAgentSessionTimer(call);
  if (dialog) call.released.add(dialog);
  if (call.agentLegId) call.record.legEnded(call.agentLegId, cause);
  call.agentDialog = undefined;
  call.agentId = undefined;
  call.agentLegId = undefined;
  hangUp(dialog, call.log);
}
