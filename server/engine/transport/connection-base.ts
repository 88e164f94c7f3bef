// What every connection-oriented flow (TCP, TLS, WS, WSS) shares: an id, its endpoints, when
// it opened and last carried a valid SIP message (for the first-message and idle limits), and
// write/close that are no-ops once closed. Subclasses say how bytes go out and how the flow
// is torn down.
import type { Connection, Endpoint } from './transport.types.js';
import type { SipTransportName } from '../config.types.js';

let nextConnectionId = 1;

export abstract class ConnectionBase implements Connection {
  readonly id = nextConnectionId++;
  closed = false;
  readonly openedAt = Date.now();
  /** When the peer last sent a parsable SIP message; 0 = never. Pings and garbage do not count. */
  lastMessage = 0;
  /** True for connections we dialled: the first-message limit is for accepted ones. */
  dialled = false;

  constructor(readonly transport: SipTransportName, readonly remote: Endpoint, readonly local: Endpoint) {}

  write(data: string): void {
    if (this.closed) return;
    this.transmit(data);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.destroy();
  }

  protected abstract transmit(data: string): void;
  protected abstract destroy(): void;
}
