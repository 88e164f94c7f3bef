// The admin console's "test call" of a trunk: one INVITE through that trunk to a number,
// which on answer hears a spoken line ("This is a test call from Switchboard") from a mixer
// source and is then hung up; the reply is the SIP outcome — final status and reason, time
// to ringing and to answer. It is a real outbound call, so it obeys what agents' calls obey:
// the trunk must be enabled with an outbound URI, the caller id must be one of the center's
// numbers, the trunk's channel cap counts it, premium and high-risk destinations are refused,
// and one test runs per trunk at a time.
import { randomUUID } from 'node:crypto';
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import { Mixer, type MediaServer } from '../../../media/index.js';
import type { Repositories } from '../../db/repositories.js';
import type { CallAdmission } from '../calls/call-deps.js';
import { classify, toE164, type DialPlan } from './dial-plan.js';
import { resolveCallerId } from './caller-id.js';
import { dialString, selectRoute } from './route-plan.js';
import { attemptTrunk } from './trunk-attempt.js';
import { watchErrors } from '../calls/sip-safe.js';

const TEST_LINE = 'This is a test call from Switchboard. The trunk works. Goodbye.';
const ANSWER_TIMEOUT_MS = 30_000;

export interface TestCallResult {
  outcome: 'answered' | 'failed';
  /** The final SIP status (200 when answered; 408 when nothing answered in time). */
  status: number;
  reason: string;
  /** E.164 number called and the caller id sent. */
  to: string;
  callerId: string;
  ringingMs: number | null;
  answeredMs: number | null;
}

/** A test the center refuses before sending anything; `status` is the HTTP status to answer with. */
export interface TestCallRefusal { status: 400 | 403 | 404 | 409 | 503; message: string; field?: string }

export type TrunkTestOutcome = { refused: TestCallRefusal } | { result: TestCallResult };

class Refused extends Error {
  constructor(readonly refusal: TestCallRefusal) { super(refusal.message); }
}
const refused = (status: TestCallRefusal['status'], message: string, field?: string): Refused => new Refused({ status, message, ...(field ? { field } : {}) });

export interface TrunkTestDeps {
  srf: Srf;
  media: MediaServer;
  repos: Repositories;
  admission: CallAdmission;
  plan: DialPlan;
  realm: string;
  logger: Logger;
}

export function trunkTestCalls(deps: TrunkTestDeps): (trunkId: string, dialed: string) => Promise<TrunkTestOutcome> {
  const running = new Set<string>();
  const test = async (trunkId: string, dialed: string): Promise<TestCallResult> => {
    const trunk = await deps.repos.trunks.get(trunkId);
    if (!trunk) throw refused(404, 'no such trunk');
    if (!trunk.enabled) throw refused(409, 'the trunk is disabled');
    if (!trunk.outbound_uri) throw refused(409, 'the trunk has no outbound_uri: it takes no outbound calls');
    const to = toE164(dialed.replace(/[\s().-]/g, ''), deps.plan);
    if (!to) throw refused(400, 'must be a telephone number', 'to');
    const cls = classify(to, deps.plan);
    if (cls.class === 'premium' || cls.highRisk) throw refused(403, `a test call may not go to a ${cls.highRisk ? 'high-risk' : 'premium'} destination`, 'to');
    const callerId = await resolveCallerId(deps.repos, { outbound_caller_id: null }, trunk);
    if (!callerId) throw refused(409, 'the trunk has no default_caller_id among the center\'s numbers');
    if (running.has(trunk.id)) throw refused(409, 'a test call on this trunk is still running');
    const channel = deps.admission.admit(trunk);
    if (!channel.ok) throw refused(503, `the trunk is at its limits (${channel.reason})`);
    // Written for the carrier as the route that sends this number to this trunk writes it.
    const route = selectRoute((await deps.repos.outboundRoutes.listEnabled()).filter((r) => r.trunk_ids.includes(trunk.id)), to);
    const user = route ? dialString(route, to) : to;
    running.add(trunk.id);
    const log = deps.logger.child({ trunkId: trunk.id, testCall: true });
    try {
      return await place(deps, trunk, { to, user, callerId }, log);
    } finally {
      running.delete(trunk.id);
      channel.release();
    }
  };
  return async (trunkId, dialed) => {
    try {
      return { result: await test(trunkId, dialed) };
    } catch (err) {
      if (err instanceof Refused) return { refused: err.refusal };
      throw err;
    }
  };
}

async function place(deps: TrunkTestDeps, trunk: { outbound_uri: string | null; outbound_proxy: string | null }, call: { to: string; user: string; callerId: string }, log: Logger): Promise<TestCallResult> {
  const { to, callerId } = call;
  const legCallId = `trunk-test-${randomUUID()}`;
  const mixer = new Mixer();
  const started = Date.now();
  let ringingMs: number | null = null;
  try {
    const line = await deps.media.promptPcm({ text: TEST_LINE });
    mixer.addSource('line', line);
    const offer = await deps.media.offerFromMixer(legCallId, mixer, 'far');
    mixer.setMatrix({ far: { line: 1 } });
    const result = await attemptTrunk(deps.srf, { outbound_uri: trunk.outbound_uri ?? '', outbound_proxy: trunk.outbound_proxy }, {
      sdp: offer, user: call.user, callerId, realm: deps.realm, answerTimeoutMs: ANSWER_TIMEOUT_MS, signal: new AbortController().signal,
      onRinging: () => { ringingMs ??= Date.now() - started; },
    });
    if (result.kind === 'failed') {
      log.info({ status: result.status, why: result.why }, 'trunk test call failed');
      return { outcome: 'failed', status: result.status, reason: result.why, to, callerId, ringingMs, answeredMs: null };
    }
    const answeredMs = Date.now() - started;
    const { dialog } = result;
    watchErrors(dialog, log);
    let farHungUp = false;
    dialog.on('destroy', () => { farHungUp = true; });
    await deps.media.answerMixerLeg(legCallId, mixer, dialog.remote.sdp);
    // The line once, then goodbye (sooner if the far end hangs up).
    const lineMs = (line.length / 8000) * 1000;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, lineMs + 300);
      dialog.on('destroy', () => { clearTimeout(timer); resolve(); });
    });
    if (!farHungUp) dialog.destroy(undefined, () => undefined);
    log.info({ answeredMs }, 'trunk test call answered');
    return { outcome: 'answered', status: 200, reason: 'OK', to, callerId, ringingMs, answeredMs };
  } finally {
    mixer.close();
    await deps.media.deleteCall(legCallId).catch(() => undefined);
  }
}
