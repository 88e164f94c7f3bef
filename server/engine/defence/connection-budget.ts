// Connection slots, taken at accept (before any TLS handshake or WebSocket upgrade) and given
// back when the socket closes: at most `perIp` from one address and `total` overall, so a
// connection flood can neither exhaust file descriptors (the HTTP server needs some) nor hold
// memory in half-open handshakes.
import { readFileSync } from 'node:fs';
import { normalizeAddress } from './source-address.js';

export type Admission = 'ok' | 'per-ip' | 'total';

export class ConnectionBudget {
  private perAddress = new Map<string, number>();
  private open = 0;

  constructor(private readonly perIp: number, private readonly total: number) {}

  acquire(address: string): Admission {
    const a = normalizeAddress(address);
    if (this.open >= this.total) return 'total';
    const n = this.perAddress.get(a) ?? 0;
    if (n >= this.perIp) return 'per-ip';
    this.perAddress.set(a, n + 1);
    this.open++;
    return 'ok';
  }

  release(address: string): void {
    const a = normalizeAddress(address);
    const n = this.perAddress.get(a);
    if (n === undefined) return;
    this.open--;
    if (n <= 1) this.perAddress.delete(a);
    else this.perAddress.set(a, n - 1);
  }

  get size(): number {
    return this.open;
  }
}

/**
 * Default global budget: 10,000 connections, or fewer when the process's file-descriptor
 * limit (Linux /proc/self/limits) leaves less than that after a reserve of 1,024 for HTTP,
 * the database, media and logs.
 */
export function defaultMaxConnections(): number {
  const cap = 10_000;
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    const soft = m ? Number(m[1]) : Infinity;
    return Math.max(64, Math.min(cap, soft - 1024));
  } catch {
    return cap;
  }
}
