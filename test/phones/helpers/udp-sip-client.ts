// A bare SIP-over-UDP client for the registrar's edge cases (wrong passwords, floods, scanner
// user agents, SHA-256 digest) that a real phone will not produce on demand. Digest responses
// are computed here independently of server/sip/digest.ts, from the RFC formulas.
import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

export interface RegisterOptions {
  user: string;
  callId: string;
  cseq: number;
  authorization?: string;
  userAgent?: string;
  expires?: number;
  /** User in To, when it differs from `user`. */
  toUser?: string;
  /** Raw Contact header value; null sends none (a query). Default: this client's address. */
  contact?: string | null;
}

export class UdpSipClient {
  private readonly inbox: string[] = [];
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: Socket, readonly port: number, private readonly host: string, private readonly targetPort: number, readonly local: string) {
    socket.on('message', (m) => {
      this.inbox.push(m.toString());
      this.waiter?.();
    });
  }

  /** `local`: the loopback address to send from (127.0.0.x stands in for other hosts). */
  static async open(target: string, local = '127.0.0.1'): Promise<UdpSipClient> {
    const [host = '127.0.0.1', port = '5060'] = target.split(':');
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, local, resolve));
    return new UdpSipClient(socket, socket.address().port, host, Number(port), local);
  }

  get requestUri(): string {
    return `sip:${this.host}:${this.targetPort}`;
  }

  register(o: RegisterOptions): void {
    this.request('REGISTER', o);
  }

  /** Any out-of-dialog request from `user`; REGISTER-only options are ignored by the others. */
  request(method: string, o: RegisterOptions): void {
    const to = o.toUser ?? o.user;
    const registerOnly = method === 'REGISTER';
    const lines = [
      `${method} ${this.requestUri} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.local}:${this.port};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
      `From: <sip:${to}@${this.host}>;tag=${randomBytes(4).toString('hex')}`,
      `To: <sip:${to}@${this.host}>`,
      `Call-ID: ${o.callId}`,
      `CSeq: ${o.cseq} ${method}`,
      ...(o.contact === null ? [] : [`Contact: ${o.contact ?? `<sip:${o.user}@${this.local}:${this.port}>`}`]),
      ...(!registerOnly || (o.expires === undefined && o.contact === '*') ? [] : [`Expires: ${o.expires ?? 600}`]),
      'Max-Forwards: 70',
      ...(o.userAgent ? [`User-Agent: ${o.userAgent}`] : []),
      ...(o.authorization ? [`Authorization: ${o.authorization}`] : []),
      'Content-Length: 0', '', '',
    ];
    this.socket.send(lines.join('\r\n'), this.targetPort, this.host);
  }

  /** The next message received, or undefined after `ms`. */
  async next(ms = 3000): Promise<string | undefined> {
    const deadline = Date.now() + ms;
    while (this.inbox.length === 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiter = () => { clearTimeout(timer); resolve(); };
      });
    }
    return this.inbox.shift();
  }

  /** The next final response (1xx skipped); fails the test if none comes. */
  async final(ms = 3000): Promise<{ status: number; text: string }> {
    for (;;) {
      const text = await this.next(ms);
      if (text === undefined) throw new Error(`no response within ${ms} ms`);
      const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);
      if (status >= 200) return { status, text };
    }
  }

  /**
   * REGISTER, take the challenge and answer it with `password` (MD5) on the next CSeq;
   * returns the final response to the authenticated request.
   */
  async registerWithAuth(o: RegisterOptions, password: string, realm: string): Promise<{ status: number; text: string }> {
    this.register(o);
    const challenge = await this.final();
    if (challenge.status !== 401) throw new Error(`expected a 401 challenge, got ${challenge.status}`);
    const nonce = challengeParam(header(challenge.text, 'WWW-Authenticate') ?? '', 'nonce') ?? '';
    const authorization = digestAuthorization({ user: o.user, realm, password, nonce, uri: this.requestUri, algorithm: 'MD5' });
    this.register({ ...o, cseq: o.cseq + 1, authorization });
    return this.final();
  }

  close(): void {
    this.socket.close();
  }
}

export function header(text: string, name: string): string | undefined {
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(text)?.[1]?.trim();
}

export function challengeParam(wwwAuthenticate: string, name: string): string | undefined {
  return new RegExp(`${name}="?([^",]+)"?`, 'i').exec(wwwAuthenticate)?.[1];
}

export interface DigestInput {
  user: string;
  realm: string;
  password: string;
  nonce: string;
  uri: string;
  algorithm: 'MD5' | 'SHA-256';
  nc?: number;
}

/** Authorization header value with qop=auth, per RFC 2617 / RFC 8760. */
export function digestAuthorization(d: DigestInput): string {
  const h = (s: string): string => createHash(d.algorithm === 'MD5' ? 'md5' : 'sha256').update(s).digest('hex');
  const nc = (d.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = randomBytes(6).toString('hex');
  const response = h(`${h(`${d.user}:${d.realm}:${d.password}`)}:${d.nonce}:${nc}:${cnonce}:auth:${h(`REGISTER:${d.uri}`)}`);
  return `Digest username="${d.user}", realm="${d.realm}", nonce="${d.nonce}", uri="${d.uri}", response="${response}", algorithm=${d.algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}
