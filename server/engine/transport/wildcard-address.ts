// A contact of `sip:*` (drachtio's "every address") binds the unspecified address; Via, Contact
// and hostports then need one real address to name, as drachtio-server names the host's own
// address there. The first non-loopback address of the family is used, loopback when the host
// has none (a sandbox or a test namespace).
import { isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';

export function isUnspecified(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** The address to advertise for a listener bound to `host`. */
export function advertisedAddress(host: string): string {
  if (!isUnspecified(host)) return host;
  const family = isIPv6(host) ? 'IPv6' : 'IPv4';
  const own = Object.values(networkInterfaces()).flat().find((a) => a && !a.internal && a.family === family && !a.address.startsWith('fe80:'));
  return own?.address ?? (family === 'IPv6' ? '::1' : '127.0.0.1');
}

/**
 * True when `address` reaches this host: loopback, unspecified, or one of its interfaces. A
 * wildcard listener is "us" only at these, not at every host that happens to use our port.
 */
export function isOwnAddress(address: string): boolean {
  const a = address.replace(/^::ffff:/, '');
  if (a.startsWith('127.') || a === '::1' || isUnspecified(a)) return true;
  return Object.values(networkInterfaces()).flat().some((i) => i?.address === a);
}
