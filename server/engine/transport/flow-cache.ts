// The registration flow cache (drachtio's ua-invalid): when an app answers 200 to a REGISTER
// (or SUBSCRIBE) that came over a connection, `user@host` of the request's first Contact maps
// to that connection until the expiry the app granted. Requests to that user@host — WebRTC
// phones with `*.invalid` contacts above all — then ride the same connection.
import type { Connection } from './transport.types.js';

interface Flow {
  connection: Connection;
  expires: number;
}

export class FlowCache {
  private flows = new Map<string, Flow>();

  static key(user: string | undefined, host: string): string {
    return `${user ?? ''}@${host.toLowerCase()}`;
  }

  set(key: string, connection: Connection, seconds: number): void {
    if (seconds <= 0) this.flows.delete(key);
    else this.flows.set(key, { connection, expires: Date.now() + seconds * 1000 });
  }

  /** The live connection for user@host, if its entry has not expired or closed. */
  get(key: string): Connection | undefined {
    const f = this.flows.get(key);
    if (!f) return undefined;
    if (f.connection.closed || f.expires < Date.now()) {
      this.flows.delete(key);
      return undefined;
    }
    return f.connection;
  }

  /** True while the connection carries a registration: idle timeouts spare it. */
  holds(connection: Connection): boolean {
    for (const f of this.flows.values()) if (f.connection === connection && f.expires > Date.now()) return true;
    return false;
  }

  dropConnection(connection: Connection): void {
    for (const [k, f] of this.flows) if (f.connection === connection) this.flows.delete(k);
  }

  get size(): number {
    return this.flows.size;
  }
}
