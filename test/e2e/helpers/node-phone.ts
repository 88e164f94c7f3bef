// A SIP phone over UDP written for the end-to-end tests: registers with digest (MD5, qop=auth),
// places a call or answers one, and carries its audio on an RtpEndpoint from the media tools,
// so tests can send tones and RFC 4733 digits and measure what arrives.
import { createSocket, type Socket } from 'node:dgram';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { RtpEndpoint } from '../../media/tools/rtp-endpoint.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const token = (): string => randomBytes(6).toString('hex');

export function header(msg: string, name: string): string {
  return new RegExp(`^${name}\\s*:\\s*(.*)$`, 'mi').exec(msg)?.[1]?.trim() ?? '';
}
const bodyOf = (msg: string): string => msg.slice(msg.indexOf('\r\n\r\n') + 4);

export interface PhoneCall {
  callId: string;
  /** The far end's SDP. */
  remoteSdp: string;
  /** The INVITE as received, for a call this phone answered. */
  invite?: string;
  /** The 200 as received, for a call this phone placed. */
  answer?: string;
  /** Resolves when the far end sends BYE. */
  ended: Promise<void>;
  hangup(): Promise<string>;
  /** Sends a re-INVITE with `sdp` (hold, resume); resolves with the final response, ACKed. */
  reinvite(sdp: string): Promise<string>;
  /** Sends an INFO with the body (DTMF as a desk phone sends it); resolves with the final status line. */
  info(contentType: string, body: string): Promise<string>;
  /** Sends a REFER (a desk phone's blind transfer) to `referTo`; resolves with the final status line. */
  refer(referTo: string): Promise<string>;
}

export class NodePhone {
  readonly rtp: RtpEndpoint;
  private inbox: string[] = [];
  /** The first line of every SIP message received, in order. */
  readonly startLines: string[] = [];
  private waiters: { match: (m: string) => boolean; resolve: (m: string) => void }[] = [];
  private cseq = 1;
  private readonly tag = token();
  incoming?: Promise<PhoneCall>;

  private constructor(private readonly sock: Socket, rtp: RtpEndpoint, private readonly server: { host: string; port: number }, readonly user: string) {
    this.rtp = rtp;
    sock.on('message', (b) => this.onMessage(b.toString()));
  }

  static async open(server: { host: string; port: number }, user: string): Promise<NodePhone> {
    const sock = createSocket('udp4');
    sock.bind(0, '127.0.0.1');
    await once(sock, 'listening');
    return new NodePhone(sock, await RtpEndpoint.open(), server, user);
  }

  get port(): number {
    return this.sock.address().port;
  }

  private get contact(): string {
    return `<sip:${this.user}@127.0.0.1:${this.port}>`;
  }

  /** REGISTER, answering one digest challenge; resolves with the final status line. */
  async register(password: string, realm: string, expires = 300): Promise<string> {
    const callId = `reg-${token()}`;
    const uri = `sip:${realm}`;
    const build = (auth?: string): string => this.request('REGISTER', uri, callId, `<sip:${this.user}@${realm}>`, `<sip:${this.user}@${realm}>`,
      [`Contact: ${this.contact};expires=${expires}`, 'Expires: ' + expires, ...(auth ? [`Authorization: ${auth}`] : [])]);
    this.send(build());
    const challenge = await this.next((m) => m.startsWith('SIP/2.0') && header(m, 'call-id') === callId && !/^SIP\/2\.0 1/.test(m));
    if (!challenge.startsWith('SIP/2.0 401')) return challenge.split('\r\n')[0] ?? '';
    const www = header(challenge, 'www-authenticate');
    const param = (k: string): string => new RegExp(`${k}="?([^",]+)"?`, 'i').exec(www)?.[1] ?? '';
    const nonce = param('nonce');
    const cnonce = token();
    const ha1 = md5(`${this.user}:${param('realm')}:${password}`);
    const response = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${md5(`REGISTER:${uri}`)}`);
    this.send(build(`Digest username="${this.user}", realm="${param('realm')}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="${cnonce}"`));
    const final = await this.next((m) => m.startsWith('SIP/2.0') && header(m, 'call-id') === callId && !/^SIP\/2\.0 1/.test(m) && header(m, 'cseq').startsWith(String(this.cseq - 1)));
    return final.split('\r\n')[0] ?? '';
  }

