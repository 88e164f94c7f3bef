// A caller talking to agent1 for the hold tests: the demo number goes straight to the sales
// queue, agent1's Node phone answers, both send their own tone. Also the hold offers a phone
// makes (every form) from its own SDP, and what a party heard in a time window.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { startCenter, type Center } from '../../../e2e/helpers/center.js';
import { NodePhone, type PhoneCall } from '../../../e2e/helpers/node-phone.js';
import { peakFrequency, rms } from '../../../media/tools/spectrum.js';
import { DEMO_NUMBER, readyAgent, reposOf, routeDemoNumber } from './call-rig.js';

export const CALLER_HZ = 440;
export const AGENT_HZ = 1000;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface BridgedCall {
  c: Center;
  caller: NodePhone;
  agent: NodePhone;
  callerCall: PhoneCall;
  agentCall: PhoneCall;
}

export async function bridgedCall(t: TestContext): Promise<BridgedCall> {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales, 'sales queue');
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });
  const { phone: agent } = await readyAgent(c, 'agent1');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550007777');
  t.after(() => { agent.close(); caller.close(); });
  const answered = agent.answerNext(200);
  const callerCall = await caller.call(DEMO_NUMBER);
  const agentCall = await answered;
  caller.rtp.start(CALLER_HZ);
  agent.rtp.start(AGENT_HZ);
  return { c, caller, agent, callerCall, agentCall };
}

export type HoldForm = 'sendonly' | 'inactive' | 'c=0.0.0.0' | 'session-level sendonly';

/** The phone's own SDP turned into a hold offer of the given form, with a raised o= version. */
export function holdSdp(phone: NodePhone, form: HoldForm, version: number): string {
  let sdp = phone.rtp.sdp().replace(/^(o=\S+ \S+ )\d+/m, `$1${version}`);
  if (form === 'sendonly' || form === 'inactive') sdp = sdp.replace('a=sendrecv', `a=${form}`);
  if (form === 'c=0.0.0.0') sdp = sdp.replace(/^c=IN IP4 \S+/m, 'c=IN IP4 0.0.0.0');
  if (form === 'session-level sendonly') sdp = sdp.replace('a=sendrecv\r\n', '').replace('t=0 0\r\n', 't=0 0\r\na=sendonly\r\n');
  return sdp;
}

export function resumeSdp(phone: NodePhone, version: number): string {
  return phone.rtp.sdp().replace(/^(o=\S+ \S+ )\d+/m, `$1${version}`);
}

/** Audio packets (PCMU) a phone received in [from, to). */
export function packetsIn(phone: NodePhone, from: number, to: number): number {
  return phone.rtp.received.filter((p) => p.payloadType === 0 && p.at >= from && p.at < to).length;
}

export function heard(phone: NodePhone, from: number, to: number): { rms: number; peakHz: number } {
  const samples = phone.rtp.samples(from, to);
  return { rms: Math.round(rms(samples)), peakHz: peakFrequency(samples) };
}
