// The agent's own calls (GET /api/calls: an agent's scope is their own), newest first, with a
// number search; calling one back is a call out like any other (the center's routing and the
// agent's outbound policy). Refreshed when a call ends. The history slice of the state; the
// list is views/my-calls.tsx.
import type { ApiClient } from './api-client.js';
import { errorText } from './error-text.js';
import type { DeskStore } from './state.js';
import { cleanDialString } from './target.js';

export class CallHistory {
  constructor(private readonly store: DeskStore, private readonly api: ApiClient) {}

  setSearch(search: string): void {
    this.store.patch('history', { search });
  }

  async refresh(): Promise<void> {
    const number = cleanDialString(this.store.get().history.search);
    try {
      this.store.patch('history', { calls: await this.api.myCalls(number || undefined), error: '' });
    } catch (err) {
      this.store.patch('history', { error: errorText(err) });
    }
  }
}
