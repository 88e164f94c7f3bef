// Consult (attended) transfer of a connected call, done by the center so that it is the same
// for browser and desk-phone agents. The caller is held at once — moved into the call's mixer
// (no re-INVITE to either phone) where a looped source plays the queue's music to them — and
// the target rings as a conference party would. Then the agent completes (caller and target
// talk; the agent leaves as `transferred` and wraps up), cancels (the target is hung up; back
// to the caller), or makes it a conference (everyone hears everyone). The agent hanging up is
// completing, as in Asterisk; completing while the target still rings puts the caller through
// when it answers. A target that does not answer brings the agent back to the caller. Each
// step is a matrix change on the same mixer (../conference/conference.ts); the phase table is
// consult-phase.ts.
import { mixes } from '../../../../media/index.js';
import type { Call } from '../call.js';
import { Conference, type MixShape } from '../conference/conference.js';
import { CallControlError } from '../call-control-error.js';
import { defaultConferenceSettings, type ConferencePartyView, type ConferenceTarget } from '../conference/conference.types.js';
import { nextConsultPhase, type ConsultEvent, type ConsultPhase } from './consult-phase.js';
import type { ConsultView } from './transfer.types.js';

const MUSIC = 'hold-music';
/** What the agent hears while the target rings. */
const RINGBACK = 'consult-ringback';

export class Consult {
  #phase: ConsultPhase = 'ringing';
  private targetJoined = false;
  /** A ringback source is in the mixer for the agent while the target rings. */
  private ringback = false;
  private unlisten: () => void = () => undefined;

  private constructor(private readonly call: Call, private readonly conference: Conference, private readonly target: ConferencePartyView, private readonly byAgentId: string | null) {}

  /** Holds the caller, rings the target. A bad target is refused before anything moves. */
  static async start(call: Call, target: ConferenceTarget, byAgentId: string | null): Promise<Consult> {
    if (!call.is('connected', 'conference')) throw new CallControlError(409, 'call is not connected');
    if (call.consult) throw new CallControlError(409, 'a consult is in progress already: complete or cancel it first');
    const existing = call.conference;
    if (existing && (existing.phase !== 'mixing' || existing.addedParties.length > 0)) throw new CallControlError(409, 'this call has a conference: a consult is made from a two-party call');
    if (!call.agentId) throw new CallControlError(409, 'the call has no connected agent');
    const music = await call.deps.media.promptPcm(call.holdMusic);
    const ringback = call.deps.ringback ? await call.deps.media.promptPcm(call.deps.ringback) : undefined;
    const conference = existing ?? new Conference(call, call.deps.conferenceSettings ?? defaultConferenceSettings);
    call.conference = conference;
    let party: ConferencePartyView;
    try {
      party = await conference.add(target, byAgentId ?? call.agentId);
    } catch (err) {
      if (!existing) call.conference = undefined;
      throw err;
    }
    const consult = new Consult(call, conference, party, byAgentId);
    call.consult = consult;
    consult.listen();
    await conference.mixNow();
    conference.addSource(MUSIC, music);
    if (ringback) conference.addSource(RINGBACK, ringback);
    consult.ringback = !!ringback;
    conference.setShape(consult.shape);
    call.log.info({ target, by: byAgentId }, 'consult: caller held, target ringing');
    return consult;
  }

  get phase(): ConsultPhase {
    return this.#phase;
  }

