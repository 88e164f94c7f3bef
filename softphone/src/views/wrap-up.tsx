// After the call: a disposition code from the queue's list (required or not, as the queue
// says) and "Done", which records it with the notes and makes the agent available at once.
// Beside it the time the wrap-up has left, counting down, when the server says when it ends;
// else the time spent in it.
import { Countdown } from '../ui/countdown.js';
import { Field } from '../ui/field.js';
import { ShortcutButton } from '../ui/shortcut-button.js';
import { Timer } from '../ui/timer.js';
import { useDesk, useSoftphone } from './context.js';

export function WrapUp() {
  const sp = useSoftphone();
  const { wrapUp, code, pop } = useDesk((s) => s.desk);
  const agent = useDesk((s) => s.agent);
  const codes = pop?.queue?.wrap_up_codes ?? [];
  const inWrapUp = agent.state === 'wrap-up';
  return (
    <div id="wrap-up" class="row" hidden={!wrapUp}>
      <Field label="Disposition">
        <select id="wrap-up-code" value={code} onChange={(e) => sp.desk.edit({ code: e.currentTarget.value })}>
          <option value="">{pop?.queue?.wrap_up_code_required ? 'Pick a code (required)' : 'No code'}</option>
          {codes.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </Field>
      <ShortcutButton id="wrap-up-done" class="go" shortcut="D" onClick={() => void sp.desk.save(true)}>Done</ShortcutButton>
      {!inWrapUp ? null : agent.wrapUpEndsAt !== undefined
        ? <Countdown id="wrap-up-timer" until={agent.wrapUpEndsAt} label="Wrap-up time left" prefix="Wrap-up " />
        : <Timer id="wrap-up-timer" since={agent.since} label="Time in wrap-up" prefix="Wrap-up " />}
    </div>
  );
}
