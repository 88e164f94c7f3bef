// Client for rtpengine's ng control protocol: "<cookie> <bencode dict>" datagrams over UDP.
// A retry resends the same cookie, so rtpengine answers from its reply cache instead of
// running the command twice. Failures surface as typed errors (NgTimeoutError, NgCommandError,
// NgProtocolError) so callers can tell "rtpengine said no" from "rtpengine is gone".
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { encode, decode, BencodeError, type BencodeValue, type DecodedValue } from './bencode.js';
import type { NgReply, NgValue } from './types.js';

export class NgTimeoutError extends Error {
  override name = 'NgTimeoutError';
  constructor(readonly command: string, readonly target: string) {
    super(`rtpengine at ${target} did not answer "${command}"`);
  }
}

/** rtpengine answered result=error. */
export class NgCommandError extends Error {
  override name = 'NgCommandError';
  constructor(readonly command: string, readonly reason: string) {
    super(`rtpengine rejected "${command}": ${reason}`);
  }
}

/** The reply could not be understood. */
export class NgProtocolError extends Error {
  override name = 'NgProtocolError';
}

export interface NgClientOptions {
  host: string;
  port: number;
  /** Per-attempt wait in ms. */
  timeoutMs?: number;
  /** Attempts in total (first send plus retries). */
  attempts?: number;
}

interface Pending {
  command: string;
  resolve: (reply: NgReply) => void;
  reject: (err: Error) => void;
}

export class NgClient {
  private socket: Socket | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly prefix = randomBytes(6).toString('hex');
  private counter = 0;
  readonly target: string;

  constructor(private readonly options: NgClientOptions) {
    this.target = `${options.host}:${options.port}`;
  }

  /** Sends one command; resolves with the reply dict (strings decoded as UTF-8, except none are binary in replies). */
  async command(command: string, params: Record<string, BencodeValue | undefined> = {}): Promise<NgReply> {
    const socket = await this.open();
    const cookie = `${this.prefix}${(this.counter++).toString(36)}`;
    const body: Record<string, BencodeValue> = { command };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) body[k] = v;
    const datagram = Buffer.concat([Buffer.from(`${cookie} `), encode(body)]);
    const attempts = this.options.attempts ?? 3;
    const timeoutMs = this.options.timeoutMs ?? 1000;
    return new Promise<NgReply>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        this.pending.delete(cookie);
      };
      this.pending.set(cookie, {
        command,
        resolve: (r) => { finish(); resolve(r); },
        reject: (e) => { finish(); reject(e); },
      });
      let sent = 0;
      const send = (): void => {
        if (sent === attempts) {
          finish();
          reject(new NgTimeoutError(command, this.target));
          return;
        }
        sent++;
        socket.send(datagram, this.options.port, this.options.host);
        timer = setTimeout(send, timeoutMs);
      };
      send();
    });
  }

  close(): void {
    for (const p of this.pending.values()) p.reject(new NgTimeoutError(p.command, this.target));
    this.pending.clear();
    this.socket?.close();
    this.socket = null;
  }

  private async open(): Promise<Socket> {
    if (this.socket) return this.socket;
    const socket = createSocket('udp4');
    socket.on('message', (msg) => this.onMessage(msg));
    // ICMP port-unreachable while rtpengine restarts shows up here; the retry/timeout handles it.
    socket.on('error', () => undefined);
    this.socket = socket;
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return socket;
  }

  private onMessage(msg: Buffer): void {
    const space = msg.indexOf(0x20);
    if (space < 0) return;
    const pending = this.pending.get(msg.toString('latin1', 0, space));
    if (!pending) return; // a late duplicate of an answered retry
    let reply: NgReply;
    try {
      reply = toReply(decode(msg.subarray(space + 1)));
    } catch (err) {
      pending.reject(new NgProtocolError(`bad reply to "${pending.command}": ${(err as Error).message}`));
      return;
    }
    if (reply.result === 'error') {
      pending.reject(new NgCommandError(pending.command, String(reply['error-reason'] ?? 'unknown')));
    } else {
      pending.resolve(reply);
    }
  }
}


function toValue(v: DecodedValue): NgValue {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(toValue);
  const out: { [key: string]: NgValue } = {};
  for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: toValue(x), enumerable: true, writable: true, configurable: true });
  return out;
}

function toReply(v: DecodedValue): NgReply {
  const value = toValue(v);
  if (typeof value !== 'object' || Array.isArray(value) || typeof value.result !== 'string') {
    throw new BencodeError('reply is not a dictionary with a result');
  }
  return value as NgReply;
}
