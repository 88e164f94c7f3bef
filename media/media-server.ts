// MediaServer: the one object the app uses for media. It runs the rtpengine instances
// (RtpengineProcess), spreads calls over the healthy ones, and offers legs, bridging, prompts,
// DTMF, recording and listen-in by call id and leg tag. It knows no SIP: the app passes SDP in
// and sends the SDP it gets back.
//
// Call model. An rtpengine call has two sides: side A is the leg that offered first (its tag is
// the app's tag), side B is its peer. For a call answered by the IVR before any agent exists,
// side B is a dummy sendrecv peer (tag "<caller>~peer"). When an agent is found, the caller's
// SDP is offered again toward a new monologue for the agent (`offerToAgent`; rtpengine will not
// turn the plain dummy into an ICE/DTLS leg for a browser), the agent's answer (`bridge`) makes
// it side B, and the replaced monologue is deleted so its ports return to the pool. With port
// latching (leg-profiles.ts) the caller-facing port stays the same: no re-INVITE to the caller.
//
// Notifications. rtpengine's DTMF reports and an instance's death concern calls; each call
// subscribes its own handlers by call id (subscribe()) and the server dispatches to them, as
// mediasoup routes channel notifications by entity id, so a thousand calls add no listener
// to this emitter. The emitter events stay for whole-server observers (logs, tests).
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { agentCodecOptions, callerCodec, firstCodecOnly, ivrPeerAnswer, onlyCodec, type Codec } from './codec-offer.js';
import { DtmfListener, type RawDtmf } from './dtmf-listener.js';
import { Filler, writeSilence } from './ivr-filler.js';
import { answerToward, offerToward } from './leg-profiles.js';
import { Prompt } from './prompt.js';
import { Recording } from './recorder.js';
import { PORTS_PER_CALL, portRange } from './rtpengine-config.js';
import { RtpengineProcess } from './rtpengine-process.js';
import { cryptoFor, cryptoOf, PLAIN_RTP, type MediaEncryption, type PhoneCrypto } from './srtp-profile.js';
import { scrubForeign } from './sdp-scrub.js';
import { audioSections, offersPcmu, plainAudioSdp } from './sdp.js';
import { TtsCache } from './tts.js';
import { readPcm8k } from './pcm-file.js';
import type { NgClient } from './ng-client.js';
import type { Mixer } from './mixer/mixer.js';
import type {
  DtmfEvent, LegOptions, ListenInOffer, MediaServerConfig, MediaServerEvents, OfferOptions,
  PlayOptions, PromptHandle, PromptSource, RecordingInfo, RecordingOptions, CallMediaHandlers,
} from './types.js';

export class MediaUnavailableError extends Error {
  override name = 'MediaUnavailableError';
}

/** The call exists but is not in a state for the request (no second party yet, no inject-DTMF). */
export class MediaStateError extends Error {
  override name = 'MediaStateError';
  constructor(readonly callId: string, detail: string) {
    super(`call ${callId}: ${detail}`);
  }
}

export class UnknownCallError extends Error {
  override name = 'UnknownCallError';
  constructor(readonly callId: string, detail = '') {
    super(`no media for call ${callId}${detail ? `: ${detail}` : ''}`);
  }
}

interface Leg {
  /** The app's tag; empty for the IVR's dummy peer. */
  appTag: string;
  rtpTag: string;
  webrtc: boolean;
  inbandDtmf: boolean;
  telephoneEvent: boolean;
  /** What a phone leg speaks (plain RTP or SDES-SRTP, srtp-profile.ts); browsers use DTLS. */
  crypto: PhoneCrypto;
  /** Side B's answer SDP: answered again when its monologue is re-paired with the mixer (agentToMixer). */
  answerSdp?: string;
}

interface Call {
  callId: string;
  instance: RtpengineProcess;
  a: Leg;
  b: Leg | null;
  /** Side A's SDP, re-offered when an agent replaces the IVR peer. */
  offerSdp: string;
  /** The pending offer came from side B (a re-offer by the agent), so side A answers it. */
  offerFromB: boolean;
  /** Side B's monologue that offerToAgent replaced; deleted once the agent has answered. */
  replacedTag: string | null;
  prompts: Map<string, Prompt>;
  recordings: Set<Recording>;
  /** Set up with inject-DTMF (needed by sendDtmf). */
  injectDtmf: boolean;
  /** Digits we injected, so their reports are not taken for a party's. */
  injected: { rtpTag: string; digit: string; until: number }[];
  /** The caller's codec fixed at the IVR answer (codec-offer.ts); null: PCMU as before. */
  codec?: Codec | null;
  /** Silence into the caller while the IVR plays nothing (ivr-filler.ts). */
  filler?: Filler;
}

