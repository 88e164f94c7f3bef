// The softphone page: sign-in, then the phone view (registration, agent state, the call and
// its controls, keypad, audio devices) with keyboard shortcuts. All text from the server or
// the caller is set with textContent, never as HTML.
import { ApiClient, ApiRequestError } from './api-client.js';
import type { AgentState, AgentStateName } from './api-types.js';
import { fillSelect, listDevices, loadChoice, primeMicrophone, saveChoice, setSpeaker, type DeviceChoice } from './audio-devices.js';
import { byId } from './dom.js';
import { isTyping, shortcutFor, type Shortcut } from './keyboard.js';
import { Phone } from './phone.js';
import type { CallView, RegistrationStatus } from './phone-types.js';
import { RemoteLevel } from './remote-level.js';
import { Ringer } from './ringer.js';
import { CallTransfer } from './call-transfer.js';
import { CallDesk } from './call-desk.js';
import { CallHistory } from './call-history.js';
import { Directory } from './directory.js';
import { LiveEvents } from './live-events.js';
import { cleanDialString } from './target.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const REGISTRATION_TEXT: Record<RegistrationStatus, string> = {
  connecting: 'Connecting…', registered: 'Registered', unregistered: 'Not registered', failed: 'Registration failed',
};
const CALL_TEXT: Record<CallView['status'], string> = {
  ringing: 'Incoming call', dialing: 'Calling…', answering: 'Connecting…', active: 'In call', ended: 'Call ended',
};

const el = {
  login: byId('login', HTMLFormElement),
  username: byId('username', HTMLInputElement),
  password: byId('password', HTMLInputElement),
  loginButton: byId('login-button', HTMLButtonElement),
  loginError: byId('login-error', HTMLParagraphElement),
  phone: byId('phone', HTMLDivElement),
  agentName: byId('agent-name', HTMLSpanElement),
  registration: byId('registration', HTMLSpanElement),
  logout: byId('logout', HTMLButtonElement),
  agentState: byId('agent-state', HTMLSpanElement),
  stateTimer: byId('state-timer', HTMLSpanElement),
  goReady: byId('go-ready', HTMLButtonElement),
  goNotReady: byId('go-not-ready', HTMLButtonElement),
  reason: byId('not-ready-reason', HTMLSelectElement),
  stateError: byId('state-error', HTMLParagraphElement),
  call: byId('call', HTMLElement),
  callStatus: byId('call-status', HTMLParagraphElement),
  callerName: byId('caller-name', HTMLSpanElement),
  callerNumber: byId('caller-number', HTMLSpanElement),
  answer: byId('answer', HTMLButtonElement),
  hangup: byId('hangup', HTMLButtonElement),
  mute: byId('mute', HTMLButtonElement),
  hold: byId('hold', HTMLButtonElement),
  keypad: byId('keypad', HTMLDivElement),
  dtmfSent: byId('dtmf-sent', HTMLParagraphElement),
  level: byId('remote-level', HTMLMeterElement),
  callTimer: byId('call-timer', HTMLSpanElement),
  holdTimer: byId('hold-timer', HTMLSpanElement),
  recording: byId('recording', HTMLSpanElement),
  mediaWarning: byId('media-warning', HTMLParagraphElement),
  microphone: byId('microphone', HTMLSelectElement),
  speaker: byId('speaker', HTMLSelectElement),
  deviceError: byId('device-error', HTMLParagraphElement),
  dialForm: byId('dial-form', HTMLFormElement),
  dialTarget: byId('dial-target', HTMLInputElement),
  dial: byId('dial', HTMLButtonElement),
  dialError: byId('dial-error', HTMLParagraphElement),
  audio: byId('remote-audio', HTMLAudioElement),
};

