// The UA core: routes parsed messages from the transport to the UAS or UAC half, and the
// apps' `sip` messages to the right half by their shape (response, in-dialog, CANCEL, new).
import type { Logger } from '../log.js';
import type { EngineConfig } from '../config.types.js';
import type { TransportLayer } from '../transport/transport-layer.js';
import { TransactionLayer } from '../transaction/transaction-layer.js';
import { DialogTable } from '../dialog/dialog-table.js';
import type { ProtocolServer, SipFromApp } from '../protocol/protocol-server.js';
import type { AppConnection } from '../protocol/app-connection.js';
import { SipRequest, SipResponse } from '../sip/message.js';
import { AppMessageError, parseAppMessage } from './app-message.js';
import { CdrEmitter } from './cdr.js';
import type { CoreContext } from './context.js';
import { UasCore } from './uas.js';
import { UacCore } from './uac.js';
import type { SourceScreen } from '../defence/source-screen.js';

export class SipCore {
  readonly ctx: CoreContext;
  private uas: UasCore;
  private uac: UacCore;

  constructor(config: EngineConfig, log: Logger, transport: TransportLayer, protocol: ProtocolServer, screen: SourceScreen) {
    this.ctx = {
      config, log, transport, protocol, screen,
      txns: new TransactionLayer(),
      dialogs: new DialogTable(),
      cdr: new CdrEmitter(config.cdrs, protocol),
      owners: new WeakMap(),
      txCtx: { timers: config.timers, send: (data, dest, conn, onFailure) => transport.send(data, dest, conn, onFailure) },
    };
    this.uac = new UacCore(this.ctx);
    this.uas = new UasCore(this.ctx, this.uac);
    transport.on('message', (inb) => {
      try {
        if (inb.msg instanceof SipRequest) this.uas.onRequest({ ...inb, msg: inb.msg });
        else this.uac.onResponse({ ...inb, msg: inb.msg });
      } catch (err) {
        // A bug in handling one message must not take down every other call.
        log.error(`error handling ${inb.msg instanceof SipRequest ? inb.msg.method : 'response'} from ${inb.source.address}: ${err instanceof Error ? err.stack : String(err)}`);
      }
    });
    transport.on('malformed', (m) => {
      try {
        this.uas.onMalformed(m);
      } catch (err) {
        log.error(`error answering a malformed message from ${m.source.address}: ${err instanceof Error ? err.stack : String(err)}`);
      }
    });
    screen.on('discarded', (address) => this.uas.forgetSource(address));
    // A connection carrying a dialog is not idle even when the dialog is quiet.
    transport.inUse = (conn) => {
      for (const d of this.ctx.dialogs.all()) if (d.connection === conn) return true;
      return false;
    };
  }

  onAppSip(m: SipFromApp): void {
    let msg;
    try {
      msg = parseAppMessage(m.sip);
    } catch (err) {
      m.app.respond(m.msgId, `NOK|${err instanceof AppMessageError ? err.message : 'malformed message'}`);
      return;
    }
    if (msg instanceof SipResponse) {
      if (!m.txnId) return m.app.respond(m.msgId, 'NOK|transaction id missing');
      try {
        return this.uas.respondFromApp(m, msg);
      } catch (err) {
        // The request being answered came from the network; a bug in handling it costs this answer only.
        this.ctx.log.error(`error sending ${msg.status} for ${m.txnId}: ${err instanceof Error ? err.stack : String(err)}`);
        return m.app.respond(m.msgId, 'NOK|internal error sending the response');
      }
    }
    void this.uac.sendFromApp(m, msg);
  }

  /** Requests handed to apps and not answered yet. */
  get pendingRequests(): number {
    return this.uas.pendingCount;
  }

  onAppClosed(app: AppConnection): void {
    this.uas.onAppClosed(app);
  }

  close(): void {
    this.uas.close();
    this.ctx.txns.clear();
  }
}
