// SIP messages by method (requests) and by status (responses), each way, for the app's
// /metrics. Counted in the transport layer because every message of every transport passes
// there exactly once (retransmissions included: they are real load). Labels are bounded so a
// peer cannot grow them: an unknown method counts as OTHER, a status outside 100–699 as 000.
import { isSipMethod } from '../core/capabilities.js';
import type { SipMessage } from '../sip/message.js';

export interface SipCounts {
  requests: Record<string, number>;
  responses: Record<string, number>;
}

function methodLabel(method: string): string {
  return isSipMethod(method) ? method : 'OTHER';
}

function statusLabel(status: number): string {
  return status >= 100 && status <= 699 ? String(status) : '000';
}

const bump = (table: Record<string, number>, key: string) => {
  table[key] = (table[key] ?? 0) + 1;
};

export class SipCounters {
  readonly in: SipCounts = { requests: {}, responses: {} };
  readonly out: SipCounts = { requests: {}, responses: {} };

  received(msg: SipMessage): void {
    if (msg.kind === 'request') bump(this.in.requests, methodLabel(msg.method));
    else bump(this.in.responses, statusLabel(msg.status));
  }

  /** From the wire form's start line: `SIP/2.0 200 OK` or `INVITE sip:… SIP/2.0`. */
  sent(data: string): void {
    if (data.startsWith('SIP/2.0 ')) bump(this.out.responses, statusLabel(Number(data.slice(8, 11))));
    else bump(this.out.requests, methodLabel(data.slice(0, Math.max(0, data.indexOf(' ')))));
  }
}
