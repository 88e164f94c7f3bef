// Source addresses as the defences key them: IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a
// dual-stack socket reports) is the IPv4 address, so a ban holds whichever socket it came in on.
import { isIP } from 'node:net';

export function normalizeAddress(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (m?.[1] ?? address).toLowerCase();
}

/** The normalized address; throws a TypeError naming the value when it is not an IP address. */
export function checkedAddress(address: unknown): string {
  if (typeof address !== 'string' || isIP(address) === 0) throw new TypeError(`not an IP address: ${JSON.stringify(address)}`);
  return normalizeAddress(address);
}
