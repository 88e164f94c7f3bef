// One call from answer to teardown, and the two things every capability of a call shares:
// its phase (phase-machine.ts) and its failure domain. Every piece of the call's async work —
// answer, IVR, queue, offers, bridge, hold, announcements, ACD and media callbacks — runs
// through guard(): an error is logged with the call id and the SIP Call-IDs and ends this call
// (BYE, media freed, record closed with the reason), and never reaches the process. The jobs
// themselves live one per file next to this one; this class holds the state they share.
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { Destination } from '../../db/index.js';
import type { AnnounceEvent, OfferEvent, OverflowEvent, QueueFact } from '../../acd/index.js';
import type { PromptHandle } from '../../../media/index.js';
import type { MediaCallPort, PromptSource } from '../../ivr/index.js';
import { announce } from './announcements.js';
import type { CallCenterDeps } from './call-deps.js';
import type { CallRecord, Disposition, HangupSide } from './call-record.js';
import { cancelOffer, offer } from './offers.js';
import { PhaseMachine, type CallPhase, type CallPhaseEvent } from './phase-machine.js';
import { overflow } from './queueing.js';
import { route } from './routing.js';
import { endCall } from './teardown.js';
import type { Conference } from './conference/conference.js';
import type { Consult } from './transfer/consult.js';
import type { CallHold } from './hold.js';

export class Call {
  readonly log: Logger;
  readonly phase: PhaseMachine;
  /** The caller's dialog (set at answer) and the connected agent's. */
  uas?: Srf.Dialog;
  /** The caller's INVITE until it is answered: a call that fails before then is answered 500. */
  invite?: Srf.SrfResponse;
  agentDialog?: Srf.Dialog;
  agentId?: string;
  agentLegId?: string;
  callerLegId?: string;
  port?: MediaCallPort;
  music?: PromptHandle;
  announcing?: PromptHandle;
  /** Agents being rung for this call; a cancelled offer's late answer is hung up. */
  readonly offers = new Map<string, AbortController>();
  /** What the caller hears while waiting or held: the queue's music or the default. */
  holdMusic: PromptSource;
  /** IVR variables (set, gather) for the record and the agent's screen-pop. */
  variables: Record<string, string>;
  /** How the call left its queue, as the ACD reported it (for the disposition). */
  queueOutcome?: QueueFact & { kind: 'left' };
  /** Runs when the call has ended and its record is closed (the app forgets it). */
  readonly cleanups: (() => void)[] = [];
  ending?: Promise<void>;
  /** Agent dialogs the call let go of (a transfer): their end is not the call's. */
  readonly released = new WeakSet<Srf.Dialog>();
  /** The call's conference once a party is being added (calls/conference); it outlives the agent who began it. */
  conference?: Conference;
  /** Hold by re-INVITE between caller and agent (hold.ts); released when the media moves to a mixer. */
  hold?: CallHold;
  /** Its media call was handed to another call's conference (an attended transfer): teardown leaves it. */
  mediaHandedOver = false;
  /** The consult in progress (calls/transfer/consult.ts): the caller held, a target rung or talking to the agent. */
  consult?: Consult;

  constructor(readonly deps: CallCenterDeps, readonly record: CallRecord, readonly caller: { number: string; webrtc: boolean; sipCallId: string }) {
    this.log = deps.logger.child({ callId: record.id, sipCallId: caller.sipCallId });
    this.holdMusic = deps.defaultMusic;
    this.variables = { caller: caller.number };
    // Work that finishes after the call ended (the IVR run of a caller who hung up) is the
    // expected race, not a fault: only a refusal in a live phase is worth a warning.
    this.phase = new PhaseMachine((phase, event) => {
      if (phase === 'ended') this.log.debug({ event: event.type }, 'event after the call ended ignored');
      else this.log.warn({ phase, event: event.type }, 'call phase change refused');
    });
  }

  get id(): string {
    return this.record.id;
  }

  is(...phases: CallPhase[]): boolean {
    return phases.includes(this.phase.phase);
  }

  fire(event: CallPhaseEvent): boolean {
    return this.phase.fire(event);
  }

  /**
   * Runs one piece of this call's work. Whatever it throws is logged with the call's ids and
   * ends this call as failed; the returned promise never rejects, so callers may drop it.
   */
  async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.log.error({ err: err instanceof Error ? err.stack : String(err), step: what, agentSipCallId: this.agentDialog?.sip.callId }, 'call step failed; ending the call');
      await this.end('system', `internal error in ${what}: ${err instanceof Error ? err.message : String(err)}`, 'failed');
    }
  }

  /** guard() for event handlers that cannot wait. */
  spawn(what: string, work: () => Promise<void>): void {
    void this.guard(what, work);
  }

  // ---- what the app and the ACD tell the call (each runs under the guard) ----

  route(destination: Destination): Promise<void> {
    return this.guard('routing', () => route(this, destination));
  }

  onOffer(e: OfferEvent): void {
    this.spawn('offer', () => offer(this, e));
  }

  onOfferCancelled(agentId: string): void {
    cancelOffer(this, agentId);
  }

  onOverflow(e: OverflowEvent): void {
    this.spawn('overflow', () => overflow(this, e.destination, e.reason));
  }

  onAnnounce(e: AnnounceEvent): void {
    this.spawn('announcement', () => announce(this, e));
  }

  onQueueFact(fact: QueueFact): void {
    if (fact.kind === 'left') this.queueOutcome = fact;
    void this.record.queueFact(fact);
  }

  /** Ends the call once, from whichever side (teardown.ts). Never rejects. */
  end(side: HangupSide, cause: string, disposition?: Disposition): Promise<void> {
    this.ending ??= endCall(this, side, cause, disposition).catch((err: unknown) => {
      this.log.error({ err: err instanceof Error ? err.stack : String(err) }, 'call teardown failed');
    });
    return this.ending;
  }
}
