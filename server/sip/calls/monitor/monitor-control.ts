// Supervisors monitoring a call in progress, for the live-call API (server/api/routes/
// monitor.routes.ts): listen (the supervisor hears everyone, nobody hears them), whisper (the
// agents hear them too, the caller does not) and barge (everyone does), switched during the
// call by a matrix change of the call's mixer, no re-dial. The supervisor is rung on their own
// phone (the agent account their user has). A supervisor may monitor calls of the queues they
// supervise, an admin any; one supervisor per call at a time, and only they (or an admin) may
// switch or stop it. Neither the agent nor the caller is told: the conference's views and
// events leave the monitor out.
import type { RecordScope } from '../../../db/record-search.js';
import type { Call } from '../call.js';
import { Conference } from '../conference/conference.js';
import { CallControlError, liveCall } from '../call-control-error.js';
import type { ConferenceSettings, MonitorMode } from '../conference/conference.types.js';

export interface MonitorView {
  call_id: string;
  party_id: string;
  mode: MonitorMode;
  status: 'ringing' | 'joined';
}

/** Who asks: the supervisor's own agent account (their phone), and whether they are an admin. */
export interface Monitorer {
  agentId: string;
  admin: boolean;
}

export interface MonitorControl {
  start(callId: string, mode: MonitorMode, by: Monitorer, scope: RecordScope): Promise<MonitorView>;
  switch(callId: string, mode: MonitorMode, by: Monitorer, scope: RecordScope): MonitorView;
  stop(callId: string, by: Monitorer, scope: RecordScope): Promise<void>;
}

export function monitorControl(calls: ReadonlyMap<string, Call>, settings: ConferenceSettings): MonitorControl {
  const monitored = (callId: string, by: Monitorer, scope: RecordScope) => {
    const call = liveCall(calls, callId, scope);
    const m = call.conference?.monitoring;
    if (!call.conference || !m) throw new CallControlError(409, 'this call is not monitored');
    if (!by.admin && m.supervisorAgentId !== by.agentId) throw new CallControlError(403, 'another supervisor is monitoring this call');
    return { call, conference: call.conference, m };
  };
  const shown = (call: Call, m: { partyId: string; mode: MonitorMode; status: string }): MonitorView => ({
    call_id: call.id, party_id: m.partyId, mode: m.mode, status: m.status === 'joined' ? 'joined' : 'ringing',
  });
  return {
    async start(callId, mode, by, scope) {
      const call = liveCall(calls, callId, scope);
      if (!call.is('connected', 'conference')) throw new CallControlError(409, 'call is not connected');
      if (call.conference && call.conference.phase === 'forming') throw new CallControlError(409, 'a party is being added: try again when it has joined');
      const created = !call.conference;
      const conference = call.conference ?? new Conference(call, settings);
      call.conference = conference;
      try {
        const party = await conference.addMonitor(by.agentId, mode);
        call.log.info({ security: 'monitor', supervisorAgentId: by.agentId, mode }, 'monitor: a supervisor is ringing in');
        return { call_id: call.id, party_id: party.party_id, mode, status: 'ringing' };
      } catch (err) {
        if (created) call.conference = undefined;
        throw err;
      }
    },
    switch(callId, mode, by, scope) {
      const { call, conference, m } = monitored(callId, by, scope);
      conference.setMonitorMode(mode);
      call.log.info({ security: 'monitor', supervisorAgentId: m.supervisorAgentId, mode }, 'monitor: mode switched');
      return shown(call, { ...m, mode });
    },
    async stop(callId, by, scope) {
      const { call, conference, m } = monitored(callId, by, scope);
      await conference.remove(m.partyId);
      call.log.info({ security: 'monitor', supervisorAgentId: m.supervisorAgentId }, 'monitor: stopped');
    },
  };
}
