// Debian's baresip as the agent's desk phone puts the caller on hold (its /hold: a=sendonly)
// and resumes: the caller hears the queue's music, baresip's RTP port receives nothing on hold
// (tshark), resume restores both ways (test/phones/helpers/real-agent-hold.ts).
// test-file-timeout: 2 min
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBaresip } from '../../helpers/baresip.js';
import { agentHoldsAndResumes } from '../helpers/real-agent-hold.js';

test('baresip agent holds (sendonly): music to the caller, no RTP to baresip; resume', { timeout: 110_000 }, async (t) => {
  // baresip's own SDP names its RTP port (its address is a placeholder; rtpengine latches).
  const form = await agentHoldsAndResumes(t, { start: startBaresip, rtpPort: (log) => Number(/a=tool:baresip[^\n]*\n(?:[^\n]*\n)*?m=audio (\d+)/.exec(log)?.[1]) || undefined });
  assert.equal(form, 'sendonly', "baresip's hold offer");
});
