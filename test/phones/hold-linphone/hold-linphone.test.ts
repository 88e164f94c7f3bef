// Debian's linphonec as the agent's desk phone pauses the call (linphone 5.1 pauses with
// a=sendonly while it has a sound file to play) and resumes: the caller hears the queue's
// music, linphone's RTP port receives nothing on hold (tshark), resume restores both ways
// (test/phones/helpers/real-agent-hold.ts).
// test-file-timeout: 2 min
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLinphone } from '../../helpers/linphone.js';
import { agentHoldsAndResumes } from '../helpers/real-agent-hold.js';

/** linphone's own SDP (s=Talk) in its 200 OK names its RTP port. */
const linphoneRtpPort = (log: string): number | undefined => Number(/s=Talk\r?\n(?:[^\n]*\n)*?m=audio (\d+)/.exec(log)?.[1]) || undefined;

test('linphone agent pauses: music to the caller, no RTP to linphone; resume', { timeout: 110_000 }, async (t) => {
  const form = await agentHoldsAndResumes(t, { start: startLinphone, rtpPort: linphoneRtpPort });
  assert.equal(form, 'sendonly', "linphone's hold offer");
});
