// What the engine's session timer does when it fires (drachtio-server's notifyRefreshDialog
// and notifyTerminateStaleDialog): as refresher, a re-INVITE repeating our last SDP with
// Session-Expires and Min-SE, answered and ACKed here, never seen by the app; otherwise, and
// when a refresh gets 408/481 or no answer, the dialog is stale: BYE to the peer with
// `Reason: …Session timer expired` and the same BYE to the app as an unsolicited request
// (drachtio's way of telling it), so the app ends the rest of the call.
import { ClientTransaction } from '../transaction/client-transaction.js';
import { clientKey } from '../transaction/transaction-layer.js';
import { buildInDialogRequest } from '../dialog/in-dialog-request.js';
import type { Dialog } from '../dialog/dialog.js';
import {
  MIN_SE_SEC, TIMER_TAG, armSessionTimer, cancelSessionTimer, settleAsUac, settleAsUas, settleRefresh, supportsTimer,
} from '../dialog/session-timer.js';
import type { SipMessage, SipRequest, SipResponse } from '../sip/message.js';
import type { CdrStopReason } from './cdr.js';
import { type CoreContext, sentBy } from './context.js';
import { inDialogHop } from './in-dialog-hop.js';
import { unsolicitedLeader } from './meta.js';

export class SessionRefresh {
  /** Dialogs whose app runs its own session timer: the engine never arms one for them. */
  private appOwned = new WeakSet<Dialog>();

  constructor(private readonly ctx: CoreContext) {}

  /** Our 2xx to a dialog-creating INVITE is about to go: settle, add Session-Expires (and Require: timer), arm. */
  onUasAnswer(d: Dialog, invite: SipRequest, res: SipResponse): void {
    this.noteLocalSdp(d, res);
    if (res.has('session-expires')) return void this.appOwned.add(d);
    const settled = settleAsUas(invite, res, this.ctx.config.sessionTimerDefaultRefresher);
    if (!settled) return;
    if (settled.header) res.add('session-expires', settled.header);
    if (supportsTimer(invite) && !(res.getAll('require').some((t) => t.toLowerCase() === TIMER_TAG))) res.add('require', TIMER_TAG);
    this.arm(d, settled.interval, settled.weRefresh);
  }

  /** A 2xx to an INVITE the app sent (initial or re-INVITE). */
  onUacAnswer(d: Dialog, invite: SipRequest, res: SipResponse, initial: boolean): void {
    this.noteLocalSdp(d, invite);
    if (initial && invite.has('session-expires')) return void this.appOwned.add(d);
    if (this.appOwned.has(d)) return;
    const settled = settleAsUac(res);
    if (settled) this.arm(d, settled.interval, settled.weRefresh);
  }

  /** Our 2xx to a re-INVITE: its SDP is the one a refresh repeats. */
  noteLocalSdp(d: Dialog, msg: SipMessage): void {
    if (msg.body && /^application\/sdp/i.test(msg.get('content-type') ?? '')) d.localSdp = { body: msg.body, type: msg.get('content-type') ?? 'application/sdp' };
  }

  /**
   * A re-INVITE or UPDATE from the peer: a refresh. Returns the 422 to answer when its interval
   * is below Min-SE (the timer left as it was), else re-arms (or stops) the timer.
   */
  onPeerRefresh(d: Dialog, req: SipRequest): { status: 422; minSe: string } | undefined {
    if (this.appOwned.has(d)) return undefined;
    const settled = settleRefresh(req, d.sessionTimer?.weRefresh ?? false);
    if (settled === 'too-small') return { status: 422, minSe: String(MIN_SE_SEC) };
    if (settled) this.arm(d, settled.interval, settled.weRefresh);
    else cancelSessionTimer(d);
    return undefined;
  }

