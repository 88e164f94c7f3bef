// The colleagues list: every agent with an extension and their ACD state, from
// GET /api/directory (read again with the agent's own state) and then kept current by the
// presence events of the event socket. The directory slice of the state; the list is
// views/colleagues.tsx.
import type { ApiClient } from './api-client.js';
import { errorText } from './error-text.js';
import type { DeskStore } from './state.js';

export class Directory {
  constructor(private readonly store: DeskStore, private readonly api: ApiClient) {}

  async refresh(): Promise<void> {
    try {
      const entries = await this.api.directory();
      this.store.patch('directory', { entries: entries.filter((e) => e.extension), error: '' });
    } catch (err) {
      this.store.patch('directory', { error: `Colleagues unknown: ${errorText(err)}` });
    }
  }

  /** A colleague's presence pushed over the event socket (the state only: no reason comes with it). */
  presence(agentId: string, state: string): void {
    const { entries } = this.store.get().directory;
    if (!entries.some((e) => e.agentId === agentId)) return;
    this.store.patch('directory', { entries: entries.map((e) => (e.agentId === agentId ? { ...e, state, reason: null } : e)) });
  }
}