const api = new ApiClient('/api');
const remote = new RemoteLevel();
const ringer = new Ringer();
const transfer = new CallTransfer(api);
const callHistory = new CallHistory(api, (number) => {
  el.dialTarget.value = number;
  el.dialForm.requestSubmit();
});
const desk = new CallDesk(api, () => void callHistory.refresh());
// The tab closes (or reloads): the agent is signed out of the ACD, so no call is offered to a page that is gone.
window.addEventListener('pagehide', () => {
  if (phone) api.leaveOnClose();
});
const directory = new Directory(api, {
  call: (extension) => {
    el.dialTarget.value = extension;
    el.dialForm.requestSubmit();
  },
  transferTo: (extension) => {
    const box = byId('transfer-target', HTMLInputElement);
    box.value = extension;
    box.focus();
  },
});
let phone: Phone | null = null;
let registration: RegistrationStatus = 'unregistered';
// The agent's state comes pushed over /api/events; it is read once on each (re)connect.
/** The signed-in agent's id (from the directory of its own extension), to tell its events from colleagues'. */
let ownAgentId: string | null = null;
/** Ids of the live events the page got, for the test hook (the last 200). */
const receivedEventIds: number[] = [];
const live = new LiveEvents(() => api.bearer, {
  event: (e) => {
    receivedEventIds.push(e.id);
    if (receivedEventIds.length > 200) receivedEventIds.shift();
    if (e.type !== 'agent.state') return;
    if (e.agent_id) directory.presence(e.agent_id, String(e.data.state));
    if (e.agent_id !== ownAgentId) return;
    showState({ state: String(e.data.state), reason: typeof e.data.reason === 'string' ? e.data.reason : null, since: typeof e.data.since === 'string' ? e.data.since : null });
  },
  connected: (up) => {
    el.agentState.dataset.live = String(up);
    if (up) void refreshState();
  },
  unauthorized: () => void sessionExpired(),
});
let levelTimer: number | undefined;
const devices: DeviceChoice = loadChoice();

// ---- sign-in ----

el.login.addEventListener('submit', (e) => {
  e.preventDefault();
  void signIn(el.username.value.trim(), el.password.value);
});

async function signIn(username: string, password: string): Promise<void> {
  el.loginError.textContent = '';
  el.loginButton.disabled = true;
  try {
    const login = await api.login(username, password);
    const creds = await api.sipCredentials();
    el.password.value = '';
    el.login.hidden = true;
    el.phone.hidden = false;
    el.agentName.textContent = creds.displayName || login.user.username;
    await setUpDevices();
    await loadReasons();
    phone = new Phone(creds, { registration: showRegistration, call: showCall, remoteStream: playRemote }, () => devices.input);
    showCall(null);
    await Promise.all([phone.start(), refreshState()]);
    live.start();
    void callHistory.refresh();
    el.goReady.focus();
  } catch (err) {
    el.loginError.textContent = message(err);
    el.login.hidden = false;
    el.phone.hidden = true;
    await api.logout();
  } finally {
    el.loginButton.disabled = false;
  }
}

el.logout.addEventListener('click', () => void signOut());

/** The admin's not-ready reasons replace the page's defaults when there is a list. */
async function loadReasons(): Promise<void> {
  const reasons = await api.notReadyReasons().catch(() => []);
  if (reasons.length === 0) return;
  el.reason.replaceChildren(...reasons.map((r) => {
    const o = document.createElement('option');
    o.value = r;
    o.textContent = r;
    return o;
  }));
}

async function signOut(): Promise<void> {
  live.stop();
  await phone?.stop().catch(() => undefined);
  phone = null;
  await api.logout();
  el.phone.hidden = true;
  el.login.hidden = false;
  el.username.focus();
}

// ---- registration and agent state ----

function showRegistration(status: RegistrationStatus, detail?: string): void {
  registration = status;
  el.registration.dataset.status = status;
  el.registration.textContent = detail ? `${REGISTRATION_TEXT[status]}: ${detail}` : REGISTRATION_TEXT[status];
}

let stateSince: number | undefined;
window.setInterval(() => {
  el.stateTimer.textContent = stateSince === undefined ? '' : mmss(Math.max(0, Date.now() - stateSince));
}, 1000);

function showState(s: AgentState): void {
  const since = s.since ? Date.parse(s.since) : NaN;
  stateSince = Number.isNaN(since) ? undefined : since;
  el.agentState.dataset.state = s.state;
  el.agentState.textContent = s.reason ? `${s.state} (${s.reason})` : s.state;
  // Ready is meaningless while a call holds the agent; from wrap-up it ends the wrap-up early.
  el.goReady.disabled = s.state === 'available' || s.state === 'ringing' || s.state === 'on-call';
  el.goNotReady.disabled = s.state === 'not-ready';
}

async function refreshState(): Promise<void> {
  void directory.refresh();
  try {
    const state = await api.agentState();
    ownAgentId = state.agentId ?? ownAgentId;
    showState(state);
    el.stateError.textContent = '';
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 401) return sessionExpired();
    el.stateError.textContent = `Agent state unknown: ${message(err)}`;
  }
}

/** The token expired or was revoked: the phone goes offline and the agent signs in again. */
async function sessionExpired(): Promise<void> {
  const call = phone?.call;
  if (call && call.status !== 'ended') {
    // Never cut a customer off: the phone stays up until this call is over.
    el.stateError.textContent = 'Your session ended: sign in again after this call.';
    return;
  }
  await signOut();
  el.loginError.textContent = 'Your session ended: please sign in again.';
}

