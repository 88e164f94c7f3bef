// One connected drachtio-srf application: framing, authentication state, routed verbs.
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { FrameDecoder, encodeFrame } from './framing.js';

let nextAppId = 1;

export class AppConnection {
  readonly id = nextAppId++;
  authenticated = false;
  tags = new Set<string>();
  verbs = new Set<string>();
  closed = false;
  private decoder: FrameDecoder;

  constructor(
    private readonly socket: Socket,
    maxFrame: number,
    onPayload: (app: AppConnection, payload: string) => void,
    onClose: (app: AppConnection, reason: string) => void,
  ) {
    this.decoder = new FrameDecoder(maxFrame);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30000);
    socket.on('data', (chunk: Buffer) => {
      let payloads: string[];
      try {
        payloads = this.decoder.push(chunk);
      } catch (err) {
        this.close();
        onClose(this, err instanceof Error ? err.message : String(err));
        return;
      }
      for (const p of payloads) {
        if (this.closed) return;
        onPayload(this, p);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (!this.closed) {
        this.closed = true;
        onClose(this, 'connection closed');
      }
    });
  }

  get remote(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  /** Sends one frame; token 0 is a fresh message id. */
  send(leader: string, sip?: string): void {
    if (this.closed) return;
    const payload = `${randomUUID()}|${leader}${sip === undefined ? '' : `\r\n${sip}`}`;
    this.socket.write(encodeFrame(payload));
  }

  /** Answers an API request with `response|<id>|…`. */
  respond(msgId: string, rest: string, sip?: string): void {
    this.send(`response|${msgId}|${rest}`, sip);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }
}
