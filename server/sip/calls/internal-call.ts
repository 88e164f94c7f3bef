// An internal call: a registered agent (desk phone or browser, digest-authenticated by
// identify.ts) dials another agent's extension. It is a call of the center like an inbound
// one — answered and anchored, then rung to the agent directly (offers.ts), recorded with
// direction `internal` — so hold, transfer and conference work on it the same way. The
// calling agent is on a call for the ACD from the dial to the hangup (no queue call is
// offered meanwhile; no wrap-up after); the called agent is, once it answers (offers.ts).
import type { Row } from '../../db/index.js';
import type { Call } from './call.js';
import { startMusic } from './queueing.js';

/** The ACD's id for the calling agent's part: the call id is the called agent's. */
const callerPart = (call: Call): string => `${call.id}:caller`;

export async function ringExtension(call: Call, callerAgentId: string, callee: Row<'agents'>): Promise<void> {
  const part = callerPart(call);
  try {
    await call.deps.acd.directCall(part, callerAgentId);
    call.cleanups.push(() => {
      void call.deps.acd.callEnded(part).catch(() => undefined);
    });
  } catch (err) {
    // Already on a call (a second line): the agent's state stays as it is; the call goes on.
    call.log.info({ err: String(err) }, 'calling agent\'s state left as it is for this internal call');
  }
  // The caller hears ringback until the extension answers (the bridge stops it, as it stops music).
  if (call.deps.ringback) await startMusic(call, call.deps.ringback);
  await call.route({ type: 'agent', id: callee.id });
}
