// The UAS half of the core: requests from the network go to the app that owns them (new
// requests round-robin by verb, in-dialog ones to the dialog's owner), and the app's
// responses go back out through their server transaction, creating UAS dialogs on the way.
import { SipResponse, type SipRequest } from '../sip/message.js';
import { getTag, parseNameAddr, parseUri, uriOf, withTag } from '../sip/uri.js';
import { FlowCache } from '../transport/flow-cache.js';
import { parseVia, formatVia, randomToken } from '../sip/via.js';
import { ServerTransaction } from '../transaction/server-transaction.js';
import { serverKey } from '../transaction/transaction-layer.js';
import { Dialog } from '../dialog/dialog.js';
import type { InboundMessage, MalformedMessage, Remote } from '../transport/transport.types.js';
import type { AppConnection } from '../protocol/app-connection.js';
import type { SipFromApp } from '../protocol/protocol-server.js';
import { AppMessageError, ensureContentType, replaceLocalhost } from './app-message.js';
import { toNameAddrForm } from './name-addr-form.js';
import { type CoreContext, contactFor, sentBy } from './context.js';
import { dialogIdOf, networkLeader, responseEcho } from './meta.js';
import type { UacCore } from './uac.js';
import { edgeRefusal } from './edge-refusal.js';
import { natNextHop } from './in-dialog-hop.js';
import { PendingTable } from './pending-table.js';
import { addCapabilities, allowedMethods, isSipMethod, unsupportedRequired } from './capabilities.js';
import { optionsAnswer, unroutedAnswer, type UnroutedAnswer } from './unrouted-answer.js';
import { ReliableProvisionals, uacSupports100rel, wantsReliable } from '../transaction/reliable-provisionals.js';

/** Methods drachtio routes to apps when they arrive outside a dialog. */
const routable = new Set(['INVITE', 'REGISTER', 'MESSAGE', 'OPTIONS', 'INFO', 'NOTIFY', 'SUBSCRIBE', 'PUBLISH']);
/** Methods that only make sense inside a dialog. */
const dialogOnly = new Set(['BYE', 'UPDATE', 'PRACK']);
/** How long an app may leave a request without any response (drachtio's CLIENT_TIMEOUT). */
const appAnswerTimeoutMs = 64000;

type InboundRequest = InboundMessage & { msg: SipRequest };

export class UasCore {
  /** Transactions handed to an app that has not sent a final response yet. */
  private pending: PendingTable<ServerTransaction>;
  /** The dialog an in-dialog server transaction belongs to. */
  private txDialog = new WeakMap<ServerTransaction, string>();
  private sweeper: NodeJS.Timeout;
  /** RFC 3262 reliable 1xx of INVITEs we answer for apps. */
  private reliable: ReliableProvisionals;

