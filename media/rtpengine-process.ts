// One supervised rtpengine child process: writes its config, starts it, pings it over ng,
// restarts it when it exits or stops answering, and reports each transition as an event.
// The MediaServer listens for 'down' to end the calls that lived on it.
//
// It never leaves an rtpengine behind: one start attempt runs at a time; an attempt that fails
// or times out kills its child (and waits for its exit) before it reports; stop() kills every
// child and waits for it; children die with this process (setpriv --pdeathsig), and a pid file
// lets the next start kill one a killed center left running.
import { EventEmitter } from 'node:events';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NgClient } from './ng-client.js';
import { renderConfig } from './rtpengine-config.js';
import { killStale, removePidFile, spawnTracked, terminate, writePidFile, type TrackedChild } from './child-exit.js';
import type { RtpengineInstanceConfig } from './types.js';

export interface RtpengineProcessOptions {
  instance: RtpengineInstanceConfig;
  workDir: string;
  binary: string;
  maxCalls: number;
  dtmfPort: number;
  logLevel: number;
  healthIntervalMs: number;
  /** How long a start may take to answer ping (default 10 s). */
  startTimeoutMs?: number;
}

interface ProcessEvents {
  up: [];
  down: [string];
}

/** Pings lost in a row before a live process is declared hung and killed. */
const MAX_MISSED_PINGS = 3;
const RESTART_DELAY_MS = 300;
const START_TIMEOUT_MS = 10_000;
/** Between SIGTERM and SIGKILL. */
const STOP_GRACE_MS = 2000;

// Children are killed if the Node process exits without stop() (a crashed test, say).
const liveChildren = new Set<TrackedChild>();
process.once('exit', () => {
  for (const child of liveChildren) child.proc.kill('SIGKILL');
});

export class RtpengineProcess extends EventEmitter<ProcessEvents> {
  readonly name: string;
  readonly ng: NgClient;
  /** The current child: the one starting or running. */
  private child: TrackedChild | null = null;
  /** Every child of this instance not yet seen to exit (stop() waits for all). */
  private readonly children = new Set<TrackedChild>();
  private attempt: Promise<void> | null = null;
  private healthy = false;
  private stopping = false;
  private healthTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private missedPings = 0;
  private stderrTail = '';
  private readonly dir: string;

  constructor(private readonly options: RtpengineProcessOptions) {
    super();
    this.name = options.instance.name;
    this.ng = new NgClient({ host: '127.0.0.1', port: options.instance.ngPort, timeoutMs: 300, attempts: 3 });
    this.dir = join(options.workDir, `rtpengine-${this.name}`);
  }

  get isHealthy(): boolean {
    return this.healthy;
  }

  get pid(): number | undefined {
    return this.child?.proc.pid;
  }

  /** Starts the process and resolves once it answers ping; a start already under way is joined. */
  async start(): Promise<void> {
    this.stopping = false;
    this.attempt ??= this.attemptStart().finally(() => { this.attempt = null; });
    return this.attempt;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.healthy = false;
    clearInterval(this.healthTimer);
    clearTimeout(this.restartTimer);
    this.healthTimer = undefined;
    this.child = null;
    await Promise.all([...this.children].map((c) => terminate(c, STOP_GRACE_MS)));
    await this.attempt?.catch(() => undefined);
    this.ng.close();
  }

  private async attemptStart(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const configPath = join(this.dir, 'rtpengine.conf');
    writeFileSync(configPath, renderConfig({ instance: this.options.instance, maxCalls: this.options.maxCalls, dtmfPort: this.options.dtmfPort, logLevel: this.options.logLevel }));
    // Never two: a child of ours still alive is ended first, and so is one a dead center left.
    await Promise.all([...this.children].map((c) => terminate(c, STOP_GRACE_MS)));
    await killStale(this.pidFile, configPath, STOP_GRACE_MS);
    if (this.stopping) throw new Error(`rtpengine ${this.name} was stopped while starting`);
    const child = this.spawnChild(configPath);
    try {
      await this.waitForPong(child);
      if (this.stopping) throw new Error(`rtpengine ${this.name} was stopped while starting`);
    } catch (err) {
      if (this.child === child) this.child = null;
      await terminate(child, STOP_GRACE_MS);
      throw err;
    }
    this.healthy = true;
    this.missedPings = 0;
    this.healthTimer ??= setInterval(() => void this.healthCheck(), this.options.healthIntervalMs);
    this.emit('up');
  }

  private get pidFile(): string {
    return join(this.dir, 'rtpengine.pid');
  }

  private spawnChild(configPath: string): TrackedChild {
    const child = spawnTracked(this.options.binary, [`--config-file=${configPath}`]);
    const pid = child.proc.pid;
    this.child = child;
    this.children.add(child);
    liveChildren.add(child);
    if (pid !== undefined) writePidFile(this.pidFile, pid);
    this.stderrTail = '';
    child.proc.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000);
    });
    child.proc.on('error', (err) => { this.stderrTail += `\nspawn failed: ${err.message}`; });
    void child.exited.then(() => {
      this.children.delete(child);
      liveChildren.delete(child);
      removePidFile(this.pidFile, pid);
      const { exitCode, signalCode } = child.proc;
      this.onDown(child, exitCode === null && signalCode === null ? 'spawn failed' : `exited (${signalCode ?? `code ${exitCode}`})`);
    });
    return child;
  }

  private async waitForPong(child: TrackedChild): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? START_TIMEOUT_MS);
    const timedOut = new Promise<'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
      void child.exited.then(() => clearTimeout(timer));
    });
    while (Date.now() < deadline && !child.done() && !this.stopping) {
      const ping = this.ng.command('ping').then(() => 'pong' as const, () => 'no' as const);
      const outcome = await Promise.race([ping, timedOut, child.exited.then(() => 'exited' as const)]);
      if (outcome === 'pong') return;
      if (outcome === 'no') await new Promise((r) => setTimeout(r, 100));
    }
    if (this.stopping) throw new Error(`rtpengine ${this.name} was stopped while starting`);
    const why = child.done() ? 'exited' : 'did not answer ping in time';
    throw new Error(`rtpengine ${this.name} did not start (${why}): ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}`);
  }

  private async healthCheck(): Promise<void> {
    const child = this.child;
    if (!this.healthy || !child) return;
    try {
      await this.ng.command('ping');
      this.missedPings = 0;
    } catch {
      if (++this.missedPings >= MAX_MISSED_PINGS && this.child === child) {
        // Hung: kill it; the exit handler reports it and restarts.
        child.proc.kill('SIGKILL');
      }
    }
  }

  private onDown(child: TrackedChild, reason: string): void {
    if (this.child !== child) return; // an old child, or one a failed start already dealt with
    this.child = null;
    const wasHealthy = this.healthy;
    this.healthy = false;
    // During a start attempt the attempt itself sees the exit and reports the failure.
    if (this.stopping || this.attempt) return;
    if (wasHealthy) this.emit('down', reason);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    clearTimeout(this.restartTimer);
    if (this.stopping) return;
    this.restartTimer = setTimeout(() => {
      this.start().catch(() => this.scheduleRestart());
    }, RESTART_DELAY_MS);
  }
}
