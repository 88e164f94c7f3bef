// Builds a request inside a dialog (RFC 3261 §12.2.1.1): Request-URI from the remote target,
// the route set as Route headers, the dialog's From/To/Call-ID and the next local CSeq.
import { SipRequest, type SipMessage } from '../sip/message.js';
import { newBranch } from '../sip/via.js';
import type { Dialog } from './dialog.js';

/** Headers that the dialog, not the app, decides for an in-dialog request. */
const dialogOwned = new Set(['from', 'to', 'call-id', 'cseq', 'max-forwards']);

export function buildInDialogRequest(d: Dialog, method: string, sentBy: string, app?: SipMessage, uri?: string): SipRequest {
  const useTarget = !uri || uri === 'sip:placeholder';
  const req = new SipRequest(method, useTarget ? d.remoteTarget : uri);
  req.add('via', `SIP/2.0/${d.transport.toUpperCase()} ${sentBy};branch=${newBranch()};rport`);
  for (const r of d.routeSet) req.add('route', r);
  req.add('max-forwards', '70');
  req.add('from', d.localUri);
  req.add('to', d.remoteUri);
  req.add('call-id', d.callId);
  const seq = method === 'ACK' ? d.lastInvite?.seq ?? d.localCseq : ++d.localCseq;
  req.add('cseq', `${seq} ${method}`);
  if (app) {
    for (const h of app.headers) if (!dialogOwned.has(h.key)) req.headers.push({ ...h });
    req.body = app.body;
  }
  if ((method === 'INVITE' || method === 'SUBSCRIBE' || method === 'REFER' || method === 'UPDATE') && !req.has('contact')) {
    req.add('contact', d.localContact);
  }
  return req;
}
