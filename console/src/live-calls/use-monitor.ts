// The supervisor's monitoring of one call at a time, on their own phone (the softphone signed
// in with the agent account their user has; it answers a monitor call at once): POST
// /calls/{id}/monitor rings it, PATCH switches listen / whisper / barge without re-dialling,
// DELETE hangs it up. Picking another call stops the first (one phone, one call). A refusal
// is said as the server words it: 403 a call outside the supervisor's queues, 409 no phone;
// choose and stop resolve true when the refusal says the list is stale (403, 404).
import { useCallback, useState } from 'preact/hooks';
import { ApiError, errorText, type ConsoleApi } from '../api.js';

export const MONITOR_MODES = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];

export interface Monitoring {
  callId: string;
  mode: MonitorMode;
}

interface MonitorView {
  call_id: string;
  mode: MonitorMode;
}

export function useMonitor(api: ConsoleApi) {
  const [monitoring, setMonitoring] = useState<Monitoring | null>(null);
  const [error, setError] = useState('');
  /** The call a request is on its way for: its buttons wait. */
  const [pending, setPending] = useState<string | null>(null);

  const fail = (callId: string, err: unknown): boolean => {
    setError(`${err instanceof ApiError ? `${err.status}: ` : ''}${errorText(err)}`);
    if (err instanceof ApiError && err.status !== 400) setMonitoring((m) => (m?.callId === callId ? null : m));
    // Not ours to monitor (ended, moved to another queue, no longer supervised): read the list again.
    return err instanceof ApiError && (err.status === 403 || err.status === 404);
  };

  const choose = useCallback(async (callId: string, mode: MonitorMode): Promise<boolean> => {
    setError('');
    setPending(callId);
    try {
      const current = monitoring;
      if (current && current.callId !== callId) {
        // The phone takes one call: the first is hung up (a refusal means it was over already).
        await api.call('DELETE', `/calls/${current.callId}/monitor`).catch(() => undefined);
        setMonitoring(null);
      }
      const switching = current?.callId === callId;
      const view = await api.call<MonitorView>(switching ? 'PATCH' : 'POST', `/calls/${callId}/monitor`, { mode });
      setMonitoring({ callId, mode: view.mode });
      return false;
    } catch (err) {
      return fail(callId, err);
    } finally {
      setPending(null);
    }
  }, [api, monitoring]);

  const stop = useCallback(async (callId: string): Promise<boolean> => {
    setError('');
    setPending(callId);
    try {
      await api.call('DELETE', `/calls/${callId}/monitor`);
      setMonitoring(null);
      return false;
    } catch (err) {
      return fail(callId, err);
    } finally {
      setPending(null);
    }
  }, [api]);

  /** The call ended (the event hub): nothing is monitored any more. */
  const ended = useCallback((callId: string): void => setMonitoring((m) => (m?.callId === callId ? null : m)), []);

  return { monitoring, pending, error, choose, stop, ended };
}
