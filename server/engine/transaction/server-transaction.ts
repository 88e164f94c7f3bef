// Server transactions (RFC 3261 §17.2), INVITE and non-INVITE, with the RFC 6026 Accepted
// state: the UAS core's 2xx to an INVITE is retransmitted here (Timer G cadence, UDP only)
// until the dialog layer reports the ACK, or Timer H ends it with `ackTimeout`.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { SipRequest, SipResponse } from '../sip/message.js';
import type { Connection, Endpoint, Remote } from '../transport/transport.types.js';
import { TimerSet, timeout64 } from './timers.js';
import type { ServerTransactionEvents, TransactionContext } from './transaction.types.js';

type State = 'trying' | 'proceeding' | 'accepted' | 'completed' | 'confirmed' | 'terminated';

export class ServerTransaction extends EventEmitter<ServerTransactionEvents> {
  readonly id = randomUUID();
  state: State = 'trying';
  /** To tag chosen for this transaction's responses (one per transaction, RFC 3261 §8.2.6.2). */
  localTag?: string;
  lastStatus = 0;
  /** Set when a CANCEL ended the INVITE: later app responses are refused. */
  cancelled = false;
  private lastResponse?: string;
  private timers = new TimerSet();
  private readonly reliable: boolean;

  constructor(
    readonly key: string,
    readonly request: SipRequest,
    readonly raw: string,
    readonly source: Remote,
    readonly local: Endpoint,
    readonly connection: Connection | undefined,
    private readonly ctx: TransactionContext,
  ) {
    super();
    this.reliable = source.transport !== 'udp';
    if (!this.isInvite) this.state = 'trying';
  }

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  /** True once a final response has been sent. */
  get answered(): boolean {
    return this.lastStatus >= 200;
  }

  respond(res: SipResponse): string {
    const wire = res.toString();
    if (this.state === 'terminated' || this.state === 'completed' || this.state === 'confirmed') return wire;
    this.lastResponse = wire;
    this.lastStatus = res.status;
    this.transmit();
    if (res.status < 200) {
      this.state = 'proceeding';
    } else if (this.isInvite && res.status < 300) {
      this.state = 'accepted';
      this.retransmit2xx(this.ctx.timers.t1);
      this.timers.start('H', timeout64(this.ctx.timers), () => {
        this.emit('ackTimeout');
        this.terminate();
      });
    } else if (this.isInvite) {
      this.state = 'completed';
      if (!this.reliable) this.retransmitFinal(this.ctx.timers.t1);
      this.timers.start('H', timeout64(this.ctx.timers), () => this.terminate());
    } else {
      this.state = 'completed';
      this.timers.start('J', this.reliable ? 0 : timeout64(this.ctx.timers), () => this.terminate());
    }
    return wire;
  }

  /** A retransmission of the request arrived: resend the last response, if any. */
  onRetransmit(): void {
    if (this.lastResponse && this.state !== 'terminated') this.transmit();
  }

  /** ACK for a non-2xx final (same transaction). */
  onAck(): void {
    if (this.state !== 'completed' || !this.isInvite) return;
    this.state = 'confirmed';
    this.timers.clear();
    this.timers.start('I', this.reliable ? 0 : this.ctx.timers.t4, () => this.terminate());
  }

  /** ACK for our 2xx, matched by the dialog layer. */
  onAck2xx(): void {
    if (this.state !== 'accepted') return;
    this.terminate();
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timers.clear();
    this.emit('terminated');
  }

  private transmit(): void {
    if (this.lastResponse) this.ctx.send(this.lastResponse, this.source, this.connection);
  }

  private retransmit2xx(interval: number): void {
    if (this.reliable) return;
    this.timers.start('G', interval, () => {
      this.transmit();
      this.retransmit2xx(Math.min(interval * 2, this.ctx.timers.t2));
    });
  }

  private retransmitFinal(interval: number): void {
    this.timers.start('G', interval, () => {
      this.transmit();
      this.retransmitFinal(Math.min(interval * 2, this.ctx.timers.t2));
    });
  }
}
