// RFC 4028 session timers on both legs of a call, so a far end that vanishes without a BYE
// (power cut, NAT timeout) ends the call: BYE both ways, the record closed with cause
// `session timer`, the agent freed.
//
// Why here and not in the engine: drachtio-server runs session timers inside the server
// (and issue 17 may ask our engine for that parity), but there the timer only knows a dialog;
// ending a *call* — the other leg, the media, the ACD, the record and its reason — is the
// call's work, and an engine-side expiry reaches the app as a plain BYE that reads "caller
// hung up". One owner per leg is a SessionTimer (session-timer-machine.ts) held by the call,
// armed at answer (caller) and at connect (agent), stopped by teardown on every end path.
// Negotiation is pure (session-timer-negotiation.ts). If the engine gains drachtio's timers,
// it must stay off for dialogs whose app already answers Session-Expires (as drachtio-server
// does when the app sets the header), so a leg never has two owners.
//
// Refreshes we send repeat our current SDP unchanged (same o= version, RFC 3264 §8: no
// change), or go as UPDATE without a body when the peer allows it, so rtpengine's anchor is
// never touched; the caller's ports never move.
//
// A refresh that gets no answer at all ends the call as a 408 does, but no BYE reaches that
// peer: the engine drops a dialog whose in-dialog request timed out (RFC 3261 §12.2.1.2), so
// only the other leg is hung up.
import type Srf from 'drachtio-srf';
import type { Call } from './call.js';
import { SessionTimer, type RefreshResult, type SessionEnd } from './session-timer-machine.js';
import {
  allowsUpdate, defaultSessionTimerPolicy, negotiateAsUas, offerHeaders, settledByAnswer,
  type HeaderSource, type Negotiated, type SessionTimerPolicy, type UasOutcome,
} from './session-timer-negotiation.js';
import { respond } from './sip-safe.js';

type Leg = 'caller' | 'agent';

const timers = new WeakMap<Call, Map<Leg, SessionTimer>>();

function policyOf(call: Call): SessionTimerPolicy {
  return call.deps.sessionTimers ?? defaultSessionTimerPolicy;
}

/** The caller's INVITE as the session timer sees it: refuse (400/422) before anything is set up, or the headers of our 2xx. */
export function negotiateCaller(call: Call, req: HeaderSource): UasOutcome {
  return negotiateAsUas(req, policyOf(call));
}

/** Headers for the INVITE to an agent's phone: we offer our interval and to refresh. */
export function agentOfferHeaders(call: Call): Record<string, string> {
  const policy = policyOf(call);
  return offerHeaders(policy.sessionExpiresSec, policy);
}

/** The caller is answered: its leg's timer starts, and its refreshes (re-INVITE, UPDATE) are answered here. */
export function startCallerSessionTimer(call: Call, dialog: Srf.Dialog, invite: HeaderSource, negotiated: Negotiated): void {
  const useUpdate = allowsUpdate(invite);
  start(call, 'caller', dialog, negotiated, useUpdate);
  dialog.on('modify', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    // Any re-INVITE is also a refresh (§7.4). One that a re-offer handler of the call answers
    // (hold's CallHold, once the agent is bridged) is left to that handler, which calls
    // callerRefreshed() and puts its headers in its 2xx. Otherwise it is answered here as
    // drachtio-srf did before, with our current SDP.
    if (dialog.listenerCount('modify') > 1) return;
    answerCallerRefresh(call, dialog, req, res, { body: dialog.local.sdp, headers: { 'Content-Type': 'application/sdp' } });
  });
  dialog.on('update', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
    answerCallerRefresh(call, dialog, req, res, req.body ? { body: dialog.local.sdp, headers: { 'Content-Type': 'application/sdp' } } : { headers: {} });
  });
}

/**
 * A re-INVITE or UPDATE from the caller: renegotiated as at the start and, when accepted, the
 * caller leg's timer restarts. Returns what the answer must carry (422/400, or the 2xx's
 * Session-Expires/Require). For any handler that answers the caller's re-offers.
 */
export function callerRefreshed(call: Call, req: HeaderSource): UasOutcome {
  const outcome = negotiateAsUas(req, policyOf(call));
  if (outcome.kind === 'accept') timers.get(call)?.get('caller')?.fire({ type: 'refreshed', intervalSec: outcome.intervalSec, weRefresh: outcome.weRefresh });
  return outcome;
}

function answerCallerRefresh(call: Call, dialog: Srf.Dialog, req: Srf.SrfRequest, res: Srf.SrfResponse, ok: { body?: string; headers: Record<string, string> }): void {
  const outcome = callerRefreshed(call, req);
  if (outcome.kind === 'refuse') {
    call.log.info({ method: req.method, status: outcome.status, sessionExpires: req.get('Session-Expires') }, 'session refresh refused');
    respond(res, call.log, outcome.status, outcome.reason, { headers: outcome.headers });
    return;
  }
  respond(res, call.log, 200, undefined, { ...ok, headers: { ...ok.headers, ...outcome.headers, ...localContact(dialog) } });
}

