// WebSocket transport (RFC 7118): the `sip` sub-protocol, one SIP message per WebSocket
// message. Plain WS on an http server, WSS on an https server with the configured keys.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Endpoint } from './transport.types.js';
import type { SipTransportName } from '../config.types.js';
import { ConnectionBase } from './connection-base.js';
import { listenOn } from './listen.js';

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
  /** Whether to accept a new connection from this address (per-IP limits). */
  admit(remote: Endpoint): boolean;
  onOpen(conn: WsConnection): void;
  onMessage(data: Buffer, conn: WsConnection): void;
  onClose(conn: WsConnection): void;
}

export class WsListener {
  private constructor(private readonly server: HttpServer, private readonly wss: WebSocketServer, readonly local: Endpoint) {}

  static async listen(transport: 'ws' | 'wss', host: string, port: number, maxMessageSize: number, handlers: WsHandlers, tls?: { key: string; cert: string }): Promise<WsListener> {
    if (transport === 'wss' && !tls) throw new Error('wss needs a TLS key and certificate');
    const server: HttpServer = transport === 'wss' && tls ? createHttpsServer({ key: tls.key, cert: tls.cert }) : createHttpServer();
    server.on('request', (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('SIP over WebSocket: upgrade with sub-protocol "sip"\n');
    });
    const wss = new WebSocketServer({
      server,
      maxPayload: maxMessageSize,
      handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
    });
    const local = await listenOn(server, host, port);
    wss.on('connection', (ws, req) => {
      const remote = { address: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 };
      if (ws.protocol !== 'sip' || !handlers.admit(remote)) {
        ws.close(1008, 'sub-protocol sip required or too many connections');
        return;
      }
      const conn = new WsConnection(transport, ws, remote, local);
      handlers.onOpen(conn);
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        conn.lastActivity = Date.now();
        handlers.onMessage(isBinary ? data : Buffer.from(data), conn);
      });
      ws.on('error', () => undefined);
      ws.on('close', () => {
        conn.closed = true;
        handlers.onClose(conn);
      });
    });
    server.on('error', () => undefined);
    return new WsListener(server, wss, local);
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((resolve) => this.wss.close(() => this.server.close(() => resolve())));
  }
}
