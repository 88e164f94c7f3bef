// Types shared by the client and server transactions and the transaction layer.
import type { SipRequest, SipResponse } from '../sip/message.js';
import type { Connection, Remote } from '../transport/transport.types.js';
import type { SipTimers } from './timers.js';

/** What a transaction needs from the layers below it. */
export interface TransactionContext {
  timers: SipTimers;
  /** Sends wire text; returns false when no transport can carry it. */
  send(data: string, dest: Remote, connection?: Connection, onFailure?: () => void): boolean;
}

export interface ServerTransactionEvents {
  /** Timer H fired in the Accepted state: a 2xx to INVITE was never ACKed. */
  ackTimeout: [];
  terminated: [];
}

export interface ClientTransactionEvents {
  response: [SipResponse, { raw: string; source: Remote; connection?: Connection }];
  /** Timer B or F fired, or the request could not be sent. */
  failed: [{ status: 408 | 503; reason: string }];
  terminated: [];
}

export interface OutgoingRequest {
  request: SipRequest;
  wire: string;
  dest: Remote;
  connection?: Connection;
}