/** The agent answered: its leg's timer starts; we refresh it, whatever its phone said (see settledByAnswer). */
export function startAgentSessionTimer(call: Call, dialog: Srf.Dialog): void {
  const policy = policyOf(call);
  const answer = (dialog as unknown as { res?: HeaderSource }).res;
  const settled = answer ? settledByAnswer(answer, policy.sessionExpiresSec) : { intervalSec: policy.sessionExpiresSec, weRefresh: true };
  start(call, 'agent', dialog, { intervalSec: settled.intervalSec, weRefresh: true }, answer ? allowsUpdate(answer) : false);
}

/** The agent left a call that goes on (a transfer): only the agent leg's clock stops. */
export function stopAgentSessionTimer(call: Call): void {
  const timer = timers.get(call)?.get('agent');
  if (timer && timer.state !== 'stopped') timer.fire({ type: 'stop' });
  timers.get(call)?.delete('agent');
}

/** Every end path of the call goes through teardown, which stops both legs' clocks here. */
export function stopSessionTimers(call: Call): void {
  for (const timer of timers.get(call)?.values() ?? []) if (timer.state !== 'stopped') timer.fire({ type: 'stop' });
  timers.delete(call);
}

function start(call: Call, leg: Leg, dialog: Srf.Dialog, negotiated: Negotiated, useUpdate: boolean): void {
  if (call.is('ended')) return;
  const log = call.log.child({ leg, legSipCallId: dialog.sip.callId });
  let update = useUpdate;
  const timer = new SessionTimer(negotiated, {
    refresh: async (intervalSec) => {
      const sent = await sendRefresh(dialog, update, intervalSec, policyOf(call), log);
      // On the agent leg we stay the refresher whatever the phone answers (see startAgentSessionTimer).
      const result: RefreshResult = leg === 'agent' && sent.kind === 'refreshed' ? { kind: 'refreshed', negotiated: { ...sent.negotiated, weRefresh: true } } : sent;
      // A peer that lists UPDATE but refuses it gets re-INVITEs from then on.
      if (update && result.kind === 'refused' && (result.status === 405 || result.status === 501)) update = false;
      log.info({ result: result.kind, status: result.kind === 'refreshed' ? 200 : result.status }, 'session refresh answered');
      return result;
    },
    refreshSent: (sinceRefreshMs) => log.info({ method: update ? 'UPDATE' : 'INVITE', sinceRefreshMs }, 'session refresh sent'),
    ended: (end) => expired(call, log, end),
  }, (state, event) => log.debug({ state, event: event.type }, 'session timer event ignored'));
  let legs = timers.get(call);
  if (!legs) timers.set(call, (legs = new Map()));
  legs.get(leg)?.fire({ type: 'stop' });
  legs.set(leg, timer);
  log.info({ intervalSec: negotiated.intervalSec, weRefresh: negotiated.weRefresh, refreshBy: update ? 'UPDATE' : 'INVITE' }, 'session timer started');
}

function expired(call: Call, log: Call['log'], end: SessionEnd): void {
  log.warn({ why: end.why, status: end.status, intervalSec: end.intervalSec, sinceRefreshMs: end.sinceRefreshMs }, 'session timer expired; ending the call');
  void call.end('system', 'session timer');
}

/** Our refresh on the dialog; 408/481 or nothing at all means the session is gone (§10). */
async function sendRefresh(dialog: Srf.Dialog, useUpdate: boolean, intervalSec: number, policy: SessionTimerPolicy, log: Call['log']): Promise<RefreshResult> {
  const headers = { ...offerHeaders(intervalSec, policy), ...localContact(dialog), ...(useUpdate ? {} : { 'Content-Type': 'application/sdp' }) };
  // drachtio-srf's request() takes these options (its type declarations name them SrfRequest).
  const request = dialog.request.bind(dialog) as unknown as (opts: { method: string; headers: Record<string, string>; body?: string }) => Promise<Srf.SrfResponse>;
  try {
    const res = await request(useUpdate ? { method: 'UPDATE', headers } : { method: 'INVITE', headers, body: dialog.local.sdp });
    if (res.status >= 200 && res.status < 300) {
      // Our offer was unchanged, so the answer should be too; a peer that moves its media on a
      // refresh is not followed (rtpengine keeps the ports it has), and that is worth a line.
      if (!useUpdate && res.body && originOf(res.body) !== originOf(dialog.remote.sdp)) log.warn({ answered: originOf(res.body) }, 'session refresh answered with changed SDP; media not moved');
      return { kind: 'refreshed', negotiated: settledByAnswer(res, intervalSec) };
    }
    return res.status === 408 || res.status === 481 ? { kind: 'failed', status: res.status } : { kind: 'refused', status: res.status };
  } catch {
    // Not sent (the connection or the dialog is gone in the SIP front).
    return { kind: 'failed', status: 0 };
  }
}

function originOf(sdp: string): string {
  return /^o=.*$/m.exec(sdp)?.[0]?.trim() ?? '';
}

/** Our Contact for the dialog (drachtio-srf keeps it, its types do not say so), as a header. */
function localContact(dialog: Srf.Dialog): Record<string, string> {
  const contact = (dialog as unknown as { local: { contact?: string } }).local.contact;
  return contact ? { Contact: contact } : {};
}
