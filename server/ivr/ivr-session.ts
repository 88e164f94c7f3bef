// IvrSession: runs one compiled flow for one call, node by node, against the CallMedia port
// (never SIP). It records the path (nodes, digits, results), stops cleanly when the caller
// hangs up — the digit wait, the prompt and every lookup in flight are released, no timer is
// left — and gives up after maxSteps nodes, so a flow that loops cannot hold a call forever.
//   const result = await new IvrSession({ flow, media: port, schedules, prompts, log }).run();
//   // result.outcome: { kind: 'queue', queue: 'sales' } | { kind: 'hangup', … } | …
import { systemClock, type Clock } from './clock.js';
import type { CallMedia, PlayingPrompt, PromptSource } from './call-media.js';
import { DigitQueue } from './digit-queue.js';
import type { IvrFlow } from './flow-schema.js';
import type { IvrOutcome, IvrResult, PathStep } from './ivr.types.js';
import { interpolate, type PromptRef } from './prompt-ref.js';
import { isScheduleOpen, type ScheduleSource } from '../db/schedule-hours.js';
import type { Next, VerbContext } from './verb.js';
import { defaultTargetPolicy } from './webhook/webhook-address.js';
import { webhookClient, type HookPoster, type HookRequest, type HookResponse } from './webhook/webhook-client.js';

/** Resolves a prompts-table id to something playable (the app reads the prompts repository). */
export type PromptResolver = (id: string) => Promise<PromptSource | undefined>;

/** The part of a pino logger the session uses. */
export interface IvrLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface IvrSessionOptions {
  flow: IvrFlow;
  media: CallMedia;
  clock?: Clock;
  schedules?: ScheduleSource;
  prompts?: PromptResolver;
  log?: IvrLogger;
  /** Nodes run before the loop guard ends the flow (default 200). */
  maxSteps?: number;
  /** Variables known at the start (e.g. the caller's number). */
  variables?: Record<string, string>;
  /** The caller's and the dialed number, for webhooks. */
  numbers?: { caller?: string; called?: string };
  /** Posts webhook requests; a client refusing private and link-local targets when absent. */
  webhooks?: HookPoster;
}

const strictWebhooks = webhookClient(defaultTargetPolicy);

/** Thrown inside a verb's awaits once the caller has gone; the session turns it into the outcome. */
export class CallEndedError extends Error {
  override name = 'CallEndedError';
}

const silent: IvrLogger = { warn: () => undefined, error: () => undefined };

export class IvrSession {
  readonly callId: string;
  private readonly variables: Map<string, string>;
  private readonly clock: Clock;
  private readonly log: IvrLogger;
  private readonly digits: DigitQueue;
  private readonly path: PathStep[] = [];
  private current: PathStep | null = null;
  private playing: PlayingPrompt | null = null;
  private ended = false;
  private started = false;
  private signalEnded!: () => void;
  /** Resolves when the call ends; raced against every await that could otherwise outlive it. */
  private readonly endedSignal = new Promise<void>((resolve) => (this.signalEnded = resolve));
  /** Aborts the webhook request in flight when the call ends. */
  private readonly hangupAbort = new AbortController();

  /** What verbs see of the session; run() is not part of it. */
  private readonly context: VerbContext;

  constructor(private readonly options: IvrSessionOptions) {
    this.callId = options.media.callId;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silent;
    this.digits = new DigitQueue(this.clock);
    this.variables = new Map(Object.entries(options.variables ?? {}));
    this.context = {
      callId: this.callId,
      variables: this.variables,
      numbers: options.numbers ?? {},
      play: (prompt, playOptions) => this.play(prompt, playOptions),
      readDigit: (timeoutMs) => this.readDigit(timeoutMs),
      flushDigits: () => this.digits.flush(),
      note: (entry) => this.note(entry),
      isOpen: (scheduleId) => this.isOpen(scheduleId),
      hasNode: (name) => options.flow.nodes.has(name),
      postHook: (request) => this.postHook(request),
      warn: (details, message) => this.log.warn({ callId: this.callId, node: this.current?.node, ...details }, message),
    };
  }

  /** Runs the flow to its outcome. A session runs once. */
  async run(): Promise<IvrResult> {
    if (this.started) throw new Error('an IvrSession runs once');
    this.started = true;
    const offDigit = this.options.media.onDigit((digit) => this.digits.push(digit));
    const offEnded = this.options.media.onEnded(() => this.endCall());
    let outcome: IvrOutcome;
    try {
      outcome = await this.walk();
    } finally {
      offDigit();
      offEnded();
      this.digits.close();
    }
    return { outcome, path: this.path, variables: Object.fromEntries(this.variables) };
  }

