// The transfer panel of the call in progress: blind transfer, consult (the caller hears music
// while the agent talks to the target), then complete, cancel or conference — all done by the
// center (POST /api/calls/{id}/transfer and /consult), so a browser agent's transfer is the
// same as a desk phone's. It shows for calls the center offered (their id came with the
// INVITE); the consult's state is asked for every second while one is in progress.
import { ApiRequestError, type ApiClient } from './api-client.js';
import { byId } from './dom.js';
import type { CallView } from './phone-types.js';
import { partyTarget } from './target.js';

const POLL_MS = 1000;
const STATE_TEXT: Record<string, string> = {
  ringing: 'Consult: ringing the target — the caller hears music',
  talking: 'Consult: talking to the target — the caller hears music',
  'handed-over': 'Transferred: the caller is put through when the target answers',
  done: 'Consult over',
};

export class CallTransfer {
  private readonly el = {
    panel: byId('transfer', HTMLElement),
    target: byId('transfer-target', HTMLInputElement),
    blind: byId('blind-transfer', HTMLButtonElement),
    consult: byId('consult', HTMLButtonElement),
    complete: byId('consult-complete', HTMLButtonElement),
    cancel: byId('consult-cancel', HTMLButtonElement),
    conference: byId('consult-conference', HTMLButtonElement),
    status: byId('transfer-status', HTMLParagraphElement),
  };
  private callId: string | null = null;
  private consultState: string | null = null;
  private poll: number | undefined;

  constructor(private readonly api: ApiClient) {
    this.el.blind.addEventListener('click', () => void this.blind());
    this.el.consult.addEventListener('click', () => void this.consult());
    this.el.complete.addEventListener('click', () => void this.action('complete'));
    this.el.cancel.addEventListener('click', () => void this.action('cancel'));
    this.el.conference.addEventListener('click', () => void this.action('conference'));
  }

  /** Follows the phone's call: the panel is there while a call the center offered is up. */
  show(view: CallView | null): void {
    const callId = view?.status === 'active' ? view.callId : null;
    if (callId !== this.callId) {
      this.callId = callId;
      this.setConsult(null);
      this.el.status.textContent = '';
    }
    this.el.panel.hidden = callId === null;
  }

  private target(): ReturnType<typeof partyTarget> {
    const t = partyTarget(this.el.target.value);
    if (!t) this.el.status.textContent = 'Enter an extension (2–6 digits) or a number (+ or 7 digits and more).';
    return t;
  }

  private async blind(): Promise<void> {
    const target = this.target();
    if (!target || !this.callId) return;
    await this.run(async (id) => {
      await this.api.transfer(id, target);
      this.el.status.textContent = `Transferred to ${target.value}`;
    });
  }

  private async consult(): Promise<void> {
    const target = this.target();
    if (!target) return;
    await this.run(async (id) => this.setConsult(await this.api.consult(id, target)));
  }

  private async action(action: 'complete' | 'cancel' | 'conference'): Promise<void> {
    await this.run(async (id) => {
      const state = await this.api.consultAction(id, action);
      this.setConsult(action === 'conference' ? null : state);
      if (action === 'conference') this.el.status.textContent = 'Conference: everyone hears everyone';
      if (action === 'cancel') this.el.status.textContent = 'Back with the caller';
    });
  }

  private async run(work: (callId: string) => Promise<void>): Promise<void> {
    const id = this.callId;
    if (!id) return;
    try {
      await work(id);
    } catch (err) {
      this.el.status.textContent = err instanceof ApiRequestError || err instanceof Error ? err.message : String(err);
    }
  }

  private setConsult(state: string | null): void {
    this.consultState = state === 'done' ? null : state;
    if (this.consultState) this.el.status.textContent = STATE_TEXT[this.consultState] ?? this.consultState;
    this.el.panel.dataset.consult = this.consultState ?? 'none';
    const consulting = this.consultState !== null;
    this.el.blind.disabled = consulting;
    this.el.consult.disabled = consulting;
    this.el.target.disabled = consulting;
    this.el.complete.disabled = !consulting || this.consultState === 'handed-over';
    this.el.cancel.disabled = this.consultState !== 'ringing' && this.consultState !== 'talking';
    this.el.conference.disabled = this.consultState !== 'talking';
    window.clearInterval(this.poll);
    if (consulting) this.poll = window.setInterval(() => void this.refresh(), POLL_MS);
  }

  private async refresh(): Promise<void> {
    const id = this.callId;
    if (!id) return this.setConsult(null);
    const state = await this.api.consultNow(id).catch(() => this.consultState);
    if (state !== this.consultState) {
      this.setConsult(state);
      if (!state) this.el.status.textContent = 'Consult over: back with the caller';
    }
  }
}
