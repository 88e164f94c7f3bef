// The agent's ACD state as a live pill with the time in it, and the buttons to go ready or not
// ready with a reason. Ready is meaningless while a call holds the agent; from wrap-up it ends
// the wrap-up early.
import { ErrorLine } from '../ui/error-line.js';
import { Field } from '../ui/field.js';
import { Pill } from '../ui/pill.js';
import { Section } from '../ui/section.js';
import { ShortcutButton } from '../ui/shortcut-button.js';
import { Timer } from '../ui/timer.js';
import { useDesk, useSoftphone } from './context.js';

export function AgentStatePanel() {
  const sp = useSoftphone();
  const agent = useDesk((s) => s.agent);
  const reasons = useDesk((s) => s.reasons);
  const reason = useDesk((s) => s.reasonChoice);
  const busy = agent.state === 'available' || agent.state === 'ringing' || agent.state === 'on-call';
  return (
    <Section class="agent-state" title="Agent state" titleId="state-title">
      <p>
        <Pill id="agent-state" role="status" aria-live="polite" data-state={agent.state ?? undefined} data-live={agent.live === null ? undefined : String(agent.live)}>
          {agent.state === null ? '—' : agent.reason ? `${agent.state} (${agent.reason})` : agent.state}
        </Pill>{' '}
        <Timer id="state-timer" since={agent.since} label="Time in this state" />
      </p>
      <div class="row">
        <ShortcutButton id="go-ready" shortcut="R" ref={sp.focus.target('go-ready')} disabled={busy} onClick={() => void sp.setState('available')}>Go ready</ShortcutButton>
        <ShortcutButton id="go-not-ready" shortcut="N" disabled={agent.state === 'not-ready'} onClick={() => void sp.setState('not-ready', reason)}>Not ready</ShortcutButton>
        <Field label="Reason">
          <select id="not-ready-reason" aria-label="Not-ready reason" value={reason} onChange={(e) => sp.setReasonChoice(e.currentTarget.value)}>
            {reasons.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
          </select>
        </Field>
      </div>
      <ErrorLine id="state-error" text={agent.error} />
    </Section>
  );
}