  /** Answers the next INVITE after `ringMs` with our RTP endpoint's SDP. */
  answerNext(ringMs = 300): Promise<PhoneCall> {
    this.incoming = (async () => {
      const invite = await this.next((m) => m.startsWith('INVITE '));
      this.send(this.response(invite, '180 Ringing'));
      await new Promise((r) => setTimeout(r, ringMs));
      const sdp = this.rtp.sdp();
      this.send(this.response(invite, '200 OK', sdp));
      await this.next((m) => m.startsWith('ACK ') && header(m, 'call-id') === header(invite, 'call-id'));
      const remoteSdp = bodyOf(invite);
      this.rtp.setRemote(remoteSdp);
      return { ...this.dialogFrom(invite, header(invite, 'from'), header(invite, 'to') + `;tag=${this.tag}`, remoteSdp, false), invite };
    })();
    return this.incoming;
  }

  /** Calls `number` at the server; resolves once answered (200 + ACK). Rejects with the status on failure. */
  async call(number: string): Promise<PhoneCall> {
    const callId = `call-${token()}`;
    const uri = `sip:${number}@${this.server.host}:${this.server.port}`;
    const from = `<sip:${this.user}@127.0.0.1>;tag=${this.tag}`;
    const sdp = this.rtp.sdp();
    const invite = this.request('INVITE', uri, callId, from, `<${uri}>`, [`Contact: ${this.contact}`, 'Content-Type: application/sdp'], sdp);
    this.send(invite);
    const final = await this.next((m) => m.startsWith('SIP/2.0') && header(m, 'call-id') === callId && !/^SIP\/2\.0 1/.test(m), 15000);
    const status = Number(final.split(' ')[1]);
    const cseq = header(invite, 'cseq').split(' ')[0];
    if (status >= 300) {
      this.send(this.request('ACK', uri, callId, from, header(final, 'to'), [], '', `${cseq} ACK`, header(invite, 'via')));
      throw Object.assign(new Error(`call failed: ${final.split('\r\n')[0]}`), { status });
    }
    const remoteSdp = bodyOf(final);
    this.rtp.setRemote(remoteSdp);
    const target = /<([^>]+)>/.exec(header(final, 'contact'))?.[1] ?? uri;
    this.send(this.request('ACK', target, callId, from, header(final, 'to'), [], '', `${cseq} ACK`));
    return { ...this.dialogFrom(final, from, header(final, 'to'), remoteSdp, true, target), answer: final };
  }

  /** An OPTIONS keepalive to the server from this phone's own socket; resolves with the response. */
  async options(extra: string[] = []): Promise<string> {
    const callId = `options-${token()}`;
    const uri = `sip:${this.server.host}:${this.server.port}`;
    this.send(this.request('OPTIONS', uri, callId, `<sip:${this.user}@127.0.0.1>;tag=${token()}`, `<${uri}>`, [`Contact: ${this.contact}`, ...extra]));
    return this.next((m) => m.startsWith('SIP/2.0') && header(m, 'call-id') === callId);
  }

