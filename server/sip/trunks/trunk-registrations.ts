// Every enabled registration trunk's binding at its carrier, kept in line with the database:
// a trunk created, changed, switched off or deleted through the API (heard on the provisioning
// change feed, or a resync) is registered, re-registered or un-registered at once. Each binding
// carries its own Contact token (`sbt-<random>` as the Contact user), so that an INVITE the
// carrier sends to our registered Contact is matched to its trunk (byContact), but only from
// an address the trunk's registrar or outbound proxy resolves to.
import { randomBytes } from 'node:crypto';
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { ChangeFeed, Repositories } from '../../db/index.js';
import { TrunkRegistration, defaultRegistrationTimers, type RegistrationStatus, type RegistrationTimers, type TransitionRecord } from './trunk-registration.js';
import { addressesOf, hostOf, proxyUri, registrarUri, type TrunkRow } from './trunk-targets.js';

const tokenPrefix = 'sbt-';

interface Binding { registration: TrunkRegistration; token: string; config: string; sources: Set<string> }

export interface TrunkRegistrationsOptions {
  timers?: Partial<RegistrationTimers>;
}

type Deps = { srf: Srf; repos: Pick<Repositories, 'trunks' | 'trunkRegistrationEvents'>; logger: Logger };

/** What of the row makes a new binding necessary when it changes. */
const configOf = (t: TrunkRow) => JSON.stringify([t.register_host, t.register_port, t.register_transport, t.register_username, t.register_password, t.register_realm, t.register_expiry_seconds, t.outbound_proxy]);

export class TrunkRegistrations {
  private readonly bindings = new Map<string, Binding>();
  private readonly timers: RegistrationTimers;
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly unfollow: () => void;

  private constructor(
    private readonly deps: Deps,
    feed: ChangeFeed,
    options: TrunkRegistrationsOptions,
  ) {
    this.timers = { ...defaultRegistrationTimers, ...options.timers };
    const onChange = (c: { table: string }) => { if (c.table === 'trunks') this.resync(); };
    const onResync = () => this.resync();
    feed.on('change', onChange);
    feed.on('resync', onResync);
    this.unfollow = () => { feed.off('change', onChange); feed.off('resync', onResync); };
  }

  static async follow(deps: Deps, feed: ChangeFeed, options: TrunkRegistrationsOptions = {}): Promise<TrunkRegistrations> {
    const r = new TrunkRegistrations(deps, feed, options);
    r.resync();
    await r.syncing;
    return r;
  }

  /** The registration of a trunk as the API shows it; null for a trunk that does not register. */
  status(trunkId: string): RegistrationStatus | null {
    return this.bindings.get(trunkId)?.registration.status() ?? null;
  }

  /**
   * The trunk an INVITE to our registered Contact belongs to: its Request-URI user is a
   * binding's token and it comes from where that trunk registers. undefined otherwise.
   */
  byContact(requestUri: string, source: string): { trunkId: string } | { refused: string } | undefined {
    const user = /^sips?:([^@;]+)@/i.exec(requestUri)?.[1];
    if (!user?.startsWith(tokenPrefix)) return undefined;
    for (const [trunkId, b] of this.bindings) {
      if (b.token !== user) continue;
      const plain = source.replace(/^::ffff:/, '');
      return b.sources.has(plain) ? { trunkId } : { refused: `source ${source} is not the registrar of trunk ${trunkId}` };
    }
    return undefined;
  }

  /** Un-REGISTERs every binding (the center stops). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unfollow();
    await this.syncing;
    await Promise.all([...this.bindings.values()].map((b) => b.registration.stop()));
    this.bindings.clear();
  }

  private resync(): void {
    this.syncing = this.syncing.then(() => this.sync()).catch((err: unknown) => {
      this.deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not follow the registration trunks');
    });
  }

  private async sync(): Promise<void> {
    if (this.stopped) return;
    const wanted = new Map((await this.deps.repos.trunks.listEnabled()).filter((t) => registrarUri(t) !== null).map((t) => [t.id, t]));
    for (const [id, b] of [...this.bindings]) {
      const row = wanted.get(id);
      if (row && configOf(row) === b.config) continue;
      this.bindings.delete(id);
      // The old binding goes before a changed one is made, so the carrier never holds both.
      await b.registration.stop();
    }
    for (const [id, row] of wanted) {
      if (this.bindings.has(id)) continue;
      const binding = await this.bind(row);
      if (binding) this.bindings.set(id, binding);
    }
  }

  /** Keeps the transition (migration 0013); the log line stays the record when that fails. */
  private store(tr: TransitionRecord): void {
    const { trunkId, from, to, event, status, reason } = tr;
    this.deps.repos.trunkRegistrationEvents.append({ trunk_id: trunkId, from_state: from, to_state: to, event, status, reason }).catch((err: unknown) => {
      // The un-REGISTER of a deleted trunk has no row left to belong to.
      if ((err as { code?: string }).code === '23503') return;
      this.deps.logger.warn({ trunkId, err: err instanceof Error ? err.message : String(err) }, 'could not store a trunk registration transition');
    });
  }

  private async bind(t: TrunkRow): Promise<Binding | undefined> {
    const uri = registrarUri(t);
    if (!uri || !t.register_host) return undefined;
    let password: string | null;
    try {
      password = this.deps.repos.trunks.registerPassword(t);
    } catch (err) {
      this.deps.logger.error({ trunkId: t.id, err: err instanceof Error ? err.message : String(err) }, 'trunk registration password does not open: not registering');
      return undefined;
    }
    const username = t.register_username ?? '';
    const token = `${tokenPrefix}${randomBytes(8).toString('hex')}`;
    const transport = t.register_transport ?? 'udp';
    const proxy = proxyUri(t);
    const registration = new TrunkRegistration(t.id, {
      registrarUri: uri,
      aor: `sip:${username}@${t.register_host}`,
      contact: `sip:${token}@localhost;transport=${transport}`,
      username, password: password ?? '', realm: t.register_realm, proxy,
    }, t.register_expiry_seconds ?? 3600, { ...this.deps, timers: this.timers, onTransition: (tr) => this.store(tr) });
    const sources = await addressesOf([t.register_host, ...(proxy ? [hostOf(proxy)] : [])]);
    registration.start();
    return { registration, token, config: configOf(t), sources };
  }
}
