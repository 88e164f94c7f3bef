// The center's Prometheus metrics (prom-client), read at scrape time from the parts that own
// the figures — the calls in progress, the ACD's snapshot, the engine's SIP counters, the
// rtpengine supervisor — so there is no second copy of any state to drift. Every series
// carries the node's name (NODE_ID), so a site with several nodes can sum or split them.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AcdSnapshot } from '../../acd/index.js';
import type { EngineStats } from '../../engine/config.types.js';

export interface MetricsSources {
  nodeId: string;
  /** Calls in progress by phase (ringing, ivr, queued, connected…). */
  callPhases(): Record<string, number>;
  acdSnapshot(): AcdSnapshot;
  /** The ACD's dispatch passes reach this (AcdService 'dispatched'); returns the unsubscribe. */
  onDispatch(listener: (e: { ms: number }) => void): () => void;
  /** The built-in engine's counters; absent with an external drachtio-server. */
  engineStats?: () => Promise<EngineStats>;
  /** Each rtpengine instance: running or not. */
  mediaInstances(): Record<string, boolean>;
}

export interface CenterMetrics {
  contentType: string;
  text(): Promise<string>;
  close(): void;
}

export function centerMetrics(sources: MetricsSources): CenterMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ node: sources.nodeId });
  // Process CPU and memory, heap, and nodejs_eventloop_lag_seconds (with percentiles).
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Gauge({
    name: 'switchboard_calls', help: 'Calls in progress on this node, by phase', labelNames: ['phase'], registers,
    collect() {
      this.reset();
      for (const [phase, n] of Object.entries(sources.callPhases())) this.set({ phase }, n);
    },
  });
  new Gauge({
    name: 'switchboard_queue_waiting', help: 'Callers waiting in each queue', labelNames: ['queue'], registers,
    collect() {
      this.reset();
      for (const q of sources.acdSnapshot().queues) this.set({ queue: q.name }, q.waiting.length);
    },
  });
  new Gauge({
    name: 'switchboard_queue_longest_wait_seconds', help: 'Longest current wait in each queue', labelNames: ['queue'], registers,
    collect() {
      this.reset();
      for (const q of sources.acdSnapshot().queues) this.set({ queue: q.name }, q.longestWaitSeconds);
    },
  });
  new Gauge({
    name: 'switchboard_agents', help: 'Agents by state (the ACD agent-state vocabulary)', labelNames: ['state'], registers,
    collect() {
      this.reset();
      const counts: Record<string, number> = {};
      for (const a of sources.acdSnapshot().agents) counts[a.status] = (counts[a.status] ?? 0) + 1;
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'switchboard_rtpengine_up', help: 'Each rtpengine instance: 1 running, 0 down', labelNames: ['instance'], registers,
    collect() {
      this.reset();
      for (const [instance, up] of Object.entries(sources.mediaInstances())) this.set({ instance }, up ? 1 : 0);
    },
  });
  const engineStats = sources.engineStats;
  if (engineStats) {
    // The engine counts; each series is set from its totals at scrape time (reset + inc), each
    // asking the engine itself because prom-client collects the series concurrently.
    const directions = ['in', 'out'] as const;
    new Counter({
      name: 'switchboard_sip_requests_total', help: 'SIP requests by direction and method (retransmissions included)', labelNames: ['direction', 'method'], registers,
      async collect() {
        const stats = await engineStats();
        this.reset();
        for (const direction of directions) for (const [method, n] of Object.entries(stats.sip[direction].requests)) this.inc({ direction, method }, n);
      },
    });
    new Counter({
      name: 'switchboard_sip_responses_total', help: 'SIP responses by direction and status (retransmissions included)', labelNames: ['direction', 'status'], registers,
      async collect() {
        const stats = await engineStats();
        this.reset();
        for (const direction of directions) for (const [status, n] of Object.entries(stats.sip[direction].responses)) this.inc({ direction, status }, n);
      },
    });
    new Gauge({
      name: 'switchboard_sip_dialogs', help: 'SIP dialogs the engine holds', registers,
      async collect() {
        this.set((await engineStats()).activeDialogs);
      },
    });
  }
  const dispatch = new Histogram({
    name: 'switchboard_acd_dispatch_seconds', help: 'One ACD pass over waiting calls and free agents: the routing decisions and their offers\' state writes',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers,
  });
  const unsubscribe = sources.onDispatch((e) => dispatch.observe(e.ms / 1000));

  return {
    contentType: registry.contentType,
    text: () => registry.metrics(),
    close: unsubscribe,
  };
}
