// One registration trunk's binding at its carrier: drives the state machine
// (registration-state-machine.ts) with the outcomes of REGISTERs, and runs what each state
// needs on entry — a REGISTER (registering, refreshing), the refresh timer before the granted
// lifetime ends (registered), the backoff timer (failed: base, doubling, capped), the
// un-REGISTER with expires 0 (unregistering). Every transition is logged, with the trunk and
// the carrier's status and reason; the password never is.
import { randomBytes } from 'node:crypto';
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import { nextRegistrationState, type RegistrationEvent, type RegistrationState } from './registration-state-machine.js';
import { sendRegister, type RegisterDialog, type RegisterOutcome, type RegisterTarget } from './register-request.js';

export interface RegistrationTimers {
  /** First retry after a failure, in ms; doubled on each further failure. */
  retryBaseMs: number;
  /** Longest wait between retries, in ms. */
  retryMaxMs: number;
  /** How long a REGISTER may wait for its final answer, in ms. */
  requestTimeoutMs: number;
}

export const defaultRegistrationTimers: RegistrationTimers = { retryBaseMs: 2_000, retryMaxMs: 300_000, requestTimeoutMs: 10_000 };

/** What the API shows of a registration. */
export interface RegistrationStatus {
  state: RegistrationState;
  last_status: number | null;
  last_reason: string | null;
  /** When the carrier's binding ends (ISO time), while registered. */
  expires_at: string | null;
  /** When the next REGISTER goes out (refresh or retry), if one is planned. */
  next_attempt_at: string | null;
  /** Failures in a row since the last success. */
  failures: number;
  /** The lifetime we ask for (register_expiry_seconds, raised by a 423's Min-Expires). */
  requested_expires: number;
  /** The user part of our registered Contact: the carrier sends the trunk's calls to it. */
  contact_user: string;
  changed_at: string;
}

export interface TransitionRecord { trunkId: string; from: RegistrationState; to: RegistrationState; event: RegistrationEvent['type']; status: number | null; reason: string | null }

/** Refresh well before the end: half-way for short lifetimes, a minute early for long ones. */
export const refreshAfterSec = (granted: number) => (granted > 120 ? granted - 60 : Math.max(1, granted / 2));

/** Events that carry the carrier's answer (its status is logged with them). */
const answers = new Set<RegistrationEvent['type']>(['registered', 'too-brief', 'failed', 'unregistered']);
const newCallId = () => `${randomBytes(12).toString('hex')}@switchboard`;

export class TrunkRegistration {
  private state: RegistrationState = 'unregistered';
  private readonly dialog: RegisterDialog = { callId: newCallId(), cseq: 1 };
  private timer: NodeJS.Timeout | undefined;
  private expiresSec: number;
  private failures = 0;
  private lastStatus: number | null = null;
  private lastReason: string | null = null;
  private expiresAt: number | null = null;
  private nextAttemptAt: number | null = null;
  private changedAt = Date.now();
  private finished: (() => void) | undefined;
  private readonly done = new Promise<void>((resolve) => { this.finished = resolve; });

  constructor(
    readonly trunkId: string,
    private readonly target: RegisterTarget,
    expiresSec: number,
    private readonly deps: { srf: Srf; logger: Logger; timers: RegistrationTimers; onTransition?: (t: TransitionRecord) => void },
  ) {
    this.expiresSec = expiresSec;
  }

  start(): void { this.fire({ type: 'start' }); }

  /** Un-REGISTERs (expires 0) and resolves once the carrier answered or the attempt gave up. */
  async stop(): Promise<void> {
    if (this.state === 'unregistered') return;
    // A second stop waits for the un-REGISTER already on its way.
    if (this.state !== 'unregistering') this.fire({ type: 'stop' });
    await this.done;
  }

