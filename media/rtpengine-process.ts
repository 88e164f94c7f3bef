// One supervised rtpengine child process: writes its config, starts it, pings it over ng,
// restarts it when it exits or stops answering, and reports each transition as an event.
// The MediaServer listens for 'down' to end the calls that lived on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NgClient } from './ng-client.js';
import { renderConfig } from './rtpengine-config.js';
import type { RtpengineInstanceConfig } from './types.js';

export interface RtpengineProcessOptions {
  instance: RtpengineInstanceConfig;
  workDir: string;
  binary: string;
  maxCalls: number;
  dtmfPort: number;
  logLevel: number;
  healthIntervalMs: number;
}

interface ProcessEvents {
  up: [];
  down: [string];
}

/** Pings lost in a row before a live process is declared hung and killed. */
const MAX_MISSED_PINGS = 3;
const RESTART_DELAY_MS = 300;
const START_TIMEOUT_MS = 10_000;

// Children are killed if the Node process exits without stop() (a crashed test, say).
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

export class RtpengineProcess extends EventEmitter<ProcessEvents> {
  readonly name: string;
  readonly ng: NgClient;
  private child: ChildProcess | null = null;
  private healthy = false;
  private stopping = false;
  private healthTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private missedPings = 0;
  private stderrTail = '';

  constructor(private readonly options: RtpengineProcessOptions) {
    super();
    this.name = options.instance.name;
    this.ng = new NgClient({ host: '127.0.0.1', port: options.instance.ngPort, timeoutMs: 300, attempts: 3 });
  }

  get isHealthy(): boolean {
    return this.healthy;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and resolves once it answers ping. */
  async start(): Promise<void> {
    this.stopping = false;
    const dir = join(this.options.workDir, `rtpengine-${this.name}`);
    mkdirSync(dir, { recursive: true });
    const configPath = join(dir, 'rtpengine.conf');
    writeFileSync(configPath, renderConfig({ instance: this.options.instance, maxCalls: this.options.maxCalls, dtmfPort: this.options.dtmfPort, logLevel: this.options.logLevel }));
    this.spawnChild(configPath);
    await this.waitForPong();
    if (this.stopping) throw new Error(`rtpengine ${this.name} was stopped while starting`);
    this.healthy = true;
    this.missedPings = 0;
    this.healthTimer ??= setInterval(() => void this.healthCheck(), this.options.healthIntervalMs);
    this.emit('up');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.healthy = false;
    clearInterval(this.healthTimer);
    clearTimeout(this.restartTimer);
    this.healthTimer = undefined;
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    }
    this.ng.close();
  }

  private spawnChild(configPath: string): void {
    const child = spawn(this.options.binary, [`--config-file=${configPath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    liveChildren.add(child);
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000);
    });
    child.on('error', (err) => this.onDown(child, `spawn failed: ${err.message}`));
    child.on('exit', (code, signal) => {
      liveChildren.delete(child);
      this.onDown(child, `exited (${signal ?? `code ${code}`})`);
    });
  }

  private async waitForPong(): Promise<void> {
    const child = this.child;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (child && Date.now() < deadline) {
      if (this.stopping) throw new Error(`rtpengine ${this.name} was stopped while starting`);
      if (child.exitCode !== null || child.signalCode !== null) break;
      try {
        await this.ng.command('ping');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`rtpengine ${this.name} did not start: ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}`);
  }

  private async healthCheck(): Promise<void> {
    if (!this.healthy || !this.child) return;
    try {
      await this.ng.command('ping');
      this.missedPings = 0;
    } catch {
      if (++this.missedPings >= MAX_MISSED_PINGS && this.child) {
        // Hung: kill it; the exit handler reports it and restarts.
        this.child.kill('SIGKILL');
      }
    }
  }

  private onDown(child: ChildProcess, reason: string): void {
    if (this.child !== child && this.child !== null) return; // an old child
    const wasHealthy = this.healthy;
    this.healthy = false;
    if (this.stopping) return;
    this.child = null;
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
