// A desk phone's attended transfer (RFC 5589): the agent's phone put the caller on hold, called
// a colleague through the center (an internal call), and now sends REFER in the caller's
// dialog with Refer-To: <…?Replaces=call-id;to-tag;from-tag> naming that second dialog. The
// center is both the transferee and the B2BUA of the second call, so it does the INVITE/Replaces
// work itself: the Replaces must name a call in progress whose caller dialog is this phone's
// (call id and both tags), whose colleague has answered; then the caller and the colleague are
// joined in the call's mixer (no re-INVITE to either), the agent's two dialogs get BYEs (the
// replaced one as the target's BYE would be, the caller's after the NOTIFY 200), and the agent
// wraps up as after any transfer. Anything else is a final answer with the reason, and both
// calls go on as they were.
import type { Call } from '../call.js';
import { Conference } from '../conference/conference.js';
import { defaultConferenceSettings } from '../conference/conference.types.js';
import { CallControlError } from '../call-control-error.js';

export interface Replaces {
  callId: string;
  toTag: string;
  fromTag: string;
}

/** The Replaces of a Refer-To URI (`?Replaces=<escaped call-id;to-tag=…;from-tag=…>`), or undefined. */
export function replacesOf(referToUri: string): Replaces | undefined {
  const raw = /[?&]replaces=([^&>]*)/i.exec(referToUri)?.[1];
  if (raw === undefined) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  const [callId, ...params] = value.split(';').map((p) => p.trim());
  const param = (name: string): string => params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1) ?? '';
  const toTag = param('to-tag');
  const fromTag = param('from-tag');
  if (!callId || !toTag || !fromTag) return undefined;
  return { callId, toTag, fromTag };
}

/** The call the Replaces names: the agent's own consult call to a colleague who answered. */
export function replacedCall(call: Call, replaces: Replaces): Call {
  const other = [...(call.deps.calls?.values() ?? [])].find((c) => c !== call && c.uas?.sip.callId === replaces.callId);
  const dialog = other?.uas;
  const tags = dialog ? [dialog.sip.localTag, dialog.sip.remoteTag].sort().join(' ') : '';
  if (!other || tags !== [replaces.toTag, replaces.fromTag].sort().join(' ')) throw new CallControlError(404, 'the Replaces names no call of this phone');
  if (!other.is('connected') || !other.agentDialog) throw new CallControlError(409, 'the consulted colleague has not answered');
  if (other.agentId === call.agentId) throw new CallControlError(409, 'the consult call is with the same agent');
  return other;
}

/** `accepted` runs once the transfer is sure to happen (the REFER's 202), `joined` once caller and colleague are joined (its NOTIFY 200). */
export async function attendedTransfer(call: Call, other: Call, steps: { accepted(): void; joined(): void }): Promise<void> {
  if (!call.is('connected')) throw new CallControlError(409, call.is('conference') ? 'a conference is not transferred by REFER' : 'call is not connected');
  if (!call.agentId) throw new CallControlError(409, 'the call has no connected agent');
  const conference = new Conference(call, call.deps.conferenceSettings ?? defaultConferenceSettings);
  call.conference = conference;
  // The phone hangs up as soon as it hears the outcome: that BYE is the transfer's, not the agent leaving the call.
  if (call.agentDialog) call.released.add(call.agentDialog);
  steps.accepted();
  const toAgent = other.agentId ?? null;
  const data = { to: { kind: 'agent', id: toAgent }, by: call.agentId, fromAgent: call.agentId, consult: true, replaced: other.id };
  await conference.mixNow();
  await conference.adopt(other, 'replaced by an attended transfer');
  steps.joined();
  await conference.handOver(data);
  if (toAgent) await call.record.agentTookOver(toAgent);
  call.log.info(data, 'call transferred by the agent\'s phone (REFER with Replaces)');
}