  status(): RegistrationStatus {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      state: this.state, last_status: this.lastStatus, last_reason: this.lastReason,
      expires_at: iso(this.expiresAt), next_attempt_at: iso(this.nextAttemptAt), failures: this.failures,
      requested_expires: this.expiresSec, contact_user: /^sip:([^@]+)@/.exec(this.target.contact)?.[1] ?? '', changed_at: iso(this.changedAt) ?? '',
    };
  }

  private fire(event: RegistrationEvent): void {
    const from = this.state;
    const to = nextRegistrationState(from, event);
    this.state = to;
    this.changedAt = Date.now();
    if (event.type === 'registered') { this.failures = 0; this.expiresAt = Date.now() + event.expiresSec * 1000; }
    if (event.type === 'failed') { this.failures += 1; this.expiresAt = null; }
    const status = answers.has(event.type) ? this.lastStatus : null;
    const reason = event.type === 'failed' ? event.reason : event.type === 'too-brief' ? `Interval Too Brief, Min-Expires ${event.minExpiresSec}` : null;
    const log = { trunkId: this.trunkId, registrar: this.target.registrarUri, from, to, event: event.type, status, reason, failures: this.failures };
    if (event.type === 'failed') this.deps.logger.warn(log, 'trunk registration failed');
    else this.deps.logger.info(log, `trunk registration ${from} -> ${to}`);
    this.deps.onTransition?.({ trunkId: this.trunkId, from, to, event: event.type, status, reason });
    this.enter(to, event);
  }

  private enter(state: RegistrationState, event: RegistrationEvent): void {
    this.clearTimer();
    if (state === 'registering' || state === 'refreshing') {
      if (event.type === 'too-brief') this.expiresSec = event.minExpiresSec;
      this.attempt(this.expiresSec);
    } else if (state === 'registered' && event.type === 'registered') {
      this.arm(refreshAfterSec(event.expiresSec) * 1000, { type: 'refresh-due' });
    } else if (state === 'failed') {
      this.arm(Math.min(this.deps.timers.retryMaxMs, this.deps.timers.retryBaseMs * 2 ** (this.failures - 1)), { type: 'retry-due' });
    } else if (state === 'unregistering' && event.type === 'stop') {
      this.attempt(0);
    } else if (state === 'unregistered') {
      this.expiresAt = null;
      this.finished?.();
    }
  }

  private arm(ms: number, event: RegistrationEvent): void {
    this.nextAttemptAt = Date.now() + ms;
    this.timer = setTimeout(() => this.safely(() => this.fire(event)), ms);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAttemptAt = null;
  }

  private attempt(expiresSec: number): void {
    const sentIn = this.state;
    this.dialog.cseq += 1;
    sendRegister(this.deps.srf, this.target, this.dialog, expiresSec, this.deps.timers.requestTimeoutMs)
      .then((outcome) => this.safely(() => this.settle(sentIn, outcome)))
      .catch((err: unknown) => this.deps.logger.error({ trunkId: this.trunkId, err: String(err) }, 'trunk REGISTER failed unexpectedly'));
  }

  /** The answer to a REGISTER sent in `sentIn`; an answer that arrives after a stop is only noted. */
  private settle(sentIn: RegistrationState, o: RegisterOutcome): void {
    this.lastStatus = o.status;
    this.lastReason = o.kind === 'failed' ? o.reason : o.kind === 'too-brief' ? `Interval Too Brief, Min-Expires ${o.minExpiresSec}` : 'OK';
    // An unanswered REGISTER is still retransmitted by the engine for a while; the next one
    // goes in a new Call-ID so the carrier never mixes the stale copies into the new exchange.
    if (o.kind === 'failed' && o.status === null) { this.dialog.callId = newCallId(); this.dialog.cseq = 1; }
    if (this.state === 'unregistering') {
      if (sentIn === 'unregistering') this.fire({ type: 'unregistered' });
      return;
    }
    if (this.state !== sentIn) return;
    if (o.kind === 'ok') this.fire({ type: 'registered', expiresSec: o.expiresSec });
    else if (o.kind === 'too-brief') this.fire({ type: 'too-brief', minExpiresSec: o.minExpiresSec });
    else this.fire({ type: 'failed', status: o.status, reason: o.reason });
  }

  /** A bug in a timer or an answer handler is logged, never thrown into the process. */
  private safely(fn: () => void): void {
    try { fn(); } catch (err) {
      this.deps.logger.error({ trunkId: this.trunkId, err: err instanceof Error ? err.message : String(err), state: this.state }, 'trunk registration error');
    }
  }
}
