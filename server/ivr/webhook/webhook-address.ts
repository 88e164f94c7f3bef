// Which addresses a flow's webhook may reach. The URL is the admin's, but the center runs it
// from inside the network: without a rule a flow could make the server fetch the cloud's
// metadata service (169.254.169.254) or an internal admin page (SSRF). So:
//   - never: link-local (169.254/16 holds the metadata services; fe80::/10), the unspecified
//     address, multicast, broadcast and reserved ranges, and fd00:ec2::254 (AWS's IPv6 metadata);
//   - only when the site allows private targets (IVR_WEBHOOK_PRIVATE_TARGETS=allow): loopback,
//     RFC 1918, carrier-grade NAT (100.64/10) and unique-local IPv6 (fc00::/7) — a business's
//     own system is often on its LAN, so this is a setting, off by default.
// Every address a host name resolves to is checked, at connect time (webhook-client.ts), so a
// name that resolves to a refused address (DNS rebinding) is refused too.
import { BlockList, isIP } from 'node:net';

export interface TargetPolicy {
  /** Loopback and private ranges (RFC 1918, CGNAT, ULA) may be reached. */
  allowPrivateTargets: boolean;
}

export const defaultTargetPolicy: TargetPolicy = { allowPrivateTargets: false };

const never = new BlockList();
never.addSubnet('0.0.0.0', 8, 'ipv4');
never.addSubnet('169.254.0.0', 16, 'ipv4');
never.addSubnet('224.0.0.0', 4, 'ipv4');
never.addSubnet('240.0.0.0', 4, 'ipv4');
never.addAddress('::', 'ipv6');
never.addSubnet('fe80::', 10, 'ipv6');
never.addSubnet('ff00::', 8, 'ipv6');
never.addAddress('fd00:ec2::254', 'ipv6');

const privateRanges = new BlockList();
privateRanges.addSubnet('127.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('10.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('172.16.0.0', 12, 'ipv4');
privateRanges.addSubnet('192.168.0.0', 16, 'ipv4');
privateRanges.addSubnet('100.64.0.0', 10, 'ipv4');
privateRanges.addAddress('::1', 'ipv6');
privateRanges.addSubnet('fc00::', 7, 'ipv6');

/** An IPv4 address written as IPv6 (::ffff:169.254.169.254) is judged as the IPv4 address. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** never: no setting reaches it; private: only with allowPrivateTargets. */
export function addressClass(address: string): 'never' | 'private' | 'public' | 'not-ip' {
  if (isIP(address) === 0) return 'not-ip';
  const { address: ip, family } = unmapped(address);
  if (never.check(ip, family)) return 'never';
  return privateRanges.check(ip, family) ? 'private' : 'public';
}

/** Why a webhook may not connect to `address` (an IP literal), or undefined when it may. */
export function refusedAddress(address: string, policy: TargetPolicy): string | undefined {
  switch (addressClass(address)) {
    case 'not-ip': return `${address} is not an IP address`;
    case 'never': return `${address} is a link-local, metadata or reserved address`;
    case 'private': return policy.allowPrivateTargets ? undefined : `${address} is a private or loopback address (allowed only with IVR_WEBHOOK_PRIVATE_TARGETS=allow)`;
    case 'public': return undefined;
  }
}

/** The host of a URL as an address or name ([::1] → ::1). */
export const urlHost = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');