  /** No BYE reached us and the dialog must end (ACK timeout, stale session): BYE the peer, tell the app. */
  tearDown(d: Dialog, text: string, cdrReason: CdrStopReason): void {
    this.ctx.log.info(`${text} on dialog ${d.id}: sending BYE`);
    const bye = buildInDialogRequest(d, 'BYE', sentBy(this.ctx, d.transport));
    bye.add('reason', `SIP ;cause=200 ;text="${text}"`);
    this.ctx.dialogs.remove(d);
    const tx = new ClientTransaction(clientKey(bye), { request: bye, wire: bye.toString(), dest: d.peer, ...(d.connection ? { connection: d.connection } : {}) }, this.ctx.txCtx);
    this.ctx.txns.addClient(tx);
    tx.start();
    const wire = bye.toString();
    this.ctx.cdr.stop('application', cdrReason, wire);
    if (d.owner && !d.owner.closed) d.owner.send(unsolicitedLeader(wire, d.peer, d.id), wire);
  }

  private arm(d: Dialog, interval: number, weRefresh: boolean): void {
    this.ctx.log.info(`session timer on dialog ${d.id}: ${interval} s, refresher ${weRefresh ? 'us' : 'them'}`);
    armSessionTimer(d, interval, weRefresh, (dlg, we) => {
      if (this.ctx.dialogs.get(dlg.id) !== dlg) return;
      if (we) void this.refresh(dlg, interval).catch((err: unknown) => this.ctx.log.error(`session refresh of ${dlg.id} failed: ${String(err)}`));
      else this.tearDown(dlg, 'Session timer expired', 'session-expired');
    });
  }

  /** Our refreshing re-INVITE (UPDATE when we never had an SDP to repeat). */
  private async refresh(d: Dialog, interval: number): Promise<void> {
    if (d.outgoingReinvite || d.incomingReinvite) return this.arm(d, interval, true);
    const method = d.localSdp ? 'INVITE' : 'UPDATE';
    const req = buildInDialogRequest(d, method, sentBy(this.ctx, d.transport));
    req.add('session-expires', `${interval};refresher=uac`);
    req.add('min-se', String(MIN_SE_SEC));
    req.add('supported', TIMER_TAG);
    if (d.localSdp) {
      req.add('content-type', d.localSdp.type);
      req.body = d.localSdp.body;
    }
    let hop;
    try {
      hop = await inDialogHop(this.ctx, d);
    } catch {
      return this.tearDown(d, 'Session refresh failed', 'session-expired');
    }
    const tx = new ClientTransaction(clientKey(req), { request: req, wire: req.toString(), dest: hop.dest, ...(hop.connection ? { connection: hop.connection } : {}) }, this.ctx.txCtx);
    this.ctx.txns.addClient(tx);
    if (method === 'INVITE') d.outgoingReinvite = tx;
    let ackWire: string | undefined;
    tx.on('response', (res) => {
      if (res.status < 200) return;
      if (method === 'INVITE' && d.outgoingReinvite === tx) d.outgoingReinvite = undefined;
      if (this.ctx.dialogs.get(d.id) !== d) return;
      if (res.status < 300) {
        if (method === 'INVITE') {
          if (!ackWire) {
            d.lastInvite = { seq: req.cseq.seq, status: res.status };
            ackWire = buildInDialogRequest(d, 'ACK', sentBy(this.ctx, d.transport)).toString();
            d.lastInvite.ackWire = ackWire;
          }
          this.ctx.transport.send(ackWire, hop.dest, hop.connection);
        }
        // A 2xx without Session-Expires ends the timer (RFC 4028 §7.2), as drachtio-server does.
        const settled = settleAsUac(res);
        if (settled) this.arm(d, settled.interval, settled.weRefresh);
        return;
      }
      if (res.status === 408 || res.status === 481) return this.tearDown(d, 'Session refresh failed', 'session-expired');
      // Glare (491) or a refusal of the refresh alone: the session stands; try again next interval.
      this.arm(d, interval, true);
    });
    tx.once('failed', () => {
      if (d.outgoingReinvite === tx) d.outgoingReinvite = undefined;
      if (this.ctx.dialogs.get(d.id) === d) this.tearDown(d, 'Session refresh failed', 'session-expired');
    });
    tx.start();
  }
}
