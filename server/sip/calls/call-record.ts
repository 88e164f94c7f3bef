// One call's row in `calls`, and its `call_legs`, written by the call alone as it moves on:
// created on arrival, then IVR path and variables, the queue facts the ACD reports (queue,
// entered, left, agent), the answer, and exactly one end. Writes run one after another on a
// chain, so they land in order without the call awaiting each one, and a failed write is
// logged with the call id instead of failing the call. end() is idempotent so every exit
// path can call it.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Repositories, Row, RowPatch, SurveyAnswer } from '../../db/index.js';
import type { QueueFact } from '../../acd/index.js';

export type Disposition = NonNullable<Row<'calls'>['disposition']>;
export type HangupSide = NonNullable<Row<'calls'>['hangup_side']>;
export type LegRole = Row<'call_legs'>['role'];

/** The columns a queue fact sets; pure, so the ACD's own database tests can apply facts too. */
export function queueFactPatch(fact: QueueFact): RowPatch<'calls'> {
  if (fact.kind === 'entered') return { status: 'queued', queue_id: fact.queueId, queue_entered_at: new Date(fact.at) };
  return { queue_id: fact.queueId, queue_left_at: new Date(fact.at), ...(fact.agentId ? { agent_id: fact.agentId } : {}) };
}

export class CallRecord {
  private ended = false;
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly repos: Repositories, readonly row: Row<'calls'>, private readonly log: Logger) {}

  static async open(repos: Repositories, log: Logger, init: { from: string; to: string; trunkId?: string | null; numberId?: string | null; direction?: 'inbound' | 'internal' | 'outbound'; agentId?: string }): Promise<CallRecord> {
    const row = await repos.calls.create({
      direction: init.direction ?? 'inbound',
      from_number: init.from,
      to_number: init.to,
      trunk_id: init.trunkId ?? null,
      number_id: init.numberId ?? null,
      ...(init.agentId ? { agent_id: init.agentId } : {}),
    });
    return new CallRecord(repos, row, log.child({ callId: row.id }));
  }

  get id(): string {
    return this.row.id;
  }

  inIvr(): Promise<void> {
    return this.update({ status: 'ivr' });
  }

  /** The path may arrive after the call ended (the IVR learns of a hangup last): status stays. */
  ivrResult(path: string[], variables: Record<string, string>): Promise<void> {
    Object.assign(this.row, { ivr_path: path, variables });
    return this.write('ivr result', async () => {
      await this.repos.calls.update(this.id, { ivr_path: path, variables });
    });
  }

  /** Written even after the end: a caller who hung up mid-survey keeps the answers given. */
  surveyAnswered(answers: SurveyAnswer[]): Promise<void> {
    return this.write('survey', async () => {
      await this.repos.calls.update(this.id, { survey_answers: answers });
    });
  }

  queueFact(fact: QueueFact): Promise<void> {
    return this.update(queueFactPatch(fact));
  }

  answered(agentId: string): Promise<void> {
    return this.update({ status: 'connected', agent_id: agentId, answered_at: new Date() });
  }

  /** Another agent has the call now (a completed consult): the record names who ended with it. */
  agentTookOver(agentId: string): Promise<void> {
    return this.update({ agent_id: agentId });
  }

  /** A new leg (the caller at answer, each agent rung); returns its id for legEnded/legAnswered. */
  legStarted(role: LegRole, leg: { sipCallId?: string; remoteUri?: string; agentId?: string; answered?: boolean }): string {
    const id = randomUUID();
    const now = new Date();
    void this.write('leg', async () => {
      await this.repos.calls.addLeg({
        id, call_id: this.id, role, sip_call_id: leg.sipCallId ?? null, remote_uri: leg.remoteUri ?? null,
        agent_id: leg.agentId ?? null, started_at: now, answered_at: leg.answered ? now : null,
      });
    });
    return id;
  }

  legAnswered(legId: string, sip: { sipCallId: string; remoteUri: string }): void {
    void this.write('leg', async () => {
      await this.repos.calls.updateLeg(legId, { answered_at: new Date(), sip_call_id: sip.sipCallId, remote_uri: sip.remoteUri });
    });
  }

  legEnded(legId: string, cause: string): void {
    void this.write('leg', async () => {
      await this.repos.calls.updateLeg(legId, { ended_at: new Date(), hangup_cause: cause.slice(0, 200) });
    });
  }

  end(disposition: Disposition, side: HangupSide, cause: string): Promise<void> {
    if (this.ended) return this.writes;
    this.ended = true;
    return this.write('end', async () => {
      await this.repos.calls.end(this.id, { disposition, hangup_side: side, hangup_cause: cause.slice(0, 500) });
    });
  }

  /**
   * Once the call has ended its status stays `completed`: a fact that lands late (the agent's
   * answer racing the caller's BYE) is kept, but must not set the call back to connected.
   */
  private update(patch: RowPatch<'calls'>): Promise<void> {
    // The row in memory follows (who has the call, its queue): read by the call's own steps.
    if (!this.ended) Object.assign(this.row, patch);
    return this.write('update', async () => {
      const { status, ...facts } = patch;
      if (!this.ended) await this.repos.calls.update(this.id, patch);
      else if (Object.keys(facts).length > 0) await this.repos.calls.update(this.id, facts);
      else this.log.debug({ status }, 'status change after the end ignored');
    });
  }

  /** Chains a write after the others; resolves when it is done, never rejects. */
  private write(what: string, step: () => Promise<void>): Promise<void> {
    this.writes = this.writes.then(step).catch((err: unknown) => {
      this.log.error({ err: err instanceof Error ? err.message : String(err), write: what }, 'call record write failed');
    });
    return this.writes;
  }
}
