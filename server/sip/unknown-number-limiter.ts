// Bounds what an INVITE flood to numbers we do not serve costs. Rule, per source address and
// per minute (fixed windows, one timer for all): the first `recordPerMinute` (default 10)
// unknown-number attempts are recorded as call records as before; beyond that, attempts are
// answered the same 404 but only counted, and when the minute ends one warn line per source
// says how many were not recorded:
//   {"level":40,...,"security":"sip","ip":"192.0.2.7","reason":"unknown-number-flood","unrecorded":1990,"lastTo":"+1555…","msg":"sip security event"}
// The line has the guard's `security`/`ip` shape, so the fail2ban filter of the security guard
// bans a source that floods for a minute. The call path asks attempt() before writing the record.
import type { Logger } from 'pino';

export interface UnknownNumberLimiterOptions {
  logger: Logger;
  /** Attempts per source per minute that still get a call record (default 10). */
  recordPerMinute?: number;
  /** Window length in ms (default 60 000; tests use shorter ones). */
  windowMs?: number;
}

/** Bound on tracked sources per window, so a spoofed-source flood can not grow memory without end. */
const maxSources = 100_000;

export class UnknownNumberLimiter {
  private counts = new Map<string, { attempts: number; lastTo: string }>();
  private readonly recordPerMinute: number;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly opts: UnknownNumberLimiterOptions) {
    this.recordPerMinute = opts.recordPerMinute ?? 10;
    this.timer = setInterval(() => this.flush(), opts.windowMs ?? 60_000);
    this.timer.unref();
  }

  /** 'record': write the attempt's call record; 'count': answer 404 but write nothing. */
  attempt(sourceAddress: string, to: string): 'record' | 'count' {
    let entry = this.counts.get(sourceAddress);
    if (!entry) {
      // Past the bound every new source is only counted in the aggregate of the overflow key.
      const key = this.counts.size >= maxSources ? '*' : sourceAddress;
      entry = this.counts.get(key) ?? { attempts: 0, lastTo: to };
      this.counts.set(key, entry);
    }
    entry.attempts += 1;
    entry.lastTo = to.slice(0, 64);
    return entry.attempts <= this.recordPerMinute ? 'record' : 'count';
  }

  /** Ends the window: one line per source that went over, then every count starts again. */
  flush(): void {
    const ended = this.counts;
    this.counts = new Map();
    for (const [ip, { attempts, lastTo }] of ended) {
      if (attempts <= this.recordPerMinute) continue;
      this.opts.logger.warn({ security: 'sip', ip, user: '', reason: 'unknown-number-flood', unrecorded: attempts - this.recordPerMinute, lastTo }, 'sip security event');
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
