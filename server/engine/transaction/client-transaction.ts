// Client transactions (RFC 3261 §17.1), INVITE and non-INVITE. Retransmits over UDP (Timers
// A and E), times out with a failure the core turns into a 408 (Timers B and F), ACKs non-2xx
// finals itself, and absorbs retransmitted finals (Timers D and K). 2xx responses to INVITE
// keep flowing to the core for 64×T1 (RFC 6026 Accepted) so it can re-send its ACK.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { SipRequest, SipResponse } from '../sip/message.js';
import { sameTransactionRequest } from './same-transaction-request.js';
import type { Connection, Remote } from '../transport/transport.types.js';
import { TimerSet, timeout64 } from './timers.js';
import type { ClientTransactionEvents, OutgoingRequest, TransactionContext } from './transaction.types.js';

type State = 'calling' | 'proceeding' | 'accepted' | 'completed' | 'terminated';

export class ClientTransaction extends EventEmitter<ClientTransactionEvents> {
  readonly id = randomUUID();
  state: State = 'calling';
  /** Highest status seen: 0 until a response arrives. */
  lastStatus = 0;
  private timers = new TimerSet();
  private readonly reliable: boolean;
  private ackWire?: string;

  constructor(readonly key: string, readonly out: OutgoingRequest, private readonly ctx: TransactionContext) {
    super();
    this.reliable = out.dest.transport !== 'udp';
  }

  get request(): SipRequest {
    return this.out.request;
  }

  get isInvite(): boolean {
    return this.out.request.method === 'INVITE';
  }

  /** Sends the request and arms the timers. Failure to send is reported on the next tick. */
  start(): void {
    const refused = (): void => this.fail(503, 'Service Unavailable - connection failed');
    if (!this.ctx.send(this.out.wire, this.out.dest, this.out.connection, refused)) {
      setImmediate(() => this.fail(503, 'requested protocol/transport not available'));
      return;
    }
    if (!this.reliable) this.retransmit(this.ctx.timers.t1);
    this.timers.start('B', timeout64(this.ctx.timers), () => this.fail(408, 'Request Timeout'));
  }

  onResponse(res: SipResponse, raw: string, source: Remote, connection?: Connection): void {
    if (this.state === 'terminated') return;
    if (this.state === 'completed') {
      if (this.ackWire) this.ctx.send(this.ackWire, this.out.dest, this.out.connection);
      return;
    }
    if (this.state === 'accepted') {
      if (res.status >= 200 && res.status < 300) this.emit('response', res, { raw, source, ...(connection ? { connection } : {}) });
      return;
    }
    this.lastStatus = Math.max(this.lastStatus, res.status);
    if (res.status < 200) {
      if (this.state === 'calling') {
        this.state = 'proceeding';
        if (this.isInvite) this.timers.stop('A');
        else if (!this.reliable) this.retransmit(this.ctx.timers.t2);
      }
    } else if (this.isInvite && res.status < 300) {
      this.state = 'accepted';
      this.timers.clear();
      this.timers.start('M', timeout64(this.ctx.timers), () => this.terminate());
    } else if (this.isInvite) {
      this.state = 'completed';
      this.timers.clear();
      this.ackWire = this.buildAck(res).toString();
      this.ctx.send(this.ackWire, this.out.dest, this.out.connection);
      this.timers.start('D', this.reliable ? 0 : 32000, () => this.terminate());
    } else {
      this.state = 'completed';
      this.timers.clear();
      this.timers.start('K', this.reliable ? 0 : this.ctx.timers.t4, () => this.terminate());
    }
    this.emit('response', res, { raw, source, ...(connection ? { connection } : {}) });
  }

  /** The connection the request went over closed: no response can come back on it (RFC 3261 §8.1.3.1). */
  connectionLost(): void {
    this.fail(503, 'Service Unavailable - connection closed');
  }

  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.timers.clear();
    this.emit('terminated');
  }

  private fail(status: 408 | 503, reason: string): void {
    if (this.state === 'terminated' || this.lastStatus >= 200) return;
    this.lastStatus = status;
    this.emit('failed', { status, reason });
    this.terminate();
  }

  private retransmit(interval: number): void {
    this.timers.start(this.isInvite ? 'A' : 'E', interval, () => {
      if (this.state !== 'calling' && this.state !== 'proceeding') return;
      this.ctx.send(this.out.wire, this.out.dest, this.out.connection);
      const next = this.isInvite ? interval * 2 : Math.min(interval * 2, this.ctx.timers.t2);
      this.retransmit(next);
    });
  }

  /** ACK for a non-2xx final response (RFC 3261 §17.1.1.3): same branch, the response's To. */
  private buildAck(res: SipResponse): SipRequest {
    return sameTransactionRequest(this.out.request, 'ACK', res.get('to') ?? '');
  }
}
