// Where a request inside a dialog goes (drachtio's doSendRequestInsideDialog): over the flow
// the dialog came on while it is open; over a newer registration flow of the same user@host
// (a phone that reconnected, a mid-call handoff); for a UDP peer behind NAT, to the address
// its requests came from; otherwise to the first Route or the remote target, resolved. A
// dialog whose connection is gone and whose target can only be reached over it (WebSocket,
// `.invalid`) fails at once, so the app hears it in milliseconds instead of after Timer F.
import type { Dialog } from '../dialog/dialog.js';
import type { Connection, Remote } from '../transport/transport.types.js';
import { parseUri, uriOf } from '../sip/uri.js';
import { type CoreContext, flowFor } from './context.js';
import { DestinationError, resolveDestination } from './destination.js';

export interface Hop {
  dest: Remote;
  connection?: Connection;
}

export async function inDialogHop(ctx: CoreContext, d: Dialog): Promise<Hop> {
  if (d.connection && !d.connection.closed) return { dest: d.peer, connection: d.connection };
  const flow = flowFor(ctx, d.remoteTarget);
  if (flow) {
    d.connection = flow;
    d.peer = { transport: flow.transport, ...flow.remote };
    return { dest: d.peer, connection: flow };
  }
  if (d.connection && onlyOverItsFlow(d)) {
    throw new DestinationError(`the ${d.connection.transport} connection from ${d.peer.address}:${d.peer.port} this dialog came on is closed`);
  }
  if (d.nextHop) return { dest: d.nextHop };
  return { dest: await resolveDestination(d.routeSet[0] ?? d.remoteTarget, (t) => ctx.transport.has(t)) };
}

/** True when no new connection could reach the peer: a WebSocket client or an `.invalid` target. */
function onlyOverItsFlow(d: Dialog): boolean {
  if (d.transport === 'ws' || d.transport === 'wss') return true;
  if (d.routeSet.length > 0) return false;
  const uri = parseUri(uriOf(d.remoteTarget));
  const param = uri?.params.get('transport')?.toLowerCase();
  return !uri || /\.invalid\.?$/.test(uri.host) || param === 'ws' || param === 'wss';
}

/**
 * drachtio's UDP NAT rule (SipDialog, processResponseOutsideDialog): with no Record-Route and a
 * Contact that is not where the message came from — another address or port, a `.invalid`
 * host, a `transport=` other than UDP — in-dialog requests go back to that source address.
 */
export function natNextHop(contact: string, hasRecordRoute: boolean, source: Remote): Remote | undefined {
  if (source.transport !== 'udp' || hasRecordRoute) return undefined;
  const uri = parseUri(uriOf(contact));
  if (!uri) return source;
  const param = uri.params.get('transport')?.toLowerCase();
  const host = uri.host.replace(/^\[|\]$/g, '');
  if (host !== source.address || (uri.port !== undefined && uri.port !== source.port) || (param !== undefined && param !== 'udp')) return source;
  return undefined;
}
