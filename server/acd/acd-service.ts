// The ACD: queues, agents and the offers between them, for one app process. Knows ids, a
// clock and the store, nothing of SIP or media. The SIP layer listens for `offer` (ring that
// agent), `offer-cancelled` (stop ringing), `overflow`, `announce` and `queue-fact` (when the
// call entered and left its queue, and how: the call's own record writes that into `calls`),
// and reports back with answered(), noAnswer(), callerHungUp() and agentHungUp().
//
// Every state change runs as one command on a Serial (timers and SIP callbacks included),
// records what happened in the store, then tells listeners; each command ends by offering
// waiting calls to free agents (dispatch). Live state is in memory; the store is the record
// that load() rebuilds agent state from after a restart.
import { EventEmitter } from 'node:events';
import { syncAgents, syncQueues } from './acd-config.js';
import { closed, invalidRequest, offerNotFound, unknownAgent, unknownCall, unknownQueue } from './acd-errors.js';
import { requireEnqueue, requireId, requireNoAnswerReason, requireReason } from './acd-input.js';
import type {
  AcdEvents, AcdSnapshot, EnqueueOutcome, EnqueueRequest, HungUpBy, NoAnswerReason, OfferEndReason, OverflowReason, TransferredFrom, WaitEstimate,
} from './acd-service.types.js';
import type { AcdStore, AgentConfig, QueueEventRecord } from './acd-store.types.js';
import { Agent, type AgentTransition } from './agent.js';
import type { AgentEvent, AgentState } from './agent-state.types.js';
import { systemClock, type Clock } from './clock.js';
import { KeyedTimers } from './keyed-timers.js';
import { effectivePriority, sumParts } from './priority.js';
import type { Queue } from './queue.js';
import type { WaitingCall } from './queue.types.js';
import type { Candidate } from './routing-strategy.types.js';
import { Serial } from './serial.js';
import { activeStep, describeStep, describeSteps, type ActiveStep } from './skill-steps.js';
import { snapshotOf } from './snapshot.js';
import { estimateWaitMs } from './wait-estimate.js';
import type { Destination } from '../db/index.js';

export interface AcdServiceOptions {
  store: AcdStore;
  clock?: Clock;
  /** For the random strategy. */
  random?: () => number;
  /** A timer step that failed (store down) is tried again after this long. */
  retryMs?: number;
}

interface Connected { agentId: string; queue: Queue; answeredAt: number; enteredAt: number; priority: number }
interface Offer { queue: Queue; call: WaitingCall }
/** How an offer ended: whether to tell the SIP layer to stop ringing, and whether it counts as no-answer. */
interface OfferEnd { cancel?: OfferEndReason; noAnswer?: string }

const ringKey = (callId: string) => `ring:${callId}`;
const waitKey = (callId: string) => `wait:${callId}`;
const wrapKey = (agentId: string) => `wrap:${agentId}`;
const announceKey = (callId: string) => `announce:${callId}`;
const stepKey = (callId: string) => `step:${callId}`;
const seconds = (ms: number) => Math.round(ms / 100) / 10;
/** The queue's average wait of answered calls; null before the first (a wait it cannot estimate). */
const averageAnswer = (queue: Queue) => (queue.stats.answered === 0 ? null : seconds(queue.stats.answeredWaitMs / queue.stats.answered));

export class AcdService extends EventEmitter<AcdEvents> {
  readonly #store: AcdStore;
  readonly #clock: Clock;
  readonly #random: (() => number) | undefined;
  readonly #retryMs: number;
  readonly #serial = new Serial();
  readonly #timers: KeyedTimers;
  readonly #agents = new Map<string, Agent>();
  readonly #queues = new Map<string, Queue>();
  /** Where each waiting call waits. */
  readonly #waitingIn = new Map<string, Queue>();
  readonly #connected = new Map<string, Connected>();
  /** Calls the ACD did not route that keep an agent busy: call id → agent id. */
  readonly #direct = new Map<string, string>();
  #seq = 0;
  #closed = false;
  readonly #startedAt: number;

