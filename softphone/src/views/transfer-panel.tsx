// Transfer of the call in progress (call-transfer.ts): the target, "Transfer now", "Consult
// first", and during a consult complete, back to the caller or conference. Shown while a call
// the center offered is up; data-consult says the consult's state.
import { Field } from '../ui/field.js';
import { StatusLine } from '../ui/status-line.js';
import { useDesk, useSoftphone } from './context.js';

export function TransferPanel() {
  const sp = useSoftphone();
  const { callId, consult, status, target } = useDesk((s) => s.transfer);
  const consulting = consult !== null;
  return (
    <div id="transfer" class="transfer" role="group" aria-labelledby="transfer-title" data-consult={consult ?? 'none'} hidden={callId === null}>
      <h3 id="transfer-title">Transfer</h3>
      <Field label="Extension or number" shortcut="T">
        <input id="transfer-target" inputmode="tel" autocomplete="off" aria-keyshortcuts="T" ref={sp.focus.target('transfer-target')} disabled={consulting}
          value={target} onInput={(e) => sp.transfer.setTarget(e.currentTarget.value)} />
      </Field>
      <div class="row">
        <button id="blind-transfer" type="button" disabled={consulting} onClick={() => void sp.transfer.blind()}>Transfer now</button>
        <button id="consult" type="button" disabled={consulting} onClick={() => void sp.transfer.consult()}>Consult first</button>
        <button id="consult-complete" type="button" disabled={!consulting || consult === 'handed-over'} onClick={() => void sp.transfer.action('complete')}>Complete transfer</button>
        <button id="consult-cancel" type="button" disabled={consult !== 'ringing' && consult !== 'talking'} onClick={() => void sp.transfer.action('cancel')}>Back to caller</button>
        <button id="consult-conference" type="button" disabled={consult !== 'talking'} onClick={() => void sp.transfer.action('conference')}>Conference all</button>
      </div>
      <StatusLine id="transfer-status">{status}</StatusLine>
    </div>
  );
}
