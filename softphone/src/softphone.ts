// The softphone's behaviour, without the DOM: sign-in and sign-out, the SIP phone and its
// registration, the agent's state (pushed over /api/events, read on each (re)connect), the
// call and its controls, calling out, keyboard shortcuts, and the parts beside it (desk,
// transfer, history, colleagues, audio devices). It changes the state (state.ts); the views
// render it and call these methods.
import { ApiClient, ApiRequestError } from './api-client.js';
import type { AgentState, AgentStateName } from './api-types.js';
import { loadChoice } from './audio-devices.js';
import { AudioSettings } from './audio-settings.js';
import { CallDesk } from './call-desk.js';
import { CallHistory } from './call-history.js';
import { CallTransfer } from './call-transfer.js';
import { Directory } from './directory.js';
import { errorText } from './error-text.js';
import { isTyping, shortcutFor, type Shortcut } from './keyboard.js';
import { LiveEvents } from './live-events.js';
import { Phone } from './phone.js';
import type { CallView, RegistrationStatus } from './phone-types.js';
import { RemoteLevel } from './remote-level.js';
import { Ringer } from './ringer.js';
import { signedOutState, type DeskStore } from './state.js';
import { cleanDialString } from './target.js';
import { FocusTargets } from './ui/focus.js';
import { createStore } from './ui/store.js';

/** How many live event ids the test hook keeps. */
const KEPT_EVENT_IDS = 200;

export class Softphone {
  readonly store: DeskStore;
  readonly focus = new FocusTargets();
  readonly remote = new RemoteLevel();
  readonly desk: CallDesk;
  readonly transfer: CallTransfer;
  readonly history: CallHistory;
  readonly directory: Directory;
  readonly audio: AudioSettings;
  private readonly api = new ApiClient('/api');
  private readonly ringer = new Ringer();
  private readonly live: LiveEvents;
  private phone: Phone | null = null;
  private audioElement: HTMLAudioElement | null = null;
  /** The signed-in agent's id (GET /me/state says it), to tell its events from colleagues'. */
  private ownAgentId: string | null = null;
  /** Ids of the live events the page got, for the test hook. */
  private readonly receivedEventIds: number[] = [];
  private shownCallStatus = 'idle';
  /** The call on screen is one the agent dialled: its end (a refusal's reason) is shown under the dial box. */
  private shownDial = false;

  constructor() {
    this.store = createStore(signedOutState(loadChoice()));
    this.desk = new CallDesk(this.store, this.api, () => void this.history.refresh());
    this.transfer = new CallTransfer(this.store, this.api);
    this.history = new CallHistory(this.store, this.api);
    this.directory = new Directory(this.store, this.api);
    this.audio = new AudioSettings(this.store, this.ringer, () => this.audioElement, (id) => this.guard('Microphone switch', () => this.phone?.switchMicrophone(id)));
    this.live = new LiveEvents(() => this.api.bearer, {
      event: (e) => {
        this.receivedEventIds.push(e.id);
        if (this.receivedEventIds.length > KEPT_EVENT_IDS) this.receivedEventIds.shift();
        if (e.type !== 'agent.state') return;
        if (e.agent_id) this.directory.presence(e.agent_id, String(e.data.state));
        if (e.agent_id !== this.ownAgentId) return;
        this.showState({ state: String(e.data.state), reason: stringOrNull(e.data.reason), since: stringOrNull(e.data.since), wrapUpEndsAt: stringOrNull(e.data.wrap_up_ends_at) });
      },
      connected: (up) => {
        this.store.patch('agent', { live: up });
        if (up) void this.refreshState();
      },
      unauthorized: () => void this.sessionExpired(),
    });
  }

  // ---- sign-in ----

  async signIn(username: string, password: string): Promise<void> {
    this.store.patch('login', { busy: true, error: '' });
    try {
      const login = await this.api.login(username, password);
      const creds = await this.api.sipCredentials();
      this.store.update((s) => ({ ...s, signedIn: true, agentName: creds.displayName || login.user.username }));
      await this.audio.setUp();
      await this.loadReasons();
      this.phone = new Phone(creds, {
        registration: (status, detail) => this.store.patch('registration', { status, detail }),
        call: (view) => this.showCall(view),
        remoteStream: (stream) => this.playRemote(stream),
      }, () => this.audio.microphone());
      this.showCall(null);
      await Promise.all([this.phone.start(), this.refreshState()]);
      this.live.start();
      void this.history.refresh();
      this.focus.move('go-ready');
    } catch (err) {
      this.store.update((s) => ({ ...s, signedIn: false, login: { ...s.login, error: errorText(err) } }));
      await this.api.logout();
    } finally {
      this.store.patch('login', { busy: false });
    }
  }

