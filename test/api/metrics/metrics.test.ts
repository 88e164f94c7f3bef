// Issue 18, /metrics: a Prometheus scrape of a running center, with a sipp call in its IVR,
// has every listed series with values that match what is going on: the call by phase, the
// agents by state, queue waiting and longest wait, SIP requests and responses by code from the
// engine, rtpengine health, event-loop lag and the ACD dispatch histogram; each series says
// which node it came from. Scraping needs an admin or supervisor token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_PASSWORDS, eventually, startCenter } from '../../e2e/helpers/center.js';
import { apiCall, login } from '../../e2e/helpers/api.js';
import { scenario, startSipp } from '../../sip/helpers/sipp.js';

/** The value of one sample line, e.g. value(text, 'switchboard_calls{phase="ivr"'). */
function value(text: string, prefix: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('a scrape during a call has every series, with the node and plausible values', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const base = `http://127.0.0.1:${c.httpPort}`;
  assert.equal((await fetch(`${base}/metrics`)).status, 401, 'no token: refused');
  const agentToken = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
  assert.equal((await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${agentToken}` } })).status, 403, 'an agent may not scrape');
  // An agent state change runs the ACD (one dispatch pass at least).
  await apiCall(c, agentToken, '/me/state', { state: 'not-ready', reason: 'meeting' });
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const scrape = async (path = '/metrics') => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    return res.text();
  };

  // A trunk call held 6 s: it sits in the demo IVR's menu.
  const sipp = await startSipp({ scenario: scenario('trunk-limits', 'uac-trunk-call.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: '15550100', calls: 1, limit: 1, rate: 1, extra: ['-d', '6000'], timeoutSec: 30 });
  const during = await eventually(async () => {
    const text = await scrape();
    return (value(text, 'switchboard_calls{phase="ivr"') ?? 0) >= 1 ? text : undefined;
  }, 10_000, 'the call in its IVR on /metrics');
  await sipp.done;

  const node = /node="([^"]+)"/.exec(during)?.[1];
  assert.ok(node, 'series carry the node label');
  t.diagnostic(`node=${node}`);
  assert.equal(value(during, 'switchboard_agents{state="not-ready"'), 1, 'agent1 not ready');
  assert.ok((value(during, 'switchboard_agents{state="logged-out"') ?? 0) >= 1, 'the other demo agents logged out');
  assert.equal(value(during, 'switchboard_queue_waiting{queue="sales"'), 0, 'nobody waits in sales');
  assert.equal(value(during, 'switchboard_queue_longest_wait_seconds{queue="sales"'), 0);
  assert.ok((value(during, 'switchboard_sip_requests_total{direction="in",method="INVITE"') ?? 0) >= 1, 'the INVITE counted');
  assert.ok((value(during, 'switchboard_sip_responses_total{direction="out",status="200"') ?? 0) >= 1, 'our 200 counted');
  assert.equal(value(during, 'switchboard_sip_dialogs{'), 1, 'one dialog in the engine');
  assert.equal(value(during, 'switchboard_rtpengine_up{instance="rtpengine-1"'), 1, 'rtpengine running');
  const lag = value(during, 'nodejs_eventloop_lag_seconds{');
  assert.ok(lag !== undefined && lag >= 0 && lag < 1, `event-loop lag plausible: ${lag}`);
  assert.ok((value(during, 'switchboard_acd_dispatch_seconds_count{') ?? 0) >= 1, 'ACD dispatch passes observed');

  const after = await eventually(async () => {
    const text = await scrape('/api/metrics');
    return value(text, 'switchboard_calls{phase="ivr"') === undefined ? text : undefined;
  }, 10_000, 'the call gone from /metrics');
  assert.ok((value(after, 'switchboard_sip_requests_total{direction="in",method="BYE"') ?? 0) >= 1, 'the BYE counted');
  assert.equal(value(after, 'switchboard_sip_dialogs{'), 0);
});
