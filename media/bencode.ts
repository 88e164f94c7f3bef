// Bencode, the encoding of rtpengine's ng protocol. Byte strings decode to Buffers so that binary
// payloads (WAV blobs) survive a round trip; the ng client turns them into text where it knows
// the field is text. Any malformed input raises BencodeError and nothing else.

export type BencodeValue = Buffer | string | number | BencodeValue[] | { [key: string]: BencodeValue };
/** What decode() returns: byte strings are always Buffers. */
export type DecodedValue = Buffer | number | DecodedValue[] | { [key: string]: DecodedValue };

export class BencodeError extends Error {
  override name = 'BencodeError';
}

export function encode(value: BencodeValue): Buffer {
  const parts: Buffer[] = [];
  write(value, parts);
  return Buffer.concat(parts);
}

function write(value: BencodeValue, out: Buffer[]): void {
  if (Buffer.isBuffer(value)) {
    out.push(Buffer.from(`${value.length}:`), value);
  } else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    out.push(Buffer.from(`${bytes.length}:`), bytes);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new BencodeError(`not an integer: ${value}`);
    out.push(Buffer.from(`i${value}e`));
  } else if (Array.isArray(value)) {
    out.push(Buffer.from('l'));
    for (const item of value) write(item, out);
    out.push(Buffer.from('e'));
  } else if (typeof value === 'object' && value !== null) {
    out.push(Buffer.from('d'));
    // Bencode requires keys sorted by their raw bytes.
    const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const key of keys) {
      const item = value[key];
      if (item === undefined) continue;
      write(key, out);
      write(item, out);
    }
    out.push(Buffer.from('e'));
  } else {
    throw new BencodeError(`cannot encode ${typeof value}`);
  }
}

const MAX_DEPTH = 64;

export function decode(data: Buffer): DecodedValue {
  const state = { pos: 0 };
  const value = read(data, state, 0);
  if (state.pos !== data.length) throw new BencodeError(`trailing bytes at ${state.pos}`);
  return value;
}

function read(data: Buffer, state: { pos: number }, depth: number): DecodedValue {
  if (depth > MAX_DEPTH) throw new BencodeError('nesting too deep');
  const c = data[state.pos];
  if (c === undefined) throw new BencodeError('unexpected end of input');
  if (c === 0x69 /* i */) {
    const end = data.indexOf(0x65 /* e */, state.pos + 1);
    if (end < 0) throw new BencodeError('unterminated integer');
    const text = data.toString('latin1', state.pos + 1, end);
    if (!/^(0|-?[1-9][0-9]*)$/.test(text)) throw new BencodeError(`bad integer "${text}"`);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new BencodeError(`integer out of range: ${text}`);
    state.pos = end + 1;
    return n;
  }
  if (c === 0x6c /* l */) {
    state.pos++;
    const list: DecodedValue[] = [];
    while (data[state.pos] !== 0x65) list.push(read(data, state, depth + 1));
    state.pos++;
    return list;
  }
  if (c === 0x64 /* d */) {
    state.pos++;
    const dict: { [key: string]: DecodedValue } = {};
    while (data[state.pos] !== 0x65) {
      const key = read(data, state, depth + 1);
      if (!Buffer.isBuffer(key)) throw new BencodeError('dictionary key is not a string');
      if (data[state.pos] === undefined) throw new BencodeError('dictionary key without value');
      Object.defineProperty(dict, key.toString('utf8'), { value: read(data, state, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    state.pos++;
    return dict;
  }
  if (c >= 0x30 && c <= 0x39) {
    const colon = data.indexOf(0x3a /* : */, state.pos);
    if (colon < 0) throw new BencodeError('unterminated string length');
    const text = data.toString('latin1', state.pos, colon);
    if (!/^(0|[1-9][0-9]*)$/.test(text)) throw new BencodeError(`bad string length "${text}"`);
    const len = Number(text);
    if (colon + 1 + len > data.length) throw new BencodeError('string runs past end of input');
    state.pos = colon + 1 + len;
    return Buffer.from(data.subarray(colon + 1, state.pos));
  }
  throw new BencodeError(`unexpected byte 0x${c.toString(16)} at ${state.pos}`);
}
