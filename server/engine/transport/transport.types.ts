// Types shared by the transports and the layers above them.
import type { SipMessage } from '../sip/message.js';
import type { SipRequest } from '../sip/message.js';
import type { SipTransportName } from '../config.types.js';

export interface Endpoint {
  address: string;
  port: number;
}

/** Where a message came from or goes to: a transport and a peer address. */
export interface Remote extends Endpoint {
  transport: SipTransportName;
}

/** A connection-oriented flow (TCP, TLS, WS, WSS). UDP has none. */
export interface Connection {
  readonly id: number;
  readonly transport: SipTransportName;
  readonly remote: Endpoint;
  readonly local: Endpoint;
  readonly closed: boolean;
  write(data: string): void;
  close(): void;
}

export interface InboundMessage {
  msg: SipMessage;
  /** The message as it came off the wire. */
  raw: string;
  source: Remote;
  /** The local listening address it arrived on. */
  local: Endpoint;
  connection?: Connection;
}

export interface MalformedMessage {
  reason: string;
  /** The response a readable request deserves: 400, or 505 for an unsupported version. */
  status: 400 | 505;
  partial?: SipRequest;
  source: Remote;
  local: Endpoint;
  connection?: Connection;
}

export interface TransportEvents {
  message: [InboundMessage];
  malformed: [MalformedMessage];
  connectionClosed: [Connection];
}
