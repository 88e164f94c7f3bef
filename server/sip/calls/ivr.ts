// The IVR part of a call: the flow runs on the caller's media port; its path and variables go
// to the record (the variables also become the agent's screen-pop), and the outcome goes back
// to routing. `closed` says the flow passed an hours node that found the schedule closed.
import { IvrSession, ivrPathForRecord, validateIvrFlow, type IvrResult } from '../../ivr/index.js';
import type { Call } from './call.js';
import { promptSource } from './prompts.js';

export async function runIvr(call: Call, flowId: string): Promise<(IvrResult & { closed: boolean }) | undefined> {
  const stored = await call.deps.repos.ivrFlows.get(flowId);
  const checked = stored ? validateIvrFlow(stored.definition) : undefined;
  if (!checked?.ok) {
    await call.end('system', `IVR flow ${flowId} is missing or invalid`, 'failed');
    return undefined;
  }
  const port = call.port;
  if (!port || !call.fire({ type: 'start-ivr', flowId })) return undefined;
  void call.record.inIvr();
  const result = await new IvrSession({
    flow: checked.flow,
    media: port,
    prompts: (id) => promptSource(call, id),
    schedules: (id) => call.deps.repos.schedules.get(id),
    log: call.log,
    variables: call.variables,
    numbers: { caller: call.caller.number, called: call.record.row.to_number },
    ...(call.deps.ivrWebhooks ? { webhooks: call.deps.ivrWebhooks } : {}),
  }).run();
  call.variables = result.variables;
  void call.record.ivrResult(ivrPathForRecord(result.path), result.variables);
  if (!call.fire({ type: 'ivr-done' })) return undefined;
  const closed = result.path.some((step) => step.verb === 'hours' && step.result === 'closed');
  return { ...result, closed };
}
