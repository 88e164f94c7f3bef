// What the UAS and UAC halves of the core share: the layers, the config and a few helpers.
import type { EngineConfig, SipTransportName } from '../config.types.js';
import type { Logger } from '../log.js';
import type { TransportLayer } from '../transport/transport-layer.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import type { TransactionContext } from '../transaction/transaction.types.js';
import type { DialogTable } from '../dialog/dialog-table.js';
import type { ProtocolServer } from '../protocol/protocol-server.js';
import type { AppConnection } from '../protocol/app-connection.js';
import type { ServerTransaction } from '../transaction/server-transaction.js';
import type { CdrEmitter } from './cdr.js';
import { formatHostPort, parseUri, uriOf } from '../sip/uri.js';
import { FlowCache } from '../transport/flow-cache.js';
import type { Connection } from '../transport/transport.types.js';
import type { SourceScreen } from '../defence/source-screen.js';
import { isOwnAddress, isUnspecified } from '../transport/wildcard-address.js';

export interface CoreContext {
  config: EngineConfig;
  log: Logger;
  transport: TransportLayer;
  txns: TransactionLayer;
  txCtx: TransactionContext;
  dialogs: DialogTable;
  protocol: ProtocolServer;
  cdr: CdrEmitter;
  /** The app that owns each server transaction it was handed. */
  owners: WeakMap<ServerTransaction, AppConnection>;
  /** Discard list, flood ban and trusted sources (the transport screens with it first). */
  screen: SourceScreen;
}

/** host:port we advertise on a transport (Via sent-by, Contact, @localhost replacement). */
export function sentBy(ctx: CoreContext, transport: SipTransportName): string {
  const l = ctx.transport.addressFor(transport) ?? ctx.transport.listening[0];
  return l ? formatHostPort(l.advertised, l.local.port) : '127.0.0.1:5060';
}

/** Our Contact URI on a transport: `<sip:host:port;transport=tcp>`. */
export function contactFor(ctx: CoreContext, transport: SipTransportName): string {
  return `<sip:${sentBy(ctx, transport)}${transport === 'udp' ? '' : `;transport=${transport}`}>`;
}

/** True if a host:port is one of our own listening addresses (a request to ourselves). */
export function isSelf(ctx: CoreContext, address: string, port: number): boolean {
  return ctx.transport.listening.some((l) => l.local.port === port && (l.local.address === address || l.advertised === address || (isUnspecified(l.local.address) && isOwnAddress(address))));
}

/** The cached registration flow for a target URI (RFC 7118 `.invalid` contacts and TCP phones). */
export function flowFor(ctx: CoreContext, target: string): Connection | undefined {
  const uri = parseUri(target.includes('<') ? uriOf(target) : target);
  return uri ? ctx.transport.flows.get(FlowCache.key(uri.user, uri.host)) : undefined;
}
