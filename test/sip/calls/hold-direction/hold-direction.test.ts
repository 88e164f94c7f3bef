// What a re-offer says about hold, for each form phones send, the direction we answer, the
// answer built from our own SDP (one direction per section, o= version raised), and the hold
// state table (who hears the music).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerDirection, holdOffer, withDirection } from '../../../../server/sip/calls/hold-direction.js';
import { holdMediaPlan, holdTransition } from '../../../../server/sip/calls/hold-state.js';

const sdp = (session: string, media: string, address = '10.0.0.5'): string =>
  `v=0\r\no=- 1 7 IN IP4 ${address}\r\ns=-\r\nc=IN IP4 ${address}\r\nt=0 0\r\n${session}m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n${media}`;

describe('hold direction', { timeout: 5_000 }, () => {
  it('reads every hold form, media level over session level', () => {
    assert.deepEqual(holdOffer(sdp('', 'a=sendonly\r\n')), { held: true, direction: 'sendonly', zeroAddress: false });
    assert.deepEqual(holdOffer(sdp('', 'a=inactive\r\n')), { held: true, direction: 'inactive', zeroAddress: false });
    assert.deepEqual(holdOffer(sdp('a=sendonly\r\n', '')), { held: true, direction: 'sendonly', zeroAddress: false });
    assert.deepEqual(holdOffer(sdp('a=inactive\r\n', 'a=sendrecv\r\n')), { held: false, direction: 'sendrecv', zeroAddress: false });
    assert.deepEqual(holdOffer(sdp('', 'a=sendrecv\r\n', '0.0.0.0')), { held: true, direction: 'sendrecv', zeroAddress: true });
    assert.deepEqual(holdOffer(sdp('', 'c=IN IP4 0.0.0.0\r\n')), { held: true, direction: 'sendrecv', zeroAddress: true });
    assert.equal(holdOffer(sdp('', '')).held, false);
    assert.equal(holdOffer(sdp('', 'a=recvonly\r\n')).held, false);
  });

  it('answers with the reciprocal direction', () => {
    assert.equal(answerDirection(holdOffer(sdp('', 'a=sendonly\r\n'))), 'recvonly');
    assert.equal(answerDirection(holdOffer(sdp('', 'a=inactive\r\n'))), 'inactive');
    assert.equal(answerDirection(holdOffer(sdp('', '', '0.0.0.0'))), 'recvonly');
    assert.equal(answerDirection(holdOffer(sdp('', 'a=inactive\r\n', '0.0.0.0'))), 'inactive');
  });

  it('builds the answer from our SDP: one direction per section, version raised', () => {
    const ours = sdp('a=sendrecv\r\n', 'a=sendrecv\r\na=ptime:20\r\n');
    const answer = withDirection(ours, 'recvonly');
    assert.doesNotMatch(answer, /a=sendrecv/);
    assert.equal(answer.match(/a=recvonly/g)?.length, 1);
    assert.match(answer, /^o=- 1 8 IN IP4/m);
    assert.match(answer, /a=ptime:20\r\na=recvonly\r\n$/);
  });

  it('keeps who holds, each party on its own', () => {
    let s = holdTransition('talking', { type: 'hold', by: 'agent' });
    assert.deepEqual([s, holdMediaPlan(s)], ['held-by-agent', { musicTo: 'caller', cut: true }]);
    assert.equal(holdTransition(s, { type: 'hold', by: 'agent' }), 'held-by-agent', 'a repeated hold keeps the state');
    s = holdTransition(s, { type: 'hold', by: 'caller' });
    assert.deepEqual([s, holdMediaPlan(s)], ['held-by-both', { musicTo: null, cut: true }]);
    s = holdTransition(s, { type: 'resume', by: 'agent' });
    assert.deepEqual([s, holdMediaPlan(s)], ['held-by-caller', { musicTo: 'agent', cut: true }]);
    assert.equal(holdTransition(s, { type: 'resume', by: 'agent' }), 'held-by-caller', 'resume without hold keeps the state');
    s = holdTransition(s, { type: 'resume', by: 'caller' });
    assert.deepEqual([s, holdMediaPlan(s)], ['talking', { musicTo: null, cut: false }]);
  });
});
