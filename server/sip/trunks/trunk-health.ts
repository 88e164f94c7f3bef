// Trunk health, the one interface other rooms use to know whether a trunk can take calls:
//   health.isTrunkUp(trunkId): boolean       — false only for a trunk whose pings fail
//   health.on('trunk-status', (s: TrunkStatusChange) => …)   — emitted on every up/down change
// Every `intervalMs` each enabled trunk with a signalling address gets an OPTIONS: a
// registration trunk at its registrar, an IP trunk at its outbound proxy (an IP trunk with
// none has no address to ping: it is not pinged and counts as up). Any final answer but 408
// and 503 means the carrier is there (404, 405 and 401 included); no answer within
// `timeoutMs`, 408, 503 or a request that can not be sent marks it down. The trunk list
// follows the provisioning change feed.
import { EventEmitter } from 'node:events';
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { ChangeFeed, Repositories } from '../../db/index.js';
import { proxyUri, registrarUri, type TrunkRow } from './trunk-targets.js';

export type TrunkUpDown = 'up' | 'down';

export interface TrunkHealthStatus {
  status: TrunkUpDown;
  /** The OPTIONS target. */
  target: string;
  last_reason: string;
  /** When the status last changed (ISO time). */
  changed_at: string;
  /** When the last ping was answered or given up on (ISO time). */
  checked_at: string;
}

export interface TrunkStatusChange { trunkId: string; status: TrunkUpDown; reason: string; at: string }

export interface TrunkHealthOptions { intervalMs: number; timeoutMs: number }
export const defaultTrunkHealth: TrunkHealthOptions = { intervalMs: 30_000, timeoutMs: 5_000 };

const downStatuses = new Set([408, 503]);

/** srf.request as it runs; its bundled typings declare another signature. */
type Send = (uri: string, opts: { method: string; headers: Record<string, string>; proxy?: string }) => Promise<Srf.SrfRequest>;

/** Where a trunk's OPTIONS go, and through which proxy: null when it has no signalling address. */
export function pingTarget(t: TrunkRow): { uri: string; proxy: string | null } | null {
  const registrar = registrarUri(t);
  const proxy = proxyUri(t);
  if (registrar) return { uri: registrar, proxy };
  return proxy ? { uri: proxy, proxy: null } : null;
}

export class TrunkHealth extends EventEmitter<{ 'trunk-status': [TrunkStatusChange] }> {
  private readonly statuses = new Map<string, TrunkHealthStatus>();
  private targets = new Map<string, { uri: string; proxy: string | null }>();
  private readonly timer: NodeJS.Timeout;
  private readonly unfollow: () => void;
  private running = false;

  constructor(private readonly deps: { srf: Srf; repos: Pick<Repositories, 'trunks'>; logger: Logger }, feed: ChangeFeed, private readonly options: TrunkHealthOptions = defaultTrunkHealth) {
    super();
    const refresh = () => { this.refresh().catch((err: unknown) => deps.logger.error({ err: String(err) }, 'could not read the trunks to ping')); };
    const onChange = (c: { table: string }) => { if (c.table === 'trunks') refresh(); };
    feed.on('change', onChange);
    feed.on('resync', refresh);
    this.unfollow = () => { feed.off('change', onChange); feed.off('resync', refresh); };
    refresh();
    this.timer = setInterval(() => this.round(), options.intervalMs);
    this.timer.unref();
  }

  isTrunkUp(trunkId: string): boolean {
    return this.statuses.get(trunkId)?.status !== 'down';
  }

  /** The trunk's health for the API; null when it is not pinged (or not pinged yet). */
  status(trunkId: string): TrunkHealthStatus | null {
    return this.statuses.get(trunkId) ?? null;
  }

  stop(): void {
    clearInterval(this.timer);
    this.unfollow();
  }

  private async refresh(): Promise<void> {
    const next = new Map<string, { uri: string; proxy: string | null }>();
    for (const t of await this.deps.repos.trunks.listEnabled()) {
      const target = pingTarget(t);
      if (target) next.set(t.id, target);
    }
    for (const id of this.statuses.keys()) if (next.get(id)?.uri !== this.targets.get(id)?.uri) this.statuses.delete(id);
    const added = [...next.keys()].filter((id) => !this.targets.has(id));
    this.targets = next;
    // A new trunk gets its first ping now, not one interval later.
    for (const id of added) void this.check(id);
  }

  private round(): void {
    if (this.running) return;
    this.running = true;
    Promise.all([...this.targets.keys()].map((id) => this.check(id))).finally(() => { this.running = false; });
  }

  private async check(trunkId: string): Promise<void> {
    const target = this.targets.get(trunkId);
    if (!target) return;
    const reason = await this.ping(target);
    if (this.targets.get(trunkId)?.uri !== target.uri) return;
    const status: TrunkUpDown = reason.up ? 'up' : 'down';
    const now = new Date().toISOString();
    const before = this.statuses.get(trunkId);
    const changed = before?.status !== status;
    this.statuses.set(trunkId, { status, target: target.uri, last_reason: reason.text, changed_at: changed ? now : before.changed_at, checked_at: now });
    if (!changed) return;
    const log = { trunkId, target: target.uri, status, reason: reason.text };
    if (status === 'down') this.deps.logger.warn(log, 'trunk is down'); else this.deps.logger.info(log, 'trunk is up');
    this.emit('trunk-status', { trunkId, status, reason: reason.text, at: now });
  }

  private ping(target: { uri: string; proxy: string | null }): Promise<{ up: boolean; text: string }> {
    const send = this.deps.srf.request.bind(this.deps.srf) as unknown as Send;
    const { timeoutMs } = this.options;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ up: false, text: `no answer to OPTIONS within ${timeoutMs} ms` }), timeoutMs);
      const done = (v: { up: boolean; text: string }) => { clearTimeout(timer); resolve(v); };
      send(target.uri, { method: 'OPTIONS', headers: { 'Max-Forwards': '70' }, ...(target.proxy ? { proxy: target.proxy } : {}) }).then((req) => {
        req.on('response', (res) => {
          if (res && res.status >= 200) done({ up: !downStatuses.has(res.status), text: `OPTIONS answered ${res.status} ${res.reason}` });
        });
      }, (err: unknown) => done({ up: false, text: `OPTIONS could not be sent: ${err instanceof Error ? err.message : String(err)}` }));
    });
  }
}