  view(): ConsultView {
    return { call_id: this.call.id, state: this.#phase, target: this.conference.view().parties.find((p) => p.party_id === this.target.party_id) ?? this.target };
  }

  /** Caller and target talk; the agent leaves (wrap-up as the queue says). */
  async complete(): Promise<ConsultView> {
    // The agent leaves before the mix changes, so the caller never hears the agent and target together.
    this.check({ type: 'complete' }, 'the consult cannot be completed now');
    await this.handOver();
    this.fire({ type: 'complete' });
    return this.view();
  }

  /** Back to the caller: the target is hung up (or stops ringing). */
  async cancel(): Promise<ConsultView> {
    this.act({ type: 'cancel' }, 'the consult cannot be cancelled now');
    await this.conference.remove(this.target.party_id).catch((err: unknown) => {
      if (!(err instanceof CallControlError)) throw err;
    });
    return this.view();
  }

  /** Everyone hears everyone: the call's conference goes on from here. */
  conferenceAll(): ConsultView {
    this.act({ type: 'conference' }, 'only a consult whose target answered becomes a conference');
    return this.view();
  }

  private listen(): void {
    const { conference } = this;
    const mine = (p: ConferencePartyView): boolean => p.party_id === this.target.party_id;
    const joined = (p: ConferencePartyView): void => {
      if (!mine(p)) return;
      this.targetJoined = true;
      this.fire({ type: 'answered' });
    };
    const failed = (p: ConferencePartyView & { reason: string }): void => {
      if (mine(p)) this.fire({ type: 'failed', reason: p.reason });
    };
    const left = (p: ConferencePartyView & { reason: string }): void => {
      if (mine(p)) this.fire({ type: 'target-left' });
      else if (p.party_id === conference.callerPartyId) this.fire({ type: 'caller-left' });
      else if (p.party_id === conference.agentPartyId && p.reason !== 'transferred') this.agentLeft();
    };
    const ended = (): void => void this.fire({ type: 'caller-left' });
    conference.on('party-joined', joined);
    conference.on('party-failed', failed);
    conference.on('party-left', left);
    conference.on('ended', ended);
    // A call may be consulted on many times: each consult's listeners go with it.
    this.unlisten = () => {
      conference.off('party-joined', joined);
      conference.off('party-failed', failed);
      conference.off('party-left', left);
      conference.off('ended', ended);
    };
  }

  /** The agent hung up during the consult: they meant to complete (their leg is already gone). */
  private agentLeft(): void {
    if (!this.fire({ type: 'agent-left' })) return;
    this.call.spawn('consult hand-over', () => this.handOver());
  }

  private async handOver(): Promise<void> {
    const data = { to: this.target.agent_id ? { kind: 'agent', id: this.target.agent_id } : { kind: 'number', value: this.target.address }, by: this.byAgentId, fromAgent: this.call.agentId ?? null, consult: true };
    await this.conference.handOver(data);
    if (this.target.agent_id) await this.call.record.agentTookOver(this.target.agent_id);
    this.call.log.info(data, 'call transferred after a consult');
  }

  /** Who hears whom in this phase (the caller's music until the target is there for them). */
  private readonly shape: MixShape = ({ caller, agent, all }) => {
    const target = this.target.party_id;
    const has = (id: string): boolean => all.includes(id);
    if (this.#phase === 'handed-over') return { [caller]: has(target) ? { [target]: 1 } : { [MUSIC]: 1 }, ...(has(target) ? { [target]: { [caller]: 1 } } : {}) };
    if (has(agent) && has(target)) return mixes.consult({ caller, agent, target, music: MUSIC });
    return { [caller]: { [MUSIC]: 1 }, ...(this.ringback && this.#phase === 'ringing' && has(agent) ? { [agent]: { [RINGBACK]: 1 } } : {}) };
  };

  /** An API action: refused with 409 when the phase table has no such move. */
  private act(event: ConsultEvent, refusal: string): void {
    this.check(event, refusal);
    this.fire(event);
  }

  private check(event: ConsultEvent, refusal: string): void {
    if (event.type === 'conference' && !this.targetJoined) throw new CallControlError(409, refusal);
    if (!nextConsultPhase(this.#phase, event)) throw new CallControlError(409, `${refusal} (it is ${this.#phase})`);
  }

  private fire(event: ConsultEvent): boolean {
    const next = nextConsultPhase(this.#phase, event);
    if (next === undefined) {
      if (this.#phase !== 'done') this.call.log.info({ phase: this.#phase, event: event.type }, 'consult: event ignored in this phase');
      return false;
    }
    this.#phase = next;
    this.call.log.info({ event: event.type, phase: next }, 'consult phase');
    if (next !== 'ringing' && this.ringback) {
      this.ringback = false;
      this.conference.removeSource(RINGBACK);
    }
    if (next === 'done') this.finish();
    else this.conference.setShape(this.shape);
    return true;
  }

  /** Back to the plain mix of whoever is in; the music source goes. */
  private finish(): void {
    this.unlisten();
    if (this.call.consult === this) this.call.consult = undefined;
    this.conference.removeSource(MUSIC);
    this.conference.setShape(undefined);
  }
}
