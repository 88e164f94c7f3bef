// The shape shared by the real SIP clients tests drive (Debian's baresip and linphonec), so a
// test can swap one for the other; and the process wrapper both use: output captured line by
// line, events parsed from it with timestamps, commands written to stdin, the process killed
// when the test ends (pass or fail), optionally inside a network namespace.
import type { TestContext } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';

export interface SipClientOptions {
  /** Log prefix and temp config dir name. */
  name: string;
  user: string;
  password: string;
  server: { host: string; port: number; transport: 'udp' | 'tcp' | 'tls' };
  /** Register at start (default true); false: a caller that only dials (a trunk-side caller). */
  register?: boolean;
  /** Registration expiry asked for, in seconds (default 600); the client refreshes before it. */
  expiresSeconds?: number;
  srtp?: 'off' | 'optional' | 'mandatory';
  /** Preference order, e.g. ['G722', 'PCMU']; names as in SDP (PCMU, PCMA, G722, opus). */
  codecs?: string[];
  dtmf?: 'rfc4733' | 'info';
  /** A wav sent as the microphone (looped for the client's whole life). */
  playFile?: string;
  /** A wav (8 kHz mono 16-bit) written with what the client heard in its last call, complete once 'closed' was seen. */
  recordFile?: string;
  /** Run inside this network namespace (`ip netns exec`). */
  netns?: string;
  /** The address to bind SIP (and RTP where the client allows) to; default 127.0.0.1 outside a namespace. */
  localAddress?: string;
  /** +sip.instance URN, e.g. 'urn:uuid:…'; kept across restarts with the same value (a "rebooted" phone). */
  instanceId?: string;
  /** A PEM CA file the client verifies the server's TLS certificate with (linphone verifies by name). */
  caFile?: string;
  /** The host part of the registrar / proxy URI when it differs from server.host (e.g. 'localhost' for TLS name checks). */
  serverName?: string;
}

export type SipClientEvent = 'registered' | 'registerFailed' | 'incoming' | 'established' | 'closed';

export interface SipClient {
  readonly name: string;
  /** The client's process id (to prove it is gone after stop). */
  readonly pid: number | undefined;
  /** Resolves on the first successful registration (rejects if the client reports a failure first). */
  registered(timeoutMs?: number): Promise<void>;
  dial(uri: string): Promise<void>;
  /** Answers the next incoming call; resolves once it is established. */
  answerNext(timeoutMs?: number): Promise<void>;
  /** The next occurrence of `name` not yet returned by waitEvent (past ones count); resolves to its log line. */
  waitEvent(name: SipClientEvent, timeoutMs?: number): Promise<string>;
  /** Times (Date.now()) each event was seen, in order. */
  eventTimes(name: SipClientEvent): number[];
  hold(): Promise<void>;
  resume(): Promise<void>;
  sendDtmf(digits: string): Promise<void>;
  /** Blind-transfers the current call to `uri` (the client sends REFER). */
  transfer(uri: string): Promise<void>;
  /** Attended transfer: call `first` goes to the party of call `second` (REFER with Replaces), by the client's call numbers. */
  attendedTransfer(first: number, second: number): Promise<void>;
  /** Hangs up the current call and waits for 'closed'. */
  hangup(): Promise<void>;
  /** Ends the process (SIGTERM, then SIGKILL); also run by t.after. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL): no un-REGISTER, no BYE, like a phone losing power. */
  crash(): Promise<void>;
  /** Its output so far, for failure messages. */
  log(): string;
}

interface Waiter { name: SipClientEvent; resolve: (line: string) => void }

/** One client process: output lines, parsed events, stdin commands, cleanup on test end. */
export class ClientProcess {
  private readonly child: ChildProcess;
  private output = '';
  private partial = '';
  private readonly seen: { name: SipClientEvent; at: number; line: string }[] = [];
  private readonly taken = new Map<SipClientEvent, number>();
  private waiters: Waiter[] = [];
  private exited: Promise<void>;
  private alive = true;

