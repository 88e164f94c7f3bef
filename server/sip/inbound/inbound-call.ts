// One inbound call from answer to teardown: the caller is anchored in rtpengine and answered,
// runs through the IVR, waits in a queue with music while the ACD offers it to agents, is
// bridged to the agent who answers, and is torn down from either side — with the call
// record, queue events, recording and agent state written at each step. The call's id is
// its `calls` row id, shared by the ACD and the media server.
import { basename } from 'node:path';
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { Destination, Repositories } from '../../db/index.js';
import type { MediaServer, PromptHandle } from '../../../media/index.js';
import type { AcdService, NoAnswerReason, OfferEvent } from '../../acd/index.js';
import { IvrSession, MediaCallPort, ivrPathForRecord, validateIvrFlow, type IvrOutcome, type PromptSource } from '../../ivr/index.js';
import { callUser, CallUserError } from '../call-user.js';
import { CallRecord, type Disposition, type HangupSide } from './call-record.js';

export interface CallCenterDeps {
  srf: Srf;
  repos: Repositories;
  media: MediaServer;
  acd: AcdService;
  logger: Logger;
  realm: string;
  /** Music for callers waiting in a queue that names none. */
  defaultMusic: PromptSource;
}

type Phase = 'ivr' | 'queued' | 'ringing-agent' | 'connected' | 'ended';

const CALLER = 'caller';
const AGENT = 'agent';

export class InboundCall {
  private phase: Phase = 'ivr';
  private uas?: Srf.Dialog;
  private agentDialog?: Srf.Dialog;
  private port?: MediaCallPort;
  private music?: PromptHandle;
  /** Agents being rung for this call; a cancelled offer's late answer is hung up. */
  private offers = new Map<string, AbortController>();
  private queueId?: string;
  /** What this call's caller hears while waiting or held: the queue's music or the default. */
  private holdMusic: PromptSource;
  private readonly log: Logger;

  constructor(
    private readonly deps: CallCenterDeps,
    readonly record: CallRecord,
    private readonly caller: { number: string; webrtc: boolean },
    private readonly onEnded: (call: InboundCall) => void,
  ) {
    this.log = deps.logger.child({ callId: record.id });
    this.holdMusic = deps.defaultMusic;
  }

  get id(): string {
    return this.record.id;
  }

