// Transaction matching (RFC 3261 §17.1.3, §17.2.3): server transactions by top Via branch,
// sent-by and method (ACK matches its INVITE); client transactions by branch and CSeq method.
// Requests from pre-RFC 3261 peers (no magic cookie) fall back to dialog identifiers.
import type { SipMessage, SipRequest } from '../sip/message.js';
import { parseVia, magicCookie } from '../sip/via.js';
import { getTag } from '../sip/uri.js';
import type { ServerTransaction } from './server-transaction.js';
import type { ClientTransaction } from './client-transaction.js';
import type { Connection } from '../transport/transport.types.js';

export function serverKey(req: SipRequest): string {
  const method = req.method === 'ACK' ? 'INVITE' : req.method;
  const top = req.get('via') ?? '';
  const via = parseVia(top.split(',')[0] ?? '');
  const branch = via?.params.get('branch');
  if (branch && branch.startsWith(magicCookie)) return `${branch}|${via?.host}:${via?.port ?? ''}|${method}`;
  return `${req.callId}|${req.cseq.seq}|${getTag(req.get('from')) ?? ''}|${top}|${method}`;
}

export function clientKey(msg: SipMessage): string {
  const via = parseVia((msg.get('via') ?? '').split(',')[0] ?? '');
  return `${via?.params.get('branch') ?? ''}|${msg.cseq.method}`;
}

export class TransactionLayer {
  private servers = new Map<string, ServerTransaction>();
  private serversById = new Map<string, ServerTransaction>();
  private clients = new Map<string, ClientTransaction>();
  private clientsById = new Map<string, ClientTransaction>();

  get serverCount(): number {
    return this.servers.size;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  addServer(tx: ServerTransaction): void {
    this.servers.set(tx.key, tx);
    this.serversById.set(tx.id, tx);
    tx.once('terminated', () => {
      if (this.servers.get(tx.key) === tx) this.servers.delete(tx.key);
      this.serversById.delete(tx.id);
    });
  }

  addClient(tx: ClientTransaction): void {
    this.clients.set(tx.key, tx);
    this.clientsById.set(tx.id, tx);
    tx.once('terminated', () => {
      if (this.clients.get(tx.key) === tx) this.clients.delete(tx.key);
      this.clientsById.delete(tx.id);
    });
  }

  server(key: string): ServerTransaction | undefined {
    return this.servers.get(key);
  }

  serverById(id: string): ServerTransaction | undefined {
    return this.serversById.get(id);
  }

  client(key: string): ClientTransaction | undefined {
    return this.clients.get(key);
  }

  clientById(id: string): ClientTransaction | undefined {
    return this.clientsById.get(id);
  }

  /** Client transactions pinned to a connection (requests sent over a flow). */
  clientsOver(connection: Connection): ClientTransaction[] {
    return [...this.clients.values()].filter((tx) => tx.out.connection === connection);
  }

  /** Ends every transaction (engine shutdown). */
  clear(): void {
    for (const tx of [...this.servers.values()]) tx.terminate();
    for (const tx of [...this.clients.values()]) tx.terminate();
  }
}
