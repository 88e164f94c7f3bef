// The engine: a drachtio-server replacement. startEngine() opens the SIP listeners and the
// admin (drachtio protocol) listener and wires the UA core between them.
import { engineConfig, type EngineOptions } from './config.js';
import type { EngineConfig, EngineStats } from './config.types.js';
import { createLogger, type Logger } from './log.js';
import { TransportLayer } from './transport/transport-layer.js';
import { ProtocolServer, engineVersion } from './protocol/protocol-server.js';
import { SipCore } from './core/sip-core.js';
import { SourceScreen } from './defence/source-screen.js';
import type { DiscardEntry, SourceDiscard } from './defence/source-discard.js';

export interface Engine extends SourceDiscard {
  readonly config: EngineConfig;
  /** The admin port actually bound (useful when configured as 0). */
  readonly adminPort: number;
  /** SIP listening addresses actually bound, e.g. `udp/127.0.0.1:5060`. */
  readonly hostports: string[];
  stats(): EngineStats;
  /** The discard list now (addresses with their deadline and reason). */
  discardList(): DiscardEntry[];
  /**
   * Sources trusted besides the configured local networks (e.g. trunk addresses): no flood
   * ban, no per-source share of the pending table. Replaces the previous run-time list.
   */
  setTrustedSources(cidrs: string[]): void;
  stop(): Promise<void>;
}

export async function startEngine(opts: EngineOptions, logger?: Logger): Promise<Engine> {
  const config = engineConfig(opts);
  const log = logger ?? createLogger(config.logLevel, config.stdout);
  const screen = new SourceScreen(config.rateLimit, config.localNet, log);
  const transport = await TransportLayer.start(config, log, screen);
  const hostports = (local: boolean): string =>
    transport.listening.map((l) => `${l.transport}/${local ? l.local.address : l.advertised}:${l.local.port}`).join(',');
  const protocol = new ProtocolServer(config.admin.secret, log, {
    hostports: () => ({ hostports: hostports(false), version: engineVersion, local: hostports(true) }),
    // The core exists before any app can connect: listen() is called after it is built.
    onSip: (m) => core.onAppSip(m),
    onAppClosed: (app) => core.onAppClosed(app),
    sources: screen,
  });
  const core = new SipCore(config, log, transport, protocol, screen);
  try {
    await protocol.listen(config.admin.address, config.admin.port);
  } catch (err) {
    await transport.close();
    throw err;
  }
  log.info(`engine listening: sip ${hostports(true)}, admin ${config.admin.address}:${protocol.port}`);
  const ctx = core.ctx;
  return {
    config,
    adminPort: protocol.port,
    hostports: hostports(true).split(','),
    stats: () => ({
      ...transport.counters,
      activeDialogs: ctx.dialogs.size,
      serverTransactions: ctx.txns.serverCount,
      clientTransactions: ctx.txns.clientCount,
      apps: protocol.apps.size,
      pendingRequests: core.pendingRequests,
      discardedPackets: screen.droppedPackets,
      discardListSize: screen.discards.size,
      connections: transport.connectionCount,
      sip: { in: transport.sip.in, out: transport.sip.out },
    }),
    discard: (address, seconds, reason) => screen.discard(address, seconds, reason),
    undiscard: (address) => screen.undiscard(address),
    discardList: () => screen.list(),
    setTrustedSources: (cidrs) => screen.trusted.set(cidrs),
    async stop() {
      core.close();
      await protocol.close();
      await transport.close();
    },
  };
}
