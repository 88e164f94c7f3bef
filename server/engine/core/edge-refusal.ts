// What the engine refuses at the edge because it could never route it: a dialog's remote target
// comes from Contact and its route set from Record-Route, so a request that creates or
// refreshes a dialog with an unparseable one would leave the app holding a dialog whose BYE
// can go nowhere. Such a request gets 400 naming the header before any app sees it; a 2xx
// response of that kind is ACKed and hung up by the UAC core instead (a response can't be
// refused).
import type { SipMessage, SipRequest } from '../sip/message.js';
import { getTag, parseNameAddr, routableSipUri } from '../sip/uri.js';

/** Requests that create a dialog (RFC 3261 §12.1, RFC 6665, RFC 3515). */
const dialogCreating = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);
/** Requests whose Contact replaces the remote target (RFC 3261 §12.2, RFC 3311, RFC 6665). */
const targetRefreshing = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);

/** The 400 reason phrase for a request the engine can never route, or undefined if it is fine. */
export function edgeRefusal(req: SipRequest, inDialog: boolean): string | undefined {
  if (!targetRefreshing.has(req.method)) return undefined;
  const creating = !inDialog && dialogCreating.has(req.method);
  // RFC 3261 §8.1.1.3: the From tag is half of the dialog id; without it calls could collide.
  if (creating && !getTag(req.get('from'))) return 'Missing From tag';
  // RFC 3261 §8.1.1.8: a request that can create a dialog MUST carry exactly one SIP(S) Contact.
  const contact = contactProblem(req, creating);
  if (contact) return contact;
  if (creating && !routeSetRoutable(req)) return 'Malformed Record-Route header';
  return undefined;
}

/**
 * Why a 2xx to an INVITE can't establish a dialog (no To tag, no usable Contact, a broken
 * Record-Route), or undefined. `initial` is false for a re-INVITE, whose route set is fixed.
 */
export function unusable2xx(res: SipMessage, initial: boolean): string | undefined {
  if (initial && !getTag(res.get('to'))) return 'missing To tag';
  const contact = contactProblem(res, initial);
  if (contact) return contact;
  if (initial && !routeSetRoutable(res)) return 'Malformed Record-Route header';
  return undefined;
}

function contactProblem(msg: SipMessage, required: boolean): string | undefined {
  const contacts = msg.getAll('contact');
  if (contacts.length === 0) return required ? 'Missing Contact header' : undefined;
  if (contacts.length > 1) return 'More than one Contact header';
  const na = parseNameAddr(contacts[0] ?? '');
  return na && routableSipUri(na.uri) ? undefined : 'Malformed Contact header';
}

function routeSetRoutable(msg: SipMessage): boolean {
  return msg.getAll('record-route').every((rr) => {
    const na = parseNameAddr(rr);
    return na !== null && na.addr.includes('<') && routableSipUri(na.uri) !== null;
  });
}
