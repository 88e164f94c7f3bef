// The agent state machine's full table: every (state, event) pair is either the expected
// next state or an IllegalTransitionError. The expectations are written out here, apart from
// the implementation, so a changed rule shows up as a failing pair.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IllegalTransitionError } from '../../../server/acd/acd-errors.js';
import { acceptedEvents, transition } from '../../../server/acd/agent-state-machine.js';
import { agentEventTypes, agentStatuses, type AgentEvent, type AgentState } from '../../../server/acd/agent-state.types.js';

const c = 'call-1';
const states = {
  'logged-out': { status: 'logged-out' },
  available: { status: 'available' },
  ringing: { status: 'ringing', callId: c },
  'on-call': { status: 'on-call', callId: c },
  'on-call+pending': { status: 'on-call', callId: c, pendingNotReady: 'lunch' },
  'wrap-up': { status: 'wrap-up', callId: c },
  'wrap-up+pending': { status: 'wrap-up', callId: c, pendingNotReady: 'lunch' },
  'not-ready': { status: 'not-ready', reason: 'break' },
} satisfies Record<string, AgentState>;

const events = {
  login: { type: 'login' },
  logout: { type: 'logout' },
  'go-ready': { type: 'go-ready' },
  'go-not-ready': { type: 'go-not-ready', reason: 'meeting' },
  offer: { type: 'offer', callId: c },
  answer: { type: 'answer', callId: c },
  'ring-timeout': { type: 'ring-timeout', callId: c },
  reject: { type: 'reject', callId: c, reason: 'busy' },
  'offer-withdrawn': { type: 'offer-withdrawn', callId: c },
  'direct-call': { type: 'direct-call', callId: 'call-9' },
  'hangup(wrap)': { type: 'hangup', callId: c, wrapUp: true },
  'hangup(no wrap)': { type: 'hangup', callId: c, wrapUp: false },
  'wrap-up-done': { type: 'wrap-up-done', callId: c },
  recover: { type: 'recover' },
} satisfies Record<string, AgentEvent>;

type StateName = keyof typeof states;
type EventName = keyof typeof events;

const available: AgentState = { status: 'available' };
const loggedOut: AgentState = { status: 'logged-out' };
const meeting: AgentState = { status: 'not-ready', reason: 'meeting' };
const lunch: AgentState = { status: 'not-ready', reason: 'lunch' };
const direct: AgentState = { status: 'on-call', callId: 'call-9' };

/** The legal pairs; every pair not listed must be rejected. */
const legal: Record<StateName, Partial<Record<EventName, AgentState>>> = {
  'logged-out': { login: available },
  available: { logout: loggedOut, 'go-not-ready': meeting, offer: { status: 'ringing', callId: c }, 'direct-call': direct },
  ringing: {
    answer: { status: 'on-call', callId: c },
    'ring-timeout': { status: 'not-ready', reason: 'ring-no-answer' },
    reject: { status: 'not-ready', reason: 'busy' },
    'offer-withdrawn': available,
    logout: loggedOut,
    'go-not-ready': meeting,
    'direct-call': direct,
    recover: available,
  },
  'on-call': {
    'hangup(wrap)': { status: 'wrap-up', callId: c },
    'hangup(no wrap)': available,
    'go-not-ready': { status: 'on-call', callId: c, pendingNotReady: 'meeting' },
    'go-ready': { status: 'on-call', callId: c },
    recover: { status: 'wrap-up', callId: c },
  },
  'on-call+pending': {
    'hangup(wrap)': { status: 'wrap-up', callId: c, pendingNotReady: 'lunch' },
    'hangup(no wrap)': lunch,
    'go-not-ready': { status: 'on-call', callId: c, pendingNotReady: 'meeting' },
    'go-ready': { status: 'on-call', callId: c },
    recover: { status: 'wrap-up', callId: c, pendingNotReady: 'lunch' },
  },
  'wrap-up': { 'wrap-up-done': available, 'go-ready': available, 'go-not-ready': meeting, logout: loggedOut, 'direct-call': direct },
  'wrap-up+pending': {
    'wrap-up-done': lunch, 'go-ready': available, 'go-not-ready': meeting, logout: loggedOut,
    'direct-call': { ...direct, pendingNotReady: 'lunch' },
  },
  'not-ready': { 'go-ready': available, 'go-not-ready': meeting, logout: loggedOut, 'direct-call': { ...direct, pendingNotReady: 'break' } },
};

describe('agent state machine', () => {
  for (const [stateName, state] of Object.entries(states) as [StateName, AgentState][]) {
    for (const [eventName, event] of Object.entries(events) as [EventName, AgentEvent][]) {
      const expected = legal[stateName][eventName];
      it(`${stateName} + ${eventName} → ${expected ? expected.status : 'rejected'}`, () => {
        if (expected) {
          assert.deepEqual(transition(state, event), expected);
        } else {
          assert.throws(() => transition(state, event), (e: unknown) => e instanceof IllegalTransitionError && e.why === 'not-allowed' && e.code === 'illegal-transition');
        }
      });
    }
  }

  it('covers every status and every event type of the types file', () => {
    assert.deepEqual(new Set(Object.values(states).map((s) => s.status)), new Set(agentStatuses));
    assert.deepEqual(new Set(Object.values(events).map((e) => e.type)), new Set(agentEventTypes));
  });

  it('acceptedEvents lists exactly the legal event types of each status', () => {
    for (const [stateName, state] of Object.entries(states) as [StateName, AgentState][]) {
      const types = new Set(Object.keys(legal[stateName]).map((n) => events[n as EventName].type));
      assert.deepEqual(new Set(acceptedEvents(state.status)), types, stateName);
    }
  });

  it('rejects an event about another call than the one the agent is busy with', () => {
    const other = 'call-2';
    const cases: [AgentState, AgentEvent][] = [
      [states.ringing, { type: 'answer', callId: other }],
      [states.ringing, { type: 'ring-timeout', callId: other }],
      [states.ringing, { type: 'offer-withdrawn', callId: other }],
      [states['on-call'], { type: 'hangup', callId: other, wrapUp: true }],
      [states['wrap-up'], { type: 'wrap-up-done', callId: other }],
    ];
    for (const [state, event] of cases) {
      assert.throws(() => transition(state, event), (e: unknown) => e instanceof IllegalTransitionError && e.why === 'wrong-call', `${state.status} + ${event.type}`);
    }
  });

  it('does not mutate the state it is given', () => {
    const state: AgentState = { status: 'on-call', callId: c };
    transition(state, { type: 'go-not-ready', reason: 'x' });
    assert.deepEqual(state, { status: 'on-call', callId: c });
  });
});
