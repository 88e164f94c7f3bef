// The call's desk panel: the screen-pop while the call rings and is up (queue, wait, IVR path
// and variables, the contact and their last calls with codes and notes), notes the agent can
// save at any time, and after the hangup the wrap-up — a disposition code of the queue's list
// and "Done", which records them and ends the wrap-up early. Text from the server is set as
// text, never as HTML — but the queue's script, rendered and sanitized (script-view.ts).
import type { ApiClient, ScreenPop } from './api-client.js';
import { byId } from './dom.js';
import type { CallView } from './phone-types.js';
import { showScript } from './script-view.js';

export class CallDesk {
  private readonly el = {
    panel: byId('desk', HTMLElement),
    queue: byId('pop-queue', HTMLElement),
    wait: byId('pop-wait', HTMLElement),
    ivr: byId('pop-ivr', HTMLElement),
    vars: byId('pop-vars', HTMLDListElement),
    script: byId('pop-script', HTMLDivElement),
    contact: byId('pop-contact', HTMLElement),
    contactForm: byId('contact-form', HTMLFormElement),
    contactName: byId('contact-name', HTMLInputElement),
    contactCompany: byId('contact-company', HTMLInputElement),
    history: byId('pop-history', HTMLOListElement),
    notes: byId('call-notes', HTMLTextAreaElement),
    saveNotes: byId('save-notes', HTMLButtonElement),
    wrapUp: byId('wrap-up', HTMLElement),
    code: byId('wrap-up-code', HTMLSelectElement),
    done: byId('wrap-up-done', HTMLButtonElement),
    status: byId('desk-status', HTMLParagraphElement),
  };
  private callId: string | null = null;
  private pop: ScreenPop | null = null;

  constructor(private readonly api: ApiClient, private readonly wrappedUp: () => void) {
    this.el.saveNotes.addEventListener('click', () => void this.save(false));
    this.el.done.addEventListener('click', () => void this.save(true));
    this.el.contactForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.saveContact();
    });
  }

  show(view: CallView | null): void {
    if (view?.callId && view.callId !== this.callId && view.status === 'ringing') {
      this.callId = view.callId;
      this.pop = null;
      this.el.notes.value = '';
      this.el.status.textContent = '';
      this.el.panel.hidden = false;
      this.el.wrapUp.hidden = true;
      void this.load(view.callId);
    }
    if (view?.status === 'ended' && this.callId && view.callId === this.callId) this.el.wrapUp.hidden = false;
  }

  private async load(callId: string): Promise<void> {
    try {
      const pop = await this.api.screenPop(callId);
      if (this.callId !== callId) return;
      this.pop = pop;
      this.render(pop);
    } catch (err) {
      this.el.status.textContent = `Caller details unknown: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private render(pop: ScreenPop): void {
    this.el.queue.textContent = pop.queue?.name ?? '—';
    this.el.wait.textContent = pop.wait_seconds === null ? '—' : `${pop.wait_seconds} s`;
    this.el.ivr.textContent = pop.ivr_path.length ? pop.ivr_path.join(' › ') : '—';
    this.el.vars.replaceChildren(...Object.entries(pop.variables).filter(([k]) => k !== 'caller').flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      dd.dataset.variable = k;
      return [dt, dd];
    }));
    showScript(this.el.script, pop.script);
    const who = [pop.caller.name, pop.caller.company].filter(Boolean).join(', ');
    this.el.contact.textContent = who || 'No contact for this number';
    this.el.contactName.value = pop.caller.name ?? '';
    this.el.contactCompany.value = pop.caller.company ?? '';
    this.el.history.replaceChildren(...pop.history.map((h) => {
      const li = document.createElement('li');
      li.textContent = [new Date(h.started_at).toLocaleString(), h.queue, h.wrap_up_code, h.notes].filter(Boolean).join(' · ');
      return li;
    }));
    if (pop.history.length === 0) {
      const li = document.createElement('li');
      li.textContent = 'First call from this number';
      this.el.history.append(li);
    }
    const codes = pop.queue?.wrap_up_codes ?? [];
    const none = document.createElement('option');
    none.value = '';
    none.textContent = pop.queue?.wrap_up_code_required ? 'Pick a code (required)' : 'No code';
    this.el.code.replaceChildren(none, ...codes.map((c) => {
      const o = document.createElement('option');
      o.value = c;
      o.textContent = c;
      return o;
    }));
  }

  private async save(done: boolean): Promise<void> {
    const callId = this.callId;
    if (!callId) return;
    try {
      await this.api.wrapUp(callId, { notes: this.el.notes.value, ...(done ? { code: this.el.code.value || null, done: true } : {}) });
      this.el.status.textContent = done ? 'Wrap-up saved' : 'Notes saved';
      if (done) {
        this.el.panel.hidden = true;
        this.callId = null;
        this.wrappedUp();
      }
    } catch (err) {
      this.el.status.textContent = err instanceof Error ? err.message : String(err);
    }
  }

  /** Creates or updates the caller's contact from the form (agents may; VIP is not theirs to set). */
  private async saveContact(): Promise<void> {
    const pop = this.pop;
    const name = this.el.contactName.value.trim();
    if (!pop || !name) {
      this.el.status.textContent = 'A contact needs a name';
      return;
    }
    try {
      const id = await this.api.saveContact({ id: pop.caller.contact_id, phoneNumber: pop.caller.number, name, company: this.el.contactCompany.value.trim() });
      this.pop = { ...pop, caller: { ...pop.caller, contact_id: id, name, company: this.el.contactCompany.value.trim() || null } };
      this.el.contact.textContent = [name, this.el.contactCompany.value.trim()].filter(Boolean).join(', ');
      this.el.status.textContent = 'Contact saved';
    } catch (err) {
      this.el.status.textContent = err instanceof Error ? err.message : String(err);
    }
  }

  /** What the page shows, for its test hook. */
  get loaded(): ScreenPop | null {
    return this.pop;
  }
}
