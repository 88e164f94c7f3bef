// Everything the softphone shows, in one state object (ui/store.ts): the controllers
// (softphone.ts and the call-*.ts, directory.ts, audio-settings.ts beside it) change it, the
// views (views/) render from it. Slices are replaced, never mutated.
import type { DirectoryEntry, HistoryCall, ScreenPop } from './api-client.js';
import type { CallView, RegistrationStatus } from './phone-types.js';
import type { Store } from './ui/store.js';

export interface DeviceOption { id: string; label: string }

export interface DeskState {
  /** Signed in: the phone view shows instead of the sign-in form. */
  signedIn: boolean;
  login: { busy: boolean; error: string };
  agentName: string;
  registration: { status: RegistrationStatus; detail: string | undefined };
  agent: {
    /** The ACD's state word (null until read), its reason, since when (epoch ms). */
    state: string | null;
    reason: string | null;
    since: number | undefined;
    /** When the wrap-up ends by itself (epoch ms); undefined when the server does not say. */
    wrapUpEndsAt: number | undefined;
    /** The event socket is up (null before its first connect). */
    live: boolean | null;
    error: string;
  };
  /** The not-ready reasons offered (the admin's list, else the page's defaults). */
  reasons: { value: string; label: string }[];
  /** The reason "Not ready" goes with. */
  reasonChoice: string;
  call: {
    view: CallView | null;
    /** An action on the call failed: said in the call status until the call changes. */
    failure: string;
    heldSince: number | undefined;
    dtmfSent: string;
  };
  dial: { target: string; error: string };
  transfer: { callId: string | null; consult: string | null; status: string; target: string };
  desk: {
    /** The call the panel is about (the last one offered), null when there is none. */
    callId: string | null;
    pop: ScreenPop | null;
    notes: string;
    contactName: string;
    contactCompany: string;
    code: string;
    wrapUp: boolean;
    status: string;
  };
  history: { search: string; calls: HistoryCall[]; error: string };
  directory: { entries: DirectoryEntry[]; error: string };
  devices: { inputs: DeviceOption[]; outputs: DeviceOption[]; input: string | undefined; output: string | undefined; error: string };
}

export type DeskStore = Store<DeskState>;

const DEFAULT_REASONS = [
  { value: 'break', label: 'Break' }, { value: 'lunch', label: 'Lunch' },
  { value: 'training', label: 'Training' }, { value: 'after-call-work', label: 'After-call work' },
];

/** The state before sign-in (and again after sign-out), with the stored device choice. */
export function signedOutState(devices: { input: string | undefined; output: string | undefined }): DeskState {
  return {
    signedIn: false,
    login: { busy: false, error: '' },
    agentName: '',
    registration: { status: 'connecting', detail: undefined },
    agent: { state: null, reason: null, since: undefined, wrapUpEndsAt: undefined, live: null, error: '' },
    reasons: DEFAULT_REASONS,
    reasonChoice: 'break',
    call: { view: null, failure: '', heldSince: undefined, dtmfSent: '' },
    dial: { target: '', error: '' },
    transfer: { callId: null, consult: null, status: '', target: '' },
    desk: { callId: null, pop: null, notes: '', contactName: '', contactCompany: '', code: '', wrapUp: false, status: '' },
    history: { search: '', calls: [], error: '' },
    directory: { entries: [], error: '' },
    devices: { inputs: [], outputs: [], input: devices.input, output: devices.output, error: '' },
  };
}
