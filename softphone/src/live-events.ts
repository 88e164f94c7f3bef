// The page's end of /api/events: one WebSocket to the same origin, authenticated by its first
// message, that keeps the id of the last event seen and sends it again when it reconnects, so
// nothing is missed across a network blip or a server restart. Reconnects with backoff; a
// 4401 (session ended) is the page's to handle, not retried.
export interface LiveEvent {
  id: number;
  type: string;
  agent_id: string | null;
  call_id: string | null;
  queue_id: string | null;
  data: Record<string, unknown>;
  at: string;
}

export interface LiveEventHandlers {
  event(e: LiveEvent): void;
  /** Connected (after `ready`) or not; on each (re)connect the page may refetch what it shows. */
  connected(up: boolean): void;
  unauthorized(): void;
}

const BACKOFF_MS = [500, 1000, 2000, 5000, 10000];

export class LiveEvents {
  private ws: WebSocket | null = null;
  private cursor: number | null = null;
  private attempt = 0;
  private timer: number | undefined;
  private stopped = false;

  constructor(private readonly token: () => string | null, private readonly handlers: LiveEventHandlers) {}

  /** The id of the last event seen (the resume cursor), for the page's test hook. */
  get lastId(): number | null {
    return this.cursor;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.ws?.close(1000, 'signed out');
    this.ws = null;
  }

  private connect(): void {
    const token = this.token();
    if (!token || this.stopped) return;
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events`);
    this.ws = ws;
    ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'auth', token, ...(this.cursor !== null ? { cursor: this.cursor } : {}) })));
    ws.addEventListener('message', (m) => this.onMessage(String(m.data)));
    ws.addEventListener('close', (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.handlers.connected(false);
      if (e.code === 4401) return this.handlers.unauthorized();
      if (this.stopped) return;
      const delay = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)] ?? 10000;
      this.timer = window.setTimeout(() => this.connect(), delay);
    });
  }

  private onMessage(text: string): void {
    let msg: { type?: string; cursor?: number; event?: LiveEvent };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (msg.type === 'ready') {
      this.attempt = 0;
      if (this.cursor === null && typeof msg.cursor === 'number') this.cursor = msg.cursor;
      this.handlers.connected(true);
    } else if (msg.type === 'event' && msg.event && typeof msg.event.id === 'number') {
      this.cursor = Math.max(this.cursor ?? 0, msg.event.id);
      this.handlers.event(msg.event);
    }
  }
}
