// The drachtio protocol server: the admin listener apps connect to. It authenticates apps,
// keeps their routed verbs, answers pings, and hands `sip` requests to the UA core. New
// out-of-dialog requests are spread round-robin over the apps that routed their verb.
// Beyond drachtio: an authenticated app may send `discard|<ip>|<seconds>|<reason>` and
// `undiscard|<ip>` (the engine's SourceDiscard control, for a standalone engine).
import { createServer, type Server } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../log.js';
import { AppConnection } from './app-connection.js';
import { splitPayload } from './framing.js';
import type { SourceDiscard } from '../defence/source-discard.js';

export interface SipFromApp {
  app: AppConnection;
  msgId: string;
  txnId: string;
  dialogId: string;
  /** Optional next-hop URI (srf's `proxy` option on a request). */
  routeUri: string;
  sip: string;
}

export interface ProtocolHandlers {
  /** authenticate reply fields: hostports, version, local hostports. */
  hostports(): { hostports: string; version: string; local: string };
  onSip(msg: SipFromApp): void;
  onAppClosed(app: AppConnection): void;
  /** The discard list, for the `discard` / `undiscard` messages. */
  sources: SourceDiscard;
}

export const engineVersion = 'v0.9.4-switchboard';

export class ProtocolServer {
  readonly apps = new Set<AppConnection>();
  private roundRobin = new Map<string, number>();
  private server: Server;
  port = 0;

  constructor(private readonly secret: string, private readonly log: Logger, private readonly handlers: ProtocolHandlers, private readonly maxFrame = 1 << 24) {
    this.server = createServer((socket) => {
      const app = new AppConnection(socket, this.maxFrame, (a, p) => this.onPayload(a, p), (a, reason) => this.onClose(a, reason));
      this.apps.add(app);
      this.log.info(`app connected from ${app.remote}`);
    });
    this.server.on('error', (err) => this.log.error(`admin listener: ${err.message}`));
  }

  listen(address: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, address, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        resolve();
      });
    });
  }

  /** Next app (round-robin) among the authenticated ones that routed `verb`. */
  pickApp(verb: string): AppConnection | undefined {
    const candidates = [...this.apps].filter((a) => a.authenticated && a.verbs.has(verb));
    if (candidates.length === 0) return undefined;
    const n = (this.roundRobin.get(verb) ?? 0) % candidates.length;
    this.roundRobin.set(verb, n + 1);
    return candidates[n];
  }

  /** True while at least one authenticated app is connected (the service is up). */
  get hasApps(): boolean {
    return [...this.apps].some((a) => a.authenticated);
  }

  /** Every verb some authenticated app routed, lower case (what Allow lists beyond the basics). */
  routedVerbs(): Set<string> {
    const out = new Set<string>();
    for (const a of this.apps) if (a.authenticated) for (const v of a.verbs) out.add(v);
    return out;
  }

  close(): Promise<void> {
    for (const a of this.apps) a.close();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onClose(app: AppConnection, reason: string): void {
    if (!this.apps.delete(app)) return;
    this.log.info(`app ${app.remote} disconnected: ${reason}`);
    this.handlers.onAppClosed(app);
  }

  private onPayload(app: AppConnection, payload: string): void {
    const { tokens, sip } = splitPayload(payload);
    const [msgId = '', type = ''] = tokens;
    if (!app.authenticated && type !== 'authenticate') {
      app.respond(msgId, 'NOK|not authenticated');
      return;
    }
    switch (type) {
      case 'authenticate':
        return this.authenticate(app, msgId, tokens[2] ?? '', tokens[3] ?? '');
      case 'route':
        app.verbs.add((tokens[2] ?? '').toLowerCase());
        return app.respond(msgId, 'OK');
      case 'remove_route':
        app.verbs.delete((tokens[2] ?? '').toLowerCase());
        return app.respond(msgId, 'OK');
      case 'ping':
        return app.respond(msgId, 'OK|pong');
      case 'sip':
        return this.handlers.onSip({ app, msgId, txnId: tokens[2] ?? '', dialogId: tokens[3] ?? '', routeUri: tokens[4] ?? '', sip });
      case 'discard':
      case 'undiscard':
        return this.control(app, msgId, type, tokens);
      case 'proxy':
        return app.respond(msgId, 'NOK|proxy is not supported by this engine');
      default:
        this.log.warn(`app ${app.remote} sent unknown message type '${type.slice(0, 32)}'`);
        return app.respond(msgId, 'NOK|unknown message type');
    }
  }

  private control(app: AppConnection, msgId: string, type: 'discard' | 'undiscard', tokens: string[]): void {
    const [, , address = '', seconds = '', reason = ''] = tokens;
    try {
      if (type === 'discard') this.handlers.sources.discard(address, Number(seconds), reason || 'app');
      else this.handlers.sources.undiscard(address);
      app.respond(msgId, 'OK');
    } catch (err) {
      app.respond(msgId, `NOK|${err instanceof Error ? err.message.slice(0, 100) : 'invalid arguments'}`);
    }
  }

  private authenticate(app: AppConnection, msgId: string, secret: string, tags: string): void {
    const a = Buffer.from(secret);
    const b = Buffer.from(this.secret);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      this.log.warn(`app ${app.remote} failed to authenticate`);
      app.respond(msgId, 'NO|incorrect secret');
      setImmediate(() => {
        app.close();
        this.onClose(app, 'incorrect secret');
      });
      return;
    }
    app.authenticated = true;
    for (const t of tags.split(',')) if (t) app.tags.add(t);
    const hp = this.handlers.hostports();
    app.respond(msgId, `OK|${hp.hostports}|${hp.version}|${hp.local}`);
  }
}
