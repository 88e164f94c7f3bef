// WebSocket transport (RFC 7118): the `sip` sub-protocol, one SIP message per WebSocket
// message. The transport layer accepts the TCP socket (and does TLS for WSS) itself and hands
// it to an unbound http server here, so slots and deadlines count from accept. The upgrade
// checks the browser's Origin against the allowed origins.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Endpoint } from './transport.types.js';
import type { SipTransportName } from '../config.types.js';
import { ConnectionBase } from './connection-base.js';

export class WsConnection extends ConnectionBase {
  constructor(transport: SipTransportName, private readonly ws: WebSocket, remote: Endpoint, local: Endpoint) {
    super(transport, remote, local);
  }

  protected transmit(data: string): void {
    this.ws.send(data);
  }

  protected destroy(): void {
    this.ws.terminate();
  }
}

export interface WsHandlers {
  onOpen(conn: WsConnection): void;
  onMessage(data: Buffer, conn: WsConnection): void;
  onClose(conn: WsConnection): void;
  /** A browser from a foreign origin was refused (for the log). */
  onRefusedOrigin(origin: string, remote: Endpoint): void;
}

export class WsUpgrader {
  private readonly server: HttpServer;
  private readonly wss: WebSocketServer;
  /** Sockets handed in and not upgraded yet → what to call once they are. */
  private upgrading = new WeakMap<Socket, () => void>();

  constructor(private readonly transport: 'ws' | 'wss', private readonly local: Endpoint, maxMessageSize: number, allowedOrigins: string[], private readonly handlers: WsHandlers) {
    this.server = createHttpServer();
    this.server.on('request', (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('SIP over WebSocket: upgrade with sub-protocol "sip"\n');
    });
    this.server.on('clientError', (_err, socket) => socket.destroy());
    this.wss = new WebSocketServer({
      server: this.server,
      maxPayload: maxMessageSize,
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
      verifyClient: (info: { origin: string; req: IncomingMessage }, done: (ok: boolean, code?: number, reason?: string) => void) => {
        // Non-browser clients send no Origin; browsers always do, and only ours may connect.
        if (!info.origin || allowedOrigins.length === 0 || allowedOrigins.includes(originOf(info.origin))) return done(true);
        handlers.onRefusedOrigin(info.origin, { address: info.req.socket.remoteAddress ?? '', port: info.req.socket.remotePort ?? 0 });
        done(false, 403, 'Origin not allowed');
      },
    });
    this.wss.on('connection', (ws, req) => this.opened(ws, req));
  }

  /** Takes an accepted (for WSS: TLS-established) socket; `onUpgraded` fires when it is a SIP WebSocket. */
  take(socket: Socket, onUpgraded: () => void): void {
    this.upgrading.set(socket, onUpgraded);
    this.server.emit('connection', socket);
  }

  private opened(ws: WebSocket, req: IncomingMessage): void {
    const remote = { address: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 };
    if (ws.protocol !== 'sip') {
      ws.close(1008, 'sub-protocol sip required');
      return;
    }
    this.upgrading.get(req.socket)?.();
    this.upgrading.delete(req.socket);
    const conn = new WsConnection(this.transport, ws, remote, this.local);
    this.handlers.onOpen(conn);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.handlers.onMessage(isBinary ? data : Buffer.from(data), conn));
    ws.on('error', () => undefined);
    ws.on('close', () => {
      conn.closed = true;
      this.handlers.onClose(conn);
    });
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

/** An Origin header in serialized form (`https://host:port`, default port left out); '' if unreadable. */
function originOf(header: string): string {
  try {
    return new URL(header).origin;
  } catch {
    return '';
  }
}
