// The call: its status (an assertive live region: an incoming call is read out with the
// caller), call and hold time, the recording pill, the no-audio warning, the caller, the
// controls (answer, hang up, mute, hold), the keypad, the transfer panel, the digits sent and
// the caller's audio level.
import type { CallView } from '../phone-types.js';
import { Pill } from '../ui/pill.js';
import { Section } from '../ui/section.js';
import { ShortcutButton } from '../ui/shortcut-button.js';
import { StatusLine } from '../ui/status-line.js';
import { Timer } from '../ui/timer.js';
import { useDesk, useSoftphone } from './context.js';
import { Keypad } from './keypad.js';
import { LevelMeter } from './level-meter.js';
import { TransferPanel } from './transfer-panel.js';

const CALL_TEXT: Record<CallView['status'], string> = {
  ringing: 'Incoming call', dialing: 'Calling…', answering: 'Connecting…', active: 'In call', ended: 'Call ended',
};

const MONITOR_TEXT: Partial<Record<CallView['status'], string>> = { ringing: 'Monitoring: connecting…', answering: 'Monitoring: connecting…', active: 'Monitoring a call' };

function statusText(view: CallView | null): string {
  if (!view) return 'No call';
  const monitoring = view.monitor ? MONITOR_TEXT[view.status] : undefined;
  if (monitoring) return monitoring;
  return (view.status === 'ended' ? `${CALL_TEXT.ended} (${view.endReason ?? ''})` : CALL_TEXT[view.status]) + (view.held ? ', on hold' : '');
}

export function CallPanel() {
  const sp = useSoftphone();
  const { view, failure, heldSince, dtmfSent } = useDesk((s) => s.call);
  const live = view !== null && view.status !== 'ended';
  const active = view?.status === 'active';
  const silent = live && !!view.noAudio;
  const reconnecting = live && !!view.reconnecting;
  return (
    <Section id="call" class="call" title="Call" titleId="call-title" data-status={view?.status ?? 'idle'} data-monitor={view?.monitor ? 'true' : undefined} data-media={reconnecting ? 'reconnecting' : silent ? 'silent' : 'ok'}>
      <StatusLine id="call-status" urgent>
        {failure || statusText(view)}
        {!failure && view?.status === 'ringing' ? <span class="sr-only">{`: ${view.name ?? 'Unknown caller'}, ${view.number}`}</span> : null}
      </StatusLine>
      <p>
        <Timer id="call-timer" since={live ? view.answeredAt : undefined} label="Call time" />{' '}
        <Timer id="hold-timer" since={live ? heldSince : undefined} label="Hold time" prefix="on hold " />{' '}
        {/* Every connected call is recorded (the center's policy); the pill says so while it is up. */}
        <Pill id="recording" hidden={!active}>● Recording</Pill>
      </p>
      <p id="media-warning" class="error" role="alert" hidden={!silent}>No audio from the other side for 3 seconds: check the network or headset</p>
      <p id="media-reconnecting" class="dim" role="status" hidden={!reconnecting}>The network changed: reconnecting the audio…</p>
      <p class="caller">
        <span id="caller-name" class="name">{live ? (view.name ?? 'Unknown caller') : ''}</span>{' '}
        <span id="caller-number" class="number">{live ? view.number : ''}</span>
      </p>
      <div class="row controls">
        <ShortcutButton id="answer" class="go" shortcut="A" ref={sp.focus.target('answer')} disabled={view?.status !== 'ringing'} onClick={() => void sp.answer()}>Answer</ShortcutButton>
        <ShortcutButton id="hangup" class="stop" shortcut="H" disabled={!live} onClick={() => void sp.hangUp()}>Hang up</ShortcutButton>
        <ShortcutButton id="mute" shortcut="M" aria-pressed={!!view?.muted} disabled={!active} onClick={() => void sp.toggleMute()}>{view?.muted ? 'Unmute' : 'Mute'}</ShortcutButton>
        <ShortcutButton id="hold" shortcut="O" aria-pressed={!!view?.held} disabled={!active || view.monitor} onClick={() => void sp.toggleHold()}>{view?.held ? 'Resume' : 'Hold'}</ShortcutButton>
      </div>
      {/* In a call the keypad sends DTMF; with none it is the dial pad of the "Call out" box. */}
      <Keypad label={active ? 'Keypad (DTMF)' : 'Dial pad'} disabled={live && !active} onKey={(k) => sp.sendDigit(k)} />
      <TransferPanel />
      <p id="dtmf-sent" class="dim" aria-live="polite">{dtmfSent ? `Sent: ${dtmfSent}` : ''}</p>
      <LevelMeter id="remote-level" label="Caller audio level" running={active} read={() => Math.min(1, sp.remote.level() * 4)} />
    </Section>
  );
}
