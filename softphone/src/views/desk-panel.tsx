// The caller's desk (call-desk.ts), open from the moment a call is offered until its wrap-up is
// done: the contact (with a form to create or correct it), queue, wait, IVR path and
// variables, the queue's script, the caller's last calls, the notes and, after the hangup, the
// wrap-up.
import type { ScreenPop } from '../api-client.js';
import { Field } from '../ui/field.js';
import { Section } from '../ui/section.js';
import { StatusLine } from '../ui/status-line.js';
import { useDesk, useSoftphone } from './context.js';
import { ScriptView } from './script-view.js';
import { WrapUp } from './wrap-up.js';

function contactLine(pop: ScreenPop | null): string {
  if (!pop) return '';
  return [pop.caller.name, pop.caller.company].filter(Boolean).join(', ') || 'No contact for this number';
}

export function DeskPanel() {
  const sp = useSoftphone();
  const desk = useDesk((s) => s.desk);
  const { pop } = desk;
  const saveContact = (e: Event): void => {
    e.preventDefault();
    void sp.desk.saveContact();
  };
  return (
    <Section id="desk" class="desk" title="Caller" titleId="desk-title" hidden={desk.callId === null}>
      <p><span id="pop-contact">{contactLine(pop)}</span></p>
      <form id="contact-form" class="row" aria-label="The caller's contact" onSubmit={saveContact}>
        <Field label="Name">
          <input id="contact-name" maxlength={200} autocomplete="off" value={desk.contactName} onInput={(e) => sp.desk.edit({ contactName: e.currentTarget.value })} />
        </Field>
        <Field label="Company">
          <input id="contact-company" maxlength={200} autocomplete="off" value={desk.contactCompany} onInput={(e) => sp.desk.edit({ contactCompany: e.currentTarget.value })} />
        </Field>
        <button id="save-contact" type="submit">Save contact</button>
      </form>
      <dl class="facts">
        <dt>Queue</dt><dd id="pop-queue">{pop?.queue?.name ?? '—'}</dd>
        <dt>Waited</dt><dd id="pop-wait">{pop?.wait_seconds == null ? '—' : `${pop.wait_seconds} s`}</dd>
        <dt>IVR</dt><dd id="pop-ivr">{pop?.ivr_path.length ? pop.ivr_path.join(' › ') : '—'}</dd>
      </dl>
      <dl id="pop-vars" class="facts" aria-label="IVR variables">
        {Object.entries(pop?.variables ?? {}).filter(([k]) => k !== 'caller').map(([k, v]) => [<dt key={`t-${k}`}>{k}</dt>, <dd key={`d-${k}`} data-variable={k}>{v}</dd>])}
      </dl>
      <ScriptView markdown={pop?.script ?? null} />
      <h3>Last calls</h3>
      <ol id="pop-history">
        {pop?.history.map((h) => <li key={h.call_id}>{[new Date(h.started_at).toLocaleString(), h.queue, h.wrap_up_code, h.notes].filter(Boolean).join(' · ')}</li>)}
        {pop?.history.length === 0 ? <li>First call from this number</li> : null}
      </ol>
      <Field label="Notes" shortcut="W">
        <textarea id="call-notes" rows={3} maxlength={2000} aria-keyshortcuts="W" ref={sp.focus.target('call-notes')} value={desk.notes} onInput={(e) => sp.desk.edit({ notes: e.currentTarget.value })} />
      </Field>
      <button id="save-notes" type="button" onClick={() => void sp.desk.save(false)}>Save notes</button>
      <WrapUp />
      <StatusLine id="desk-status">{desk.status}</StatusLine>
    </Section>
  );
}
