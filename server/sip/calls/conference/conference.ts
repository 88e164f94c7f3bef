// The conference of one connected call: the parties (the caller, the connected agent, every
// party added), one Mixer (media/mixer) that mixes them by the `conference` gain matrix, and
// the phase table of conference-phase.ts. The first added party rings while caller and agent
// still talk directly; when it answers, the caller's and agent's media move into the mixer
// by re-pairing rtpengine monologues only (MediaServer.callerToMixer/agentToMixer: neither
// phone gets a re-INVITE) and the call's phase becomes `conference`. Any party can leave (a
// BYE, or DELETE on the API). When two remain they stay in the mixer and keep talking: the
// mixer already carries their audio, so nothing is re-anchored (no re-INVITE, no gap) and a
// third can join again by a matrix change; the cost is the mixer's CPU per party (bench:media).
// One party alone ends the call; the last agent leaving ends it or hands it over to the
// caller and the outside parties, by the center's `lastAgentLeaves` setting. Everything runs
// under the call's guard; a party that fails to join is that party's failure, not the call's.
// A consult (../transfer/consult.ts) is this entity with another mix: it starts the mixer at
// once (the caller hears music from a mixer source), sets the shape of the matrix, and hands
// the call over when the agent completes the transfer. A supervisor's monitoring
// (../monitor) is a party of role `monitor` on top of whatever mix the others have: it never
// counts as a party the call needs, and the conference's views do not show it.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type Srf from 'drachtio-srf';
import { Mixer, mixes, type GainMatrix } from '../../../../media/index.js';
import type { Call } from '../call.js';
import { hangUp, watchErrors } from '../sip-safe.js';
import { stopAgentSessionTimer } from '../session-timer.js';
import { nextConferencePhase, type ConferencePhase, type ConferencePhaseEvent } from './conference-phase.js';
import { ringTarget, type RungTarget } from './ring-target.js';
import { CallControlError } from '../call-control-error.js';
import { recordTransferred } from '../transfer/transfer-event.js';
import { acceptRefers } from '../transfer/refer.js';
import type {
  ConferenceEvents, ConferencePartyView, ConferenceSettings, ConferenceTarget, ConferenceView, MonitorMode, PartyRole, PartyStatus,
} from './conference.types.js';

interface Party {
  id: string;
  role: PartyRole;
  agentId: string | null;
  address: string;
  status: PartyStatus;
  joinedAt: Date | null;
  leftAt: Date | null;
  /** The party's own SIP dialog (added parties) and media call id (added parties: `<call>~<party>`). */
  dialog?: Srf.Dialog;
  mediaCallId?: string;
  legId?: string;
  /** The ACD's id for an added agent's part in this call (the agent is on a call, not offered queue calls). */
  acdCallId?: string;
  ringing?: AbortController;
  /** Frees what admitting an added party held (toll-fraud slot, trunk channel). */
  admission?: () => void;
}

/** Who hears whom, from the joined parties' ids; the plain conference when none is set. */
export type MixShape = (joined: { caller: string; agent: string; all: string[] }) => GainMatrix;

export class Conference extends EventEmitter<ConferenceEvents> {
  #phase: ConferencePhase = 'forming';
  private shape: MixShape | undefined;
  /** The agent handed the call over (a completed consult): their leaving never ends it. */
  private handedOver = false;
  private readonly mixer = new Mixer();
  private readonly parties = new Map<string, Party>();
  private readonly caller: Party;
  /** The call's connected agent: the one who began it, or the agent who took the call over (promote). */
  private agent: Party;
  /** The supervisor monitoring the call, and how (one at a time). */
  private monitor: { party: Party; mode: MonitorMode; supervisorAgentId: string } | undefined;

  constructor(private readonly call: Call, readonly settings: ConferenceSettings) {
    super();
    this.caller = this.party('caller', null, call.caller.number);
    this.agent = this.party('agent', call.agentId ?? null, call.agentDialog?.remote.uri ?? '');
    this.mixer.on('party-error', (e) => call.log.warn({ partyId: e.partyId, err: String(e.error) }, 'conference: a party\'s mixer socket failed'));
  }

  get phase(): ConferencePhase {
    return this.#phase;
  }

  get callerPartyId(): string {
    return this.caller.id;
  }

  get agentPartyId(): string {
    return this.agent.id;
  }

  /** Parties that are in (or ringing to get in), besides the caller and the connected agent. */
  get addedParties(): ConferencePartyView[] {
    return [...this.parties.values()].filter((p) => p !== this.caller && p !== this.agent && p.role !== 'monitor' && p.status !== 'left').map(view);
  }

