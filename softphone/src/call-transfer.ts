// Transfer of the call in progress: blind transfer, consult (the caller hears music while the
// agent talks to the target), then complete, cancel or conference — all done by the center
// (POST /api/calls/{id}/transfer and /consult), so a browser agent's transfer is the same as a
// desk phone's. It is offered for calls the center offered (their id came with the INVITE);
// the consult's state is asked for every second while one is in progress. The transfer slice
// of the state; the panel is views/transfer-panel.tsx.
import type { ApiClient } from './api-client.js';
import { errorText } from './error-text.js';
import type { CallView } from './phone-types.js';
import type { DeskStore } from './state.js';
import { partyTarget } from './target.js';

const POLL_MS = 1000;
const STATE_TEXT: Record<string, string> = {
  ringing: 'Consult: ringing the target — the caller hears music',
  talking: 'Consult: talking to the target — the caller hears music',
  'handed-over': 'Transferred: the caller is put through when the target answers',
  done: 'Consult over',
};

export class CallTransfer {
  private poll: number | undefined;

  constructor(private readonly store: DeskStore, private readonly api: ApiClient) {}

  /** Follows the phone's call: transfer is possible while a call the center offered is up. */
  follow(view: CallView | null): void {
    const callId = view?.status === 'active' ? view.callId : null;
    if (callId === this.store.get().transfer.callId) return;
    this.store.patch('transfer', { callId, status: '' });
    this.setConsult(null);
  }

  setTarget(target: string): void {
    this.store.patch('transfer', { target });
  }

  async blind(): Promise<void> {
    const target = this.target();
    if (!target) return;
    await this.run(async (id) => {
      await this.api.transfer(id, target);
      this.say(`Transferred to ${target.value}`);
    });
  }

  async consult(): Promise<void> {
    const target = this.target();
    if (!target) return;
    await this.run(async (id) => this.setConsult(await this.api.consult(id, target)));
  }

  async action(action: 'complete' | 'cancel' | 'conference'): Promise<void> {
    await this.run(async (id) => {
      const state = await this.api.consultAction(id, action);
      this.setConsult(action === 'conference' ? null : state);
      if (action === 'conference') this.say('Conference: everyone hears everyone');
      if (action === 'cancel') this.say('Back with the caller');
    });
  }

  private target(): ReturnType<typeof partyTarget> {
    const t = partyTarget(this.store.get().transfer.target);
    if (!t) this.say('Enter an extension (2–6 digits) or a number (+ or 7 digits and more).');
    return t;
  }

  private say(status: string): void {
    this.store.patch('transfer', { status });
  }

  private async run(work: (callId: string) => Promise<void>): Promise<void> {
    const id = this.store.get().transfer.callId;
    if (!id) return;
    try {
      await work(id);
    } catch (err) {
      this.say(errorText(err));
    }
  }

  private setConsult(state: string | null): void {
    const consult = state === 'done' ? null : state;
    this.store.patch('transfer', consult ? { consult, status: STATE_TEXT[consult] ?? consult } : { consult });
    window.clearInterval(this.poll);
    if (consult) this.poll = window.setInterval(() => void this.refresh(), POLL_MS);
  }

  private async refresh(): Promise<void> {
    const { callId, consult } = this.store.get().transfer;
    if (!callId) return this.setConsult(null);
    const state = await this.api.consultNow(callId).catch(() => consult);
    if (state === this.store.get().transfer.consult) return;
    this.setConsult(state);
    if (!state) this.say('Consult over: back with the caller');
  }
}
