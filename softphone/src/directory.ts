// The colleagues list: every agent with an extension, their ACD state (from GET /api/directory,
// refreshed with the agent's own state), and one click to call them or to put their extension
// in the transfer box. Names come from the server and are set as text, never as HTML.
import type { ApiClient, DirectoryEntry } from './api-client.js';
import { byId } from './dom.js';

export class Directory {
  private readonly list = byId('directory-list', HTMLUListElement);
  private readonly error = byId('directory-error', HTMLParagraphElement);

  constructor(private readonly api: ApiClient, private readonly actions: { call(extension: string): void; transferTo(extension: string): void }) {}

  async refresh(): Promise<void> {
    let entries: DirectoryEntry[];
    try {
      entries = await this.api.directory();
      this.error.textContent = '';
    } catch (err) {
      this.error.textContent = `Colleagues unknown: ${err instanceof Error ? err.message : String(err)}`;
      return;
    }
    this.list.replaceChildren(...entries.filter((e) => e.extension).map((e) => this.item(e)));
  }

  /** A colleague's presence pushed over the event socket. */
  presence(agentId: string, state: string): void {
    const pill = this.list.querySelector<HTMLSpanElement>(`li[data-agent-id="${CSS.escape(agentId)}"] .pill`);
    if (!pill) return;
    pill.dataset.state = state;
    pill.textContent = state;
  }

  private item(e: DirectoryEntry): HTMLLIElement {
    const li = document.createElement('li');
    li.dataset.extension = e.extension ?? '';
    li.dataset.agentId = e.agentId;
    const name = document.createElement('span');
    name.textContent = `${e.name} (${e.extension ?? ''})`;
    const state = document.createElement('span');
    state.className = 'pill';
    state.dataset.state = e.state;
    state.textContent = e.reason ? `${e.state} (${e.reason})` : e.state;
    const call = this.button('Call', `Call ${e.name}`, () => this.actions.call(e.extension ?? ''));
    const transfer = this.button('Transfer to', `Transfer to ${e.name}`, () => this.actions.transferTo(e.extension ?? ''));
    call.className = 'call-colleague';
    transfer.className = 'transfer-to-colleague';
    li.append(name, ' ', state, ' ', call, ' ', transfer);
    return li;
  }

  private button(text: string, label: string, onClick: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.addEventListener('click', onClick);
    return b;
  }
}
