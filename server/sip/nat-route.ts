// Where a NAT'd UDP phone is reached: a binding whose Contact is not the address and port its
// REGISTER came from sits behind NAT (RFC 3581, Kamailio's nat_uac_test 'Contact is not the
// source'), so requests to it go to that source — the NAT's mapping — with the Contact kept as
// the Request-URI (fix_nated_register's `received`). Calls and NAT keepalives route by it.
import Srf from 'drachtio-srf';
import type { Registration } from '../db/registrations.types.js';

/** `sip:<source>:<port>;transport=udp` for a NAT'd UDP binding, undefined when the Contact is reachable as it is. */
export function natRoute(c: Pick<Registration, 'contact' | 'transport' | 'source_address' | 'source_port'>): string | undefined {
  if (c.transport !== 'udp') return undefined;
  const uri = Srf.parseUri(c.contact);
  const port = Number(uri?.port || 5060);
  if (uri && uri.host === c.source_address && port === c.source_port) return undefined;
  return `sip:${c.source_address}:${c.source_port};transport=udp`;
}
