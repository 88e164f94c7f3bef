// A minimal SDP for apps that answer or originate calls; no media flows in these tests.
export const APP_SDP = [
  'v=0', 'o=switchboard 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
  'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', '',
].join('\r\n');
