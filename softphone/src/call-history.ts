// The agent's own calls (GET /api/calls: an agent's scope is their own), newest first, with a
// number search and one click to call back — through the center's routing and the agent's
// outbound policy, as any call out. Refreshed when a call ends.
import type { ApiClient, HistoryCall } from './api-client.js';
import { byId } from './dom.js';
import { cleanDialString } from './target.js';

export class CallHistory {
  private readonly el = {
    form: byId('history-form', HTMLFormElement),
    search: byId('history-search', HTMLInputElement),
    list: byId('history-list', HTMLOListElement),
    error: byId('history-error', HTMLParagraphElement),
  };

  constructor(private readonly api: ApiClient, private readonly callBack: (number: string) => void) {
    this.el.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.refresh();
    });
  }

  async refresh(): Promise<void> {
    const number = cleanDialString(this.el.search.value);
    let calls: HistoryCall[];
    try {
      calls = await this.api.myCalls(number || undefined);
      this.el.error.textContent = '';
    } catch (err) {
      this.el.error.textContent = err instanceof Error ? err.message : String(err);
      return;
    }
    this.el.list.replaceChildren(...calls.map((c) => this.item(c)));
  }

  private item(c: HistoryCall): HTMLLIElement {
    const li = document.createElement('li');
    const other = c.direction === 'outbound' ? c.to_number : c.from_number;
    li.dataset.number = other;
    const text = document.createElement('span');
    text.textContent = [new Date(c.started_at).toLocaleString(), c.direction, other, c.disposition, c.wrap_up_code].filter(Boolean).join(' · ');
    const back = document.createElement('button');
    back.type = 'button';
    back.className = 'call-back';
    back.textContent = 'Call back';
    back.setAttribute('aria-label', `Call back ${other}`);
    back.addEventListener('click', () => this.callBack(other));
    li.append(text, ' ', back);
    return li;
  }
}