  constructor(private readonly ctx: CoreContext, private readonly uac: UacCore) {
    const { pendingRequests, pendingPerSource } = ctx.config.limits;
    this.pending = new PendingTable({ total: pendingRequests, perSource: pendingPerSource }, (a) => ctx.screen.trusted.has(a));
    this.sweeper = setInterval(() => this.sweepUnanswered(), 5000);
    this.sweeper.unref();
    this.reliable = new ReliableProvisionals(ctx.txCtx, (tx) => this.noPrack(tx));
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  /** Requests handed to apps and not answered yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** A source was discarded: its waiting requests are dropped without an answer, freeing their slots. */
  forgetSource(address: string): void {
    for (const tx of this.pending.ofSource(address)) {
      this.pending.delete(tx);
      tx.terminate();
    }
  }

  onRequest(inb: InboundRequest): void {
    const req = inb.msg;
    const key = serverKey(req);
    const existing = this.ctx.txns.server(key);
    if (existing) {
      if (req.method !== 'ACK') return existing.onRetransmit();
      // Some UAs reuse the INVITE's branch for the ACK of a 2xx; that ACK belongs to the dialog.
      if (existing.state !== 'accepted') return existing.onAck();
    }
    if (req.method === 'ACK') return this.onAck2xx(inb);
    stampVia(req, inb.source);
    if (req.method === 'CANCEL') return this.onCancel(inb);
    const tx = new ServerTransaction(key, req, inb.raw, inb.source, inb.local, inb.connection, this.ctx.txCtx);
    this.ctx.txns.addServer(tx);
    const toTag = getTag(req.get('to'));
    const refusal = edgeRefusal(req, toTag !== undefined);
    if (refusal) {
      this.ctx.log.info(`refused ${req.method} ${req.callId} from ${inb.source.transport}/${inb.source.address}:${inb.source.port}: 400 ${refusal}`);
      return this.reject(tx, 400, refusal);
    }
    // RFC 3261 §8.2: the method first, then the extensions it Requires, before any app sees it.
    if (!isSipMethod(req.method)) return this.reject(tx, 501, 'Not Implemented', { allow: this.allow().join(', ') });
    const unsupported = unsupportedRequired(req);
    if (unsupported.length > 0) {
      this.ctx.log.info(`refused ${req.method} ${req.callId} from ${inb.source.address}: 420 Require ${unsupported.join(', ')}`);
      return this.reject(tx, 420, 'Bad Extension', { unsupported: unsupported.join(', ') });
    }
    if (req.method === 'INVITE') tx.respond(this.reply(tx, 100, 'Trying'));
    if (toTag) this.inDialog(tx, toTag, inb);
    else this.outOfDialog(tx, inb);
  }

  /**
   * 400 (or 505) for a malformed request when its Via says where to answer; headers that are
   * missing are left out of the response rather than invented.
   */
  onMalformed(m: MalformedMessage): void {
    const req = m.partial;
    if (!req || req.method === 'ACK' || !parseVia(req.getAll('via')[0] ?? '')) return;
    const res = new SipResponse(m.status, m.status === 505 ? 'Version Not Supported' : badRequestReason(m.reason));
    for (const v of req.getAll('via')) res.add('via', v);
    for (const name of ['from', 'to', 'call-id', 'cseq']) {
      const value = req.get(name);
      if (value !== undefined) res.add(name, name === 'to' && parseNameAddr(value) ? withTag(value, randomToken()) : value);
    }
    this.ctx.transport.send(res.toString(), m.source, m.connection);
  }

  /** An app's response to a request it was handed. */
  respondFromApp(m: SipFromApp, appRes: SipResponse): void {
    const tx = this.ctx.txns.serverById(m.txnId);
    if (!tx) return m.app.respond(m.msgId, 'NOK|Response not sent due to unknown transaction');
    if (tx.cancelled) return m.app.respond(m.msgId, 'NOK|Response not sent: the request was canceled');
    if (tx.answered) return m.app.respond(m.msgId, 'NOK|a final response was already sent');
    // A response can only go back on the connection its request came on (RFC 3261 §18.2.2);
    // once that is gone, say so now rather than let the app wait for an ACK that never comes.
    if (tx.connection?.closed) {
      this.pending.delete(tx);
      tx.terminate();
      return m.app.respond(m.msgId, `NOK|the ${tx.connection.transport} connection the request came on is closed`);
    }
    const appTag = getTag(appRes.get('to'));
    if (appTag && !getTag(tx.request.get('to')) && !tx.localTag) tx.localTag = appTag;
    const res = this.reply(tx, appRes.status, appRes.reason);
    for (const h of appRes.headers) {
      if (h.key !== 'to' && h.key !== 'from' && h.key !== 'call-id' && h.key !== 'cseq') res.headers.push(h);
    }
    res.body = appRes.body;
    this.addAppCapabilities(tx.request.method, res);
    const dialogCreating = (tx.request.method === 'INVITE' && appRes.status > 100 && appRes.status < 300) || (tx.request.method === 'SUBSCRIBE' && appRes.status < 300 && appRes.status >= 200);
    if (dialogCreating && !res.has('contact')) res.add('contact', contactFor(this.ctx, tx.source.transport));
    replaceLocalhost(res, sentBy(this.ctx, tx.source.transport));
    toNameAddrForm(res, ['contact']);
    try {
      ensureContentType(res);
    } catch (err) {
      return m.app.respond(m.msgId, `NOK|${err instanceof AppMessageError ? err.message : 'invalid response'}`);
    }
    const reliable = wantsReliable(tx.request, res);
    // drachtio-server's answer when sofia refuses a reliable 1xx the UAC cannot PRACK.
    if (reliable && !uacSupports100rel(tx.request)) return m.app.respond(m.msgId, 'NOK|Remote endpoint does not support 100rel');
    const finish = (wire: string, dialogId: string): void => {
      if (res.status >= 200 && res.status < 300 && (tx.request.method === 'REGISTER' || tx.request.method === 'SUBSCRIBE')) this.cacheFlow(tx, res);
      if (res.status >= 200) this.pending.delete(tx);
      m.app.respond(m.msgId, responseEcho(wire, tx.source, tx.id, dialogId), wire);
      if (tx.request.method === 'INVITE' && !getTag(tx.request.get('to'))) {
        if (res.status >= 200 && res.status < 300) this.ctx.cdr.start('application', 'uas', wire);
        else if (res.status >= 300) this.ctx.cdr.stop('application', 'call-rejected', wire);
      }
    };
    const abandon = (): void => m.app.respond(m.msgId, 'NOK|Response not sent: the INVITE ended while a reliable provisional awaited its PRACK');
    if (reliable) {
      const dialogId = this.dialogFor(tx, res, m.app);
      return this.reliable.send(tx, res, (wire) => finish(wire, dialogId), abandon);
    }
    const send = (): void => {
      const dialogId = this.dialogFor(tx, res, m.app);
      finish(tx.respond(res), dialogId);
    };
    if (tx.request.method === 'INVITE' && res.status >= 200) this.reliable.beforeFinal(tx, res.status, send, abandon);
    else send();
  }

  /** A reliable 1xx went unacknowledged for 64×T1: the INVITE fails (sofia's 503), its early dialog with it. */
  private noPrack(tx: ServerTransaction): void {
    this.ctx.log.info(`no PRACK for the reliable provisional of ${tx.request.callId}: 503`);
    const early = tx.localTag ? this.ctx.dialogs.match(tx.request.callId, tx.localTag, getTag(tx.request.get('from')) ?? '') : undefined;
    if (early?.state === 'early') this.ctx.dialogs.remove(early);
    this.reject(tx, 503, 'Reliable Response Time-Out');
    this.ctx.cdr.stop('application', 'call-rejected', tx.request.toString());
  }

  /** The methods we allow now: the basics plus what connected apps route; a 405 leaves out the one it refuses. */
  private allow(refused?: string): string[] {
    return allowedMethods(this.ctx.protocol.routedVerbs()).filter((m) => m !== refused);
  }

  /**
   * Allow and Supported on a 2xx to INVITE or OPTIONS (and Accept on OPTIONS), Allow on a 405
   * (RFC 3261 §21.4.6 requires it) or 501: whatever the app did not set itself.
   */
  private addAppCapabilities(method: string, res: SipResponse): void {
    const ok = res.status >= 200 && res.status < 300;
    if (ok && (method === 'INVITE' || method === 'OPTIONS')) addCapabilities(res, this.allow(), { accept: method === 'OPTIONS' });
    else if ((res.status === 405 || res.status === 501) && !res.has('allow')) res.add('allow', this.allow(res.status === 405 ? method : undefined).join(', '));
  }

  /** A 2xx to a REGISTER/SUBSCRIBE over a connection: remember user@host → connection. */
  private cacheFlow(tx: ServerTransaction, res: SipResponse): void {
    const first = tx.request.getAll('contact')[0];
    if (!tx.connection || !first) return;
    // Unregister-all: nothing on this connection is a live registration any more.
    if (first === '*') return this.ctx.transport.flows.dropConnection(tx.connection);
    const contact = parseNameAddr(first);
    const uri = contact ? parseUri(contact.uri) : null;
    if (!contact || !uri) return;
    const granted = res.getAll('contact').map((c) => parseNameAddr(c)).find((c) => c && c.uri === contact.uri)?.params.get('expires');
    const seconds = Number(granted ?? res.get('expires') ?? contact.params.get('expires') ?? tx.request.get('expires') ?? 0);
    this.ctx.transport.flows.set(FlowCache.key(uri.user, uri.host), tx.connection, Number.isFinite(seconds) ? seconds : 0);
  }

  /** An app went away: its unanswered requests get 480, its dialogs answer 481 from now on. */
  onAppClosed(app: AppConnection): void {
    this.ctx.dialogs.orphan(app);
    for (const [tx] of [...this.pending.all()]) {
      if (this.ctx.owners.get(tx) === app) this.reject(tx, 480, 'Temporarily Unavailable');
    }
  }

  /** Builds a response to the transaction's request: Via, From, To (tagged), Call-ID, CSeq. */
  private reply(tx: ServerTransaction, status: number, reason: string): SipResponse {
    const req = tx.request;
    const res = new SipResponse(status, reason);
    for (const v of req.getAll('via')) res.add('via', v);
    if (req.method === 'INVITE' && status > 100 && status < 300) for (const r of req.getAll('record-route')) res.add('record-route', r);
    res.add('from', req.get('from') ?? '');
    let to = req.get('to') ?? '';
    if (status > 100 && !getTag(to)) {
      tx.localTag ??= randomToken();
      to = withTag(to, tx.localTag);
    }
    res.add('to', to);
    res.add('call-id', req.callId);
    res.add('cseq', req.get('cseq') ?? '');
    return res;
  }

  private reject(tx: ServerTransaction, status: number, reason: string, extra: Record<string, string> = {}): void {
    const res = this.reply(tx, status, reason);
    for (const [k, v] of Object.entries(extra)) res.add(k, v);
    tx.respond(res);
    this.pending.delete(tx);
  }

  private outOfDialog(tx: ServerTransaction, inb: InboundRequest): void {
    const req = inb.msg;
    const spam = this.ctx.config.spammers.find((s) => (req.get(s.header) ?? '').includes(s.value));
    if (spam) {
      this.ctx.log.info(`spammer rejected: ${spam.header} from ${inb.source.address}`);
      if (spam.action === 'discard') return tx.terminate();
      return this.reject(tx, 603, 'Decline');
    }
    if (dialogOnly.has(req.method)) return this.reject(tx, 481, 'Call/Transaction Does Not Exist');
    if (!routable.has(req.method)) return this.answerInEngine(tx, inb, this.unrouted(req.method, false));
    if (req.method === 'REGISTER' && !validRegisterContacts(req)) return this.reject(tx, 400, 'Bad Request - invalid Contact');
    if (req.method === 'OPTIONS' && this.engineAnswersOptions(req)) return this.answerInEngine(tx, inb, optionsAnswer);
    const app = this.ctx.protocol.pickApp(req.method.toLowerCase());
    if (!app) return this.answerInEngine(tx, inb, this.unrouted(req.method, true));
    const room = this.pending.admit(inb.source.address);
    if (room.kind === 'source-full') {
      this.ctx.log.debug(`${inb.source.address} holds its share of pending requests; ${req.method} refused`);
      return this.reject(tx, 503, 'Service Unavailable - too many requests from this source', { 'retry-after': '5' });
    }
    if (room.kind !== 'ok') {
      this.ctx.log.warn(`overloaded: ${this.pending.size} requests wait for the apps; ${room.kind === 'full' ? `${req.method} from ${inb.source.address}` : `oldest request of the busiest source ${room.victim.source.address}`} refused`);
      if (room.kind === 'full') return this.reject(tx, 503, 'Service Unavailable - overloaded', { 'retry-after': '5' });
      this.reject(room.victim, 503, 'Service Unavailable - overloaded', { 'retry-after': '5' });
    }
    if (req.method === 'INVITE') this.ctx.cdr.attempt('network', inb.raw);
    this.handTo(app, tx, '', inb, true);
  }

  /** OPTIONS the engine answers before any app: every one (`always`), or a matching User-Agent. */
  private engineAnswersOptions(req: SipRequest): boolean {
    const ua = this.ctx.config.optionsAutoRespondUserAgent;
    return this.ctx.config.optionsAutoRespond === 'always' || (ua !== undefined && (req.get('user-agent') ?? '').includes(ua));
  }

  private unrouted(method: string, appRoutable: boolean): UnroutedAnswer {
    return unroutedAnswer(method, { appRoutable, appsConnected: this.ctx.protocol.hasApps, optionsMode: this.ctx.config.optionsAutoRespond });
  }

  /** The engine's own answer to a new request: one no app takes (unrouted-answer.ts's table), or an OPTIONS it owns. */
  private answerInEngine(tx: ServerTransaction, inb: InboundRequest, answer: UnroutedAnswer): void {
    const req = inb.msg;
    if (req.method === 'INVITE') this.ctx.cdr.attempt('network', inb.raw);
    const res = this.reply(tx, answer.status, answer.reason);
    // A 405 never lists the method it refuses (INFO is allowed in calls, not outside them).
    if (answer.headers === 'allow') res.add('allow', this.allow(answer.status === 405 ? req.method : undefined).join(', '));
    if (answer.headers === 'capabilities') addCapabilities(res, this.allow(), { accept: true });
    if (answer.status !== 200) this.ctx.log.debug(`no app takes ${req.method} ${req.callId} from ${inb.source.address}: ${answer.status} ${answer.reason}`);
    tx.respond(res);
    if (req.method === 'INVITE') this.ctx.cdr.stop('application', 'call-rejected', inb.raw);
  }

  private inDialog(tx: ServerTransaction, toTag: string, inb: InboundRequest): void {
    const req = inb.msg;
    const d = this.ctx.dialogs.match(req.callId, toTag, getTag(req.get('from')) ?? '');
    if (!d) return this.reject(tx, 481, 'Call/Transaction Does Not Exist');
    if (req.method === 'BYE') {
      this.ctx.dialogs.remove(d);
      this.ctx.cdr.stop('network', 'normal-release', inb.raw);
    }
    if (!d.owner || d.owner.closed) return this.reject(tx, 481, 'Call/Transaction Does Not Exist');
    if (req.cseq.seq < d.remoteCseq && req.method !== 'BYE') return this.reject(tx, 500, 'Server Internal Error - CSeq out of order');
    d.remoteCseq = Math.max(d.remoteCseq, req.cseq.seq);
    if (inb.connection) d.connection = inb.connection;
    // RFC 3262 §3: a PRACK that matches no unacknowledged reliable 1xx is 481; one that does goes to the app.
    if (req.method === 'PRACK' && (!d.uasInvite || !this.reliable.onPrack(d.uasInvite, req))) return this.reject(tx, 481, 'Call/Transaction Does Not Exist');
    if ((req.method === 'INVITE' || req.method === 'UPDATE') && d.state === 'confirmed') {
      // A refresh of the session (RFC 4028 §7.4), whether or not the SDP changes.
      const tooSmall = this.uac.sessions.onPeerRefresh(d, req);
      if (tooSmall) return this.reject(tx, 422, 'Session Interval Too Small', { 'min-se': tooSmall.minSe });
    }
    if (req.method === 'INVITE') {
      if (d.incomingReinvite && !d.incomingReinvite.answered) return this.reject(tx, 500, 'Server Internal Error', { 'retry-after': String(1 + Math.floor(Math.random() * 10)) });
      if (d.outgoingReinvite || d.pendingAck) return this.reject(tx, 491, 'Request Pending');
      d.incomingReinvite = tx;
      const target = req.get('contact');
      if (target) {
        d.remoteTarget = uriOf(target);
        d.nextHop = natNextHop(target, d.routeSet.length > 0, inb.source);
      }
    }
    this.txDialog.set(tx, d.id);
    this.handTo(d.owner, tx, d.id, inb, false);
  }

  private handTo(app: AppConnection, tx: ServerTransaction, dialogId: string, inb: InboundRequest, isNew: boolean): void {
    this.ctx.owners.set(tx, app);
    this.pending.add(tx, tx.source.address);
    tx.once('terminated', () => this.pending.delete(tx));
    app.send(networkLeader(inb.raw, inb.source, tx.id, dialogId, isNew ? inb.local : undefined), inb.raw);
  }

  /** An ACK for a 2xx: it ends the 2xx retransmissions and goes to the dialog's owner. */
  private onAck2xx(inb: InboundRequest): void {
    const req = inb.msg;
    const d = this.ctx.dialogs.match(req.callId, getTag(req.get('to')) ?? '', getTag(req.get('from')) ?? '');
    const tx = d?.pendingAck;
    if (!d || !tx || tx.request.cseq.seq !== req.cseq.seq) return;
    d.pendingAck = undefined;
    tx.onAck2xx();
    if (d.owner && !d.owner.closed) d.owner.send(networkLeader(inb.raw, inb.source, tx.id, d.id), inb.raw);
  }

  private onCancel(inb: InboundRequest): void {
    const req = inb.msg;
    const cancelTx = new ServerTransaction(serverKey(req), req, inb.raw, inb.source, inb.local, inb.connection, this.ctx.txCtx);
    this.ctx.txns.addServer(cancelTx);
    const invite = this.ctx.txns.server(serverKey(req).replace(/\|CANCEL$/, '|INVITE'));
    if (!invite) return this.reject(cancelTx, 481, 'Call/Transaction Does Not Exist');
    this.reject(cancelTx, 200, 'OK');
    if (invite.answered) return;
    this.reject(invite, 487, 'Request Terminated');
    invite.cancelled = true;
    const early = invite.localTag ? this.ctx.dialogs.match(req.callId, invite.localTag, getTag(req.get('from')) ?? '') : undefined;
    if (early) this.ctx.dialogs.remove(early);
    this.ctx.cdr.stop('network', 'call-canceled', inb.raw);
    const app = this.ctx.owners.get(invite);
    if (app && !app.closed) app.send(networkLeader(inb.raw, inb.source, invite.id, ''), inb.raw);
  }

  /** Creates or updates the UAS dialog a response establishes; returns the dialog id to echo. */
  private dialogFor(tx: ServerTransaction, res: SipResponse, app: AppConnection): string {
    const req = tx.request;
    const inDialogId = this.txDialog.get(tx);
    if (inDialogId !== undefined) {
      const d = this.ctx.dialogs.get(inDialogId);
      if (d && req.method === 'INVITE' && res.status >= 200) {
        d.incomingReinvite = undefined;
        if (res.status < 300) {
          this.uac.sessions.noteLocalSdp(d, res);
          this.awaitAck(d, tx);
        }
      }
      return inDialogId;
    }
    if (req.method !== 'INVITE' && req.method !== 'SUBSCRIBE') return '';
    const remoteTag = getTag(req.get('from')) ?? '';
    const id = dialogIdOf(req.callId, remoteTag);
    let d = this.ctx.dialogs.get(id);
    if (res.status >= 300) {
      if (d) this.ctx.dialogs.remove(d);
      return '';
    }
    if (res.status === 100 || !tx.localTag) return '';
    if (!d) {
      d = new Dialog(id, 'uas', req.callId, tx.localTag, remoteTag, res.get('to') ?? '', req.get('from') ?? '', 1 + Math.floor(Math.random() * 10000),
        uriOf(req.get('contact') ?? req.get('from') ?? ''), req.getAll('record-route'), res.get('contact') ?? '', tx.source.transport, tx.source, app);
      d.remoteCseq = req.cseq.seq;
      if (req.method === 'INVITE') d.uasInvite = tx;
      if (tx.connection) d.connection = tx.connection;
      const nat = natNextHop(req.get('contact') ?? '', req.has('record-route'), tx.source);
      if (nat) d.nextHop = nat;
      this.ctx.dialogs.add(d);
    }
    if (res.status >= 200) {
      d.state = 'confirmed';
      if (req.method === 'INVITE') {
        this.uac.sessions.onUasAnswer(d, req, res);
        this.awaitAck(d, tx);
      }
    }
    return id;
  }

  private awaitAck(d: Dialog, tx: ServerTransaction): void {
    d.pendingAck = tx;
    tx.once('ackTimeout', () => {
      if (d.pendingAck !== tx) return;
      d.pendingAck = undefined;
      // No ACK for our 2xx: BYE the peer and tell the app with an unsolicited BYE.
      this.uac.sessions.tearDown(d, 'ACK timeout', 'normal-release');
    });
  }

  private sweepUnanswered(): void {
    const cutoff = Date.now() - appAnswerTimeoutMs;
    for (const [tx, since] of [...this.pending.all()]) {
      if (since > cutoff || tx.lastStatus > 100) continue;
      this.ctx.log.warn(`app did not answer ${tx.request.method} ${tx.request.callId} within ${appAnswerTimeoutMs / 1000}s`);
      this.reject(tx, 408, 'Request Timeout');
    }
  }
}

/** RFC 3581: note where the request really came from so responses go back there. */
function stampVia(req: SipRequest, source: Remote): void {
  const h = req.headers.find((x) => x.key === 'via');
  if (!h) return;
  const comma = h.value.indexOf(',');
  const top = parseVia(comma === -1 ? h.value : h.value.slice(0, comma));
  if (!top) return;
  if (top.host !== source.address) top.params.set('received', source.address);
  if (top.params.has('rport')) top.params.set('rport', String(source.port));
  h.value = formatVia(top) + (comma === -1 ? '' : h.value.slice(comma));
}

/** REGISTER Contact rules drachtio enforces: a scheme on each, `*` only with Expires: 0. */
function validRegisterContacts(req: SipRequest): boolean {
  for (const c of req.getAll('contact')) {
    if (c === '*') {
      if (req.get('expires') !== '0') return false;
    } else if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(uriOf(c))) return false;
  }
  return true;
}

function badRequestReason(detail: string): string {
  return `Bad Request - ${detail.replace(/[^\x20-\x7e]/g, '?').slice(0, 60)}`;
}