  private dialogFrom(msg: string, local: string, remote: string, remoteSdp: string, uac: boolean, target?: string): PhoneCall {
    const callId = header(msg, 'call-id');
    // As UAS our From for new requests is the INVITE's To (with our tag), our To its From.
    const [ourFrom, ourTo] = uac ? [local, remote] : [remote, local];
    const peer = target ?? (/<([^>]+)>/.exec(header(msg, 'contact'))?.[1] ?? '');
    const ended = this.next((m) => m.startsWith('BYE ') && header(m, 'call-id') === callId, 600000).then((bye) => {
      this.send(this.response(bye, '200 OK'));
    });
    ended.catch(() => undefined);
    const inDialog = async (method: string, extra: string[], body = ''): Promise<string> => {
      const req = this.request(method, peer, callId, ourFrom, ourTo, extra, body);
      const cseq = header(req, 'cseq');
      this.send(req);
      const final = await this.next((m) => m.startsWith('SIP/2.0') && header(m, 'call-id') === callId && header(m, 'cseq') === cseq && !/^SIP\/2\.0 1/.test(m));
      return final.split('\r\n')[0] ?? '';
    };
    return {
      callId, remoteSdp, ended,
      hangup: async () => {
        this.send(this.request('BYE', peer, callId, ourFrom, ourTo, []));
        const ok = await this.next((m) => m.startsWith('SIP/2.0') && header(m, 'call-id') === callId && header(m, 'cseq').endsWith('BYE'));
        return ok.split('\r\n')[0] ?? '';
      },
      reinvite: async (sdp: string) => {
        const invite = this.request('INVITE', peer, callId, ourFrom, ourTo, [`Contact: ${this.contact}`, 'Content-Type: application/sdp'], sdp);
        const cseq = header(invite, 'cseq');
        this.send(invite);
        const final = await this.next((m) => m.startsWith('SIP/2.0') && header(m, 'call-id') === callId && header(m, 'cseq') === cseq && !/^SIP\/2\.0 1/.test(m));
        this.send(this.request('ACK', peer, callId, ourFrom, ourTo, [], '', `${cseq.split(' ')[0]} ACK`));
        return final;
      },
      info: async (contentType: string, body: string) => inDialog('INFO', [`Content-Type: ${contentType}`], body),
      refer: async (referTo: string) => inDialog('REFER', [`Refer-To: <${referTo}>`, `Contact: ${this.contact}`]),
    };
  }

  private request(method: string, uri: string, callId: string, from: string, to: string, extra: string[], body = '', cseq?: string, via?: string): string {
    return [`${method} ${uri} SIP/2.0`, `Via: ${via ?? `SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK${token()};rport`}`, 'Max-Forwards: 70',
      `From: ${from}`, `To: ${to}`, `Call-ID: ${callId}`, `CSeq: ${cseq ?? `${this.cseq++} ${method}`}`, 'User-Agent: switchboard-test-phone', ...extra,
      `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
  }

  private response(req: string, status: string, body = ''): string {
    const vias = req.split('\r\n').filter((l) => /^(via|v)\s*:/i.test(l));
    const to = header(req, 'to');
    return [`SIP/2.0 ${status}`, ...vias, `From: ${header(req, 'from')}`, `To: ${/;tag=/.test(to) ? to : `${to};tag=${this.tag}`}`, `Call-ID: ${header(req, 'call-id')}`,
      `CSeq: ${header(req, 'cseq')}`, `Contact: ${this.contact}`, ...(body ? ['Content-Type: application/sdp'] : []), `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
  }

  /** Answers a request this phone received (an INFO, an OPTIONS) with `status`, e.g. '200 OK'. */
  reply(req: string, status: string): void {
    this.send(this.response(req, status));
  }

  private send(text: string): void {
    this.sock.send(text, this.server.port, this.server.host);
  }

  private onMessage(m: string): void {
    this.startLines.push(m.slice(0, m.indexOf('\r\n')));
    // Absorb retransmissions of what we already answered: our tests only read first copies.
    const i = this.waiters.findIndex((w) => w.match(m));
    if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(m);
    else this.inbox.push(m);
  }

  next(match: (m: string) => boolean, ms = 10000): Promise<string> {
    const i = this.inbox.findIndex(match);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0] ?? '');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.user}: no matching SIP message within ${ms} ms`)), ms);
      timer.unref();
      this.waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  close(): void {
    this.rtp.close();
    this.sock.close();
  }
}
