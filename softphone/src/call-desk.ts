// The call's desk: the screen-pop while the call rings and is up (queue, wait, IVR path and
// variables, the contact and their last calls with codes and notes), notes the agent can save
// at any time, and after the hangup the wrap-up — a disposition code of the queue's list and
// "Done", which records them and ends the wrap-up early. The desk slice of the state; the
// panel is views/desk-panel.tsx.
import type { ApiClient } from './api-client.js';
import type { CallView } from './phone-types.js';
import { errorText } from './error-text.js';
import type { DeskState, DeskStore } from './state.js';

export class CallDesk {
  constructor(private readonly store: DeskStore, private readonly api: ApiClient, private readonly wrappedUp: () => void) {}

  private get desk(): DeskState['desk'] {
    return this.store.get().desk;
  }

  /** Follows the phone's call: a newly offered call opens the desk, its end opens the wrap-up. */
  follow(view: CallView | null): void {
    const { callId } = this.desk;
    if (view?.callId && view.callId !== callId && view.status === 'ringing') {
      this.store.patch('desk', { callId: view.callId, pop: null, notes: '', contactName: '', contactCompany: '', code: '', wrapUp: false, status: '' });
      void this.load(view.callId);
    }
    if (view?.status === 'ended' && callId && view.callId === callId) this.store.patch('desk', { wrapUp: true });
  }

  private async load(callId: string): Promise<void> {
    try {
      const pop = await this.api.screenPop(callId);
      if (this.desk.callId !== callId) return;
      this.store.patch('desk', { pop, contactName: pop.caller.name ?? '', contactCompany: pop.caller.company ?? '' });
    } catch (err) {
      this.store.patch('desk', { status: `Caller details unknown: ${errorText(err)}` });
    }
  }

  edit(part: { notes?: string; contactName?: string; contactCompany?: string; code?: string }): void {
    this.store.patch('desk', part);
  }

  /** Saves the notes; with `done`, the code too, and ends the wrap-up. */
  async save(done: boolean): Promise<void> {
    const { callId, notes, code } = this.desk;
    if (!callId) return;
    try {
      await this.api.wrapUp(callId, { notes, ...(done ? { code: code || null, done: true } : {}) });
      this.store.patch('desk', done ? { status: 'Wrap-up saved', callId: null } : { status: 'Notes saved' });
      if (done) this.wrappedUp();
    } catch (err) {
      this.store.patch('desk', { status: errorText(err) });
    }
  }

  /** Creates or updates the caller's contact from the form (agents may; VIP is not theirs to set). */
  async saveContact(): Promise<void> {
    const { pop, contactName, contactCompany } = this.desk;
    const name = contactName.trim();
    const company = contactCompany.trim();
    if (!pop || !name) {
      this.store.patch('desk', { status: 'A contact needs a name' });
      return;
    }
    try {
      const id = await this.api.saveContact({ id: pop.caller.contact_id, phoneNumber: pop.caller.number, name, company });
      const now = this.desk.pop;
      if (now?.call_id === pop.call_id) this.store.patch('desk', { pop: { ...now, caller: { ...now.caller, contact_id: id, name, company: company || null } } });
      this.store.patch('desk', { status: 'Contact saved' });
    } catch (err) {
      this.store.patch('desk', { status: errorText(err) });
    }
  }
}
