// What every connection-oriented flow (TCP, TLS, WS, WSS) shares: an id, its endpoints, the
// last time it carried anything (for idle timeouts), and write/close that are no-ops once
// closed. Subclasses say how bytes go out and how the flow is torn down.
import type { Connection, Endpoint } from './transport.types.js';
import type { SipTransportName } from '../config.types.js';

let nextConnectionId = 1;

export abstract class ConnectionBase implements Connection {
  readonly id = nextConnectionId++;
  closed = false;
  lastActivity = Date.now();

  constructor(readonly transport: SipTransportName, readonly remote: Endpoint, readonly local: Endpoint) {}

  write(data: string): void {
    if (this.closed) return;
    this.lastActivity = Date.now();
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
