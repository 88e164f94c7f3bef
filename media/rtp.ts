// The few RTP header fields the recorder and test endpoints need (RFC 3550 §5.1).

export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

/** Parses an RTP packet; returns null for anything else (RTCP, STUN, garbage). */
export function parseRtp(buf: Buffer): RtpPacket | null {
  if (buf.length < 12 || buf[0] === undefined || (buf[0] >> 6) !== 2) return null;
  const b1 = buf[1] ?? 0;
  const pt = b1 & 0x7f;
  if (pt >= 72 && pt <= 79) return null; // RTCP sharing the port (rtcp-mux)
  const cc = buf[0] & 0x0f;
  let offset = 12 + cc * 4;
  if (buf[0] & 0x10) {
    if (buf.length < offset + 4) return null;
    offset += 4 + buf.readUInt16BE(offset + 2) * 4;
  }
  let end = buf.length;
  if (buf[0] & 0x20) end -= buf[buf.length - 1] ?? 0;
  if (offset > end) return null;
  return {
    payloadType: pt,
    marker: (b1 & 0x80) !== 0,
    sequence: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    payload: buf.subarray(offset, end),
  };
}

export function buildRtp(p: Omit<RtpPacket, 'marker'> & { marker?: boolean }): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  header.writeUInt16BE(p.sequence & 0xffff, 2);
  header.writeUInt32BE(p.timestamp >>> 0, 4);
  header.writeUInt32BE(p.ssrc >>> 0, 8);
  return Buffer.concat([header, p.payload]);
}
