// Where a request goes (RFC 3261 §8.1.2, RFC 3263 reduced to A/AAAA): the first Route if
// any, else the Request-URI (or an explicit next hop); the transport from `transport=`,
// `sips:`, or UDP, falling back to TCP when the engine has no UDP listener. What can only be
// reached over a connection the peer opened — a WebSocket, an RFC 6761 `.invalid` host — is
// refused at once rather than resolved or dialled (see in-dialog-hop.ts for the flows).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { SipTransportName } from '../config.types.js';
import { parseUri, uriOf } from '../sip/uri.js';
import type { Remote } from '../transport/transport.types.js';

export class DestinationError extends Error {}

export async function resolveDestination(target: string, available: (t: SipTransportName) => boolean): Promise<Remote> {
  // A Route or name-addr is bracketed; a bare Request-URI keeps its own ;params (transport=).
  const uri = parseUri(target.includes('<') ? uriOf(target) : target);
  if (!uri) throw new DestinationError(`can not parse target uri ${target.slice(0, 80)}`);
  let transport: SipTransportName;
  const param = uri.params.get('transport')?.toLowerCase();
  if (uri.scheme === 'sips' || param === 'tls') transport = 'tls';
  else if (param === 'tcp' || param === 'ws' || param === 'wss') transport = param;
  else if (param === 'udp') transport = 'udp';
  else transport = available('udp') ? 'udp' : 'tcp';
  if (!available(transport)) throw new DestinationError('requested protocol/transport not available');
  if (transport === 'ws' || transport === 'wss') throw new DestinationError(`no ${transport} connection to ${uri.host}: a WebSocket peer can only be reached over the connection it opened`);
  if (/\.invalid\.?$/.test(uri.host)) throw new DestinationError(`no connection to ${uri.host}: an .invalid host can only be reached over the connection it opened`);
  if (uri.port !== undefined && (uri.port < 1 || uri.port > 65535)) throw new DestinationError(`port ${uri.port} out of range in ${target.slice(0, 80)}`);
  const host = uri.host.replace(/^\[|\]$/g, '');
  let address = host;
  if (!isIP(host)) {
    try {
      address = (await lookup(host)).address;
    } catch {
      throw new DestinationError(`can not resolve ${host}`);
    }
  }
  const port = uri.port ?? (transport === 'tls' ? 5061 : 5060);
  return { transport, address, port };
}
