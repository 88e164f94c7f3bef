// The trunk registration transition table: every (state, event) pair either has a next state
// or is refused with IllegalRegistrationTransition, and the paths the carrier's answers drive.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  IllegalRegistrationTransition, acceptedRegistrationEvents, nextRegistrationState,
  type RegistrationEvent, type RegistrationState,
} from '../../../server/sip/trunks/registration-state-machine.js';

const states: RegistrationState[] = ['unregistered', 'registering', 'registered', 'refreshing', 'failed', 'unregistering'];
const events: RegistrationEvent[] = [
  { type: 'start' }, { type: 'registered', expiresSec: 60 }, { type: 'too-brief', minExpiresSec: 120 },
  { type: 'failed', status: 503, reason: 'Service Unavailable' }, { type: 'refresh-due' }, { type: 'retry-due' },
  { type: 'stop' }, { type: 'unregistered' },
];

describe('trunk registration state machine', { timeout: 5000 }, () => {
  it('a pair is either in the table or refused', () => {
    for (const s of states) {
      const accepted = new Set(acceptedRegistrationEvents(s));
      for (const e of events) {
        if (accepted.has(e.type)) assert.ok(states.includes(nextRegistrationState(s, e)), `${s} + ${e.type}`);
        else assert.throws(() => nextRegistrationState(s, e), IllegalRegistrationTransition, `${s} + ${e.type}`);
      }
    }
  });

  it('register, refresh, fail, retry, 423, stop', () => {
    let s: RegistrationState = 'unregistered';
    const run = (e: RegistrationEvent) => { s = nextRegistrationState(s, e); return s; };
    assert.equal(run({ type: 'start' }), 'registering');
    assert.equal(run({ type: 'too-brief', minExpiresSec: 120 }), 'registering');
    assert.equal(run({ type: 'registered', expiresSec: 120 }), 'registered');
    assert.equal(run({ type: 'refresh-due' }), 'refreshing');
    assert.equal(run({ type: 'failed', status: null, reason: 'timeout' }), 'failed');
    assert.equal(run({ type: 'retry-due' }), 'registering');
    assert.equal(run({ type: 'registered', expiresSec: 120 }), 'registered');
    assert.equal(run({ type: 'stop' }), 'unregistering');
    assert.equal(run({ type: 'unregistered' }), 'unregistered');
  });

  it('a registered binding is not started twice, and a stopped one does not refresh', () => {
    assert.throws(() => nextRegistrationState('registered', { type: 'start' }), /start is not allowed in state registered/);
    assert.throws(() => nextRegistrationState('unregistering', { type: 'refresh-due' }), IllegalRegistrationTransition);
  });
});