const IVR_PEER_SUFFIX = '~peer';
const DEFAULT_MAX_CALLS = 250;
const INJECTED_VOLUME = 63;

export class MediaServer extends EventEmitter<MediaServerEvents> {
  private readonly processes: RtpengineProcess[] = [];
  private readonly calls = new Map<string, Call>();
  private agentLegs = 0;
  /** Per-call notification handlers, by call id (see subscribe). */
  private readonly handlers = new Map<string, Set<CallMediaHandlers>>();
  private readonly dtmf = new DtmfListener();
  private readonly tts: TtsCache;
  readonly recordingDir: string;
  private silenceFile = '';

  constructor(private readonly config: MediaServerConfig) {
    super();
    this.tts = new TtsCache(config.ttsCacheDir ?? join(config.workDir, 'tts'));
    this.recordingDir = config.recordingDir ?? join(config.workDir, 'recordings');
    this.dtmf.on('digit', (raw) => this.onDigit(raw));
  }

  /** Starts the DTMF listener and every rtpengine instance; resolves when all answer ping. */
  async start(): Promise<void> {
    checkPortRanges(this.config);
    this.silenceFile = writeSilence(join(this.config.workDir, 'ivr-silence.wav'));
    const dtmfPort = await this.dtmf.start();
    for (const instance of this.config.instances) {
      const proc = new RtpengineProcess({
        instance,
        workDir: this.config.workDir,
        binary: this.config.binary ?? '/usr/bin/rtpengine',
        maxCalls: this.config.maxCalls ?? DEFAULT_MAX_CALLS,
        dtmfPort,
        logLevel: this.config.logLevel ?? 5,
        healthIntervalMs: this.config.healthIntervalMs ?? 1000,
        startTimeoutMs: this.config.startTimeoutMs,
      });
      proc.on('down', (reason) => this.onInstanceDown(proc, reason));
      proc.on('up', () => this.emit('instance-up', { instance: proc.name }));
      this.processes.push(proc);
    }
    try {
      await Promise.all(this.processes.map((p) => p.start()));
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    for (const call of this.calls.values()) this.dropCall(call);
    this.calls.clear();
    await Promise.all(this.processes.map((p) => p.stop()));
    this.processes.length = 0;
    this.dtmf.stop();
  }

  /** PIDs of the running rtpengine processes, by instance name (for supervision and benchmarks). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.processes.map((p) => [p.name, p.pid]));
  }

  /** Calls that currently have media, by instance name. */
  load(): Record<string, number> {
    const out: Record<string, number> = Object.fromEntries(this.processes.map((p) => [p.name, 0]));
    for (const call of this.calls.values()) out[call.instance.name] = (out[call.instance.name] ?? 0) + 1;
    return out;
  }

  // ---- legs and bridging ----

  /**
   * Anchors an offer from leg `legTag`; returns the SDP to send to the other side. The first
   * offer creates the call; later ones are re-offers (hold, resume, codec change) from either
   * party, answered through anchorAnswer by the other party.
   */
  anchorOffer(callId: string, legTag: string, sdp: string, options: OfferOptions = {}): Promise<string> {
    return this.offerFromA(callId, legTag, sdp, options, !offersPcmu(sdp));
  }

  /** `addPcmu`: the offer lacks PCMU and the other side may need it (rtpengine transcodes). */
  private async offerFromA(callId: string, legTag: string, sdp: string, options: OfferOptions, addPcmu: boolean): Promise<string> {
    const existing = this.calls.get(callId);
    if (existing?.b?.appTag === legTag && legTag !== existing.a.appTag) return this.reofferFromB(existing, sdp, options);
    if (existing && existing.a.appTag !== legTag) throw new UnknownCallError(callId, `offer from unknown leg ${legTag}`);
    const instance = existing?.instance ?? this.pickInstance();
    const a = makeLeg(legTag, legTag, sdp, options, existing?.a);
    const injectDtmf = options.injectDtmf ?? existing?.injectDtmf ?? false;
    const reply = await instance.ng.command('offer', {
      'call-id': callId, 'from-tag': legTag, 'to-tag': existing?.b?.rtpTag, sdp,
      ...offerToward(options.towardWebrtc ?? existing?.b?.webrtc ?? false, a.webrtc, injectDtmf, addPcmu, { toward: existing?.b?.crypto, from: a.crypto }),
    });
    const call: Call = existing ?? { callId, instance, a, b: null, offerSdp: sdp, offerFromB: false, replacedTag: null, prompts: new Map(), recordings: new Set(), injectDtmf, injected: [] };
    call.a = a;
    call.offerSdp = sdp;
    call.offerFromB = false;
    this.calls.set(callId, call);
    return scrubForeign(String(reply.sdp), options.towardWebrtc ?? existing?.b?.webrtc ?? false);
  }

  /** Anchors the answer of leg `legTag` to the pending offer; returns the SDP for the offerer. */
  async anchorAnswer(callId: string, legTag: string, sdp: string, options: LegOptions = {}): Promise<string> {
    const call = this.call(callId);
    if (!call.offerFromB) return this.answer(call, legTag, sdp, options);
    const b = call.b;
    if (!b || legTag !== call.a.appTag) throw new MediaStateError(callId, `answer from ${legTag} to a re-offer from ${b?.appTag}`);
    const reply = await call.instance.ng.command('answer', {
      'call-id': callId, 'from-tag': b.rtpTag, 'to-tag': call.a.rtpTag, sdp,
      ...answerToward(b.webrtc, call.a.webrtc, call.injectDtmf, { toward: b.crypto }),
    });
    call.offerFromB = false;
    return scrubForeign(String(reply.sdp), b.webrtc);
  }

  /**
   * Anchors a caller with no peer yet (IVR, queue): offer plus a dummy sendrecv answer, so
   * prompts can play and digits are heard. Returns the SDP to answer the caller with.
   */
  async anchorIvr(callId: string, legTag: string, sdp: string, options: Omit<OfferOptions, 'towardWebrtc'> = {}): Promise<string> {
    // The IVR's peer answers in the caller's own codec when there is one: no PCMU transcoder then.
    const codec = callerCodec(sdp, options.webrtc ?? this.calls.get(callId)?.a.webrtc ?? false);
    const offered = await this.offerFromA(callId, legTag, sdp, { ...options, towardWebrtc: false }, !codec && !offersPcmu(sdp));
    const te = audioSections(offered)[0]?.telephoneEvent ?? null;
    const call = this.call(callId);
    call.codec = codec;
    const reply = await call.instance.ng.command('answer', {
      'call-id': callId, 'from-tag': call.a.rtpTag, 'to-tag': legTag + IVR_PEER_SUFFIX,
      sdp: call.codec ? ivrPeerAnswer(offered, call.codec) : plainAudioSdp('127.0.0.1', [9], 'sendrecv', te),
      ...answerToward(call.a.webrtc, false, call.injectDtmf, { toward: call.a.crypto }),
    });
    call.b = { appTag: '', rtpTag: legTag + IVR_PEER_SUFFIX, webrtc: false, inbandDtmf: false, telephoneEvent: te !== null, crypto: PLAIN_RTP };
    await this.enableInbandDtmf(call, call.a);
    this.fill(call);
    return scrubForeign(String(reply.sdp), call.a.webrtc);
  }

  /**
   * Anchors the party's offer against the mixer (media/mixer): side B is a plain PCMU peer at
   * the mixer's port for `partyId`, as anchorIvr's dummy peer. Returns the SDP for the party.
   */
  async joinMixer(callId: string, legTag: string, sdp: string, mixer: Mixer, partyId: string, options: Omit<OfferOptions, 'towardWebrtc'> = {}): Promise<string> {
    const party = await mixer.addParty(partyId);
    const towardMixer = await this.anchorOffer(callId, legTag, sdp, { ...options, towardWebrtc: false });
    const call = this.call(callId);
    const rtpTag = `${legTag}~mixer`;
    const reply = await call.instance.ng.command('answer', {
      'call-id': callId, 'from-tag': call.a.rtpTag, 'to-tag': rtpTag,
      sdp: plainAudioSdp('127.0.0.1', [party.port], 'sendrecv'),
      ...answerToward(call.a.webrtc, false, call.injectDtmf, { toward: call.a.crypto }),
    });
    const section = audioSections(towardMixer)[0];
    if (section) mixer.setRemote(partyId, section.address, section.port);
    call.b = { appTag: '', rtpTag, webrtc: false, inbandDtmf: false, telephoneEvent: false, crypto: PLAIN_RTP };
    return scrubForeign(String(reply.sdp), call.a.webrtc);
  }

  /**
   * Conference: the caller (side A) of a bridged call goes to the mixer's party `partyId` with
   * no re-INVITE to the caller. A's offer is re-offered toward a new plain monologue at the
   * mixer, as offerToAgent does for an agent (port latching keeps A's ports); side B stays
   * where it is until agentToMixer moves it too.
   */
  async callerToMixer(callId: string, mixer: Mixer, partyId: string): Promise<void> {
    const call = this.call(callId);
    const party = await mixer.addParty(partyId);
    const rtpTag = `${call.a.rtpTag}~mixer`;
    const addPcmu = !offersPcmu(call.offerSdp) || (call.codec !== null && call.codec !== undefined);
    const offered = await call.instance.ng.command('offer', {
      'call-id': callId, 'from-tag': call.a.rtpTag, 'to-tag': rtpTag, sdp: call.offerSdp,
      ...offerToward(false, call.a.webrtc, call.injectDtmf, addPcmu, { toward: PLAIN_RTP, from: call.a.crypto }),
    });
    this.aimMixer(mixer, partyId, String(offered.sdp));
    await call.instance.ng.command('answer', {
      'call-id': callId, 'from-tag': call.a.rtpTag, 'to-tag': rtpTag, sdp: plainAudioSdp('127.0.0.1', [party.port], 'sendrecv', null),
      ...answerToward(call.a.webrtc, false, call.injectDtmf, { toward: call.a.crypto }),
    });
  }

  /**
   * Conference: side B (the connected agent) goes to the mixer's party `partyId` with no SIP
   * at all: a plain monologue at the mixer offers toward B's monologue and B's own answer is
   * answered again, so B's ports, ICE and DTLS stay as they are.
   */
  async agentToMixer(callId: string, mixer: Mixer, partyId: string): Promise<void> {
    const call = this.call(callId);
    const b = call.b;
    if (!b?.answerSdp) throw new MediaStateError(callId, 'no answered agent to move to the mixer');
    const party = await mixer.addParty(partyId);
    const rtpTag = `${b.rtpTag}~mixer`;
    await call.instance.ng.command('offer', {
      'call-id': callId, 'from-tag': rtpTag, 'to-tag': b.rtpTag, sdp: plainAudioSdp('127.0.0.1', [party.port], 'sendrecv', null),
      ...offerToward(b.webrtc, false, false, false, { toward: b.crypto, from: PLAIN_RTP }),
    });
    const answered = await call.instance.ng.command('answer', {
      'call-id': callId, 'from-tag': rtpTag, 'to-tag': b.rtpTag, sdp: b.answerSdp,
      ...answerToward(false, b.webrtc, false, { toward: PLAIN_RTP }),
    });
    this.aimMixer(mixer, partyId, String(answered.sdp));
  }

  /**
   * Conference: a new party we call (the target) gets a call of its own, `legCallId`, whose
   * side A is the mixer's party. Returns the offer to send to the target; answerMixerLeg takes
   * its answer.
   */
  async offerFromMixer(legCallId: string, mixer: Mixer, partyId: string, options: { webrtc?: boolean; encryption?: MediaEncryption } = {}): Promise<string> {
    const party = await mixer.addParty(partyId);
    const webrtc = options.webrtc ?? false;
    const instance = this.pickInstance();
    const a: Leg = { appTag: partyId, rtpTag: partyId, webrtc: false, inbandDtmf: false, telephoneEvent: false, crypto: PLAIN_RTP };
    const sdp = plainAudioSdp('127.0.0.1', [party.port], 'sendrecv', null);
    const crypto = cryptoFor(options.encryption ?? 'none');
    const reply = await instance.ng.command('offer', {
      'call-id': legCallId, 'from-tag': partyId, sdp, ...offerToward(webrtc, false, false, false, { toward: crypto, from: PLAIN_RTP }),
    });
    const b: Leg = { appTag: '', rtpTag: '', webrtc, inbandDtmf: false, telephoneEvent: false, crypto };
    this.calls.set(legCallId, { callId: legCallId, instance, a, b, offerSdp: sdp, offerFromB: false, replacedTag: null, prompts: new Map(), recordings: new Set(), injectDtmf: false, injected: [] });
    return scrubForeign(String(reply.sdp), webrtc);
  }

  /** The target answered offerFromMixer's SDP: the mixer's party now sends to the target's rtpengine port. */
  async answerMixerLeg(legCallId: string, mixer: Mixer, sdp: string): Promise<void> {
    const call = this.call(legCallId);
    const b = call.b;
    if (!b) throw new MediaStateError(legCallId, 'no target');
    const rtpTag = `${call.a.rtpTag}~party`;
    const reply = await call.instance.ng.command('answer', {
      'call-id': legCallId, 'from-tag': call.a.rtpTag, 'to-tag': rtpTag, sdp, ...answerToward(false, b.webrtc, false, { toward: PLAIN_RTP }),
    });
    call.b = { ...b, appTag: rtpTag, rtpTag, answerSdp: sdp };
    this.aimMixer(mixer, call.a.rtpTag, String(reply.sdp));
  }

  /** The mixer party sends its mix to rtpengine's port in the SDP rtpengine gave toward the mixer. */
  private aimMixer(mixer: Mixer, partyId: string, sdpTowardMixer: string): void {
    const section = audioSections(sdpTowardMixer)[0];
    if (section) mixer.setRemote(partyId, section.address, section.port);
  }

  /**
   * For a call anchored by anchorIvr: the offer to send to the agent's phone or browser. A phone
   * is offered SRTP by its `encryption` setting (srtp-profile.ts); a browser always gets DTLS.
   */
  async offerToAgent(callId: string, options: { webrtc?: boolean; encryption?: MediaEncryption } = {}): Promise<string> {
    const call = this.call(callId);
    if (!call.b) throw new MediaStateError(callId, 'the caller is not anchored');
    // The agent gets a monologue of its own: rtpengine does not take a leg that began as the
    // IVR's plain dummy through ICE and DTLS-SRTP when it is re-offered to a browser.
    const rtpTag = `${call.a.rtpTag}~agent-${++this.agentLegs}`;
    const webrtc = options.webrtc ?? false;
    const codec = call.codec;
    const crypto = cryptoFor(options.encryption ?? 'none');
    const reply = await call.instance.ng.command('offer', {
      'call-id': callId, 'from-tag': call.a.rtpTag, 'to-tag': rtpTag, sdp: codec ? onlyCodec(call.offerSdp, codec) : call.offerSdp,
      ...offerToward(webrtc, call.a.webrtc, call.injectDtmf, !codec && !offersPcmu(call.offerSdp), { toward: crypto, from: call.a.crypto }),
      ...(codec ? agentCodecOptions(codec, webrtc || call.a.webrtc) : {}),
    });
    call.replacedTag = call.b.rtpTag;
    call.b = { ...call.b, rtpTag, crypto };
    return scrubForeign(String(reply.sdp), webrtc);
  }

  /** The agent answered offerToAgent's SDP: bridges caller and agent. Returns the caller's SDP (same ports as before). */
  async bridge(callId: string, agentTag: string, sdp: string, options: LegOptions = {}): Promise<string> {
    return this.answer(this.call(callId), agentTag, sdp, options);
  }

  /** Ends the call's media: prompts end; the call's recordings are closed and their metadata returned. */
  async deleteCall(callId: string): Promise<RecordingInfo[]> {
    const call = this.calls.get(callId);
    if (!call) return [];
    const infos = await Promise.all([...call.recordings].map((r) => r.stop()));
    this.dropCall(call);
    this.calls.delete(callId);
    await call.instance.ng.command('delete', { 'call-id': callId }).catch(() => undefined);
    return infos;
  }

  // ---- prompts ----

  /** Plays a file or spoken text into `legTag`; the handle's `done` resolves at its computed end. */
  async playPrompt(callId: string, legTag: string, prompt: PromptSource, options: PlayOptions = {}): Promise<PromptHandle> {
    const call = this.call(callId);
    const leg = this.leg(call, legTag);
    const file = 'file' in prompt ? prompt.file : await this.tts.say(prompt.text, prompt.voice);
    // Out of the map first: the old prompt's end must not bring the filler back over this one.
    const before = call.prompts.get(leg.rtpTag);
    call.prompts.delete(leg.rtpTag);
    await before?.stop();
    if (leg === call.a) await this.unfill(call, 'replace');
    const peer = leg === call.a ? call.b : call.a;
    const muteTag = (options.muteOther ?? true) && peer && peer.appTag ? peer.rtpTag : null;
    const p = new Prompt({ ng: call.instance.ng, callId, rtpTag: leg.rtpTag, muteTag, file, loop: options.loop ?? false });
    call.prompts.set(leg.rtpTag, p);
    void p.done.then((end) => {
      if (call.prompts.get(leg.rtpTag) !== p) return;
      call.prompts.delete(leg.rtpTag);
      if (leg === call.a && end.reason !== 'call-ended') this.fill(call);
    });
    await p.start();
    return p;
  }

  /** A prompt as 8 kHz PCM, for a mixer source (the music a consulted-away caller hears). */
  async promptPcm(prompt: PromptSource): Promise<Int16Array> {
    return readPcm8k('file' in prompt ? prompt.file : await this.tts.say(prompt.text, prompt.voice));
  }

  /** Loops `prompt` into `legTag` with its peer muted, until the handle is stopped. */
  startMusicOnHold(callId: string, legTag: string, prompt: PromptSource): Promise<PromptHandle> {
    return this.playPrompt(callId, legTag, prompt, { loop: true, muteOther: true });
  }

  /**
   * Stops (blocked) or restores the forwarding of what `legTag` sends to its peer; prompts
   * played into either leg are not affected (hold: media/hold-media.ts).
   */
  async blockMedia(callId: string, legTag: string, blocked: boolean): Promise<void> {
    const call = this.call(callId);
    const leg = this.leg(call, legTag);
    await call.instance.ng.command(blocked ? 'block media' : 'unblock media', { 'call-id': callId, 'from-tag': leg.rtpTag });
  }

  /** Renders text with espeak-ng (cached by voice + text); returns the WAV path. */
  say(text: string, voice?: string): Promise<string> {
    return this.tts.say(text, voice);
  }

  // ---- DTMF ----

  /**
   * Sends digits as RFC 4733 as if pressed on `fromLegTag` (heard by its peer); never reported
   * as that leg's digits. The call must have been offered with `injectDtmf`.
   */
  async sendDtmf(callId: string, fromLegTag: string, digits: string, durationMs = 160): Promise<void> {
    const call = this.call(callId);
    const leg = this.leg(call, fromLegTag);
    // Without the flag rtpengine answers ok and sends nothing.
    if (!call.injectDtmf) throw new MediaStateError(callId, 'set up without injectDtmf');
    for (const digit of digits) {
      call.injected.push({ rtpTag: leg.rtpTag, digit, until: Date.now() + durationMs + 3000 });
      await call.instance.ng.command('play DTMF', { 'call-id': callId, 'from-tag': leg.rtpTag, code: digit, duration: durationMs });
      await new Promise((r) => setTimeout(r, durationMs + 60));
    }
  }

  /** Merges a digit the app received as SIP INFO into the same event stream. */
  reportInfoDigit(callId: string, legTag: string, digit: string): void {
    this.notifyDigit({ callId, legTag, digit, source: 'info', at: Date.now() });
  }

  // ---- per-call notifications ----

  /**
   * The call's own handlers for its digits and for the loss of its media (instance down).
   * Returns the unsubscribe function; a handler that throws is isolated from the others.
   */
  subscribe(callId: string, handlers: CallMediaHandlers): () => void {
    let set = this.handlers.get(callId);
    if (!set) this.handlers.set(callId, (set = new Set()));
    set.add(handlers);
    return () => {
      set.delete(handlers);
      if (set.size === 0 && this.handlers.get(callId) === set) this.handlers.delete(callId);
    };
  }

  /** Calls with at least one subscriber (diagnostics; tests check nothing leaks). */
  get subscribedCalls(): number {
    return this.handlers.size;
  }

  private dispatch(callId: string, invoke: (h: CallMediaHandlers) => void): void {
    for (const h of [...(this.handlers.get(callId) ?? [])]) {
      try {
        invoke(h);
      } catch (err) {
        // One call's handler failing must not keep the next call from hearing of its media.
        this.emit('handler-error', { callId, error: err });
      }
    }
  }

  private notifyDigit(event: DtmfEvent): void {
    this.dispatch(event.callId, (h) => h.dtmf?.(event));
    this.emit('dtmf', event);
  }

  // ---- recording and listen-in ----

  /** Forks both parties into a two-channel WAV (channel 1 = side A, usually the caller). */
  async startRecording(callId: string, options: RecordingOptions = {}): Promise<Recording> {
    const call = this.call(callId);
    if (!call.b) throw new MediaStateError(callId, 'the call has no second party yet');
    const rec = await Recording.start(call.instance.ng, callId, [
      { rtpTag: call.a.rtpTag, legTag: call.a.appTag },
      { rtpTag: call.b.rtpTag, legTag: call.b.appTag },
    ], this.recordingDir, options, (info) => this.emit('recording', info));
    call.recordings.add(rec);
    return rec;
  }

  /** Forks both parties to a listener; returns a sendonly offer with one m= line per party. */
  async listenIn(callId: string, options: { webrtc?: boolean } = {}): Promise<ListenInOffer> {
    const call = this.call(callId);
    const tags = [call.a.rtpTag, ...(call.b ? [call.b.rtpTag] : [])];
    const profile = offerToward(options.webrtc ?? false, false, false);
    // PCMU is offered for every party, so a phone can listen to an opus (browser) party.
    const reply = await call.instance.ng.command('subscribe request', { 'call-id': callId, 'from-tags': tags, ...profile, codec: { transcode: ['PCMU'] } });
    return { listenerTag: String(reply['to-tag']), sdp: String(reply.sdp) };
  }

  async listenInAnswer(callId: string, listenerTag: string, sdp: string): Promise<void> {
    const call = this.call(callId);
    await call.instance.ng.command('subscribe answer', { 'call-id': callId, 'to-tag': listenerTag, sdp, flags: ['allow-transcoding'] });
  }

  async stopListenIn(callId: string, listenerTag: string): Promise<void> {
    const call = this.call(callId);
    await call.instance.ng.command('unsubscribe', { 'call-id': callId, 'to-tag': listenerTag });
  }

  // ---- internals ----

  private async reofferFromB(call: Call, sdp: string, options: OfferOptions): Promise<string> {
    const b = call.b;
    if (!b) throw new MediaStateError(call.callId, 'no second party');
    const reply = await call.instance.ng.command('offer', {
      'call-id': call.callId, 'from-tag': b.rtpTag, 'to-tag': call.a.rtpTag, sdp,
      ...offerToward(options.towardWebrtc ?? call.a.webrtc, options.webrtc ?? b.webrtc, call.injectDtmf, !offersPcmu(sdp), { toward: call.a.crypto, from: cryptoOf(sdp) }),
    });
    call.offerFromB = true;
    return scrubForeign(String(reply.sdp), call.a.webrtc);
  }

  private async answer(call: Call, legTag: string, sdp: string, options: LegOptions): Promise<string> {
    await this.unfill(call, 'stop');
    const rtpTag = call.b?.rtpTag ?? legTag;
    const reply = await call.instance.ng.command('answer', {
      'call-id': call.callId, 'from-tag': call.a.rtpTag, 'to-tag': rtpTag, sdp: call.codec ? firstCodecOnly(sdp) : sdp,
      ...answerToward(call.a.webrtc, options.webrtc ?? false, call.injectDtmf, { toward: call.a.crypto }),
    });
    call.b = { ...makeLeg(legTag, rtpTag, sdp, options, call.b?.appTag === legTag ? call.b : undefined), answerSdp: sdp };
    if (call.replacedTag) {
      // Deleting one monologue by its tag leaves the rest of the call running.
      await call.instance.ng.command('delete', { 'call-id': call.callId, 'from-tag': call.replacedTag }).catch(() => undefined);
      call.replacedTag = null;
    }
    await this.enableInbandDtmf(call, call.a);
    await this.enableInbandDtmf(call, call.b);
    return scrubForeign(String(reply.sdp), call.a.webrtc);
  }

  /** Silence into the caller while it waits in the IVR with nothing playing (ivr-filler.ts). */
  private fill(call: Call): void {
    if (call.filler || call.b?.appTag !== '' || call.prompts.has(call.a.rtpTag) || this.calls.get(call.callId) !== call) return;
    call.filler = new Filler(call.instance.ng, call.callId, call.a.rtpTag, this.silenceFile);
  }

  private async unfill(call: Call, how: 'replace' | 'stop'): Promise<void> {
    const filler = call.filler;
    call.filler = undefined;
    if (filler) await (how === 'replace' ? filler.replace() : filler.stop());
  }

  /** 10.5 applies in-band detection only through `unblock DTMF` (the offer flag alone does nothing). */
  private async enableInbandDtmf(call: Call, leg: Leg): Promise<void> {
    if (!leg.inbandDtmf) return;
    await call.instance.ng.command('unblock DTMF', { 'call-id': call.callId, 'from-tag': leg.rtpTag, flags: ['detect-DTMF'], 'delay-buffer': 0 });
  }

  private onDigit(raw: RawDtmf): void {
    const call = this.calls.get(raw.callId);
    if (!call) return;
    const leg = [call.a, call.b].find((l) => l?.rtpTag === raw.sourceTag);
    if (!leg || !leg.appTag) return;
    const now = Date.now();
    call.injected = call.injected.filter((i) => i.until > now);
    const mine = call.injected.findIndex((i) => i.rtpTag === raw.sourceTag && i.digit === raw.digit);
    if (mine >= 0) {
      call.injected.splice(mine, 1);
      return;
    }
    if (raw.volume === INJECTED_VOLUME) return;
    this.notifyDigit({ callId: raw.callId, legTag: leg.appTag, digit: raw.digit, source: dtmfSource(leg, raw), at: raw.at, durationMs: raw.durationMs });
  }

  private onInstanceDown(proc: RtpengineProcess, reason: string): void {
    const callIds: string[] = [];
    for (const call of this.calls.values()) {
      if (call.instance !== proc) continue;
      callIds.push(call.callId);
      this.dropCall(call, false);
      this.calls.delete(call.callId);
    }
    const event = { instance: proc.name, reason, callIds };
    for (const callId of callIds) this.dispatch(callId, (h) => h.mediaLost?.(event));
    this.emit('instance-down', event);
  }

  /** Forgets a call locally: prompts end as 'call-ended', recordings are closed. */
  private dropCall(call: Call, instanceAlive = true): void {
    call.filler?.abandon();
    for (const p of call.prompts.values()) p.abandon('call-ended');
    // A recording that cannot be closed (disk full) is reported, never left as an unhandled rejection.
    for (const r of call.recordings) r.stop(instanceAlive).catch((error: unknown) => this.emit('handler-error', { callId: call.callId, error }));
  }

  private pickInstance(): RtpengineProcess {
    const load = this.load();
    const healthy = this.processes.filter((p) => p.isHealthy);
    if (healthy.length === 0) throw new MediaUnavailableError('no healthy rtpengine instance');
    return healthy.reduce((best, p) => ((load[p.name] ?? 0) < (load[best.name] ?? 0) ? p : best));
  }

  private call(callId: string): Call {
    const call = this.calls.get(callId);
    if (!call) throw new UnknownCallError(callId);
    return call;
  }

  private leg(call: Call, legTag: string): Leg {
    const leg = [call.a, call.b].find((l) => l?.appTag === legTag);
    if (!leg) throw new UnknownCallError(call.callId, `no leg ${legTag}`);
    return leg;
  }

  /** The ng client of the instance carrying a call (tests and diagnostics). */
  ngFor(callId: string): NgClient {
    return this.call(callId).instance.ng;
  }
}

/** Overlapping ranges would make two rtpengines fight over ports; refuse them at start. */
function checkPortRanges(config: MediaServerConfig): void {
  const ranges = config.instances.map((i) => ({ name: i.name, ...portRange(i, config.maxCalls ?? DEFAULT_MAX_CALLS) }));
  for (const r of ranges) {
    for (const o of ranges) {
      if (r !== o && r.min <= o.max && o.min <= r.max) {
        throw new Error(`rtpengine ${r.name} ports ${r.min}-${r.max} overlap ${o.name} ${o.min}-${o.max} (each instance needs maxCalls × ${PORTS_PER_CALL} ports)`);
      }
    }
  }
}

/** A leg from its SDP and options; on a re-offer, options left out keep the leg's earlier values. */
function makeLeg(appTag: string, rtpTag: string, sdp: string, options: LegOptions, before?: Leg): Leg {
  return {
    appTag,
    rtpTag,
    webrtc: options.webrtc ?? before?.webrtc ?? false,
    inbandDtmf: options.inbandDtmf ?? before?.inbandDtmf ?? false,
    telephoneEvent: audioSections(sdp).some((s) => s.telephoneEvent !== undefined),
    crypto: cryptoOf(sdp),
  };
}

/**
 * rtpengine reports both kinds alike. RFC 4733 senders count duration in whole packets (20 ms
 * steps); the in-band detector reports what it measured (e.g. 102 or 114 ms for a 120 ms tone).
 * On legs without in-band detection every digit is RFC 4733.
 */
function dtmfSource(leg: Leg, raw: RawDtmf): DtmfEvent['source'] {
  if (!leg.inbandDtmf) return 'rfc4733';
  return leg.telephoneEvent && raw.durationMs % 20 === 0 ? 'rfc4733' : 'inband';
}
