// Reliable provisional responses on the UAS side (RFC 3262 §3), what sofia's nta_reliable_treply
// does for drachtio-server: a 1xx an app sends with `Require: 100rel` (or any 1xx when the UAC
// Requires 100rel) gets an RSeq, is retransmitted (UDP: T1, doubling) until the PRACK whose
// RAck names it, and gives up after 64×T1. One is unacknowledged at a time: a later reliable
// 1xx waits for the PRACK of the one before, and so does a 2xx while an unacknowledged one
// carried SDP (§3: the offer/answer must be settled first). The PRACK itself goes to the app,
// which answers it (drachtio-srf does, 200).
import type { SipRequest, SipResponse } from '../sip/message.js';
import type { ServerTransaction } from './server-transaction.js';
import type { TransactionContext } from './transaction.types.js';
import { TimerSet, timeout64 } from './timers.js';

export const REL_TAG = '100rel';

function tagsOf(msg: SipRequest | SipResponse, ...names: string[]): string[] {
  return names.flatMap((n) => msg.getAll(n)).flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase());
}

/** The UAC said it can PRACK (Supported or Require: 100rel). */
export function uacSupports100rel(invite: SipRequest): boolean {
  return tagsOf(invite, 'supported', 'require').includes(REL_TAG);
}

/** A 1xx (not 100) to send reliably: the app asked for it, or the UAC Requires it (§3). */
export function wantsReliable(invite: SipRequest, res: SipResponse): boolean {
  if (res.status <= 100 || res.status >= 200 || invite.method !== 'INVITE') return false;
  return tagsOf(res, 'require').includes(REL_TAG) || tagsOf(invite, 'require').includes(REL_TAG);
}

interface Unacked {
  rseq: number;
  cseq: number;
  wire: string;
  hasSdp: boolean;
  timers: TimerSet;
}

/** A send waiting for a PRACK; `abandon` tells the app it will never go. */
interface Waiting {
  run: () => void;
  abandon: () => void;
}

interface State {
  nextRseq: number;
  unacked?: Unacked;
  /** Sends waiting for the PRACK of `unacked`, in the order the app asked for them. */
  waiting: Waiting[];
}

export class ReliableProvisionals {
  private states = new WeakMap<ServerTransaction, State>();

  constructor(private readonly ctx: TransactionContext, private readonly onGiveUp: (tx: ServerTransaction) => void) {}

  /**
   * Sends `res` (a 1xx) reliably now, or once the one before is acknowledged. `sent` gets
   * the wire form when it actually went out.
   */
  send(tx: ServerTransaction, res: SipResponse, sent: (wire: string) => void, abandon: () => void): void {
    const st = this.stateOf(tx);
    const go = (): void => {
      if (tx.answered) return;
      const rseq = st.nextRseq++;
      if (!tagsOf(res, 'require').includes(REL_TAG)) res.add('require', REL_TAG);
      res.set('rseq', String(rseq));
      const wire = tx.respond(res);
      const u: Unacked = { rseq, cseq: tx.request.cseq.seq, wire, hasSdp: res.body.length > 0, timers: new TimerSet() };
      st.unacked = u;
      if (tx.source.transport === 'udp') this.retransmit(tx, u, this.ctx.timers.t1);
      u.timers.start('give-up', timeout64(this.ctx.timers), () => {
        this.drop(tx);
        this.onGiveUp(tx);
      });
      sent(wire);
    };
    if (st.unacked) st.waiting.push({ run: go, abandon });
    else go();
  }

  /** A final response is due: run it now, or after the PRACK when an unacknowledged 1xx carried SDP. */
  beforeFinal(tx: ServerTransaction, status: number, send: () => void, abandon: () => void): void {
    const st = this.states.get(tx);
    if (!st?.unacked) return send();
    if (status >= 200 && status < 300 && st.unacked.hasSdp) return void st.waiting.push({ run: send, abandon });
    // Anything else may go at once (§3); the 1xx is no longer retransmitted.
    this.drop(tx);
    send();
  }

  /**
   * A PRACK for this INVITE transaction: true when its RAck (`rseq cseq INVITE`) names the
   * unacknowledged 1xx, which then stops and lets what waited go.
   */
  onPrack(tx: ServerTransaction, prack: SipRequest): boolean {
    const st = this.states.get(tx);
    const m = /^\s*(\d+)\s+(\d+)\s+INVITE\s*$/i.exec(prack.get('rack') ?? '');
    if (!st?.unacked || !m || Number(m[1]) !== st.unacked.rseq || Number(m[2]) !== st.unacked.cseq) return false;
    st.unacked.timers.clear();
    st.unacked = undefined;
    for (let w = st.waiting.shift(); w; w = st.unacked ? undefined : st.waiting.shift()) {
      // A CANCEL (487) or our give-up may have ended the INVITE meanwhile.
      if (tx.answered) w.abandon();
      else w.run();
    }
    return true;
  }

  private stateOf(tx: ServerTransaction): State {
    let st = this.states.get(tx);
    if (!st) {
      // RFC 3262 §3: the first RSeq is random, below 2**31 and with room to count up.
      st = { nextRseq: 1 + Math.floor(Math.random() * 2 ** 30), waiting: [] };
      this.states.set(tx, st);
      tx.once('terminated', () => this.drop(tx));
    }
    return st;
  }

  private drop(tx: ServerTransaction): void {
    const st = this.states.get(tx);
    if (!st) return;
    st.unacked?.timers.clear();
    st.unacked = undefined;
    for (const w of st.waiting.splice(0)) w.abandon();
  }

  private retransmit(tx: ServerTransaction, u: Unacked, interval: number): void {
    u.timers.start('resend', interval, () => {
      if (tx.answered) return;
      this.ctx.send(u.wire, tx.source, tx.connection);
      this.retransmit(tx, u, interval * 2);
    });
  }
}
