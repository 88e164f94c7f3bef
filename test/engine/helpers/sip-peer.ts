// A hand-driven SIP peer over UDP, TCP or WebSocket for engine tests that need messages sipp
// will not send (broken Contact, `.invalid` targets) or a socket to drop mid-call: it writes
// raw text and hands back every message the engine sends, requests and responses alike.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { once } from 'node:events';
import type { TestContext } from 'node:test';
import { WebSocket } from 'ws';
import { StreamFramer } from '../../../server/engine/transport/stream-framer.js';

export type PeerTransport = 'udp' | 'tcp' | 'ws';

export interface SipPeer {
  transport: PeerTransport;
  /** Our local port (Via sent-by); 0 for WS, which like a browser names itself `….invalid`. */
  port: number;
  /** The URI we put in Contact: our address, or `sip:peer@<random>.invalid;transport=ws`. */
  contactUri: string;
  send(text: string): void;
  /** The next message matching `re`, including ones already received and not yet taken. */
  next(re: RegExp, ms?: number): Promise<string>;
  /** Every message received and not taken by next(), in order. */
  pending(): string[];
  /** Closes the socket without any SIP (a tab that dies, a cable pulled): resolves once closed. */
  drop(): Promise<void>;
}

/** `contactUri` lets two peers claim the same identity (a phone that reconnected). */
export async function sipPeer(t: TestContext, transport: PeerTransport, enginePort: number, opts: { contactUri?: string } = {}): Promise<SipPeer> {
  const inbox: string[] = [];
  const waiters: { re: RegExp; resolve: (m: string) => void }[] = [];
  const take = (m: string): void => {
    const w = waiters.findIndex((x) => x.re.test(m));
    if (w >= 0) waiters.splice(w, 1)[0]?.resolve(m);
    else inbox.push(m);
  };
  let port: number;
  let send: (text: string) => void;
  let drop: () => Promise<void>;
  if (transport === 'udp') {
    const sock = createSocket('udp4');
    sock.on('message', (b) => take(b.toString()));
    sock.bind(0, '127.0.0.1');
    await once(sock, 'listening');
    port = sock.address().port;
    let open = true;
    send = (text) => sock.send(text, enginePort, '127.0.0.1');
    drop = async () => {
      if (open) sock.close();
      open = false;
    };
    t.after(() => drop());
  } else if (transport === 'tcp') {
    const sock = connect(enginePort, '127.0.0.1');
    await once(sock, 'connect');
    const framer = new StreamFramer(65535);
    sock.on('data', (chunk: Buffer) => {
      for (const f of framer.push(chunk)) if (f.kind === 'message') take(f.data.toString());
    });
    sock.on('error', () => undefined);
    port = sock.localPort ?? 0;
    send = (text) => sock.write(text);
    drop = async () => {
      if (sock.destroyed) return;
      const closed = once(sock, 'close');
      sock.destroy();
      await closed;
    };
    t.after(() => drop());
  } else {
    const ws = new WebSocket(`ws://127.0.0.1:${enginePort}`, 'sip');
    await once(ws, 'open');
    ws.on('message', (data: Buffer) => take(data.toString()));
    ws.on('error', () => undefined);
    port = 0;
    send = (text) => ws.send(text);
    drop = async () => {
      if (ws.readyState === WebSocket.CLOSED) return;
      const closed = once(ws, 'close');
      ws.terminate();
      await closed;
    };
    t.after(() => drop());
  }
  const contactUri = opts.contactUri ?? (transport === 'ws' ? `sip:peer@${Math.random().toString(36).slice(2)}.invalid;transport=ws`
    : `sip:peer@127.0.0.1:${port}${transport === 'udp' ? '' : ';transport=tcp'}`);
  return {
    transport, port, contactUri, send: (text) => send(text),
    drop: () => drop(),
    pending: () => [...inbox],
    next(re, ms = 5000) {
      const i = inbox.findIndex((m) => re.test(m));
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0] ?? '');
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message matching ${re} within ${ms} ms; got:\n${inbox.join('\n---\n')}`)), ms);
        waiters.push({ re, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
  };
}

export const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

export interface RequestOptions {
  callId: string;
  cseq: number;
  /** The engine's To tag, for requests inside a dialog. */
  toTag?: string;
  fromTag?: string;
  branch?: string;
  /** Replaces the default Contact line (`null` leaves it out). */
  contact?: string | null;
  /** Extra header lines, e.g. `Record-Route: <sip:;lr>`. */
  extra?: string[];
  body?: string;
}

/** A request from `p` to the engine, as a UA would write it. */
export function request(method: string, p: SipPeer, enginePort: number, o: RequestOptions): string {
  const body = o.body ?? '';
  const via = p.transport === 'ws' ? `SIP/2.0/WS ${/@([^;]+)/.exec(p.contactUri)?.[1] ?? 'x.invalid'}` : `SIP/2.0/${p.transport.toUpperCase()} 127.0.0.1:${p.port}`;
  const contact = o.contact === undefined ? `Contact: <${p.contactUri}>` : o.contact;
  return [
    `${method} sip:svc@127.0.0.1:${enginePort}${p.transport === 'udp' ? '' : `;transport=${p.transport}`} SIP/2.0`,
    `Via: ${via};branch=${o.branch ?? `z9hG4bK${Math.random().toString(36).slice(2)}`};rport`,
    'Max-Forwards: 70',
    `From: <sip:peer@127.0.0.1>;tag=${o.fromTag ?? 'peer1'}`,
    `To: <sip:svc@127.0.0.1:${enginePort}>${o.toTag ? `;tag=${o.toTag}` : ''}`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${o.cseq} ${method}`,
    ...(contact === null ? [] : [contact]),
    ...(o.extra ?? []),
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`, '', body,
  ].join('\r\n');
}

/** A response from `p` to a request the engine sent, echoing its Vias, From, To, Call-ID, CSeq. */
export function response(req: string, status: string, toTag: string, p: SipPeer): string {
  const lines = req.split('\r\n');
  const vias = lines.filter((l) => /^via:/i.test(l));
  const to = header(req, 'to');
  return [`SIP/2.0 ${status}`, ...vias, `From: ${header(req, 'from')}`, `To: ${/;tag=/.test(to) ? to : `${to};tag=${toTag}`}`,
    `Call-ID: ${header(req, 'call-id')}`, `CSeq: ${header(req, 'cseq')}`, `Contact: <${p.contactUri}>`, 'Content-Length: 0', '', ''].join('\r\n');
}

export const header = (msg: string, name: string): string => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'mi').exec(msg)?.[1]?.trim() ?? '';
export const toTagOf = (msg: string): string => /;tag=([^;>\s]+)/.exec(header(msg, 'to'))?.[1] ?? '';
export const statusLine = (msg: string): string => msg.split('\r\n')[0] ?? '';
