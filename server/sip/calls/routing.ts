// Where an answered call goes: a number's destination, the IVR's outcome, a queue's overflow.
// A destination that cannot be served (unknown queue, agent or extension) ends the call as
// `no-agent`; a flow that hangs up outside opening hours ends it as `closed`.
import type { Destination } from '../../db/index.js';
import type { IvrOutcome } from '../../ivr/index.js';
import type { Call } from './call.js';
import { runIvr } from './ivr.js';
import { ringAgentDirectly } from './offers.js';
import { enqueue } from './queueing.js';

export async function route(call: Call, d: Destination): Promise<void> {
  if (call.is('ended')) return;
  switch (d.type) {
    case 'ivr': {
      const result = await runIvr(call, d.id ?? '');
      if (result) await afterIvr(call, result.outcome, result.closed);
      return;
    }
    case 'queue':
      return enqueue(call, d.id ?? '');
    case 'agent':
      return ringAgentDirectly(call, d.id ?? '');
    case 'extension': {
      const agent = await call.deps.repos.agents.findByExtension(d.extension ?? '');
      if (agent) return ringAgentDirectly(call, agent.id);
      return call.end('system', `no agent has extension ${d.extension ?? ''}`, 'no-agent');
    }
    case 'hangup':
      return call.end('system', 'routed to hangup', 'ivr-ended');
  }
}

async function afterIvr(call: Call, outcome: IvrOutcome, closed: boolean): Promise<void> {
  if (outcome.kind === 'caller-hangup') return call.end('caller', 'caller hung up in the IVR');
  if (outcome.kind === 'hangup') return call.end('system', `IVR hung up: ${outcome.reason}`, closed ? 'closed' : 'ivr-ended');
  if (outcome.kind === 'error') return call.end('system', `IVR error: ${outcome.reason}`, 'failed');
  const queues = await call.deps.repos.queues.list({ limit: 500 });
  const queue = queues.items.find((q) => q.id === outcome.queue || q.name === outcome.queue);
  if (!queue) return call.end('system', `IVR chose unknown queue ${outcome.queue}`, 'no-agent');
  return enqueue(call, queue.id, {
    ...(outcome.priority !== undefined ? { priority: outcome.priority } : {}),
    ...(outcome.skillSteps ? { skillSteps: outcome.skillSteps } : {}),
  });
}