  async signOut(): Promise<void> {
    this.live.stop();
    await this.phone?.stop().catch(() => undefined);
    this.phone = null;
    await this.api.logout();
    // Nothing of this session stays on screen for the next one; the device lists and choice do.
    this.store.update((s) => ({ ...signedOutState(s.devices), devices: s.devices }));
    this.focus.move('username');
  }

  /** The tab closes (or reloads): the agent is signed out of the ACD, so no call is offered to a page that is gone. */
  leave(): void {
    if (this.phone) this.api.leaveOnClose();
  }

  /** The admin's not-ready reasons replace the page's defaults when there is a list. */
  private async loadReasons(): Promise<void> {
    const reasons = await this.api.notReadyReasons().catch(() => []);
    if (reasons.length > 0) this.store.update((s) => ({ ...s, reasons: reasons.map((r) => ({ value: r, label: r })), reasonChoice: reasons[0] ?? '' }));
  }

  // ---- agent state ----

  private showState(s: AgentState): void {
    this.store.patch('agent', { state: s.state, reason: s.reason ?? null, since: epoch(s.since), wrapUpEndsAt: s.state === 'wrap-up' ? epoch(s.wrapUpEndsAt) : undefined });
  }

  private async refreshState(): Promise<void> {
    // A re-read scheduled by the call's end may come after the agent signed out.
    if (!this.api.bearer) return;
    void this.directory.refresh();
    try {
      const state = await this.api.agentState();
      this.ownAgentId = state.agentId ?? this.ownAgentId;
      this.showState(state);
      this.store.patch('agent', { error: '' });
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 401) return this.sessionExpired();
      this.store.patch('agent', { error: `Agent state unknown: ${errorText(err)}` });
    }
  }

  /** The token expired or was revoked: the phone goes offline and the agent signs in again. */
  private async sessionExpired(): Promise<void> {
    const call = this.phone?.call;
    if (call && call.status !== 'ended') {
      // Never cut a customer off: the phone stays up until this call is over.
      this.store.patch('agent', { error: 'Your session ended: sign in again after this call.' });
      return;
    }
    await this.signOut();
    this.store.patch('login', { error: 'Your session ended: please sign in again.' });
  }

  setReasonChoice(reasonChoice: string): void {
    this.store.update((s) => ({ ...s, reasonChoice }));
  }

  async setState(state: AgentStateName, reason?: string): Promise<void> {
    this.store.patch('agent', { error: '' });
    if (state === 'available' && this.store.get().registration.status !== 'registered') {
      this.store.patch('agent', { error: 'The phone is not registered: calls could not reach you.' });
      return;
    }
    try {
      this.showState(await this.api.setAgentState(state, state === 'not-ready' ? reason : undefined));
    } catch (err) {
      if (err instanceof ApiRequestError && err.status === 401) return this.sessionExpired();
      this.store.patch('agent', { error: errorText(err) });
    }
  }

  // ---- the call ----

  private showCall(view: CallView | null): void {
    const status = view?.status ?? 'idle';
    // The ACD moves the agent (ringing, on-call, wrap-up) as the call moves: ask again now
    // rather than wait, shortly after, when the server has recorded the change.
    const changed = status !== this.shownCallStatus;
    if (changed) {
      this.shownCallStatus = status;
      window.setTimeout(() => void this.refreshState(), 300);
    }
    const live = view !== null && view.status !== 'ended';
    this.transfer.follow(view);
    this.desk.follow(view);
    const { call } = this.store.get();
    const heldSince = view?.held ? call.heldSince ?? Date.now() : undefined;
    this.store.patch('call', { view, failure: '', heldSince, ...(view?.status === 'ringing' ? { dtmfSent: '' } : {}) });
    if (status === 'ended') void this.history.refresh();
    if (view?.status === 'ended' && view.endReason && this.shownDial) this.store.patch('dial', { error: `Call ended: ${view.endReason}` });
    if (view?.status === 'ringing' && view.monitor) {
      // The supervisor asked for this call a moment ago (Listen in the console): no ringing,
      // no click — it is answered as it arrives.
      this.shownDial = false;
      if (changed) void this.answer();
    } else if (view?.status === 'ringing') {
      this.shownDial = false;
      // Once, as the call starts ringing: later updates of the ringing call must not take
      // the focus from where the agent went meanwhile (typing a note, W).
      if (changed) this.focus.move('answer');
      this.ringer.start();
    } else {
      this.ringer.stop();
    }
    if (!live) this.remote.detach();
  }

  /** The remote audio element (rendered by the app view), where call audio plays and the speaker is set. */
  readonly remoteAudio = (el: HTMLAudioElement | null): void => {
    this.audioElement = el;
  };

  private playRemote(stream: MediaStream): void {
    const audio = this.audioElement;
    if (audio) {
      audio.srcObject = stream;
      void audio.play().catch(() => undefined);
    }
    this.remote.attach(stream);
  }

  /** Runs a call action; a failure is said in the call status. */
  private async guard(what: string, fn: () => Promise<void> | void): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.store.patch('call', { failure: `${what} failed: ${errorText(err)}` });
    }
  }

  readonly answer = (): Promise<void> => this.guard('Answer', () => this.phone?.answer());
  readonly hangUp = (): Promise<void> => this.guard('Hang up', () => this.phone?.hangUp());
  readonly toggleMute = (): Promise<void> => this.guard('Mute', () => this.phone?.setMuted(!this.phone.call?.muted));
  readonly toggleHold = (): Promise<void> => this.guard('Hold', () => {
    // Holding would put the caller on music: a supervisor leaves a monitored call instead.
    const call = this.phone?.call;
    if (call?.monitor) throw new Error('a call you monitor is not held: hang up to stop');
    return this.phone?.setHeld(!call?.held);
  });

  /** A keypad key: DTMF during a call; with none, a digit of the number to call out. */
  sendDigit(digit: string): void {
    const phone = this.phone;
    if (phone?.call?.status !== 'active') {
      this.setDialTarget(this.store.get().dial.target + digit);
      return;
    }
    if (phone.sendDtmf(digit)) this.store.patch('call', { dtmfSent: this.store.get().call.dtmfSent + digit });
  }

  // ---- calling out: an extension or a number (the center routes it and applies the agent's policy) ----

  setDialTarget(target: string): void {
    this.store.patch('dial', { target });
  }

  /** Calls what is in the dial box, or `target` (put in the box first: a colleague, a call back). */
  async dial(target?: string): Promise<void> {
    if (target !== undefined) this.setDialTarget(target);
    this.store.patch('dial', { error: '' });
    this.shownDial = true;
    await this.phone?.dial(cleanDialString(this.store.get().dial.target)).catch((err: unknown) => {
      this.store.patch('dial', { error: errorText(err) });
    });
  }

  /** A colleague's extension into the transfer box, ready to transfer or consult. */
  transferTo(extension: string): void {
    this.transfer.setTarget(extension);
    this.focus.move('transfer-target');
  }

  // ---- keyboard: single keys, see keyboard.ts ----

  private readonly actions: Record<Exclude<Shortcut['action'], 'digit'>, () => unknown> = {
    answer: this.answer, hangup: this.hangUp, mute: this.toggleMute, hold: this.toggleHold,
    ready: () => this.setState('available'),
    'not-ready': () => this.setState('not-ready', this.store.get().reasonChoice),
    'call-out': () => this.focus.move('dial-target'),
    transfer: () => this.focus.move('transfer-target'),
    notes: () => this.focus.move('call-notes'),
    done: () => {
      const { desk } = this.store.get();
      if (desk.callId && desk.wrapUp) void this.desk.save(true);
    },
  };

  readonly onKeyDown = (e: KeyboardEvent): void => {
    if (!this.phone || e.repeat) return;
    const sc = shortcutFor(e, this.phone.call?.status === 'active', isTyping(e.target));
    if (!sc) return;
    e.preventDefault();
    if (sc.action === 'digit') this.sendDigit(sc.digit);
    else void this.actions[sc.action]();
  };

  // ---- test hook: read-only views of what the page hears and shows ----

  debugHook(): NonNullable<Window['__softphoneDebug']> {
    return {
      remotePeakHz: () => this.remote.peakHz(),
      registration: () => this.store.get().registration.status,
      call: () => this.phone?.call ?? null,
      microphoneInUse: () => this.phone?.microphoneInUse() ?? null,
      liveEvents: () => ({ cursor: this.live.lastId, received: [...this.receivedEventIds] }),
    };
  }
}

declare global {
  interface Window {
    __softphoneDebug?: { remotePeakHz(): number; registration(): RegistrationStatus; call(): CallView | null; microphoneInUse(): string | null; liveEvents(): { cursor: number | null; received: number[] } };
  }
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function epoch(iso: string | null | undefined): number | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? undefined : t;
}