async function setState(state: AgentStateName): Promise<void> {
  el.stateError.textContent = '';
  if (state === 'available' && registration !== 'registered') {
    el.stateError.textContent = 'The phone is not registered: calls could not reach you.';
    return;
  }
  try {
    showState(await api.setAgentState(state, state === 'not-ready' ? el.reason.value : undefined));
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 401) return sessionExpired();
    el.stateError.textContent = message(err);
  }
}

el.goReady.addEventListener('click', () => void setState('available'));
el.goNotReady.addEventListener('click', () => void setState('not-ready'));

// ---- the call ----

let shownCallStatus = 'idle';
/** The call on screen is one the agent dialled: its end (a refusal's reason) is shown under the dial box. */
let shownDial = false;

function showCall(view: CallView | null): void {
  const status = view?.status ?? 'idle';
  // The ACD moves the agent (ringing, on-call, wrap-up) as the call moves: ask again now
  // rather than at the next poll, shortly after, when the server has recorded the change.
  if (status !== shownCallStatus) {
    shownCallStatus = status;
    window.setTimeout(() => void refreshState(), 300);
  }
  const live = view !== null && view.status !== 'ended';
  transfer.show(view);
  desk.show(view);
  el.mediaWarning.hidden = !(live && view.noAudio);
  el.call.dataset.media = live && view.noAudio ? 'silent' : 'ok';
  showTimer(live ? view.answeredAt : undefined);
  // Every connected call is recorded (the center's policy); the pill says so while it is up.
  el.recording.hidden = view?.status !== 'active';
  if (view?.held && heldSince === undefined) heldSince = Date.now();
  if (!view?.held) heldSince = undefined;
  if (status === 'ended') void callHistory.refresh();
  el.dial.disabled = live;
  if (view?.status === 'ended' && view.endReason && shownDial) el.dialError.textContent = `Call ended: ${view.endReason}`;
  if (view?.status === 'ringing') shownDial = false;
  el.call.dataset.status = status;
  el.callStatus.textContent = view ? (view.status === 'ended' ? `${CALL_TEXT.ended} (${view.endReason ?? ''})` : CALL_TEXT[view.status]) + (view.held ? ', on hold' : '') : 'No call';
  el.callerName.textContent = live ? (view.name ?? 'Unknown caller') : '';
  el.callerNumber.textContent = live ? view.number : '';
  el.answer.disabled = view?.status !== 'ringing';
  el.hangup.disabled = !live;
  const active = view?.status === 'active';
  el.mute.disabled = !active;
  el.hold.disabled = !active;
  el.mute.setAttribute('aria-pressed', String(!!view?.muted));
  el.hold.setAttribute('aria-pressed', String(!!view?.held));
  el.mute.textContent = view?.muted ? 'Unmute' : 'Mute';
  el.hold.textContent = view?.held ? 'Resume' : 'Hold';
  // In a call the keypad sends DTMF; with none it is the dial pad of the "Call out" box.
  for (const b of el.keypad.querySelectorAll('button')) b.disabled = live && !active;
  el.keypad.setAttribute('aria-label', active ? 'Keypad (DTMF)' : 'Dial pad');
  if (view?.status === 'ringing') {
    el.dtmfSent.textContent = '';
    el.answer.focus();
    ringer.start();
  } else {
    ringer.stop();
  }
  if (!live) stopLevel();
}

let timer: number | undefined;

let heldSince: number | undefined;
const mmss = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** mm:ss since the answer (and on hold since the hold), while the call is up. */
function showTimer(since: number | undefined): void {
  window.clearInterval(timer);
  const paint = (): void => {
    el.callTimer.textContent = since === undefined ? '' : mmss(Date.now() - since);
    el.holdTimer.textContent = since !== undefined && heldSince !== undefined ? `on hold ${mmss(Date.now() - heldSince)}` : '';
  };
  paint();
  if (since !== undefined) timer = window.setInterval(paint, 1000);
}

function playRemote(stream: MediaStream): void {
  el.audio.srcObject = stream;
  void el.audio.play().catch(() => undefined);
  remote.attach(stream);
  window.clearInterval(levelTimer);
  levelTimer = window.setInterval(() => {
    el.level.value = Math.min(1, remote.level() * 4);
  }, 200);
}

function stopLevel(): void {
  window.clearInterval(levelTimer);
  el.level.value = 0;
  remote.detach();
}

async function run(what: string, fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (err) {
    el.callStatus.textContent = `${what} failed: ${message(err)}`;
  }
}