  /** Anchors and answers the caller; false if the call could not be set up (already answered with an error). */
  async answer(req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<boolean> {
    let sdp: string;
    try {
      sdp = await this.deps.media.anchorIvr(this.id, CALLER, req.body, { webrtc: this.caller.webrtc });
    } catch (err) {
      this.log.error({ err: String(err) }, 'media server could not anchor the caller');
      res.send(503, 'Service Unavailable - media server unavailable', {});
      await this.record.end('failed', 'system', 'media server unavailable');
      this.onEnded(this);
      return false;
    }
    try {
      this.uas = await this.deps.srf.createUAS(req, res, { localSdp: sdp });
    } catch (err) {
      this.log.info({ err: String(err) }, 'caller left before answer');
      await this.deps.media.deleteCall(this.id).catch(() => undefined);
      await this.record.end('abandoned', 'caller', 'canceled before answer');
      this.onEnded(this);
      return false;
    }
    this.uas.on('destroy', () => void this.end('caller', 'caller hung up'));
    this.port = new MediaCallPort(this.deps.media, this.id, CALLER);
    return true;
  }

  /** Routes the answered call to its destination, following IVR outcomes and overflows. */
  async route(destination: Destination): Promise<void> {
    try {
      await this.goTo(destination);
    } catch (err) {
      this.log.error({ err: err instanceof Error ? err.stack : String(err) }, 'call routing failed');
      await this.end('system', 'internal error while routing the call');
    }
  }

  private async goTo(d: Destination): Promise<void> {
    if (this.phase === 'ended') return;
    switch (d.type) {
      case 'ivr':
        return this.runIvr(d.id ?? '');
      case 'queue':
        return this.enqueue(d.id ?? '');
      case 'agent':
        return this.ringAgentDirectly(d.id ?? '');
      case 'extension': {
        const agent = await this.deps.repos.agents.findByExtension(d.extension ?? '');
        if (agent) return this.ringAgentDirectly(agent.id);
        return this.end('system', `no agent has extension ${d.extension ?? ''}`);
      }
      case 'hangup':
        return this.end('system', 'routed to hangup');
    }
  }

  private async runIvr(flowId: string): Promise<void> {
    const stored = await this.deps.repos.ivrFlows.get(flowId);
    const checked = stored ? validateIvrFlow(stored.definition) : undefined;
    if (!checked?.ok) return this.end('system', `IVR flow ${flowId} is missing or invalid`);
    const port = this.port;
    if (!port) return;
    await this.record.inIvr();
    const result = await new IvrSession({
      flow: checked.flow,
      media: port,
      prompts: (id) => this.promptSource(id),
      schedules: (id) => this.deps.repos.schedules.get(id),
      log: this.log,
      variables: { caller: this.caller.number },
    }).run();
    await this.record.ivrPath(ivrPathForRecord(result.path));
    await this.afterIvr(result.outcome);
  }

  private async afterIvr(outcome: IvrOutcome): Promise<void> {
    if (outcome.kind === 'caller-hangup') return this.end('caller', 'caller hung up in the IVR');
    if (outcome.kind === 'hangup') return this.end('system', `IVR hung up: ${outcome.reason}`);
    if (outcome.kind === 'error') return this.end('system', `IVR error: ${outcome.reason}`);
    const queues = await this.deps.repos.queues.list({ limit: 500 });
    const queue = queues.items.find((q) => q.id === outcome.queue || q.name === outcome.queue);
    if (!queue) return this.end('system', `IVR chose unknown queue ${outcome.queue}`);
    return this.enqueue(queue.id, outcome.priority);
  }

  private async enqueue(queueId: string, priority?: number): Promise<void> {
    const queue = await this.deps.repos.queues.get(queueId);
    if (!queue) return this.end('system', `unknown queue ${queueId}`);
    this.phase = 'queued';
    this.queueId = queueId;
    this.holdMusic = (queue.music_prompt_id ? await this.promptSource(queue.music_prompt_id) : undefined) ?? this.deps.defaultMusic;
    await this.startMusic();
    const outcome = await this.deps.acd.enqueue({ callId: this.id, queueId, callerNumber: this.caller.number, ...(priority !== undefined ? { priority } : {}) });
    if (outcome.status === 'overflow') await this.overflow(outcome.destination);
  }

  /** The ACD moved the caller out of its queue (full, or waited too long). */
  async overflow(destination: Destination | null): Promise<void> {
    if (this.phase === 'ended') return;
    await this.stopMusic();
    if (!destination) return this.end('system', 'queue overflow with no overflow destination', 'overflow');
    this.phase = 'ivr';
    await this.goTo(destination);
  }

  /**
   * The ACD offers the call to an agent: ring every phone the agent has registered. Our ring
   * timeout runs a little past the queue's so that the ACD's timer decides a ring-no-answer.
   */
  async offer(e: OfferEvent): Promise<void> {
    const result = await this.ring(e.agentId, e.ringTimeoutSeconds + 2);
    if (result.kind === 'failed') {
      if (!result.cancelled && this.phase === 'queued') await this.deps.acd.noAnswer(this.id, e.agentId, result.reason).catch(() => undefined);
      return;
    }
    if (this.phase !== 'queued') {
      result.dialog.destroy();
      return;
    }
    try {
      // Claim the call at the 200 OK: the offer may have ended (timeout, another agent) meanwhile.
      await this.deps.acd.answered(this.id, e.agentId);
    } catch (err) {
      this.log.info({ agentId: e.agentId, err: String(err) }, 'late answer: the offer had ended');
      result.dialog.destroy();
      return;
    }
    await this.connect(e.agentId, result.dialog, result.webrtc);
  }

  cancelOffer(agentId: string): void {
    this.offers.get(agentId)?.abort();
  }

  private async ringAgentDirectly(agentId: string): Promise<void> {
    this.phase = 'ringing-agent';
    const result = await this.ring(agentId, 30);
    if (result.kind === 'failed') return this.end('system', `agent did not answer (${result.reason})`, result.reason === 'busy' ? 'busy' : 'no-answer');
    if (this.phase !== 'ringing-agent') {
      result.dialog.destroy();
      return;
    }
    await this.deps.acd.directCall(this.id, agentId).catch((err: unknown) => this.log.warn({ err: String(err) }, 'ACD did not take the direct call'));
    await this.connect(agentId, result.dialog, result.webrtc);
  }

  private async ring(agentId: string, timeoutSec: number): Promise<{ kind: 'answered'; dialog: Srf.Dialog; webrtc: boolean } | { kind: 'failed'; reason: NoAnswerReason; cancelled: boolean }> {
    const offer = new AbortController();
    this.offers.set(agentId, offer);
    try {
      const agent = await this.deps.repos.agents.get(agentId);
      const aor = agent ? `sip:${agent.sip_username}@${this.deps.realm}` : '';
      const contacts = agent ? await this.deps.repos.registrations.live(aor) : [];
      if (contacts.length === 0) return { kind: 'failed', reason: 'unreachable', cancelled: offer.signal.aborted };
      // One offer goes to every contact: a browser among them decides the SDP flavour.
      const webrtc = contacts.some((c) => c.transport === 'ws' || c.transport === 'wss');
      const localSdp = await this.deps.media.offerToAgent(this.id, { webrtc });
      const contact = await this.deps.repos.contacts.findByPhoneNumber(this.caller.number);
      const display = contact ? `"${contact.name.replace(/["\\]/g, '')}" ` : '';
      const { dialog } = await callUser(this.deps.srf, this.deps.repos.registrations, aor, {
        localSdp, ringTimeoutSec: timeoutSec, logger: this.log,
        headers: { From: `${display}<sip:${this.caller.number}@${this.deps.realm}>`, 'X-Switchboard-Call': this.id },
        signal: offer.signal,
      });
      return { kind: 'answered', dialog, webrtc };
    } catch (err) {
      const status = err instanceof CallUserError ? err.status : 0;
      this.log.info({ agentId, status, err: String(err) }, 'agent did not answer');
      return { kind: 'failed', reason: status === 486 || status === 600 ? 'busy' : status === 480 ? 'rejected' : 'unreachable', cancelled: offer.signal.aborted };
    } finally {
      this.offers.delete(agentId);
    }
  }

  private async connect(agentId: string, dialog: Srf.Dialog, webrtc: boolean): Promise<void> {
    this.phase = 'connected';
    this.agentDialog = dialog;
    dialog.on('destroy', () => void this.end('callee', 'agent hung up'));
    dialog.on('modify', (req: Srf.SrfRequest, res: Srf.SrfResponse) => void this.agentReinvite(req, res, webrtc));
    await this.stopMusic();
    await this.deps.media.bridge(this.id, AGENT, dialog.remote.sdp, { webrtc });
    await this.record.answered(agentId);
    await this.deps.media.startRecording(this.id).catch((err: unknown) => this.log.warn({ err: String(err) }, 'recording did not start'));
    this.log.info({ agentId }, 'caller connected to agent');
  }

  /** Ends the call once, from whichever side: hangs up the other leg, closes media and records. */
  async end(side: HangupSide, cause: string, disposition?: Disposition): Promise<void> {
    if (this.phase === 'ended') return;
    const was = this.phase;
    this.phase = 'ended';
    for (const offer of this.offers.values()) offer.abort();
    this.port?.callEnded();
    this.port?.dispose();
    if (side !== 'caller') this.uas?.destroy();
    if (side !== 'callee') this.agentDialog?.destroy();
    await this.stopMusic();
    try {
      if (was === 'queued' || (was === 'connected' && side === 'caller')) await this.deps.acd.callerHungUp(this.id);
      else if (was === 'connected') await this.deps.acd.agentHungUp(this.id);
    } catch (err) {
      this.log.warn({ err: String(err) }, 'ACD did not take the hangup');
    }
    const recordings = await this.deps.media.deleteCall(this.id).catch(() => []);
    for (const r of recordings) {
      await this.deps.repos.recordings.add({
        call_id: this.id, file: basename(r.path), duration_seconds: Math.round(r.durationMs / 1000), channels: r.channels,
        paused_spans: r.pausedSpans.map((p) => ({ from_seconds: p.startMs / 1000, to_seconds: p.endMs / 1000 })),
      });
    }
    const outcome = disposition ?? (was === 'connected' ? 'answered' : side === 'caller' ? 'abandoned' : 'failed');
    try {
      await this.record.end(outcome, side, cause);
    } finally {
      this.onEnded(this);
    }
    this.log.info({ side, cause, disposition: outcome }, 'call ended');
  }

  /**
   * The agent's phone re-offers (hold, resume, codec change): the new offer goes through
   * rtpengine and is answered for the caller, whose own ports never change, so the caller gets
   * no re-INVITE — on hold it hears the music instead.
   */
  private async agentReinvite(req: Srf.SrfRequest, res: Srf.SrfResponse, webrtc: boolean): Promise<void> {
    const direction = /^a=(sendonly|inactive)\s*$/m.exec(req.body)?.[1];
    try {
      await this.deps.media.anchorOffer(this.id, AGENT, req.body, { webrtc });
      const callerSdp = withDirection(this.uas?.remote.sdp ?? '', direction === 'sendonly' ? 'recvonly' : direction ?? 'sendrecv');
      const answer = await this.deps.media.anchorAnswer(this.id, CALLER, callerSdp, { webrtc: this.caller.webrtc });
      res.send(200, { body: answer, headers: { 'Content-Type': 'application/sdp' } });
    } catch (err) {
      this.log.warn({ err: String(err) }, 're-INVITE from the agent could not be anchored');
      res.send(488, 'Not Acceptable Here', {});
      return;
    }
    if (direction) await this.startMusic();
    else await this.stopMusic();
    this.log.info({ held: Boolean(direction) }, direction ? 'agent put the caller on hold' : 'agent resumed the call');
  }

  private async startMusic(): Promise<void> {
    if (this.music) return;
    this.music = await this.deps.media.startMusicOnHold(this.id, CALLER, this.holdMusic).catch((err: unknown) => {
      this.log.warn({ err: String(err) }, 'music on hold failed to start');
      return undefined;
    });
  }

  private async stopMusic(): Promise<void> {
    const music = this.music;
    this.music = undefined;
    await music?.stop().catch(() => undefined);
  }

  private async promptSource(id: string): Promise<PromptSource | undefined> {
    const p = await this.deps.repos.prompts.get(id);
    if (!p) return undefined;
    if (p.kind === 'text' && p.text) return { text: p.text, ...(p.voice ? { voice: p.voice } : {}) };
    return p.audio_file ? { file: p.audio_file } : undefined;
  }
}

/** The SDP with its media direction replaced (one audio section, as our callers send). */
function withDirection(sdp: string, direction: string): string {
  const body = sdp.replace(/^a=(sendrecv|sendonly|recvonly|inactive)\r?\n/gm, '');
  return `${body}${body.endsWith('\n') ? '' : '\r\n'}a=${direction}\r\n`;
}