  private async walk(): Promise<IvrOutcome> {
    const { flow, maxSteps = 200 } = this.options;
    let id = flow.start;
    for (let steps = 0; ; steps++) {
      if (this.ended) return { kind: 'caller-hangup' };
      if (steps >= maxSteps) {
        this.log.warn({ callId: this.callId, node: id, steps }, 'IVR loop guard: too many steps');
        return { kind: 'error', reason: `loop guard: more than ${maxSteps} steps` };
      }
      const node = flow.nodes.get(id);
      if (!node) return { kind: 'error', reason: `no node ${id}` };
      this.current = { node: id, verb: node.verb, at: this.clock.now() };
      this.path.push(this.current);
      let next: Next;
      try {
        next = await node.step.run(this.context);
      } catch (err) {
        if (this.ended) return { kind: 'caller-hangup' };
        this.log.error({ callId: this.callId, node: id, err }, 'IVR verb failed');
        return { kind: 'error', reason: `${node.verb} at ${id} failed: ${err instanceof Error ? err.message : String(err)}` };
      }
      if ('end' in next) return next.end;
      id = next.goto;
    }
  }

  // ---- the VerbContext, as documented there ----

  private async play(prompt: PromptRef, options: { bargeIn?: boolean } = {}): Promise<'completed' | 'interrupted' | 'skipped'> {
    // Type-ahead: a digit already waiting answers the prompt before it starts.
    if (options.bargeIn && this.digits.size > 0) return 'interrupted';
    const handle = await this.startPrompt(prompt);
    if (!handle) return 'skipped';
    this.playing = handle;
    try {
      if (options.bargeIn && (await this.digits.waitAvailable(undefined, handle.done))) {
        this.throwIfEnded();
        await handle.stop();
        return 'interrupted';
      }
      if ((await this.guard(handle.done)) === 'call-ended') this.endCall();
      this.throwIfEnded();
      if (!options.bargeIn) this.digits.flush();
      return 'completed';
    } finally {
      this.playing = null;
    }
  }

  private async readDigit(timeoutMs: number): Promise<string | null> {
    const digit = await this.digits.next(timeoutMs);
    this.throwIfEnded();
    return digit;
  }

  private note(entry: { digits?: string; result?: string }): void {
    if (!this.current) return;
    if (entry.digits) this.current.digits = (this.current.digits ?? '') + entry.digits;
    if (entry.result) this.current.result = entry.result;
  }

  private async isOpen(scheduleId: string): Promise<boolean | undefined> {
    const source = this.options.schedules;
    if (!source) return undefined;
    try {
      const schedule = await this.guard(source(scheduleId));
      return schedule ? isScheduleOpen(schedule, this.clock.now()) : undefined;
    } catch (err) {
      if (err instanceof CallEndedError) throw err;
      this.log.warn({ callId: this.callId, scheduleId, err }, 'IVR schedule lookup failed');
      return undefined;
    }
  }

  private async postHook(request: HookRequest): Promise<HookResponse> {
    this.throwIfEnded();
    return this.guard((this.options.webhooks ?? strictWebhooks)(request, this.hangupAbort.signal));
  }

  // ---- internals ----

  /** Resolves and starts a prompt; null (logged) when it cannot be played but the call is still up. */
  private async startPrompt(prompt: PromptRef): Promise<PlayingPrompt | null> {
    this.throwIfEnded();
    let source: PromptSource | undefined;
    try {
      source = await this.guard(this.resolve(prompt));
    } catch (err) {
      return this.skip(err, prompt, 'IVR prompt lookup failed; skipped');
    }
    if (!source) return this.skip(undefined, prompt, 'IVR prompt not found; skipped');
    const starting = this.options.media.play(source);
    try {
      return await this.guard(starting);
    } catch (err) {
      // A prompt that starts after the caller left must not play on to nobody.
      if (this.ended) void starting.then((late) => late.stop()).catch(() => undefined);
      return this.skip(err, prompt, 'IVR prompt could not be played; skipped');
    }
  }

  private skip(err: unknown, prompt: PromptRef, message: string): null {
    this.throwIfEnded();
    this.log.warn({ callId: this.callId, prompt, ...(err === undefined ? {} : { err }) }, message);
    return null;
  }

  private async resolve(prompt: PromptRef): Promise<PromptSource | undefined> {
    if ('text' in prompt) {
      const text = interpolate(prompt.text, this.variables);
      const voice = prompt.voice ?? this.options.flow.voice;
      return voice !== undefined ? { text, voice } : { text };
    }
    if ('file' in prompt) return { file: prompt.file };
    return this.options.prompts?.(prompt.prompt_id);
  }

  private endCall(): void {
    if (this.ended) return;
    this.ended = true;
    this.digits.close();
    this.signalEnded();
    this.hangupAbort.abort();
    void this.playing?.stop().catch(() => undefined);
  }

  private throwIfEnded(): void {
    if (this.ended) throw new CallEndedError(`call ${this.callId} ended`);
  }

  private guard<T>(promise: Promise<T>): Promise<T> {
    const ended = this.endedSignal.then((): never => {
      throw new CallEndedError(`call ${this.callId} ended`);
    });
    return Promise.race([promise, ended]);
  }
}
