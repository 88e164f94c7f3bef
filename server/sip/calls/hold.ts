// Re-INVITEs of a bridged call, from either party. A hold offer (sendonly, inactive, 0.0.0.0,
// at session or media level: hold-direction.ts) is answered from the SDP we last sent that
// party with the reciprocal direction and never reaches rtpengine (a browser's goes as sendrecv,
// for its ICE/DTLS answer); the media follows the hold
// state (hold-state.ts): the other party hears the queue's music, the holder receives nothing
// (media/hold-media.ts). Any other re-offer (resume, codec or port change) goes through
// rtpengine and is answered with the other party's last active SDP, whose own ports never
// change, so that party gets no re-INVITE. A re-offer that cannot be anchored gets 488 and
// the call goes on as it was.
import type Srf from 'drachtio-srf';
import { HoldMedia } from '../../../media/index.js';
import type { Call } from './call.js';
import { AGENT, CALLER } from './call-deps.js';
import { answerDirection, holdOffer, withDirection } from './hold-direction.js';
import { holdMediaPlan, holdTransition, type HoldParty, type HoldState } from './hold-state.js';
import { callerRefreshed } from './session-timer.js';
import { answerFromOffer, reofferAsAnswer } from './sdes-reoffer.js';
import { respond } from './sip-safe.js';

export class CallHold {
  private state: HoldState = 'talking';
  private readonly media: HoldMedia;
  /** Each party's last SDP that was not a hold: what rtpengine was given for it. */
  private readonly active: Record<HoldParty, string>;
  private queue: Promise<void> = Promise.resolve();
  private released = false;

  constructor(private readonly call: Call, private readonly agent: Srf.Dialog, private readonly agentWebrtc: boolean) {
    this.media = new HoldMedia(call.deps.media, { callId: call.id, legs: { caller: CALLER, agent: AGENT }, music: call.holdMusic });
    this.active = { caller: call.uas?.remote.sdp ?? '', agent: agent.remote.sdp };
  }

  /** Listens to both dialogs' re-INVITEs (drachtio-srf would otherwise answer them with the old SDP). */
  listen(): void {
    const on = (dialog: Srf.Dialog | undefined, by: HoldParty): void => {
      dialog?.on('modify', (req: Srf.SrfRequest, res: Srf.SrfResponse) => this.call.spawn(`${by} re-INVITE`, () => this.serial(() => this.reinvite(by, req, res))));
    };
    on(this.agent, 'agent');
    on(this.call.uas, 'caller');
  }

  /**
   * The call's media moves to a mixer (conference, consult, attended transfer): whatever hold
   * there was is undone in rtpengine (no block, no music), where the mixer now decides who
   * hears whom; later hold offers are still answered, the media is the mixer's.
   */
  release(): Promise<void> {
    return this.serial(async () => {
      this.released = true;
      if (this.state !== 'talking') await this.media.apply(holdMediaPlan('talking'));
      this.state = 'talking';
    });
  }

  private serial(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reinvite(by: HoldParty, req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> {
    const dialog = by === 'agent' ? this.agent : this.call.uas;
    if (!dialog) return respond(res, this.call.log, 488, 'Not Acceptable Here');
    // A caller's re-INVITE is also its session refresh (RFC 4028): our 200 must carry the
    // negotiated Session-Expires, or the caller stops refreshing and the timer ends the call.
    const timer = by === 'caller' ? callerRefreshed(this.call, req) : undefined;
    if (timer?.kind === 'refuse') return respond(res, this.call.log, timer.status, timer.reason, { headers: timer.headers });
    const offer = holdOffer(req.body ?? '');
    let answer: string;
    if (offer.held && !this.webrtc(by)) {
      answer = withDirection(dialog.local.sdp, answerDirection(offer));
    } else if (offer.held) {
      // A browser's answer needs fresh ICE/DTLS roles (a=setup:actpass is not an answer): its
      // hold offer is anchored as sendrecv and only the answer carries the reciprocal direction.
      try {
        answer = withDirection(await this.anchor(by, withDirection(req.body ?? '', 'sendrecv')), answerDirection(offer));
      } catch (err) {
        this.call.log.warn({ err: String(err), by }, 'hold re-INVITE could not be anchored');
        return respond(res, this.call.log, 488, 'Not Acceptable Here');
      }
    } else {
      try {
        answer = await this.anchor(by, req.body ?? '');
      } catch (err) {
        this.call.log.warn({ err: String(err), by }, 're-INVITE could not be anchored');
        return respond(res, this.call.log, 488, 'Not Acceptable Here');
      }
      answer = withVersionAbove(answer, dialog.local.sdp);
      this.active[by] = req.body ?? '';
    }
    respond(res, this.call.log, 200, undefined, { body: answer, headers: { 'Content-Type': 'application/sdp', ...(timer?.headers ?? {}) } });
    // drachtio-srf keeps the SDP it answers later refreshes with; ours changed with this answer.
    dialog.local.sdp = answer;
    const next = holdTransition(this.state, { type: offer.held ? 'hold' : 'resume', by });
    if (next === this.state || this.released) return;
    await this.media.apply(holdMediaPlan(next));
    this.call.log.info({ by, hold: next, offered: offer.zeroAddress ? `${offer.direction} c=0.0.0.0` : offer.direction }, offer.held ? `${by} put the call on hold` : `${by} resumed the call`);
    this.state = next;
  }

  private webrtc(by: HoldParty): boolean {
    return by === 'agent' ? this.agentWebrtc : this.call.caller.webrtc;
  }

  /** The party's re-offer through rtpengine, answered with the other party's last active SDP; returns the SDP for the offerer. */
  private async anchor(by: HoldParty, sdp: string): Promise<string> {
    const { media } = this.call.deps;
    const callerOpts = { webrtc: this.call.caller.webrtc };
    const agentOpts = { webrtc: this.agentWebrtc };
    if (!this.agentWebrtc && !this.call.caller.webrtc && reofferAsAnswer(by, this.active.caller, sdp)) {
      // SDES on both legs: keys stay as each party has them (sdes-reoffer.ts).
      const toAgent = await media.anchorOffer(this.call.id, CALLER, this.active.caller, callerOpts);
      await media.anchorAnswer(this.call.id, AGENT, sdp, agentOpts);
      return answerFromOffer(toAgent, sdp);
    }
    if (by === 'agent') {
      await media.anchorOffer(this.call.id, AGENT, sdp, agentOpts);
      return media.anchorAnswer(this.call.id, CALLER, this.active.caller, callerOpts);
    }
    await media.anchorOffer(this.call.id, CALLER, sdp, callerOpts);
    return media.anchorAnswer(this.call.id, AGENT, this.active.agent, agentOpts);
  }
}

/** rtpengine numbers its o= versions itself; the party must see one above our last answer. */
function withVersionAbove(sdp: string, previous: string): string {
  const before = /^o=\S+ \S+ (\d+)/m.exec(previous)?.[1];
  return sdp.replace(/^(o=\S+ \S+ )(\d+)/m, (m, head: string, version: string) => (before && BigInt(version) <= BigInt(before) ? `${head}${BigInt(before) + 1n}` : m));
}
