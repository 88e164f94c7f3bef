// RFC 4028 session timers as drachtio-server runs them for the dialogs it terminates
// (sip-dialog.cpp setSessionTimer, sip-dialog-controller.cpp): the negotiation rules, pure,
// and the one timer a dialog holds. The refresher's timer fires at half the interval (±5 s),
// the other side's at the full interval; what firing does (re-INVITE or BYE) is
// core/session-refresh.ts's.
//
// One owner per dialog: a dialog whose app wrote Session-Expires itself (in its 2xx as UAS,
// in its INVITE as UAC) runs the app's own timers, and the engine arms nothing for it. That
// is where we part from drachtio-server, which also arms its timer from an app's header: with
// an app that refreshes on its own (Switchboard's server/sip/calls/session-timer*.ts), that
// would make two refreshers of one leg.
import type { SipMessage } from '../sip/message.js';
import type { Dialog } from './dialog.js';

/** drachtio-server's Min-SE, fixed (RFC 4028 §4 floor): smaller intervals are raised to it or refused with 422. */
export const MIN_SE_SEC = 90;
export const TIMER_TAG = 'timer';

/** `<session-timers default-refresher>`: who refreshes when a UAC offers Session-Expires without a refresher. */
export type DefaultRefresher = 'none' | 'uac' | 'uas';

export interface SessionExpires {
  deltaSec: number;
  refresher?: 'uac' | 'uas';
}

/** Session-Expires of a message (the parser expands compact `x`), or undefined when absent or unreadable. */
export function sessionExpiresOf(msg: SipMessage): SessionExpires | undefined {
  const m = /^\s*(\d{1,10})\s*(.*)$/.exec(msg.get('session-expires') ?? '');
  if (!m || Number(m[1]) <= 0) return undefined;
  const refresher = /;\s*refresher\s*=\s*(uac|uas)\b/i.exec(m[2] ?? '')?.[1]?.toLowerCase() as SessionExpires['refresher'];
  return refresher ? { deltaSec: Number(m[1]), refresher } : { deltaSec: Number(m[1]) };
}

export function supportsTimer(msg: SipMessage): boolean {
  return [...msg.getAll('supported'), ...msg.getAll('require')]
    .some((v) => v.split(',').some((t) => t.trim().toLowerCase() === TIMER_TAG));
}

/** What our 2xx to an initial INVITE settles: nothing, or the interval, who refreshes, and the header to add. */
export type UasSettlement = { interval: number; weRefresh: boolean; header?: string } | undefined;

/**
 * Our 2xx to a dialog-creating INVITE. The app's own Session-Expires makes the dialog the
 * app's (undefined, see the top of this file). Otherwise the UAC's offer decides, its
 * refresher or the configured default ('none': no timer, as drachtio-server's default);
 * intervals below Min-SE are raised to it, as drachtio-server does.
 */
export function settleAsUas(invite: SipMessage, answer: SipMessage, defaultRefresher: DefaultRefresher): UasSettlement {
  if (answer.has('session-expires')) return undefined;
  const offer = sessionExpiresOf(invite);
  if (!offer) return undefined;
  const refresher = offer.refresher ?? defaultRefresher;
  if (refresher === 'none') return undefined;
  const interval = Math.max(MIN_SE_SEC, offer.deltaSec);
  return { interval, weRefresh: refresher === 'uas', header: `${interval};refresher=${refresher}` };
}

/**
 * A 2xx to an INVITE we sent (the app's, or our refresh): its Session-Expires, if any, sets
 * the timer; refresher `uac` or none named means us (drachtio-server's reading).
 */
export function settleAsUac(answer: SipMessage): { interval: number; weRefresh: boolean } | undefined {
  const se = sessionExpiresOf(answer);
  return se ? { interval: se.deltaSec, weRefresh: se.refresher !== 'uas' } : undefined;
}

/**
 * A re-INVITE or UPDATE from the peer in a dialog whose timer is the engine's: 'too-small'
 * (the caller answers 422 with Min-SE), or the new interval and refresher. A refresh without
 * Session-Expires turns the timer off (RFC 4028 §7.4); one without a refresher parameter
 * keeps the refresher we had.
 */
export function settleRefresh(req: SipMessage, weRefreshed: boolean): 'too-small' | { interval: number; weRefresh: boolean } | undefined {
  const se = sessionExpiresOf(req);
  if (!se) return undefined;
  if (se.deltaSec < MIN_SE_SEC) return 'too-small';
  return { interval: se.deltaSec, weRefresh: se.refresher ? se.refresher === 'uas' : weRefreshed };
}

/** Arms (or re-arms) the dialog's one session timer; `fire` is called with whether we were the refresher. */
export function armSessionTimer(d: Dialog, interval: number, weRefresh: boolean, fire: (d: Dialog, weRefresh: boolean) => void): void {
  cancelSessionTimer(d);
  // The refresher goes at half the interval (drachtio's ±5 s jitter spreads refreshes); the other side waits it out.
  const delayMs = weRefresh ? interval * 500 + Math.floor(Math.random() * 10_000) - 5000 : interval * 1000;
  const timer = setTimeout(() => {
    d.sessionTimer = undefined;
    fire(d, weRefresh);
  }, delayMs);
  timer.unref();
  d.sessionTimer = { interval, weRefresh, timer };
}

export function cancelSessionTimer(d: Dialog): void {
  if (d.sessionTimer) clearTimeout(d.sessionTimer.timer);
  d.sessionTimer = undefined;
}
