// Engine configuration: what drachtio-server takes from drachtio.conf.xml and its flags,
// reduced to the subset the engine honours. Built by config.ts; validated there.
import type { SipCounts } from './transport/sip-counters.js';

export type SipTransportName = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/** One SIP listening address, as a drachtio `<contact>` or `--contact` names it. */
export interface SipContact {
  transport: SipTransportName;
  host: string;
  port: number;
  /** Address advertised in Via/Contact instead of host (NAT). */
  externalIp?: string;
}

export interface SpammerRule {
  /** Header name to inspect, lower case (user-agent, from, to). */
  header: string;
  /** Substring that marks the request as spam. */
  value: string;
  action: 'reject' | 'discard';
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface EngineConfig {
  contacts: SipContact[];
  admin: { address: string; port: number; secret: string };
  cdrs: boolean;
  spammers: SpammerRule[];
  /** RFC 3261 timers in milliseconds. */
  timers: { t1: number; t2: number; t4: number };
  logLevel: LogLevel;
  /** Log to stdout (drachtio's --stdout); otherwise only warnings and errors go to stderr. */
  stdout: boolean;
  /**
   * Local networks (CIDRs). Their sources are trusted: exempt from the flood ban and from the
   * per-source share of the pending table (an edge proxy or a PBX on the LAN).
   */
  localNet: string[];
  /**
   * OPTIONS from a User-Agent containing this string are answered 200 by the engine, even when
   * an app routes OPTIONS (drachtio's `user-agent-options-auto-respond`).
   */
  optionsAutoRespondUserAgent?: string;
  /**
   * Who answers OPTIONS outside a dialog. `unrouted` (default): the engine, with Allow, Accept
   * and Supported, when no app routes OPTIONS and at least one app is connected (none: 503, the
   * service is down). `always`: the engine answers every one, apps never see them. `off`:
   * drachtio-server's way, 503 when no app routes OPTIONS.
   */
  optionsAutoRespond: 'unrouted' | 'always' | 'off';
  /** Largest SIP message accepted on a stream or datagram, in bytes. */
  maxMessageSize: number;
  /** Keys for TLS and WSS listeners; `verifyPeer` checks certificates of servers we dial over TLS. */
  tls?: { key: string; cert: string; verifyPeer?: boolean };
  limits: {
    /** Connections (TCP, TLS, WS, WSS) one IP address may hold open at once. */
    connectionsPerIp: number;
    /** Seconds a connection may stay silent before it is closed, unless it carries a registration. */
    idleTimeoutSec: number;
    /**
     * New requests handed to apps and not yet answered; past it new requests get 503 with
     * Retry-After, so an overloaded app sheds load instead of letting every call time out.
     */
    pendingRequests: number;
    /** Pending requests one source address may hold (trusted sources excepted); past it, 503. */
    pendingPerSource: number;
    /** Seconds from accept within which a TLS handshake and a WebSocket upgrade must be done. */
    handshakeTimeoutSec: number;
    /** Seconds an accepted connection may stay open without sending one valid SIP message. */
    firstMessageTimeoutSec: number;
    /** Inbound connections open at once, over all addresses (leaves descriptors for HTTP). */
    maxConnections: number;
  };
  /**
   * Pike-style flood ban: a source (not trusted) sending more than `maxPerSec` requests per
   * second averaged over `windowSec` is discarded for `banSec`. `maxPerSec: 0` turns it off.
   */
  rateLimit: { windowSec: number; maxPerSec: number; banSec: number };
  /**
   * Origins (`https://host:port`) allowed to open WS/WSS connections; requests without an
   * Origin header (non-browser clients) are always allowed. Empty: every origin (drachtio).
   */
  wsAllowedOrigins: string[];
  /**
   * drachtio's `<sip><session-timers default-refresher>`: who refreshes when a UAC offers
   * Session-Expires without a refresher parameter. `none` (drachtio's default): no timer for
   * such offers. Offers that name a refresher are always honoured (dialog/session-timer.ts).
   */
  sessionTimerDefaultRefresher: 'none' | 'uac' | 'uas';
}

export interface EngineStats {
  received: number;
  sent: number;
  malformed: number;
  dropped: number;
  activeDialogs: number;
  serverTransactions: number;
  clientTransactions: number;
  apps: number;
  /** Requests handed to apps and not answered yet (the pending table). */
  pendingRequests: number;
  /** Packets dropped unseen because their source is in the discard list. */
  discardedPackets: number;
  /** Addresses in the discard list. */
  discardListSize: number;
  /** Inbound connections holding a slot (accepted, handshaking or open). */
  connections: number;
  /** SIP requests by method and responses by status, received and sent (retransmissions too). */
  sip: { in: SipCounts; out: SipCounts };
}
