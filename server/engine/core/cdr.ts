// CDR events (drachtio protocol §2.8): attempt, start and stop records, each sent to one app
// that routed `cdr:<type>`, round-robin, only when `<cdrs>` is enabled.
import type { ProtocolServer } from '../protocol/protocol-server.js';
import { stackTime } from './meta.js';

export type CdrSource = 'network' | 'application';
export type CdrRole = 'uac' | 'uas';
export type CdrStopReason = 'call-rejected' | 'call-canceled' | 'normal-release' | 'session-expired' | 'system-error';

export class CdrEmitter {
  constructor(private readonly enabled: boolean, private readonly protocol: ProtocolServer) {}

  attempt(source: CdrSource, wire: string): void {
    this.post('cdr:attempt', `${source}|${stackTime()}`, wire);
  }

  start(source: CdrSource, role: CdrRole, wire: string): void {
    this.post('cdr:start', `${source}|${stackTime()}|${role}`, wire);
  }

  stop(source: CdrSource, reason: CdrStopReason, wire: string): void {
    this.post('cdr:stop', `${source}|${stackTime()}|${reason}`, wire);
  }

  private post(type: string, rest: string, wire: string): void {
    if (!this.enabled) return;
    const app = this.protocol.pickApp(type);
    app?.send(`${type}|${rest}`, wire);
  }
}