const answer = (): Promise<void> => run('Answer', () => phone?.answer());
const hangUp = (): Promise<void> => run('Hang up', () => phone?.hangUp());
const toggleMute = (): Promise<void> => run('Mute', () => phone?.setMuted(!phone.call?.muted));
const toggleHold = (): Promise<void> => run('Hold', () => phone?.setHeld(!phone.call?.held));

function sendDigit(digit: string): void {
  if (phone?.call?.status !== 'active') {
    el.dialTarget.value += digit;
    return;
  }
  if (phone.sendDtmf(digit)) el.dtmfSent.textContent = `Sent: ${(el.dtmfSent.textContent ?? '').replace(/^Sent: /, '')}${digit}`;
}

// ---- calling out: an extension or a number (the center routes it and applies the agent's policy) ----

el.dialForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const target = cleanDialString(el.dialTarget.value);
  el.dialError.textContent = '';
  shownDial = true;
  void phone?.dial(target).catch((err: unknown) => {
    el.dialError.textContent = message(err);
  });
});

el.answer.addEventListener('click', () => void answer());
el.hangup.addEventListener('click', () => void hangUp());
el.mute.addEventListener('click', () => void toggleMute());
el.hold.addEventListener('click', () => void toggleHold());
el.keypad.replaceChildren(...KEYS.map((k) => {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = k;
  b.setAttribute('aria-label', `Keypad ${k}`);
  b.addEventListener('click', () => sendDigit(k));
  return b;
}));

// ---- keyboard ----

const ACTIONS: Record<Exclude<Shortcut['action'], 'digit'>, () => unknown> = {
  answer, hangup: hangUp, mute: toggleMute, hold: toggleHold,
  ready: () => setState('available'), 'not-ready': () => setState('not-ready'),
  'call-out': () => el.dialTarget.focus(),
  transfer: () => byId('transfer-target', HTMLInputElement).focus(),
  notes: () => byId('call-notes', HTMLTextAreaElement).focus(),
  done: () => {
    const done = byId('wrap-up-done', HTMLButtonElement);
    if (!done.closest('[hidden]')) done.click();
  },
};

document.addEventListener('keydown', (e) => {
  if (!phone || e.repeat) return;
  const call = phone.call;
  const sc = shortcutFor(e, call?.status === 'active', isTyping(e.target));
  if (!sc) return;
  e.preventDefault();
  if (sc.action === 'digit') sendDigit(sc.digit);
  else void ACTIONS[sc.action]();
});

// ---- audio devices ----

async function setUpDevices(): Promise<void> {
  el.deviceError.textContent = '';
  if (!window.isSecureContext || !navigator.mediaDevices) throw new Error('The softphone needs HTTPS (or localhost) to use a microphone.');
  try {
    await primeMicrophone();
  } catch (err) {
    el.deviceError.textContent = `No microphone access: ${message(err)}`;
  }
  await refreshDevices();
}

navigator.mediaDevices?.addEventListener('devicechange', () => void refreshDevices());

async function refreshDevices(): Promise<void> {
  const { inputs, outputs } = await listDevices();
  fillSelect(el.microphone, inputs, devices.input, 'Microphone');
  fillSelect(el.speaker, outputs, devices.output, 'Speaker');
  if (devices.output) await applySpeaker(devices.output).catch(() => undefined);
}

el.microphone.addEventListener('change', () => {
  devices.input = el.microphone.value;
  saveChoice(devices);
  void run('Microphone switch', () => phone?.switchMicrophone(el.microphone.value));
});

el.speaker.addEventListener('change', () => {
  devices.output = el.speaker.value;
  saveChoice(devices);
  applySpeaker(el.speaker.value).then((ok) => {
    el.deviceError.textContent = ok ? '' : 'This browser cannot choose the speaker.';
  }, (err: unknown) => {
    el.deviceError.textContent = `Speaker: ${message(err)}`;
  });
});

async function applySpeaker(deviceId: string): Promise<boolean> {
  await ringer.setSpeaker(deviceId);
  return setSpeaker(el.audio, deviceId);
}

// ---- test hook: read-only views of what the page hears and shows ----

declare global {
  interface Window {
    __softphoneDebug?: { remotePeakHz(): number; registration(): RegistrationStatus; call(): CallView | null; microphoneInUse(): string | null; liveEvents(): { cursor: number | null; received: number[] } };
  }
}
window.__softphoneDebug = {
  remotePeakHz: () => remote.peakHz(),
  registration: () => registration,
  call: () => phone?.call ?? null,
  microphoneInUse: () => phone?.microphoneInUse() ?? null,
  liveEvents: () => ({ cursor: live.lastId, received: [...receivedEventIds] }),
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
