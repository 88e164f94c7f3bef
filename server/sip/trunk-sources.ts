// The addresses of the center's enabled trunks, kept current from the provisioning change
// feed. The built-in engine trusts them (no flood ban, no per-source share of pending
// requests: a carrier is bounded by its own max_cps / max_channels, with 503s it understands),
// and a ban of the SIP guard never reaches the engine's discard list for them — a phone
// guessing passwords from a carrier's or PBX's address must not cut the trunk's calls off.
import { BlockList, isIP } from 'node:net';
import type { Logger } from 'pino';
import type { ChangeFeed, Repositories } from '../db/index.js';

export interface TrustingEngine {
  setTrustedSources(cidrs: string[]): void;
  discard(address: string, seconds: number, reason: string): void;
  undiscard(address: string): void;
}

export class TrunkSources {
  private list = new BlockList();

  private constructor(private readonly repos: Pick<Repositories, 'trunks'>, private readonly engine: TrustingEngine, private readonly logger: Logger) {}

  /** Reads the trunks now and on every change of the trunks table (or a resync of the feed). */
  static async follow(repos: Pick<Repositories, 'trunks'>, feed: ChangeFeed, engine: TrustingEngine, logger: Logger): Promise<TrunkSources> {
    const sources = new TrunkSources(repos, engine, logger);
    const refresh = (): void => {
      sources.refresh().catch((err: unknown) => logger.error({ err: String(err) }, 'could not pass trunk addresses to the SIP engine'));
    };
    feed.on('change', (c) => { if (c.table === 'trunks') refresh(); });
    feed.on('resync', refresh);
    await sources.refresh();
    return sources;
  }

  has(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** The guard's discard sink: every ban but a trunk address's goes to the engine. */
  discard(address: string, seconds: number, reason: string): void {
    if (this.has(address)) {
      this.logger.warn({ ip: address, reason }, 'a trunk address is not discarded by the SIP engine (its phones stay refused by the guard)');
      return;
    }
    this.engine.discard(address, seconds, reason);
  }

  /** A lifted ban: the engine stops dropping the address (a no-op for addresses it never dropped). */
  undiscard(address: string): void {
    this.engine.undiscard(address);
  }

  private async refresh(): Promise<void> {
    // A registration trunk's carrier calls from its registrar (an address given as an IP).
    const registrar = (t: { auth_type: string; register_host: string | null }) => (t.auth_type === 'registration' && t.register_host && isIP(t.register_host) ? [t.register_host] : []);
    const cidrs = [...new Set((await this.repos.trunks.listEnabled()).flatMap((t) => [...t.allowed_cidrs, ...registrar(t)]))];
    const next = new BlockList();
    for (const cidr of cidrs) {
      const [net = '', bits] = cidr.split('/');
      const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) next.addAddress(net, family);
      else next.addSubnet(net, Number(bits), family);
    }
    this.list = next;
    this.engine.setTrustedSources(cidrs);
  }
}
