// Calling out: an extension or a number, typed, pasted (spaces and brackets are dropped) or
// keyed on the dial pad. The center routes it and applies the agent's outbound policy; a
// refusal's reason shows under the box.
import { Field } from '../ui/field.js';
import { useDesk, useSoftphone } from './context.js';

export function DialForm() {
  const sp = useSoftphone();
  const { target, error } = useDesk((s) => s.dial);
  const view = useDesk((s) => s.call.view);
  const live = view !== null && view.status !== 'ended';
  const submit = (e: Event): void => {
    e.preventDefault();
    void sp.dial();
  };
  return (
    <form id="dial-form" class="dial" aria-labelledby="dial-title" onSubmit={submit}>
      <h2 id="dial-title">Call out</h2>
      <Field label="Extension or number" shortcut="C" errorId="dial-error" error={error}>
        <input id="dial-target" inputmode="tel" autocomplete="off" placeholder="1002 or +1 555 010 0199" aria-keyshortcuts="C" ref={sp.focus.target('dial-target')}
          value={target} onInput={(e) => sp.setDialTarget(e.currentTarget.value)} />
      </Field>
      <button id="dial" type="submit" class="go" disabled={live}>Call</button>
    </form>
  );
}
