// test-file-timeout: 10 s
// The consult's phase table (server/sip/calls/transfer/consult-phase.ts), as pure logic: every
// legal move, every other pair refused, and the paths a consult takes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedConsultEvents, consultPhases, nextConsultPhase, type ConsultEvent, type ConsultEventType, type ConsultPhase } from '../../../../server/sip/calls/transfer/consult-phase.js';

const events: Record<ConsultEventType, ConsultEvent> = {
  answered: { type: 'answered' }, failed: { type: 'failed', reason: 'busy' }, complete: { type: 'complete' }, cancel: { type: 'cancel' },
  conference: { type: 'conference' }, 'agent-left': { type: 'agent-left' }, 'target-left': { type: 'target-left' }, 'caller-left': { type: 'caller-left' },
};

const legal: Record<ConsultPhase, Partial<Record<ConsultEventType, ConsultPhase>>> = {
  ringing: { answered: 'talking', failed: 'done', cancel: 'done', complete: 'handed-over', 'agent-left': 'handed-over', 'caller-left': 'done' },
  talking: { complete: 'done', cancel: 'done', conference: 'done', 'agent-left': 'done', 'target-left': 'done', 'caller-left': 'done' },
  'handed-over': { answered: 'done', failed: 'done', 'caller-left': 'done' },
  done: {},
};

describe('consult phase table', { timeout: 10_000 }, () => {
  it('allows exactly the listed moves and refuses every other pair', () => {
    for (const phase of consultPhases) {
      for (const [type, event] of Object.entries(events) as [ConsultEventType, ConsultEvent][]) {
        assert.equal(nextConsultPhase(phase, event), legal[phase][type], `${phase} + ${type}`);
      }
      assert.deepEqual(acceptedConsultEvents(phase).sort(), Object.keys(legal[phase]).sort());
    }
  });

  it('a consult the agent leaves while the target rings waits for it, then is done; nothing moves a done consult', () => {
    let phase: ConsultPhase = 'ringing';
    for (const type of ['agent-left', 'answered'] as const) phase = nextConsultPhase(phase, events[type]) ?? phase;
    assert.equal(phase, 'done');
    assert.equal(nextConsultPhase('handed-over', events.cancel), undefined, 'no going back once the agent has left');
    assert.equal(nextConsultPhase('ringing', events.conference), undefined, 'no conference before the target answered');
  });
});
