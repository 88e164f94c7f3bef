// Requests that share an INVITE's client transaction identity: the CANCEL (RFC 3261 §9.1)
// and the ACK for a non-2xx final (§17.1.1.3). Same Request-URI, top Via (branch), Route,
// From, Call-ID and CSeq number; only the method and To may differ.
import { SipRequest } from '../sip/message.js';

export function sameTransactionRequest(invite: SipRequest, method: 'ACK' | 'CANCEL', to: string): SipRequest {
  const req = new SipRequest(method, invite.uri);
  req.add('via', invite.get('via') ?? '');
  for (const r of invite.getAll('route')) req.add('route', r);
  req.add('max-forwards', '70');
  req.add('from', invite.get('from') ?? '');
  req.add('to', to);
  req.add('call-id', invite.callId);
  req.add('cseq', `${invite.cseq.seq} ${method}`);
  return req;
}
