// Issue 2, point 8: a corpus of malformed and torture messages (./corpus.ts) sent on raw sockets.
// Each gets exactly the response due (400, 505, the app's 200) or none; afterwards the engine
// still serves a normal call from sipp.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APP_SDP, TRANSPORTS, startRig, waitFor } from '../helpers/rig.js';
import { rawSipPeer } from '../helpers/raw-sip.js';
import { scenario, type SipTransport } from '../helpers/sipp.js';
import { MALFORMED, TORTURE_VALID, type CorpusCase } from './corpus.js';

interface Fill { transport: SipTransport; sentBy: string; branch: string; callId: string; engine: string }

function render(c: CorpusCase, f: Fill): string {
  const text = c.lines.join('\r\n') + '\r\n\r\n' + (c.body ?? '');
  return text.replaceAll('$TRANSPORT', f.transport.toUpperCase()).replaceAll('$SENTBY', f.sentBy)
    .replaceAll('$BRANCH', f.branch).replaceAll('$CALLID', f.callId).replaceAll('$ENGINE', f.engine);
}

const statusOf = (res: string): number => Number(/^SIP\/2\.0 (\d{3})/.exec(res)?.[1]);
const header = (msg: string, re: RegExp): string | undefined => re.exec(msg)?.[1]?.trim();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends a valid OPTIONS (as chunks or pipelined copies) and expects the app's 200 for each. */
function plainOptions(f: Fill): string {
  const c = TORTURE_VALID.find((x) => x.name === 'unknown-and-long-headers');
  assert.ok(c);
  return render(c, f);
}

for (const transport of TRANSPORTS) {
  test(`malformed-corpus over ${transport}`, async (t) => {
    const rig = await startRig(t);
    const srf = await rig.connectApp();
    srf.use('options', (_req, res) => res.send(200));
    srf.invite((req, res) => {
      res.send(180);
      void srf.createUAS(req, res, { localSdp: APP_SDP });
    });
    let serial = 0;
    let rejected = 0; // 4xx/5xx answers seen: each must be counted in stats().malformed
    const fill = (sentBy: string): Fill => {
      serial++;
      return { transport, sentBy, branch: `z9hG4bK-corpus-${serial}`, callId: `corpus-${serial}@127.0.0.1`, engine: rig.target };
    };

    const cases = [...MALFORMED, ...TORTURE_VALID].filter((c) => transport === 'udp' || !c.udpOnly);
    for (const c of cases) {
      await t.test(`${c.name} -> ${c.expect === 'silence' ? 'no response' : c.expect.status}`, async () => {
        const peer = await rawSipPeer(transport, rig.sipPort);
        try {
          const f = fill(peer.sentBy);
          await peer.send(render(c, f));
          if (c.expect === 'silence') {
            await sleep(400);
            assert.deepEqual(peer.received(), [], `${c.name} (${c.why}) must be dropped`);
            return;
          }
          await waitFor(() => peer.received().length > 0, c.orSilence ? 400 : 5000).catch(() => undefined);
          const [res, ...more] = peer.received();
          if (!res && c.orSilence) return;
          assert.ok(res, `no response to ${c.name} (${c.why})`);
          if (statusOf(res) >= 400) rejected++;
          assert.equal(statusOf(res), c.expect.status, `${c.name} (${c.why}):\n${res}`);
          assert.deepEqual(more, [], 'exactly one response');
          if (c.lines.some((l) => l.includes('$BRANCH'))) {
            assert.match(header(res, /^(?:Via|v)\s*:(.*)$/im) ?? '', new RegExp(`branch=${f.branch}`), 'top Via echoed');
          }
          if (c.lines.some((l) => /^(Call-ID|i)\s*:/i.test(l))) {
            assert.equal(header(res, /^(?:Call-ID|i)\s*:(.*)$/im), f.callId, 'Call-ID echoed');
          }
        } finally {
          peer.close();
        }
      });
    }

    if (transport === 'tcp') {
      await t.test('a request split across several writes is reassembled', async () => {
        const peer = await rawSipPeer(transport, rig.sipPort);
        try {
          const text = plainOptions(fill(peer.sentBy));
          await peer.send([text.slice(0, 7), text.slice(7, 300), text.slice(300, -3), text.slice(-3)]);
          await waitFor(() => peer.received().length > 0, 5000).catch(() => undefined);
          assert.deepEqual(peer.received().map(statusOf), [200]);
        } finally {
          peer.close();
        }
      });
      await t.test('two requests in one write both get answered', async () => {
        const peer = await rawSipPeer(transport, rig.sipPort);
        try {
          await peer.send(plainOptions(fill(peer.sentBy)) + plainOptions(fill(peer.sentBy)));
          await waitFor(() => peer.received().length >= 2, 5000).catch(() => undefined);
          assert.deepEqual(peer.received().map(statusOf), [200, 200]);
        } finally {
          peer.close();
        }
      });
    }

    await t.test('the engine still serves a normal call and counted each rejected message', async () => {
      await rig.runUac({ scenario: scenario('uas-answer-bye', 'uac-caller-hangs-up.xml'), transport });
      assert.ok(rig.engine.stats().malformed >= rejected, `stats().malformed = ${rig.engine.stats().malformed}, expected >= ${rejected}`);
      await rig.expectNoDialogs();
    });
  });
}
