// SDP toward a leg cleaned of what describes the other side's own RTP stack. rtpengine 10.5
// passes unknown attributes through (it has no `sdp-attr` manipulation and `strip-extmap` only
// drops a=extmap), so a phone saw the caller's `a=tool:baresip`, its `a=ssrc … cname` and a
// browser's `a=msid`. These lines name SSRCs and tracks that the receiver will never see from
// rtpengine (it may transcode or play prompts with its own SSRC), so they are dropped here.
// Transport lines rtpengine writes for the receiving leg (ICE, DTLS, a=mid it generated for a
// browser, a=rtcp) stay; origin user and session name become ours.

/** Attributes that never describe the path to rtpengine, for any kind of leg. */
const FOREIGN = ['tool', 'ssrc', 'ssrc-group', 'msid', 'msid-semantic', 'extmap', 'extmap-allow-mixed', 'label'];
/** WebRTC-only attributes a plain RTP/AVP phone must not get (rtpengine only generates them toward browsers). */
const BROWSER_ONLY = ['mid', 'group', 'rtcp-fb', 'rtcp-rsize'];

/** `sdp` as rtpengine wrote it for a leg; `towardWebrtc`: that leg is a browser. */
export function scrubForeign(sdp: string, towardWebrtc: boolean): string {
  const drop = new Set(towardWebrtc ? FOREIGN : [...FOREIGN, ...BROWSER_ONLY]);
  const lines = sdp.split(/\r?\n/).filter((line) => {
    const m = /^a=([A-Za-z0-9-]+)/.exec(line);
    return !(m?.[1] && drop.has(m[1].toLowerCase()));
  });
  return lines
    .map((line) => {
      // o=<username> <sess-id> <sess-version> …: the id and version stay (RFC 3264 §8), the user is ours.
      if (line.startsWith('o=')) return line.replace(/^o=\S+/, 'o=switchboard');
      if (line.startsWith('s=')) return 's=switchboard';
      return line;
    })
    .join('\r\n');
}
