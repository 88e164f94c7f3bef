// Where a trunk's signalling goes, from its row: the registrar URI of a registration trunk
// (register_host/port/transport), the outbound proxy as a next hop, and the addresses the
// carrier may call us from (what those hosts resolve to).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Row } from '../../db/database.types.js';

export type TrunkRow = Row<'trunks'>;

const defaultPort = (transport: string) => (transport === 'tls' ? 5061 : 5060);

export function registrarUri(t: TrunkRow): string | null {
  if (t.auth_type !== 'registration' || !t.register_host) return null;
  const transport = t.register_transport ?? 'udp';
  return `sip:${t.register_host}:${t.register_port ?? defaultPort(transport)};transport=${transport}`;
}

/** sip:host[:port] of the trunk's outbound proxy (a bare host or host:port in the row). */
export function proxyUri(t: TrunkRow): string | null {
  if (!t.outbound_proxy) return null;
  return /^sips?:/i.test(t.outbound_proxy) ? t.outbound_proxy : `sip:${t.outbound_proxy}`;
}

/** The host of a sip: URI or of host[:port] (IPv6 in brackets). */
export function hostOf(uriOrHost: string): string {
  const rest = uriOrHost.replace(/^sips?:/i, '').replace(/^[^@]*@/, '');
  const v6 = /^\[([^\]]+)\]/.exec(rest)?.[1];
  return v6 ?? rest.split(/[:;]/)[0] ?? '';
}

/** The IP addresses of the hosts (each resolved; an unresolvable one adds nothing). */
export async function addressesOf(hosts: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const host of hosts) {
    if (isIP(host)) { out.add(host); continue; }
    try {
      for (const a of await lookup(host, { all: true })) out.add(a.address);
    } catch {
      // An unknown host: the REGISTER to it fails too and says so in its state.
    }
  }
  return out;
}