  constructor(
    t: TestContext,
    readonly name: string,
    command: string,
    args: string[],
    private readonly parse: (line: string) => SipClientEvent | undefined,
    opts: { netns?: string; cwd?: string; env?: NodeJS.ProcessEnv; onEvent?: (e: SipClientEvent, line: string) => Promise<void> },
  ) {
    const [cmd, argv] = opts.netns ? ['ip', ['netns', 'exec', opts.netns, command, ...args]] : [command, args];
    this.child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => { this.alive = false; resolve(); }));
    this.child.once('error', (err) => { this.output += `\n[spawn error] ${err.message}\n`; this.alive = false; });
    this.child.stdin?.on('error', () => undefined);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      this.output += text;
      const lines = (this.partial + text).split(/\r?\n/);
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.onLine(line, opts.onEvent);
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    t.after(() => this.stop());
  }

  private onLine(line: string, onEvent?: (e: SipClientEvent, line: string) => Promise<void>): void {
    const name = this.parse(line);
    if (!name) return;
    const record = (): void => {
      this.seen.push({ name, at: Date.now(), line });
      this.flush();
    };
    if (onEvent) void onEvent(name, line).catch((err: Error) => { this.output += `\n[harness] ${err.message}\n`; }).finally(record);
    else record();
  }

  private flush(): void {
    this.waiters = this.waiters.filter((w) => {
      const line = this.take(w.name);
      if (line === undefined) return true;
      w.resolve(line);
      return false;
    });
  }

  private take(name: SipClientEvent): string | undefined {
    const from = this.taken.get(name) ?? 0;
    const all = this.seen.filter((e) => e.name === name);
    const next = all[from];
    if (!next) return undefined;
    this.taken.set(name, from + 1);
    return next.line;
  }

  waitEvent(name: SipClientEvent, timeoutMs = 10_000): Promise<string> {
    const now = this.take(name);
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.name}: no '${name}' within ${timeoutMs} ms${this.alive ? '' : ' (process exited)'}\n--- ${this.name} output (tail) ---\n${this.output.slice(-6000)}`));
      }, timeoutMs);
      const waiter: Waiter = { name, resolve: (line) => { clearTimeout(timer); resolve(line); } };
      this.waiters.push(waiter);
    });
  }

  /** The first of `names` to occur (consumed like waitEvent). */
  async waitFirst(names: SipClientEvent[], timeoutMs = 10_000): Promise<{ name: SipClientEvent; line: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const name of names) {
        const line = this.take(name);
        if (line !== undefined) return { name, line };
      }
      if (Date.now() > deadline) throw new Error(`${this.name}: none of ${names.join(', ')} within ${timeoutMs} ms${this.alive ? '' : ' (process exited)'}\n--- ${this.name} output (tail) ---\n${this.output.slice(-6000)}`);
      await sleep(50);
    }
  }

  /** Has `name` been seen (whether or not waitEvent returned it)? */
  has(name: SipClientEvent): boolean {
    return this.seen.some((e) => e.name === name);
  }

  eventTimes(name: SipClientEvent): number[] {
    return this.seen.filter((e) => e.name === name).map((e) => e.at);
  }

  write(text: string): void {
    if (!this.alive) throw new Error(`${this.name}: process has exited\n${this.output.slice(-3000)}`);
    this.child.stdin?.write(text);
  }

  log(): string {
    return this.output;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async crash(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(killer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The console commands of one client program (baresip, linphonec); the SipClient is the same for all. */
export interface ClientCommands {
  dial(uri: string): string;
  answer: string;
  hold: string;
  resume: string;
  dtmf(digit: string): string;
  transfer(uri: string): string;
  /** Absent where the client has no attended transfer (baresip 1.0). */
  attendedTransfer?: (first: number, second: number) => string;
  hangup: string;
}

/** A SipClient driving `proc` through its console: one line per command, paced as the clients need. */
export function commandClient(name: string, proc: ClientProcess, cmd: ClientCommands): SipClient {
  const command = (line: string): void => proc.write(`${line}\n`);
  return {
    name,
    pid: proc.pid,
    async registered(timeoutMs = 10_000) {
      const first = await proc.waitFirst(['registered', 'registerFailed'], timeoutMs);
      if (first.name === 'registerFailed') throw new Error(`${name}: registration failed: ${first.line}\n${proc.log().slice(-4000)}`);
    },
    async dial(uri) {
      command(cmd.dial(uri));
      await sleep(50);
    },
    async answerNext(timeoutMs = 15_000) {
      await proc.waitEvent('incoming', timeoutMs);
      command(cmd.answer);
      await proc.waitEvent('established', 5000);
    },
    waitEvent: (event, timeoutMs) => proc.waitEvent(event, timeoutMs),
    eventTimes: (event) => proc.eventTimes(event),
    async hold() {
      command(cmd.hold);
      await sleep(300);
    },
    async resume() {
      command(cmd.resume);
      await sleep(300);
    },
    async sendDtmf(digits) {
      for (const d of digits) {
        command(cmd.dtmf(d));
        await sleep(300);
      }
    },
    async transfer(uri) {
      command(cmd.transfer(uri));
      await sleep(300);
    },
    async attendedTransfer(first, second) {
      if (!cmd.attendedTransfer) throw new Error(`${name}: this client has no attended transfer`);
      command(cmd.attendedTransfer(first, second));
      await sleep(300);
    },
    async hangup() {
      command(cmd.hangup);
      await proc.waitEvent('closed', 5000);
    },
    stop: () => proc.stop(),
    crash: () => proc.crash(),
    log: () => proc.log(),
  };
}