  constructor(options: AcdServiceOptions) {
    super();
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random;
    this.#retryMs = options.retryMs ?? 5000;
    this.#timers = new KeyedTimers(this.#clock);
    this.#startedAt = this.#clock.now();
  }

  /**
   * Reads queues, agents and each agent's latest recorded state. States that cannot survive
   * a restart are resolved and recorded: ringing → available (the offer died), on-call →
   * wrap-up (the call died; the agent still gets wrap-up time); a wrap-up resumes its timer.
   * Calls the record still has waiting in a queue lost their caller with the process: no call
   * object is left to close them, so the store does (abandoned, reason `restart`).
   */
  async load(): Promise<void> {
    await this.#command(async () => {
      await this.#sync();
      await this.#closeOrphanedCalls();
      for (const agent of this.#agents.values()) {
        const { status } = agent.state;
        if (status === 'wrap-up' || status === 'on-call') agent.wrapUpEndsAt = (status === 'wrap-up' ? agent.since : this.#clock.now()) + this.#wrapUpMs(agent);
        if (status === 'ringing' || status === 'on-call') await this.#move(agent, { type: 'recover' });
        if (agent.state.status === 'wrap-up') this.#armWrapUp(agent, agent.state.callId, Math.max(0, (agent.wrapUpEndsAt ?? 0) - this.#clock.now()));
      }
    });
  }

  /**
   * Re-reads queue and agent configuration (after the API changed it; provisioning-reload.ts
   * calls it on the change feed), keeping live state: waiting callers, agents' states, counters.
   * Timers already running (a waiting caller's max wait and announcements) keep the value they
   * were armed with; the next caller gets the new one.
   */
  async reload(): Promise<void> {
    await this.#command(() => this.#sync());
  }

  /** Lets queued commands finish, then stops all timers and refuses further commands. Live calls are forgotten (the records stay). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#serial.idle();
    this.#timers.cancelAll();
  }

  /** Resolves once every queued command (including ones fired by timers) has run. */
  settled(): Promise<void> { return this.#serial.idle(); }

  // ---- calls (from the SIP layer) ----

  async enqueue(request: EnqueueRequest): Promise<EnqueueOutcome> {
    const { callId, queueId, callerNumber, priority, prioritySources, skillSteps, enteredAt } = requireEnqueue(request);
    return this.#command(async () => {
      // Created a moment ago, its change notification not heard yet: re-read before refusing.
      if (!this.#queues.has(queueId)) await this.#sync();
      const queue = this.#queues.get(queueId);
      if (!queue) throw unknownQueue(queueId);
      if (this.#knows(callId)) throw invalidRequest(`call ${callId} is already in the ACD`);
      const now = this.#clock.now();
      const refused = queue.isFull ? 'queue-full' : queue.config.whenNoAgents === 'overflow' && !this.#anyMemberLoggedIn(queue) ? 'no-agents' : undefined;
      if (refused) {
        const destination = queue.config.overflowDestination;
        queue.stats.overflowed += 1;
        await this.#record(queue.id, callId, 'overflowed', { data: { reason: refused, destination, waiting: queue.waiting.length } });
        this.emit('queue-fact', { kind: 'entered', callId, queueId, at: now });
        this.emit('queue-fact', { kind: 'left', callId, queueId, at: now, outcome: 'overflow', reason: refused });
        return { status: 'overflow', reason: refused, destination };
      }
      const parts = queue.priorityParts(callerNumber, prioritySources ?? {});
      const steps = skillSteps ?? queue.config.skillSteps;
      const call: WaitingCall = { callId, queueId, callerNumber, priority: priority ?? sumParts(parts), steps, enteredAt: Math.min(enteredAt ?? now, now), seq: this.#seq++, ringing: new Set() };
      // Recorded first: a call the store refuses (no such call record) is not queued at all.
      // Where the priority came from and the routing steps are on record, to explain the routing.
      await this.#record(queue.id, callId, 'entered', {
        data: {
          position: queue.positionFor(call), priority: call.priority, callerNumber,
          ...(priority === undefined && sumParts(parts) !== 0 ? { priorityParts: parts } : {}),
          ...(steps.length > 0 ? { steps: describeSteps(steps) } : {}),
        },
      });
      // A caller transferred back keeps its first entry on the record and is not a new arrival.
      if (enteredAt === undefined) queue.arrivals.add(now, call.priority);
      this.emit('queue-fact', { kind: 'entered', callId, queueId, at: call.enteredAt });
      const position = queue.add(call);
      this.#waitingIn.set(callId, queue);
      const maxWait = queue.config.maxWaitSeconds;
      if (maxWait !== null) this.#timers.set(waitKey(callId), maxWait * 1000, () => this.#background(waitKey(callId), () => this.#overflow(callId, 'max-wait')));
      this.#armAnnouncement(queue, callId);
      this.#armStep(call);
      return { status: 'queued', position, averageAnswerSeconds: averageAnswer(queue) };
    });
  }

  /** The agent answered. Throws offer-not-found if the offer already ended: hang that agent leg up. */
  async answered(callId: string, agentId: string): Promise<void> {
    requireId('callId', callId);
    requireId('agentId', agentId);
    return this.#command(async () => {
      const offer = this.#offerOf(callId, agentId);
      const { queue, call } = offer;
      await this.#move(this.#agent(agentId), { type: 'answer', callId });
      call.ringing.delete(agentId);
      for (const other of [...call.ringing]) await this.#endOffer(offer, this.#agent(other), { type: 'offer-withdrawn', callId }, { cancel: 'answered-elsewhere' });
      this.#leave(queue, callId);
      const now = this.#clock.now();
      queue.recordAnswered(agentId, now - call.enteredAt);
      this.#agent(agentId).answeredCalls += 1;
      this.#connected.set(callId, { agentId, queue, answeredAt: now, enteredAt: call.enteredAt, priority: call.priority });
      await this.#record(queue.id, callId, 'answered', { agentId, data: { waitSeconds: seconds(now - call.enteredAt) } });
      this.emit('queue-fact', { kind: 'left', callId, queueId: queue.id, at: now, outcome: 'answered', agentId });
    });
  }

  /**
   * The agent's phone declined or could not be reached before the ring timeout. `forwarded`
   * (the phone answered 3xx) is the phone's standing choice, not the agent's absence: the agent
   * stays available and only this call is not offered to them again.
   */
  async noAnswer(callId: string, agentId: string, reason: NoAnswerReason = 'rejected'): Promise<void> {
    requireId('callId', callId);
    requireId('agentId', agentId);
    const why = requireNoAnswerReason(reason);
    return this.#command(async () => {
      const offer = this.#offerOf(callId, agentId);
      if (why === 'forwarded') {
        (offer.call.forwardedBy ??= new Set()).add(agentId);
        return this.#endOffer(offer, this.#agent(agentId), { type: 'offer-withdrawn', callId }, { noAnswer: why });
      }
      await this.#endOffer(offer, this.#agent(agentId), { type: 'reject', callId, reason: why }, { noAnswer: why });
    });
  }

  /**
   * The agent is on a call the ACD did not route (dialled straight to the agent, or placed by
   * the agent): no queue call is offered until it ends (callerHungUp / agentHungUp / callEnded,
   * without wrap-up). A logged-out agent is not the ACD's to track: nothing changes. An agent
   * already on a call gets an IllegalTransitionError; one being rung gives that offer up.
   */
  async directCall(callId: string, agentId: string): Promise<AgentState> {
    requireId('callId', callId);
    requireId('agentId', agentId);
    return this.#command(async () => {
      const agent = await this.#agentOrResync(agentId);
      if (this.#knows(callId)) throw invalidRequest(`call ${callId} is already in the ACD`);
      if (agent.state.status === 'logged-out') return agent.state;
      await this.#agentEvent(agent, { type: 'direct-call', callId });
      this.#direct.set(callId, agentId);
      return agent.state;
    });
  }

  callerHungUp(callId: string): Promise<void> { return this.#callEnded(callId, 'caller'); }
  agentHungUp(callId: string): Promise<void> { return this.#callEnded(callId, 'agent'); }
  /** The app ended the call itself (an error, a shutdown). */
  callEnded(callId: string): Promise<void> { return this.#callEnded(callId, 'system'); }

  /**
   * The agent transferred the call away: the agent's part ends as a hangup (wrap-up as the
   * queue says), recorded as `transferred`, and the ACD forgets the call so the transfer may
   * queue it again. A queue call returns where it came from (entry time, priority), for a
   * transfer to a queue that keeps the caller's place; a direct call returns undefined.
   */
  async transferred(callId: string, data: Record<string, unknown>): Promise<TransferredFrom | undefined> {
    requireId('callId', callId);
    return this.#command(async () => {
      const connected = await this.#agentLeft(callId, (talkSeconds) => ({ event: 'transferred', data: { ...data, talkSeconds } }));
      return connected && { queueId: connected.queue.id, enteredAt: connected.enteredAt, priority: connected.priority };
    });
  }

  position(callId: string): number | undefined { return this.#waitingIn.get(callId)?.position(callId); }

  /** The waiting caller's position and estimated wait (for the announcement on entry); undefined once it is not waiting. */
  waitEstimate(callId: string): WaitEstimate | undefined {
    const queue = this.#waitingIn.get(callId);
    const call = queue?.waiting.find((w) => w.callId === callId);
    return queue && call ? this.#estimate(queue, call) : undefined;
  }

  // ---- agents (from the API / softphone) ----

  agentLogin(agentId: string): Promise<AgentState> { return this.#agentRequest(agentId, { type: 'login' }); }
  /** `reason` when the system logs the agent out (`unregistered`: their last phone registration went). */
  async agentLogout(agentId: string, reason?: string): Promise<AgentState> {
    return this.#agentRequest(agentId, reason === undefined ? { type: 'logout' } : { type: 'logout', reason: requireReason(reason, 'logout reason') });
  }
  agentReady(agentId: string): Promise<AgentState> { return this.#agentRequest(agentId, { type: 'go-ready' }); }
  async agentNotReady(agentId: string, reason: string): Promise<AgentState> {
    return this.#agentRequest(agentId, { type: 'go-not-ready', reason: requireReason(reason) });
  }

  agentState(agentId: string): AgentState { return this.#agent(requireId('agentId', agentId)).state; }

  snapshot(): AcdSnapshot {
    return snapshotOf(this.#clock.now(), this.#startedAt, [...this.#queues.values()], [...this.#agents.values()]);
  }

  // ---- internals ----

  async #closeOrphanedCalls(): Promise<void> {
    for (const { callId, queueId, enteredAt } of await this.#store.queuedCalls()) {
      const now = this.#clock.now();
      await this.#record(queueId, callId, 'abandoned', { data: { reason: 'restart', waitSeconds: seconds(now - enteredAt) } });
      await this.#store.closeRestartedCall(callId, now);
    }
  }

  async #sync(): Promise<void> {
    const [agents, queues, latest] = await Promise.all([this.#store.loadAgents(), this.#store.loadQueues(), this.#store.latestAgentStates()]);
    const warn = (message: string, queueId?: string) => this.emit('warning', { message, ...(queueId ? { queueId } : {}) });
    syncQueues(this.#queues, queues, this.#random, warn);
    syncAgents(this.#agents, agents, latest, (config, state, since) => this.#newAgent(config, state, since), this.#clock.now(), warn);
  }

  #newAgent(config: AgentConfig, state: AgentState, since: number): Agent {
    return new Agent(config, state, since, {
      persist: (agentId, s, at) => this.#store.appendAgentState(agentId, s, at),
      announce: (t: AgentTransition) => this.emit('agent-state', t),
      now: () => this.#clock.now(),
    });
  }

  /**
   * A command, then dispatch. A failed dispatch (store down) is reported, not thrown at the
   * command's caller, and tried again later: a waiting caller must not depend on some other
   * event coming along to be offered.
   */
  #command<T>(command: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(closed());
    return this.#serial.run(async () => {
      try {
        return await command();
      } finally {
        const started = performance.now();
        await this.#dispatch().then(() => this.emit('dispatched', { ms: performance.now() - started }), (error: unknown) => {
          this.emit('failure', { context: 'dispatch', error });
          if (!this.#closed) this.#timers.set('dispatch', this.#retryMs, () => this.#background('dispatch', async () => {}));
        });
      }
    });
  }

  /** A timer's command: if it fails (store down), report it and try again later so no agent or caller is left stuck. */
  #background(key: string, step: () => Promise<void>): void {
    this.#command(step).catch((error: unknown) => {
      if (this.#closed) return;
      this.emit('failure', { context: key, error });
      this.#timers.set(key, this.#retryMs, () => this.#background(key, step));
    });
  }

  #agent(agentId: string): Agent {
    const agent = this.#agents.get(agentId);
    if (!agent) throw unknownAgent(agentId);
    return agent;
  }

  /**
   * An agent the ACD does not know may have been created a moment ago, its change
   * notification (provisioning-reload.ts) not heard yet: re-read the configuration once before refusing.
   */
  async #agentOrResync(agentId: string): Promise<Agent> {
    if (!this.#agents.has(agentId)) await this.#sync();
    return this.#agent(agentId);
  }

  #offerOf(callId: string, agentId: string): Offer {
    const queue = this.#waitingIn.get(callId);
    const call = queue?.waiting.find((w) => w.callId === callId);
    if (!queue || !call?.ringing.has(agentId)) throw offerNotFound(callId, agentId);
    return { queue, call };
  }

  async #move(agent: Agent, event: AgentEvent): Promise<AgentTransition> {
    const t = await agent.apply(event);
    if (t.from.status === 'wrap-up' && t.to.status !== 'wrap-up') this.#timers.cancel(wrapKey(agent.id));
    return t;
  }

  async #record(queueId: string, callId: string, event: QueueEventRecord['event'], extra: { agentId?: string; data: Record<string, unknown> }): Promise<void> {
    const record: QueueEventRecord = { callId, queueId, event, ...extra, at: this.#clock.now() };
    await this.#store.addQueueEvent(record);
    this.emit('queue-event', record);
  }

  #knows(callId: string): boolean {
    return this.#waitingIn.has(callId) || this.#connected.has(callId) || this.#direct.has(callId);
  }

  async #agentRequest(agentId: string, event: AgentEvent): Promise<AgentState> {
    requireId('agentId', agentId);
    return this.#command(async () => {
      const agent = await this.#agentOrResync(agentId);
      await this.#agentEvent(agent, event);
      if (agent.state.status === 'logged-out') await this.#leaveWhenEmpty(agent);
      return agent.state;
    });
  }

  #anyMemberLoggedIn(queue: Queue): boolean {
    return queue.config.members.some((m) => (this.#agents.get(m.agentId)?.state.status ?? 'logged-out') !== 'logged-out');
  }

  /** The last member of a `whenNoAgents: overflow` queue logged out: its waiting callers leave. */
  async #leaveWhenEmpty(agent: Agent): Promise<void> {
    for (const queue of this.#queues.values()) {
      if (queue.config.whenNoAgents !== 'overflow' || !queue.config.members.some((m) => m.agentId === agent.id) || this.#anyMemberLoggedIn(queue)) continue;
      for (const call of [...queue.waiting]) await this.#overflow(call.callId, 'no-agents');
    }
  }

  /** An event from the agent's side; while rung, it ends that offer and the call goes to the next agent. */
  async #agentEvent(agent: Agent, event: AgentEvent): Promise<void> {
    const state = agent.state;
    const queue = state.status === 'ringing' ? this.#waitingIn.get(state.callId) : undefined;
    const call = state.status === 'ringing' ? queue?.waiting.find((w) => w.callId === state.callId) : undefined;
    if (queue && call) await this.#endOffer({ queue, call }, agent, event, { cancel: 'agent-unavailable', noAnswer: 'agent-unavailable' });
    else await this.#move(agent, event);
  }

  async #endOffer({ queue, call }: Offer, agent: Agent, event: AgentEvent, end: OfferEnd): Promise<void> {
    await this.#move(agent, event);
    call.ringing.delete(agent.id);
    if (call.ringing.size === 0) this.#timers.cancel(ringKey(call.callId));
    if (end.noAnswer) await this.#record(queue.id, call.callId, 'no-answer', { agentId: agent.id, data: { reason: end.noAnswer } });
    if (end.cancel) this.emit('offer-cancelled', { callId: call.callId, agentId: agent.id, reason: end.cancel });
  }

  #leave(queue: Queue, callId: string): void {
    queue.remove(callId);
    this.#waitingIn.delete(callId);
    this.#timers.cancel(ringKey(callId));
    this.#timers.cancel(waitKey(callId));
    this.#timers.cancel(announceKey(callId));
    this.#timers.cancel(stepKey(callId));
  }

  /** When the call's routing step ends, dispatch again: more agents may take it now. */
  #armStep(call: WaitingCall): void {
    const step = activeStep(call.steps ?? [], this.#clock.now() - call.enteredAt);
    if (step.endsAtMs === null) return;
    const { callId } = call;
    this.#timers.set(stepKey(callId), step.endsAtMs - (this.#clock.now() - call.enteredAt), () => this.#background(stepKey(callId), async () => {
      if (this.#waitingIn.has(callId)) this.#armStep(call);
    }));
  }

  #estimate(queue: Queue, call: WaitingCall): WaitEstimate {
    const now = this.#clock.now();
    const position = queue.position(call.callId) ?? 0;
    const step = activeStep(call.steps ?? [], now - call.enteredAt);
    const ms = estimateWaitMs({
      position, ...queue.staffing(this.#agents, step.require),
      ahtMs: queue.handleTimes.averageMs, higherArrivalsPerMs: queue.arrivals.higherThan(call.priority, now),
    });
    return { position, estimatedWaitSeconds: ms === null ? null : seconds(ms) };
  }

  /** Every announce interval while the call waits; skipped while an agent is being rung (the wait may be over any moment). */
  #armAnnouncement(queue: Queue, callId: string): void {
    const interval = queue.config.announceIntervalSeconds;
    if (!interval || interval <= 0) return;
    this.#timers.set(announceKey(callId), interval * 1000, () => this.#background(announceKey(callId), async () => {
      const call = queue.waiting.find((w) => w.callId === callId);
      if (!call) return;
      this.#armAnnouncement(queue, callId);
      if (call.ringing.size > 0) return;
      this.emit('announce', {
        callId, queueId: queue.id, promptId: queue.config.announcementPromptId, ...this.#estimate(queue, call),
        waitSeconds: seconds(this.#clock.now() - call.enteredAt), averageAnswerSeconds: averageAnswer(queue),
      });
    }));
  }

  /** Ends every offer of a call that is leaving the queue without an answer. */
  async #withdrawOffers(offer: Offer, reason: OfferEndReason): Promise<void> {
    for (const agentId of [...offer.call.ringing]) {
      await this.#endOffer(offer, this.#agent(agentId), { type: 'offer-withdrawn', callId: offer.call.callId }, { cancel: reason });
    }
  }

  async #callEnded(callId: string, side: HungUpBy): Promise<void> {
    requireId('callId', callId);
    return this.#command(async () => {
      const queue = this.#waitingIn.get(callId);
      const call = queue?.waiting.find((w) => w.callId === callId);
      if (queue && call) return this.#abandon({ queue, call });
      await this.#agentLeft(callId, (talkSeconds) => ({ event: 'completed', data: { talkSeconds, hungUpBy: side } }));
    });
  }

  /**
   * The agent's part of a connected call ends (a hangup, a transfer away): a direct call frees
   * the agent at once; a queue call goes to wrap-up as the queue says, counts to the handle
   * times and is logged as `log` says. Returns the queue call's entry, undefined for a direct one.
   */
  async #agentLeft(callId: string, log: (talkSeconds: number) => { event: 'completed' | 'transferred'; data: Record<string, unknown> }): Promise<Connected | undefined> {
    const directAgent = this.#direct.get(callId);
    if (directAgent !== undefined) {
      await this.#move(this.#agent(directAgent), { type: 'hangup', callId, wrapUp: false });
      this.#direct.delete(callId);
      return undefined;
    }
    const connected = this.#connected.get(callId);
    if (!connected) throw unknownCall(callId);
    const agent = this.#agent(connected.agentId);
    const wrapMs = this.#wrapUpMs(agent, connected.queue);
    agent.wrapUpEndsAt = wrapMs > 0 ? this.#clock.now() + wrapMs : undefined;
    await this.#move(agent, { type: 'hangup', callId, wrapUp: wrapMs > 0 });
    this.#connected.delete(callId);
    if (agent.state.status === 'wrap-up') this.#armWrapUp(agent, callId, wrapMs);
    connected.queue.handleTimes.add(this.#clock.now() - connected.answeredAt + wrapMs);
    const { event, data } = log(seconds(this.#clock.now() - connected.answeredAt));
    await this.#record(connected.queue.id, callId, event, { agentId: agent.id, data });
    return connected;
  }

  async #abandon(offer: Offer): Promise<void> {
    const { queue, call } = offer;
    const position = queue.position(call.callId);
    await this.#withdrawOffers(offer, 'caller-hung-up');
    this.#leave(queue, call.callId);
    queue.stats.abandoned += 1;
    const now = this.#clock.now();
    await this.#record(queue.id, call.callId, 'abandoned', { data: { waitSeconds: seconds(now - call.enteredAt), position } });
    this.emit('queue-fact', { kind: 'left', callId: call.callId, queueId: queue.id, at: now, outcome: 'abandoned' });
  }

  /**
   * A supervisor moves a waiting call to another queue or an agent: it leaves its queue as an
   * overflow (`moved`) to that destination, and the call goes there as overflows do. Throws
   * `unknown-call` when the call is not waiting (answered, gone, or being answered).
   */
  async moveWaiting(callId: string, destination: Destination): Promise<void> {
    return this.#command(async () => {
      if (!this.#waitingIn.get(callId)?.waiting.some((w) => w.callId === callId)) throw unknownCall(callId);
      await this.#overflow(callId, 'moved', destination);
    });
  }

  async #overflow(callId: string, reason: OverflowReason, to?: Destination): Promise<void> {
    const queue = this.#waitingIn.get(callId);
    const call = queue?.waiting.find((w) => w.callId === callId);
    if (!queue || !call) return;
    await this.#withdrawOffers({ queue, call }, 'overflow');
    this.#leave(queue, callId);
    queue.stats.overflowed += 1;
    const now = this.#clock.now();
    const destination = to ?? queue.config.overflowDestination;
    const waitSeconds = seconds(now - call.enteredAt);
    await this.#record(queue.id, callId, 'overflowed', { data: { reason, destination, waitSeconds } });
    this.emit('queue-fact', { kind: 'left', callId, queueId: queue.id, at: now, outcome: 'overflow', reason });
    this.emit('overflow', { callId, queueId: queue.id, reason, destination, waitSeconds });
  }

  async #ringTimeout(callId: string): Promise<void> {
    const queue = this.#waitingIn.get(callId);
    const call = queue?.waiting.find((w) => w.callId === callId);
    if (!queue || !call) return;
    for (const agentId of [...call.ringing]) {
      await this.#endOffer({ queue, call }, this.#agent(agentId), { type: 'ring-timeout', callId }, { cancel: 'ring-timeout', noAnswer: 'ring-timeout' });
    }
  }

  /** The agent's own wrap-up time, else the queue's (on restart, when the queue is unknown: the longest of its queues'). */
  #wrapUpMs(agent: Agent, queue?: Queue): number {
    if (agent.wrapUpSeconds > 0) return agent.wrapUpSeconds * 1000;
    const queues = queue ? [queue] : [...this.#queues.values()].filter((q) => q.config.members.some((m) => m.agentId === agent.id));
    return Math.max(0, ...queues.map((q) => q.config.wrapUpSeconds)) * 1000;
  }

  #armWrapUp(agent: Agent, callId: string, ms: number): void {
    this.#timers.set(wrapKey(agent.id), ms, () => this.#background(wrapKey(agent.id), async () => {
      if (agent.state.status === 'wrap-up' && agent.state.callId === callId) await this.#move(agent, { type: 'wrap-up-done', callId });
    }));
  }

  /**
   * Offers waiting calls, in service order across all queues (priority with aging at this
   * moment, then arrival), to the agents that the call's routing step admits, best skill
   * score first, as the queue's strategy picks among equals.
   */
  async #dispatch(): Promise<void> {
    let free = 0;
    for (const a of this.#agents.values()) if (a.state.status === 'available') free += 1;
    if (free === 0) return;
    const now = this.#clock.now();
    const unoffered = [...this.#queues.values()].flatMap((q) => q.waiting.filter((w) => w.ringing.size === 0)
      .map((call) => ({ queue: q, call, rank: effectivePriority(call, q.config.priorityAgingSeconds, now) })));
    unoffered.sort((a, b) => b.rank - a.rank || a.call.enteredAt - b.call.enteredAt || a.call.seq - b.call.seq);
    for (const offer of unoffered) {
      if (free === 0) return;
      const step = activeStep(offer.call.steps ?? [], now - offer.call.enteredAt);
      const candidates = offer.queue.candidates(this.#agents, step.require, offer.call.forwardedBy);
      if (candidates.length === 0) continue;
      const picked = offer.queue.strategy.pick(candidates, offer.call);
      free -= picked.length;
      await this.#offer(offer, picked, step);
    }
  }

  async #offer({ queue, call }: Offer, picked: Candidate[], step: ActiveStep): Promise<void> {
    const { callId } = call;
    const ringTimeoutSeconds = queue.config.ringTimeoutSeconds;
    // Armed first: whatever fails below, a ringing agent is released by this timer.
    this.#timers.set(ringKey(callId), ringTimeoutSeconds * 1000, () => this.#background(ringKey(callId), () => this.#ringTimeout(callId)));
    for (const candidate of picked) {
      const agent = this.#agent(candidate.agentId);
      await this.#move(agent, { type: 'offer', callId });
      call.ringing.add(agent.id);
      // Which routing step matched this agent, and how well: the explanation of the offer.
      const skills = (call.steps ?? []).length === 0 ? {} : { step: step.number, require: describeStep(step.require), skillScore: candidate.skillScore };
      await this.#record(queue.id, callId, 'offered', { agentId: agent.id, data: { ringTimeoutSeconds, ...skills } });
      const waitSeconds = seconds(this.#clock.now() - call.enteredAt);
      this.emit('offer', { callId, queueId: queue.id, agentId: agent.id, callerNumber: call.callerNumber, ringTimeoutSeconds, waitSeconds });
    }
  }
}
