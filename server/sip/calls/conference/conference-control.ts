// The live-call API's way into conferences (server/api/routes/conference.routes.ts): finds the
// call among those in progress, checks that the asker may act on it (an agent on a call they
// are connected to, a supervisor on calls of their queues, an admin on all), and runs the
// request under the call's guard-free path: a bad request is a CallControlError for the API,
// never an error that ends the call.
import type { RecordScope } from '../../../db/record-search.js';
import type { Call } from '../call.js';
import { Conference } from './conference.js';
import { CallControlError, liveCall } from '../call-control-error.js';
import type { ConferencePartyView, ConferenceSettings, ConferenceTarget, ConferenceView } from './conference.types.js';

export interface ConferenceControl {
  add(callId: string, target: ConferenceTarget, scope: RecordScope): Promise<ConferencePartyView>;
  remove(callId: string, partyId: string, scope: RecordScope): Promise<void>;
  view(callId: string, scope: RecordScope): ConferenceView;
}

export function conferenceControl(calls: ReadonlyMap<string, Call>, settings: ConferenceSettings): ConferenceControl {
  const live = (callId: string, scope: RecordScope): Call => liveCall(calls, callId, scope);
  return {
    async add(callId, target, scope) {
      const call = live(callId, scope);
      if (!call.is('connected', 'conference')) throw new CallControlError(409, 'call is not connected');
      if (call.conference && call.conference.phase !== 'mixing') throw new CallControlError(409, 'a party is being added already');
      if (call.consult) throw new CallControlError(409, 'a consult is in progress: complete it, cancel it or make it a conference first');
      const created = !call.conference;
      const conference = call.conference ?? new Conference(call, settings);
      call.conference = conference;
      try {
        return await conference.add(target, scope.agentId ?? null);
      } catch (err) {
        // A first party refused before it rang (nothing of the mixer in use yet) leaves no conference behind.
        if (created) call.conference = undefined;
        throw err;
      }
    },
    async remove(callId, partyId, scope) {
      const call = live(callId, scope);
      if (!call.conference) throw new CallControlError(409, 'this call has no conference');
      await call.conference.remove(partyId);
    },
    view(callId, scope) {
      const call = live(callId, scope);
      if (!call.conference) throw new CallControlError(409, 'this call has no conference');
      return call.conference.view();
    },
  };
}
