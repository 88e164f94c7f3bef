// Every dialog, found by its drachtio id (apps) or by Call-ID and tags (the network).
import { Dialog, dialogKey } from './dialog.js';
import { cancelSessionTimer } from './session-timer.js';
import type { AppConnection } from '../protocol/app-connection.js';

export class DialogTable {
  private byId = new Map<string, Dialog>();
  private byKey = new Map<string, Dialog>();

  get size(): number {
    return this.byId.size;
  }

  add(d: Dialog): void {
    this.byId.set(d.id, d);
    this.byKey.set(d.key, d);
  }

  /** Re-indexes a dialog whose remote tag became known (early dialog → response tag). */
  rekey(d: Dialog, remoteTag: string): void {
    this.byKey.delete(d.key);
    d.remoteTag = remoteTag;
    this.byKey.set(d.key, d);
  }

  get(id: string): Dialog | undefined {
    return this.byId.get(id);
  }

  match(callId: string, localTag: string, remoteTag: string): Dialog | undefined {
    return this.byKey.get(dialogKey(callId, localTag, remoteTag));
  }

  remove(d: Dialog): void {
    if (this.byId.get(d.id) === d) this.byId.delete(d.id);
    if (this.byKey.get(d.key) === d) this.byKey.delete(d.key);
    d.pendingAck?.terminate();
    cancelSessionTimer(d);
  }

  /** Dialogs owned by an app that went away: they answer 481 from now on. */
  orphan(app: AppConnection): void {
    for (const d of this.byId.values()) if (d.owner === app) d.owner = undefined;
  }

  all(): IterableIterator<Dialog> {
    return this.byId.values();
  }
}
