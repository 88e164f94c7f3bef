// The agent's SIP phone on sip.js: registers over WSS with the per-session SIP credentials the
// API hands out (the agent's own SIP password never reaches the browser; these stop working at
// sign-out), takes or makes one call at a time (an extension or a number: the center routes it
// and applies the agent's outbound policy) and exposes answer, hang up, mute, hold, DTMF and
// microphone switching.
//
// Media rules for rtpengine 10.5 (../shared/reference/rtpengine.md §3.5): bundlePolicy stays
// 'balanced' (rtpengine emits no BUNDLE group), no ICE servers (host candidates only; the
// app calls getUserMedia before any call so Chrome does not hide them behind mDNS), and the
// browser only ever answers rtpengine's offer with setup:active, which Chrome does by default.
//
// A network change (the OS reports it as an `online` event or a Network Information change),
// an ICE connection that fails or stays disconnected, or a signalling connection that came
// back during the call renegotiates the media with an ICE restart: a re-INVITE whose offer has
// new ICE credentials, so the candidate pair is rebuilt on the new network (RFC 8445 §9).
// rtpengine sees the new ufrag and restarts its side; the caller gets no re-INVITE.
import { Invitation, Inviter, Registerer, RegistererState, SessionState, UserAgent, Web, type Session } from 'sip.js';
import type { SipCredentials } from './api-types.js';
import { callerName, callerNumber } from './caller-id.js';
import type { CallView, PhoneListener } from './phone-types.js';

const REGISTER_EXPIRES = 300;
/** Media health: no RTP packet from the other side for this long is a warning on screen. */
const NO_AUDIO_MS = 3000;
const MEDIA_CHECK_MS = 250;
const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10000, 30000];
/** ICE 'disconnected' can heal by itself (a lost burst); this long without healing restarts it. */
const ICE_DISCONNECTED_MS = 2000;

/** Chrome's Network Information API (not in the DOM lib). */
interface NetworkInformation extends EventTarget { readonly type?: string }

export class Phone {
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  private session: Session | null = null;
  /** The last call's ended view, for a reason that arrives after the end (a dialled call's refusal). */
  private lastEnded: { session: Session; view: CallView } | null = null;
  private readonly domain: string;
  private view: CallView | null = null;
  private stopped = false;
  private reconnectAttempt = 0;
  private reconnectTimer: number | undefined;
  private mediaTimer: number | undefined;
  private iceTimer: number | undefined;
  /** A restart asked while one is in flight runs once that one is done. */
  private iceRestart: { running: boolean; again: boolean } = { running: false, again: false };
  /** The signalling connection was lost: once it is back, the call's media is renegotiated. */
  private lostConnection = false;
  private readonly onNetworkChange = (): void => { void this.restartIce('network change'); };