  /** Caller and agent into the mixer now, before any party answers (a consult holds the caller at once). */
  async mixNow(): Promise<void> {
    if (this.#phase === 'forming') await this.startMixing();
  }

  /** A looped PCM speaker in the mix (the held caller's music); only a shape makes anyone hear it. */
  addSource(id: string, pcm: Int16Array): void {
    this.mixer.addSource(id, pcm);
  }

  removeSource(id: string): void {
    this.mixer.removeParty(id);
  }

  /** Replaces the mix (undefined: everyone hears everyone); applied at once. */
  setShape(shape: MixShape | undefined): void {
    this.shape = shape;
    if (this.#phase === 'mixing') this.remix();
  }

  /**
   * The connected agent hands the call over and leaves (a completed consult): their phone gets
   * a BYE that is not the call's end, the ACD logs `transferred` and wraps the agent up, and
   * the call goes on with the others whatever `lastAgentLeaves` says.
   */
  async handOver(data: Record<string, unknown>): Promise<void> {
    this.handedOver = true;
    if (this.agent.status !== 'joined') return;
    const dialog = this.call.agentDialog;
    stopAgentSessionTimer(this.call);
    if (dialog) this.call.released.add(dialog);
    hangUp(dialog, this.call.log);
    await this.release(this.agent, 'transferred', data);
    this.fire({ type: 'party-left', partyId: this.agent.id, reason: 'transferred' });
    this.emit('party-left', { ...view(this.agent), reason: 'transferred' });
    this.call.log.info({ partyId: this.agent.id, ...data }, 'conference: the agent handed the call over');
    await this.checkRemaining(this.agent, 'the agent handed the call over');
  }

  /**
   * The answered agent of another call joins this one with its dialog and media (the consult
   * call a desk phone made, in an attended transfer): that call lets go of them — its teardown
   * neither hangs the agent up nor frees the media, the ACD part comes along — and ends.
   */
  async adopt(other: Call, cause: string): Promise<void> {
    const dialog = other.agentDialog;
    const agentId = other.agentId;
    if (!dialog || !agentId) throw new CallControlError(409, 'the replaced call has no answered agent');
    other.released.add(dialog);
    stopAgentSessionTimer(other);
    if (other.agentLegId) other.record.legEnded(other.agentLegId, cause);
    other.agentDialog = undefined;
    other.agentId = undefined;
    other.agentLegId = undefined;
    other.mediaHandedOver = true;
    const party = this.party('agent', agentId, dialog.remote.uri);
    party.status = 'ringing';
    party.dialog = dialog;
    party.mediaCallId = other.id;
    party.acdCallId = other.id;
    party.legId = this.call.record.legStarted('agent', { agentId, sipCallId: dialog.sip.callId, remoteUri: dialog.remote.uri, answered: true });
    dialog.on('destroy', () => this.call.spawn('conference leave', () => this.left(party, 'hung up')));
    await other.end('system', cause);
    await this.call.deps.media.agentToMixer(other.id, this.mixer, party.id);
    this.joined(party);
    this.remix();
  }

  /** Rings the target; it joins when it answers (the returned party is `ringing` until then). */
  async add(target: ConferenceTarget, actingAgentId: string | null): Promise<ConferencePartyView> {
    if (this.#phase === 'ended') throw new CallControlError(409, 'the conference has ended');
    const id = randomUUID();
    const mediaCallId = `${this.call.id}~${id}`;
    const rung = await ringTarget(this.call, target, { actingAgentId: actingAgentId ?? this.call.agentId ?? null, excludeAgents: this.agentIds() });
    const party = this.party(rung.role, rung.agentId, rung.address, id);
    party.status = 'ringing';
    party.mediaCallId = mediaCallId;
    party.ringing = new AbortController();
    party.admission = rung.release;
    this.call.spawn('conference party', () => this.ring(party, rung));
    return view(party);
  }

  /** Rings the supervisor's own phone; on answer they hear the call as `mode` says. */
  async addMonitor(supervisorAgentId: string, mode: MonitorMode): Promise<ConferencePartyView> {
    if (this.#phase === 'ended') throw new CallControlError(409, 'the call has ended');
    if (this.monitor && this.monitor.party.status !== 'left') throw new CallControlError(409, 'this call is monitored already');
    if (this.agentIds().includes(supervisorAgentId)) throw new CallControlError(409, 'you are a party of this call');
    const id = randomUUID();
    const rung = await ringTarget(this.call, { kind: 'agent', id: supervisorAgentId }, { actingAgentId: null, excludeAgents: [] }, { 'X-Switchboard-Monitor': mode });
    const party = this.party('monitor', null, rung.address, id);
    party.status = 'ringing';
    party.mediaCallId = `${this.call.id}~${id}`;
    party.ringing = new AbortController();
    this.monitor = { party, mode, supervisorAgentId };
    this.call.spawn('monitor', () => this.ring(party, rung));
    return view(party);
  }

  /** Listen, whisper or barge from now on (the next 20 ms frame). */
  setMonitorMode(mode: MonitorMode): void {
    if (!this.monitor || this.monitor.party.status === 'left') throw new CallControlError(409, 'this call is not monitored');
    this.monitor.mode = mode;
    if (this.#phase === 'mixing') this.remix();
  }

  get monitoring(): { partyId: string; mode: MonitorMode; status: PartyStatus; supervisorAgentId: string } | undefined {
    const m = this.monitor;
    return m && m.party.status !== 'left' ? { partyId: m.party.id, mode: m.mode, status: m.party.status, supervisorAgentId: m.supervisorAgentId } : undefined;
  }

  /** A party leaves on the API: its phone gets a BYE. */
  async remove(partyId: string): Promise<void> {
    const party = this.parties.get(partyId);
    if (!party || party.status === 'left') throw new CallControlError(404, `no party ${partyId} in this conference`);
    if (party.status === 'ringing') {
      party.ringing?.abort();
      return;
    }
    if (party === this.caller) hangUp(this.call.uas, this.call.log);
    else if (party === this.agent) hangUp(this.call.agentDialog, this.call.log);
    else hangUp(party.dialog, this.call.log);
    await this.left(party, 'removed on the API');
  }

  /** The caller's or connected agent's dialog ended: true when the conference takes it (mixing), false when the call should end as before. */
  hungUp(dialog: Srf.Dialog): boolean {
    if (this.#phase !== 'mixing') return false;
    const party = dialog === this.call.uas ? this.caller : dialog === this.call.agentDialog ? this.agent : undefined;
    if (!party || party.status !== 'joined') return false;
    this.call.spawn('conference leave', () => this.left(party, 'hung up'));
    return true;
  }

  view(): ConferenceView {
    const shown = [...this.parties.values()].filter((p) => p.role !== 'monitor');
    return { call_id: this.call.id, state: this.#phase, last_agent_leaves: this.settings.lastAgentLeaves, parties: shown.map(view) };
  }

  /** Whether this agent is (or was rung as) one of the conference's agents. */
  hasAgent(agentId: string): boolean {
    return [...this.parties.values()].some((p) => p.agentId === agentId && p.status !== 'left');
  }

  /** The call is ending: every added party is hung up, its media and the mixer freed, the legs closed. Never throws. */
  async close(cause: string): Promise<void> {
    this.fire({ type: 'end', cause });
    for (const party of this.parties.values()) {
      if (party.status === 'left') continue;
      party.ringing?.abort();
      if (party !== this.caller && party !== this.agent) hangUp(party.dialog, this.call.log);
      await this.release(party, cause).catch((err: unknown) => this.call.log.warn({ err: String(err), partyId: party.id }, 'conference: freeing a party failed'));
    }
    this.mixer.close();
    this.emit('ended', { cause });
  }

  private async ring(party: Party, rung: RungTarget): Promise<void> {
    const { media } = this.call.deps;
    const mediaCallId = party.mediaCallId ?? '';
    // A supervisor's monitoring is no leg of the call's record (the audit log has it).
    if (party.role !== 'monitor') party.legId = this.call.record.legStarted(party.role === 'agent' ? 'agent' : 'outbound', { remoteUri: party.address, ...(party.agentId ? { agentId: party.agentId } : {}) });
    let dialog: Srf.Dialog;
    try {
      const localSdp = await media.offerFromMixer(mediaCallId, this.mixer, party.id, rung.media);
      dialog = await rung.dial(localSdp, party.ringing?.signal ?? new AbortController().signal);
    } catch (err) {
      await this.failed(party, err instanceof Error ? err.message : String(err));
      return;
    }
    if (this.#phase === 'ended' || party.status !== 'ringing') {
      hangUp(dialog, this.call.log);
      await this.failed(party, 'the conference ended while the party answered');
      return;
    }
    party.dialog = dialog;
    watchErrors(dialog, this.call.log);
    dialog.on('destroy', () => this.call.spawn('conference leave', () => this.left(party, 'hung up')));
    if (party.legId) this.call.record.legAnswered(party.legId, { sipCallId: dialog.sip.callId, remoteUri: dialog.remote.uri });
    await media.answerMixerLeg(mediaCallId, this.mixer, dialog.remote.sdp);
    if (party.agentId) {
      party.acdCallId = `${this.call.id}:${party.id}`;
      await this.call.deps.acd.directCall(party.acdCallId, party.agentId).catch((err: unknown) => this.call.log.info({ err: String(err) }, 'conference: the ACD did not take the added agent'));
    }
    if (this.#phase === 'forming') await this.startMixing();
    this.joined(party);
    this.promote();
    this.remix();
  }

  /**
   * After a hand-over, the one agent left with the caller becomes the call's agent, as the
   * first one was: they may transfer, consult or conference the call on (and their desk
   * phone's REFER is heard). Their ACD part stays the one they were added with.
   */
  private promote(): void {
    if (!this.handedOver || this.agent.status === 'joined') return;
    const joined = [...this.parties.values()].filter((p) => p.status === 'joined');
    const next = joined.length === 2 && joined.includes(this.caller) ? joined.find((p) => p !== this.caller && p.role === 'agent') : undefined;
    if (!next?.dialog || !next.agentId) return;
    this.agent = next;
    this.handedOver = false;
    this.call.agentDialog = next.dialog;
    this.call.agentId = next.agentId;
    this.call.agentLegId = next.legId;
    acceptRefers(this.call, next.dialog);
    this.call.log.info({ partyId: next.id, agentId: next.agentId }, 'conference: the agent who took the call over is its agent now');
  }

  /** The first party answered: caller and agent move from their direct bridge into the mixer. */
  private async startMixing(): Promise<void> {
    const { media } = this.call.deps;
    await this.call.hold?.release();
    await media.callerToMixer(this.call.id, this.mixer, this.caller.id);
    await media.agentToMixer(this.call.id, this.mixer, this.agent.id);
    if (!this.call.fire({ type: 'conference-started' })) throw new Error('the call left its connected phase while the conference formed');
    this.joined(this.caller);
    this.joined(this.agent);
  }

  private joined(party: Party): void {
    party.status = 'joined';
    party.joinedAt = new Date();
    this.fire({ type: 'party-joined', partyId: party.id });
    if (party.role === 'monitor') {
      this.call.log.info({ partyId: party.id, supervisorAgentId: this.monitor?.supervisorAgentId, mode: this.monitor?.mode }, 'monitor: the supervisor is on the call');
      return;
    }
    this.callEvent('conference-joined', party, {});
    this.emit('party-joined', view(party));
    this.call.log.info({ partyId: party.id, role: party.role, agentId: party.agentId }, 'conference: party joined');
  }

  private async failed(party: Party, reason: string): Promise<void> {
    party.status = 'left';
    party.leftAt = new Date();
    party.admission?.();
    if (party.legId) this.call.record.legEnded(party.legId, reason);
    if (party.mediaCallId) await this.call.deps.media.deleteCall(party.mediaCallId);
    this.mixer.removeParty(party.id);
    this.call.log.info({ partyId: party.id, reason }, 'conference: the party did not join');
    // A first party that never joined leaves caller and agent on their direct bridge.
    this.fire({ type: 'party-failed', partyId: party.id, reason });
    if (party.role !== 'monitor') this.emit('party-failed', { ...view(party), reason });
    if (this.#phase === 'mixing') {
      await this.checkRemaining(party, `${reason}, nobody to talk to`);
      return;
    }
    if (this.#phase !== 'ended') return;
    this.mixer.close();
    if (this.call.conference === this) this.call.conference = undefined;
  }

  private async left(party: Party, reason: string): Promise<void> {
    if (party.status !== 'joined' || this.#phase !== 'mixing') return;
    await this.release(party, reason);
    this.fire({ type: 'party-left', partyId: party.id, reason });
    if (party.role !== 'monitor') this.emit('party-left', { ...view(party), reason });
    this.call.log.info({ partyId: party.id, role: party.role, reason }, 'conference: party left');
    await this.checkRemaining(party, reason);
  }

  /** After a party went: the call ends when one is left alone (or the last agent left, by setting); else the mix follows. */
  private async checkRemaining(gone: Party, reason: string): Promise<void> {
    if (this.#phase !== 'mixing') return;
    // A supervisor monitoring is not someone the call is for.
    const remaining = [...this.parties.values()].filter((p) => p.status === 'joined' && p.role !== 'monitor');
    // A handed-over call waits for a party still ringing (the consulted agent not yet answered).
    const waiting = this.handedOver && [...this.parties.values()].some((p) => p.status === 'ringing');
    if (remaining.length < 2 && !waiting) {
      // The caller leaving ends the call as in a two-party call; anyone else leaves one alone.
      return gone === this.caller ? this.call.end('caller', 'caller hung up') : this.call.end('callee', `conference: ${reason}, one party left`);
    }
    if (!remaining.some((p) => p.role === 'agent') && this.settings.lastAgentLeaves === 'end' && !this.handedOver) {
      return this.call.end('callee', 'conference: the last agent left');
    }
    this.promote();
    this.remix();
  }

  /** A joined party's share of the call is over: out of the mix, its leg and ACD part closed, its media freed. */
  private async release(party: Party, reason: string, transferred?: Record<string, unknown>): Promise<void> {
    const wasJoined = party.status === 'joined';
    party.status = 'left';
    party.leftAt = new Date();
    this.mixer.removeParty(party.id);
    if (wasJoined) this.callEvent('conference-left', party, { reason });
    if (party === this.caller) {
      this.call.uas = undefined;
      return;
    }
    if (party === this.agent) {
      // The agent's part ends here; the call goes on without them (teardown tells the ACD nothing more).
      const promoted = party.acdCallId !== undefined;
      if (this.call.agentLegId && !promoted) this.call.record.legEnded(this.call.agentLegId, reason);
      this.call.agentLegId = undefined;
      this.call.agentDialog = undefined;
      const agentId = this.call.agentId;
      this.call.agentId = undefined;
      if (!promoted) {
        if (agentId && this.#phase !== 'ended') {
          const acd = this.call.deps.acd;
          if (!transferred) await acd.agentHungUp(this.call.id).catch(() => undefined);
          else if (!(await acd.transferred(this.call.id, transferred).catch(() => undefined))) recordTransferred(this.call, agentId, transferred);
        }
        return;
      }
      // An agent who took the call over goes as the added party it was (its own ACD part and media).
      if (transferred) recordTransferred(this.call, agentId ?? null, transferred);
    }
    party.admission?.();
    if (party.legId) this.call.record.legEnded(party.legId, reason);
    if (party.acdCallId) await this.call.deps.acd.callEnded(party.acdCallId).catch(() => undefined);
    if (party.mediaCallId) await this.call.deps.media.deleteCall(party.mediaCallId);
  }

  private remix(): void {
    const others = [...this.parties.values()].filter((p) => p.status === 'joined' && p.role !== 'monitor');
    const all = others.map((p) => p.id);
    const joined = { caller: this.caller.id, agent: this.agent.id, all };
    const base = this.shape?.(joined) ?? mixes.conference(all);
    const m = this.monitor;
    if (!m || m.party.status !== 'joined') return this.mixer.setMatrix(base);
    const agents = others.filter((p) => p.role === 'agent').map((p) => p.id);
    this.mixer.setMatrix(mixes.withMonitor(base, { supervisor: m.party.id, others: all, agents, mode: m.mode }));
  }

  private callEvent(event: 'conference-joined' | 'conference-left', party: Party, data: Record<string, unknown>): void {
    const { repos } = this.call.deps;
    repos.callEvents.add({
      call_id: this.call.id, event, queue_id: this.call.queueOutcome?.queueId ?? null, agent_id: party.agentId,
      data: { party_id: party.id, role: party.role, address: party.address, ...data }, at: new Date(),
    }).catch((err: unknown) => this.call.log.warn({ err: String(err), event }, 'conference: call event not written'));
  }

  private fire(event: ConferencePhaseEvent): void {
    const next = nextConferencePhase(this.#phase, event);
    if (next === undefined) {
      if (this.#phase !== 'ended') this.call.log.warn({ phase: this.#phase, event: event.type }, 'conference phase change refused');
      return;
    }
    this.#phase = next;
  }

  private party(role: PartyRole, agentId: string | null, address: string, id: string = randomUUID()): Party {
    const party: Party = { id, role, agentId, address, status: 'joined', joinedAt: null, leftAt: null };
    this.parties.set(id, party);
    return party;
  }

  private agentIds(): string[] {
    return [...this.parties.values()].filter((p) => p.agentId && p.status !== 'left').map((p) => p.agentId ?? '');
  }
}

function view(p: Party): ConferencePartyView {
  return {
    party_id: p.id, role: p.role, agent_id: p.agentId, address: p.address, status: p.status,
    joined_at: p.joinedAt?.toISOString() ?? null, left_at: p.leftAt?.toISOString() ?? null,
  };
}
