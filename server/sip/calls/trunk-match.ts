// Which trunk a request came from, by source address against each IP-auth trunk's allowed
// CIDRs (IPv4 and IPv6). Pure: the caller passes the enabled trunks.
import { isIPv4, isIPv6 } from 'node:net';

export interface IpTrunk {
  id: string;
  auth_type: string;
  allowed_cidrs: string[];
}

export function matchTrunk<T extends IpTrunk>(trunks: T[], source: string): T | undefined {
  return trunks.find((t) => t.auth_type === 'ip' && t.allowed_cidrs.some((c) => inCidr(source, c)));
}

export function inCidr(address: string, cidr: string): boolean {
  const [base = '', bitsText] = cidr.split('/');
  const a = toBits(address);
  const b = toBits(base);
  if (!a || !b || a.length !== b.length) return false;
  const bits = bitsText === undefined ? a.length : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > a.length) return false;
  for (let i = 0; i < bits; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The address as a string of bits; IPv4-mapped IPv6 addresses count as IPv4. */
function toBits(address: string): string | null {
  const v4 = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
  if (!isIPv6(address)) return null;
  const [head = '', tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  if (groups.length !== 8) return null;
  return groups.map((g) => parseInt(g || '0', 16).toString(2).padStart(16, '0')).join('');
}
