// One call's row in `calls`, written as the call moves on: created on arrival, then IVR path,
// answer, and exactly one end (the ACD writes the queue columns). Every write is awaited by the caller so
// records keep their order; end() is idempotent so every exit path can call it safely.
import type { Repositories, Row } from '../../db/index.js';

export type Disposition = NonNullable<Row<'calls'>['disposition']>;
export type HangupSide = NonNullable<Row<'calls'>['hangup_side']>;

export class CallRecord {
  private ended = false;
  private constructor(private readonly repos: Repositories, readonly row: Row<'calls'>) {}

  static async open(repos: Repositories, init: { from: string; to: string; trunkId?: string | null; numberId?: string | null; direction?: 'inbound' | 'internal' }): Promise<CallRecord> {
    const row = await repos.calls.create({
      direction: init.direction ?? 'inbound',
      from_number: init.from,
      to_number: init.to,
      trunk_id: init.trunkId ?? null,
      number_id: init.numberId ?? null,
    });
    return new CallRecord(repos, row);
  }

  get id(): string {
    return this.row.id;
  }

  async inIvr(): Promise<void> {
    await this.repos.calls.update(this.id, { status: 'ivr' });
  }

  /** The path may arrive after the call ended (the IVR learns of a hangup last): status stays. */
  async ivrPath(path: string[]): Promise<void> {
    await this.repos.calls.update(this.id, { ivr_path: path });
  }

  /** Queue columns (queue, entered, left) are the ACD's to write; this is the answer itself. */
  async answered(agentId: string): Promise<void> {
    await this.repos.calls.update(this.id, { status: 'connected', agent_id: agentId, answered_at: new Date() });
  }

  async end(disposition: Disposition, side: HangupSide, cause: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.repos.calls.end(this.id, { disposition, hangup_side: side, hangup_cause: cause });
  }
}
