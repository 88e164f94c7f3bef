// Sources exempt from the flood ban and the per-source share of the pending table: the
// configured local networks (`--local-net`) plus what the app declares at run time (trunk
// addresses). Matching uses node's BlockList, CIDRs of either family.
import { BlockList, isIP } from 'node:net';
import { normalizeAddress } from './source-address.js';

export class TrustedSources {
  private list = new BlockList();
  private fixed: string[];

  constructor(cidrs: string[]) {
    this.fixed = cidrs;
    this.set([]);
  }

  /** Replaces the run-time part (the configured part stays). Throws on a malformed CIDR. */
  set(cidrs: string[]): void {
    const next = new BlockList();
    for (const c of [...this.fixed, ...cidrs]) addCidr(next, c);
    this.list = next;
  }

  has(address: string): boolean {
    const a = normalizeAddress(address);
    const family = isIP(a);
    if (family === 0) return false;
    return this.list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/** Throws a TypeError naming the first malformed CIDR. */
export function validateCidrs(cidrs: string[]): void {
  const scratch = new BlockList();
  for (const c of cidrs) addCidr(scratch, c);
}

/** Adds `a.b.c.d/nn` (or a bare address) to a BlockList; throws with the CIDR on a bad one. */
export function addCidr(list: BlockList, cidr: string): void {
  const [net = '', bits] = cidr.trim().split('/');
  const address = normalizeAddress(net);
  const family = isIP(address);
  const max = family === 6 ? 128 : 32;
  const prefix = bits === undefined ? max : Number(bits);
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new TypeError(`not a CIDR: '${cidr}'`);
  list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
}
