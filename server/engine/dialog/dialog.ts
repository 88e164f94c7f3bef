// A SIP dialog (RFC 3261 §12) as the engine keeps it: identifiers, the route set and remote
// target for in-dialog requests, CSeq counters, the app connection that owns it, and the
// state of the INVITE in progress (2xx awaiting ACK, our ACK for re-sends, re-INVITE glare).
import type { SipTransportName } from '../config.types.js';
import type { Connection, Remote } from '../transport/transport.types.js';
import type { ServerTransaction } from '../transaction/server-transaction.js';
import type { ClientTransaction } from '../transaction/client-transaction.js';
import type { AppConnection } from '../protocol/app-connection.js';

export type DialogRole = 'uas' | 'uac';

export class Dialog {
  state: 'early' | 'confirmed' = 'early';
  /** Remote CSeq seen; in-dialog requests must not go backwards (RFC 3261 §12.2.2). */
  remoteCseq = 0;
  /** Our 2xx to the latest INVITE, retransmitted until the ACK arrives. */
  pendingAck?: ServerTransaction;
  /** UAC: CSeq and final status of our latest INVITE, and the ACK we sent for its 2xx. */
  lastInvite?: { seq: number; status: number; ackWire?: string };
  /** An incoming re-INVITE the app has not yet answered. */
  incomingReinvite?: ServerTransaction;
  /** Our re-INVITE still waiting for its final response. */
  outgoingReinvite?: ClientTransaction;
  connection?: Connection;
  /** UDP peer behind NAT (or with a WS/`.invalid` Contact): in-dialog requests go here, not to the target. */
  nextHop?: Remote;
  /** The engine's RFC 4028 timer for this dialog (dialog/session-timer.ts); absent when off or the app's. */
  sessionTimer?: { interval: number; weRefresh: boolean; timer: NodeJS.Timeout };
  /** UAS: the INVITE that set the dialog up; PRACKs of its reliable provisionals match against it. */
  uasInvite?: ServerTransaction;
  /** Our latest session description, re-sent unchanged by the engine's refreshing re-INVITE. */
  localSdp?: { body: string; type: string };

  constructor(
    readonly id: string,
    readonly role: DialogRole,
    readonly callId: string,
    readonly localTag: string,
    public remoteTag: string,
    /** From value for our requests (with our tag). */
    readonly localUri: string,
    /** To value for our requests (with the peer's tag). */
    public remoteUri: string,
    public localCseq: number,
    public remoteTarget: string,
    public routeSet: string[],
    readonly localContact: string,
    readonly transport: SipTransportName,
    /** Where the dialog was set up from: in-dialog requests fall back to it over streams. */
    public peer: Remote,
    public owner: AppConnection | undefined,
  ) {}

  /** The key the dialog table matches incoming requests on. */
  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }
}

export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}
