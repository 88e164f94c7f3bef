// The call's phase table (server/sip/calls/phase-machine.ts), as pure logic: every legal
// transition, every other pair refused without throwing and without moving the call, and the
// paths a real call takes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedCallEvents, callPhases, nextPhase, PhaseMachine, type CallPhase, type CallPhaseEvent, type CallPhaseEventType } from '../../../../server/sip/calls/phase-machine.js';

const events: Record<CallPhaseEventType, CallPhaseEvent> = {
  answered: { type: 'answered' },
  'start-ivr': { type: 'start-ivr', flowId: 'f' },
  'ivr-done': { type: 'ivr-done' },
  enqueue: { type: 'enqueue', queueId: 'q' },
  overflow: { type: 'overflow' },
  'ring-agent': { type: 'ring-agent', agentId: 'a' },
  'agent-answered': { type: 'agent-answered', agentId: 'a' },
  end: { type: 'end', cause: 'test' },
  'conference-started': { type: 'conference-started' },
  transfer: { type: 'transfer' },
  'no-answer': { type: 'no-answer' },
  survey: { type: 'survey' },
};

const legal: Record<CallPhase, Partial<Record<CallPhaseEventType, CallPhase>>> = {
  answering: { answered: 'routing', end: 'ended' },
  routing: { 'start-ivr': 'ivr', enqueue: 'queued', 'ring-agent': 'ringing-agent', end: 'ended' },
  ivr: { 'ivr-done': 'routing', end: 'ended' },
  queued: { 'agent-answered': 'connected', overflow: 'routing', end: 'ended' },
  'ringing-agent': { 'agent-answered': 'connected', 'no-answer': 'routing', end: 'ended' },
  connected: { end: 'ended', 'conference-started': 'conference', transfer: 'routing', survey: 'survey' },
  ended: {},
  conference: { end: 'ended' },
  survey: { end: 'ended' },
};

function walk(...types: CallPhaseEventType[]): { machine: PhaseMachine; refused: string[] } {
  const refused: string[] = [];
  const machine = new PhaseMachine((phase, event) => refused.push(`${phase}:${event.type}`));
  for (const type of types) machine.fire(events[type]);
  return { machine, refused };
}

describe('call phase machine', { timeout: 10_000 }, () => {
  it('has exactly the legal transitions of the table, for every phase and event', () => {
    for (const phase of callPhases) {
      for (const type of Object.keys(events) as CallPhaseEventType[]) {
        assert.equal(nextPhase(phase, events[type]), legal[phase][type], `${phase} + ${type}`);
      }
      assert.deepEqual(acceptedCallEvents(phase).sort(), Object.keys(legal[phase]).sort());
    }
  });

  it('walks the paths a call takes: IVR → queue → agent, overflow back to routing, direct ring', () => {
    assert.equal(walk('answered', 'start-ivr', 'ivr-done', 'enqueue', 'agent-answered', 'end').machine.phase, 'ended');
    assert.equal(walk('answered', 'start-ivr', 'ivr-done', 'enqueue', 'overflow', 'start-ivr').machine.phase, 'ivr');
    assert.equal(walk('answered', 'ring-agent', 'agent-answered').machine.phase, 'connected');
    // A blind transfer: connected → routing → rung to another agent, or queued again.
    assert.equal(walk('answered', 'enqueue', 'agent-answered', 'transfer', 'ring-agent', 'agent-answered').machine.phase, 'connected');
    assert.equal(walk('answered', 'ring-agent', 'agent-answered', 'transfer', 'enqueue').machine.phase, 'queued');
    assert.deepEqual(walk('answered', 'enqueue', 'transfer').refused, ['queued:transfer']);
    // The agent hung up on a queue with a survey: the caller answers it, then the call ends.
    assert.equal(walk('answered', 'enqueue', 'agent-answered', 'survey', 'end').machine.phase, 'ended');
    assert.deepEqual(walk('answered', 'enqueue', 'agent-answered', 'survey', 'transfer').refused, ['survey:transfer']);
  });

  it('refuses an illegal event without throwing and without moving the call', () => {
    const { machine, refused } = walk('answered', 'start-ivr', 'agent-answered');
    assert.equal(machine.phase, 'ivr');
    assert.deepEqual(refused, ['ivr:agent-answered']);
    assert.equal(machine.fire(events.overflow), false);
  });

  it('an ended call stays ended: a late answer, a second end, an overflow are all refused', () => {
    const { machine, refused } = walk('answered', 'start-ivr', 'end', 'agent-answered', 'end', 'overflow', 'answered');
    assert.equal(machine.phase, 'ended');
    assert.deepEqual(refused, ['ended:agent-answered', 'ended:end', 'ended:overflow', 'ended:answered']);
  });
});