  constructor(creds: SipCredentials, private readonly listener: PhoneListener, private readonly micId: () => string | undefined) {
    const uri = UserAgent.makeURI(`sip:${creds.username}@${creds.domain}`);
    if (!uri) throw new Error(`not a valid SIP address: ${creds.username}@${creds.domain}`);
    this.domain = creds.domain;
    this.ua = new UserAgent({
      uri,
      authorizationUsername: creds.authorizationUsername,
      authorizationPassword: creds.password,
      displayName: creds.displayName,
      transportOptions: { server: creds.wssUrl },
      logLevel: 'warn',
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { bundlePolicy: 'balanced', iceServers: [] },
        iceGatheringTimeout: 1000,
      },
      delegate: {
        onInvite: (inv) => this.onInvite(inv),
        onDisconnect: (err) => this.onDisconnect(err),
      },
    });
    this.registerer = new Registerer(this.ua, { expires: REGISTER_EXPIRES });
    // After a reconnect the Registerer may still be in state Registered (no state change), so
    // 'registered' is reported from each accepted REGISTER instead.
    this.registerer.stateChange.addListener((s) => {
      if (s === RegistererState.Unregistered && !this.stopped) this.listener.registration('unregistered');
    });
  }

  async start(): Promise<void> {
    window.addEventListener('online', this.onNetworkChange);
    this.connection()?.addEventListener('change', this.onNetworkChange);
    this.listener.registration('connecting');
    try {
      await this.ua.start();
      await this.register();
    } catch (err) {
      this.listener.registration('failed', errorText(err));
      this.scheduleReconnect();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    window.removeEventListener('online', this.onNetworkChange);
    this.connection()?.removeEventListener('change', this.onNetworkChange);
    window.clearTimeout(this.reconnectTimer);
    window.clearTimeout(this.iceTimer);
    await this.hangUp().catch(() => undefined);
    if (this.registerer.state === RegistererState.Registered) await this.registerer.unregister().catch(() => undefined);
    await this.ua.stop();
  }

  get call(): CallView | null {
    return this.view;
  }

  async answer(): Promise<void> {
    const inv = this.session;
    if (!(inv instanceof Invitation) || this.view?.status !== 'ringing') return;
    this.update({ status: 'answering' });
    const mic = this.micId();
    await inv.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: mic ? { deviceId: { exact: mic } } : true, video: false } } });
  }

  /** Calls an extension or a number; the center decides where it goes (and may refuse it: the view's endReason says why). */
  async dial(target: string): Promise<void> {
    if (this.session) throw new Error('hang up the current call first');
    const uri = UserAgent.makeURI(`sip:${target}@${this.domain}`);
    if (!/^\+?[0-9*#]{2,32}$/.test(target) || !uri) throw new Error(`not a number or extension: ${target}`);
    const mic = this.micId();
    const inviter = new Inviter(this.ua, uri, { sessionDescriptionHandlerOptions: { constraints: { audio: mic ? { deviceId: { exact: mic } } : true, video: false } } });
    this.attach(inviter, { status: 'dialing', monitor: false, callId: null, number: target, name: null, muted: false, held: false });
    await inviter.invite({
      requestDelegate: {
        // sip.js ends the session before it calls this: the ended view is told again with the reason.
        onReject: (res) => {
          const endReason = `${res.message.statusCode} ${res.message.reasonPhrase}`;
          if (this.session === inviter) this.update({ endReason });
          else if (this.lastEnded?.session === inviter) this.listener.call({ ...this.lastEnded.view, endReason });
        },
      },
    });
  }

  async hangUp(): Promise<void> {
    const inv = this.session;
    if (!inv) return;
    if (inv instanceof Inviter && (inv.state === SessionState.Initial || inv.state === SessionState.Establishing)) {
      await inv.cancel();
    } else if (inv.state === SessionState.Initial || inv.state === SessionState.Establishing) {
      // Still ringing here (or the 200 is on its way): decline; after a 200, sip.js must BYE.
      if (this.view?.status === 'ringing' && inv instanceof Invitation) await inv.reject({ statusCode: 486, reasonPhrase: 'Busy Here' });
      else await inv.bye().catch(() => inv.dispose());
    } else if (inv.state === SessionState.Established) {
      await inv.bye();
    }
  }

  setMuted(muted: boolean): void {
    if (!this.view || this.view.status !== 'active') return;
    this.update({ muted });
    this.enableSenders();
  }

  /** Hold by re-INVITE (a=sendonly); the server answers with music on hold toward the caller. */
  async setHeld(held: boolean): Promise<void> {
    const inv = this.session;
    if (!inv || this.view?.status !== 'active' || this.view.held === held) return;
    // sip.js reads the hold flag for every later offer and answer (the server's re-INVITEs too),
    // so it must be put back when the request fails.
    const setFlag = (hold: boolean): void => {
      inv.sessionDescriptionHandlerOptionsReInvite = { ...inv.sessionDescriptionHandlerOptionsReInvite, hold } as Web.SessionDescriptionHandlerOptions;
    };
    setFlag(held);
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error): void => {
        setFlag(!held);
        reject(err);
      };
      inv.invite({
        requestDelegate: {
          onAccept: () => {
            this.update({ held });
            this.enableSenders();
            resolve();
          },
          onReject: (res) => fail(new Error(`${held ? 'hold' : 'resume'} refused: ${res.message.statusCode} ${res.message.reasonPhrase}`)),
        },
      }).catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err))));
    });
  }

  /** Sends digits as RFC 4733 telephone-events on the audio sender. */
  sendDtmf(digits: string): boolean {
    if (!/^[0-9*#]+$/.test(digits) || this.view?.status !== 'active') return false;
    return this.handler()?.sendDtmf(digits, { duration: 160, interToneGap: 70 }) ?? false;
  }

  /** Switches the microphone of a call in progress (new calls pick it up through micId()). */
  async switchMicrophone(deviceId: string): Promise<void> {
    const pc = this.handler()?.peerConnection;
    const sender = pc?.getSenders().find((s) => s.track?.kind === 'audio');
    if (!sender) return;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: deviceId } }, video: false });
    const [track] = stream.getAudioTracks();
    if (!track) return;
    const old = sender.track;
    await sender.replaceTrack(track);
    old?.stop();
    this.enableSenders();
  }

  /** Device id of the microphone the call is sending from, if a call is up. */
  microphoneInUse(): string | undefined {
    const sender = this.handler()?.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
    return sender?.track?.getSettings().deviceId;
  }

  private async register(): Promise<void> {
    await this.registerer.register({
      requestDelegate: {
        onAccept: () => {
          this.reconnectAttempt = 0;
          this.listener.registration('registered');
          if (this.lostConnection) void this.restartIce('signalling reconnected');
          this.lostConnection = false;
        },
        onReject: (res) => this.listener.registration('failed', `${res.message.statusCode} ${res.message.reasonPhrase}`),
      },
    });
  }

  private onInvite(inv: Invitation): void {
    if (this.session) {
      void inv.reject({ statusCode: 486, reasonPhrase: 'Busy Here' });
      return;
    }
    const from = inv.remoteIdentity;
    const callId = inv.request.getHeader('X-Switchboard-Call') ?? null;
    const monitor = inv.request.hasHeader('X-Switchboard-Monitor');
    this.attach(inv, {
      status: 'ringing',
      monitor,
      callId: !monitor && callId && /^[0-9a-f-]{36}$/i.test(callId) ? callId : null,
      number: callerNumber(from.uri.user, from.uri.host),
      name: callerName(inv.request.getHeader('X-Contact-Name'), from.displayName),
      muted: false,
      held: false,
    });
  }

  /** The one call of the phone, incoming or dialled: its states drive the view. */
  private attach(session: Session, view: CallView): void {
    this.session = session;
    this.view = view;
    this.listener.call(this.view);
    session.stateChange.addListener((state) => {
      if (this.session !== session) return;
      if (state === SessionState.Established) {
        this.update({ status: 'active', answeredAt: Date.now() });
        const stream = this.handler()?.remoteMediaStream;
        if (stream) this.listener.remoteStream(stream);
        this.watchMedia(session);
        this.watchIce(session);
      } else if (state === SessionState.Terminated) {
        window.clearInterval(this.mediaTimer);
        window.clearTimeout(this.iceTimer);
        this.session = null;
        const unanswered = this.view?.status === 'ringing' ? 'not answered' : this.view?.status === 'dialing' ? 'no answer' : 'call ended';
        this.update({ status: 'ended', endReason: this.view?.endReason ?? unanswered });
        if (this.view) this.lastEnded = { session, view: this.view };
        this.view = null;
      }
    });
  }

  /** Counts the RTP packets received; none for NO_AUDIO_MS (and not on hold) raises noAudio, the next one clears it. */
  private watchMedia(session: Session): void {
    window.clearInterval(this.mediaTimer);
    let packets = -1;
    let lastArrival = Date.now();
    this.mediaTimer = window.setInterval(() => {
      const pc = this.handler()?.peerConnection;
      if (!pc || this.session !== session) return;
      void pc.getStats().then((stats) => {
        let received = 0;
        stats.forEach((s: { type?: string; kind?: string; packetsReceived?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.packetsReceived ?? 0;
        });
        const now = Date.now();
        if (received !== packets) {
          packets = received;
          lastArrival = now;
        }
        const silent = !this.view?.held && now - lastArrival >= NO_AUDIO_MS;
        if (silent !== !!this.view?.noAudio) this.update({ noAudio: silent });
      }, () => undefined);
    }, MEDIA_CHECK_MS);
  }

  /** ICE that fails restarts at once; ICE that stays disconnected for ICE_DISCONNECTED_MS restarts then. */
  private watchIce(session: Session): void {
    const pc = this.handler()?.peerConnection;
    pc?.addEventListener('iceconnectionstatechange', () => {
      if (this.session !== session) return;
      window.clearTimeout(this.iceTimer);
      if (pc.iceConnectionState === 'failed') void this.restartIce('ICE failed');
      else if (pc.iceConnectionState === 'disconnected') {
        this.iceTimer = window.setTimeout(() => {
          if (this.session === session && pc.iceConnectionState === 'disconnected') void this.restartIce('ICE disconnected');
        }, ICE_DISCONNECTED_MS);
      }
    });
  }

  /**
   * Re-INVITE with an ICE restart offer (hold state kept). Only for a call that is up; while
   * the signalling is down it waits for the re-registration. A failed restart is shown by the
   * media health warning (no audio), and the next trigger tries again.
   */
  private async restartIce(reason: string): Promise<void> {
    const inv = this.session;
    if (!inv || inv.state !== SessionState.Established || this.view?.status !== 'active') return;
    if (!this.ua.isConnected()) {
      this.lostConnection = true;
      return;
    }
    if (this.iceRestart.running) {
      this.iceRestart.again = true;
      return;
    }
    this.iceRestart = { running: true, again: false };
    this.update({ reconnecting: true });
    const options = (): Web.SessionDescriptionHandlerOptions => inv.sessionDescriptionHandlerOptionsReInvite as Web.SessionDescriptionHandlerOptions;
    const base = options();
    inv.sessionDescriptionHandlerOptionsReInvite = { ...base, offerOptions: { ...base.offerOptions, iceRestart: true } } as Web.SessionDescriptionHandlerOptions;
    try {
      await new Promise<void>((resolve, reject) => {
        inv.invite({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (res) => reject(new Error(`${res.message.statusCode} ${res.message.reasonPhrase}`)),
          },
        }).catch((err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
      });
      console.info(`[phone] media renegotiated with an ICE restart (${reason})`);
    } catch (err) {
      console.warn(`[phone] ICE restart (${reason}) failed: ${errorText(err)}`);
    } finally {
      // Later re-INVITEs (hold) must not restart ICE again; the hold flag may have changed meanwhile.
      const { offerOptions, ...rest } = options();
      const { iceRestart: _done, ...otherOffer } = offerOptions ?? {};
      inv.sessionDescriptionHandlerOptionsReInvite = { ...rest, offerOptions: otherOffer } as Web.SessionDescriptionHandlerOptions;
      const again = this.iceRestart.again;
      this.iceRestart = { running: false, again: false };
      if (this.session === inv) this.update({ reconnecting: false });
      if (again) void this.restartIce(reason);
    }
  }

  private connection(): NetworkInformation | undefined {
    return (navigator as Navigator & { connection?: NetworkInformation }).connection;
  }

  private onDisconnect(err?: Error): void {
    if (this.stopped) return;
    if (this.session) this.lostConnection = true;
    this.listener.registration('failed', err ? `connection lost: ${err.message}` : 'connection lost');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(this.reconnectAttempt++, RECONNECT_DELAYS_MS.length - 1)] ?? 30000;
    window.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = window.setTimeout(() => {
      this.listener.registration('connecting');
      const connect = this.ua.isConnected() ? Promise.resolve() : this.ua.reconnect();
      connect.then(() => this.register()).catch((e: unknown) => {
        this.listener.registration('failed', errorText(e));
        this.scheduleReconnect();
      });
    }, delay);
  }

  private update(patch: Partial<CallView>): void {
    if (!this.view) return;
    this.view = { ...this.view, ...patch };
    this.listener.call(this.view);
  }

  /** Audio goes out only when the call is neither muted nor held. */
  private enableSenders(): void {
    const on = !!this.view && !this.view.muted && !this.view.held;
    for (const s of this.handler()?.peerConnection?.getSenders() ?? []) if (s.track) s.track.enabled = on;
  }

  private handler(): Web.SessionDescriptionHandler | undefined {
    const sdh = this.session?.sessionDescriptionHandler;
    return sdh instanceof Web.SessionDescriptionHandler ? sdh : undefined;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
