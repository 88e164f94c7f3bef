// The leader lines the engine sends to apps (drachtio protocol §2.4, §2.6). Token positions
// are what drachtio-srf reads, so every empty field and trailing `|` here is deliberate.
import type { Remote } from '../transport/transport.types.js';

/** UTC time of day as drachtio prints it: HH:MM:SS.uuuuuu */
export function stackTime(d = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`;
}

/** drachtio reports ws/wss flows as tcp and tls in this field. */
function protocolName(r: Remote): string {
  if (r.transport === 'ws') return 'tcp';
  if (r.transport === 'wss') return 'tls';
  return r.transport;
}

/** `sip|network|…` leader for a message from the wire; `receivedOn` only for new requests. */
export function networkLeader(wire: string, peer: Remote, txnId: string, dialogId: string, receivedOn?: { address: string; port: number }): string {
  const base = `sip|network|${Buffer.byteLength(wire)}|${protocolName(peer)}|${peer.address}|${peer.port}|${stackTime()}|${txnId}|${dialogId}|`;
  return receivedOn ? `${base}${receivedOn.address}|${receivedOn.port}|` : base;
}

/** `sip|application|…|unsolicited|<dialog>|` for a BYE the engine generated itself. */
export function unsolicitedLeader(wire: string, peer: Remote, dialogId: string): string {
  return `sip|application|${Buffer.byteLength(wire)}|${protocolName(peer)}|${peer.address}|${peer.port}|${stackTime()}|unsolicited|${dialogId}|`;
}

/** Echo of a request the app asked us to send. */
export function requestEcho(wire: string, peer: Remote, txnId: string): string {
  return `OK|application|${Buffer.byteLength(wire)}|${protocolName(peer)}|${peer.address}|${peer.port}|${stackTime()}|${txnId}|Msg sent:|`;
}

/** Echo of a response the app asked us to send; token 11 is the dialog id. */
export function responseEcho(wire: string, peer: Remote, txnId: string, dialogId: string): string {
  return `OK|application|${Buffer.byteLength(wire)}|${protocolName(peer)}|${peer.address}|${peer.port}|${stackTime()}|${txnId}|${dialogId}||Msg sent:|`;
}

export function dialogIdOf(callId: string, initiatorFromTag: string): string {
  return `${callId};from-tag=${initiatorFromTag}`;
}
