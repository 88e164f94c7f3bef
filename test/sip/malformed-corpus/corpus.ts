// Malformed and torture messages in the spirit of RFC 4475 (written for Switchboard, not copied).
// Each case is one request or response as text; `$BRANCH`, `$CALLID` and `$SENTBY` are filled in
// per send so responses can be matched, and `$ENGINE` is the engine's host:port.

/** What the engine must do: answer with this status, or stay silent (drop the message). */
export type Expectation = { status: number } | 'silence';

export interface CorpusCase {
  name: string;
  /** Why the expectation holds (RFC 3261 / RFC 4475 section). */
  why: string;
  lines: string[];
  /** Raw body appended after the blank line (the Content-Length is part of `lines`). */
  body?: string;
  expect: Expectation;
  /** Silence is as good as the status (no usable address to answer on). */
  orSilence?: boolean;
  /** Cases that only make sense on datagrams (a stream would wait for the missing bytes). */
  udpOnly?: boolean;
}

const via = 'Via: SIP/2.0/$TRANSPORT $SENTBY;branch=$BRANCH;rport';
const from = 'From: <sip:torture@127.0.0.1>;tag=t0rture';
const to = 'To: <sip:service@$ENGINE>';
const callId = 'Call-ID: $CALLID';

/** A well-formed OPTIONS with one header replaced or removed, for the "one thing wrong" cases. */
function options(change: Record<string, string | null>, requestLine = 'OPTIONS sip:service@$ENGINE SIP/2.0'): string[] {
  const base: [string, string][] = [
    ['via', via], ['from', from], ['to', to], ['call-id', callId], ['cseq', 'CSeq: 1 OPTIONS'],
    ['max-forwards', 'Max-Forwards: 70'], ['content-length', 'Content-Length: 0'],
  ];
  const lines = base.flatMap(([key, line]) => {
    if (!(key in change)) return [line];
    const replacement = change[key];
    return replacement === null || replacement === undefined ? [] : [replacement];
  });
  return [requestLine, ...lines];
}

export const MALFORMED: CorpusCase[] = [
  {
    name: 'insufficient-headers', why: "RFC 4475 'insuf': no Call-ID, From or To; ideally 400 (Via is there to answer on)",
    lines: options({ 'call-id': null, from: null, to: null }), expect: { status: 400 },
  },
  { name: 'missing-cseq', why: 'RFC 3261 8.1.1: CSeq is mandatory; Via is there to answer on', lines: options({ cseq: null }), expect: { status: 400 } },
  { name: 'cseq-method-mismatch', why: "RFC 4475 'mismatch01': CSeq method must match the request method", lines: options({ cseq: 'CSeq: 1 INVITE' }), expect: { status: 400 } },
  { name: 'cseq-not-a-number', why: 'RFC 3261 20.16: CSeq sequence number is 1*DIGIT', lines: options({ cseq: 'CSeq: one OPTIONS' }), expect: { status: 400 } },
  { name: 'cseq-too-large', why: "RFC 4475 'scalar02': CSeq number above 2**31-1", lines: options({ cseq: 'CSeq: 36893488147419103232 OPTIONS' }), expect: { status: 400 } },
  { name: 'max-forwards-overlarge', why: "RFC 4475 'scalar02': Max-Forwards far beyond 255", lines: options({ 'max-forwards': 'Max-Forwards: 300000000000000000' }), expect: { status: 400 } },
  { name: 'negative-content-length', why: "RFC 4475 'ncl': negative Content-Length", lines: options({ 'content-length': 'Content-Length: -999' }), expect: { status: 400 } },
  {
    name: 'content-length-beyond-datagram', why: "RFC 4475 'clerr': Content-Length larger than the datagram",
    lines: options({ 'content-length': 'Content-Length: 9999' }), body: 'v=0\r\n', expect: { status: 400 }, udpOnly: true,
  },
  { name: 'unterminated-quoted-display-name', why: "RFC 4475 'quotbal': unterminated quoted display name in From", lines: options({ from: 'From: "Bob <sip:bob@127.0.0.1>;tag=t0rture' }), expect: { status: 400 } },
  { name: 'header-line-without-colon', why: 'RFC 3261 7.3: header = name HCOLON value', lines: options({ 'max-forwards': 'Max-Forwards 70' }), expect: { status: 400 } },
  { name: 'request-uri-in-angle-brackets', why: "RFC 4475 'ltgtruri': Request-URI enclosed in <>", lines: options({}, 'OPTIONS <sip:service@$ENGINE> SIP/2.0'), expect: { status: 400 } },
  { name: 'unknown-sip-version', why: "RFC 4475 'badvers': SIP/7.0 gets 505", lines: options({}, 'OPTIONS sip:service@$ENGINE SIP/7.0'), expect: { status: 505 } },
  {
    name: 'via-without-host', why: 'RFC 3261 20.42: Via needs a sent-by; with none, 400 to the source or a silent drop, never the app',
    lines: options({ via: 'Via: SIP/2.0/$TRANSPORT' }), expect: { status: 400 }, orSilence: true,
  },
  { name: 'binary-garbage', why: 'not SIP at all', lines: ['\u0000\u0001\u00ff\u00fe garbage \u0007\u0008'], expect: 'silence' },
  { name: 'stray-response', why: 'RFC 3261 17.1.3: a response matching no client transaction is dropped', lines: ['SIP/2.0 200 OK', via, from, 'To: <sip:service@$ENGINE>;tag=nobody', callId, 'CSeq: 7 OPTIONS', 'Content-Length: 0'], expect: 'silence' },
];

/** Odd but valid (RFC 4475 3.1.1 style): the app's OPTIONS handler must get them and answer 200. */
export const TORTURE_VALID: CorpusCase[] = [
  {
    name: 'compact-forms-and-odd-spacing', why: "RFC 4475 'wsinv'-like: compact header names, odd case, spaces around colons, line folding",
    lines: [
      'OPTIONS sip:service@$ENGINE SIP/2.0',
      'v:   SIP/2.0/$TRANSPORT $SENTBY;branch=$BRANCH;rport',
      'f    :   <sip:torture@127.0.0.1>;tag=t0rture', 't: <sip:service@$ENGINE>', 'i:$CALLID',
      'cSeQ:   1     OPTIONS', 'MAX-forwards: 70', 'Subject: a subject folded',
      '   across two lines', 'l: 0',
    ],
    expect: { status: 200 },
  },
  {
    name: 'unknown-and-long-headers', why: 'RFC 3261 7.3: unknown headers are carried, long values accepted',
    lines: [...options({ 'content-length': null }), 'X-Torture-Empty:', `X-Torture-Long: ${'x'.repeat(2000)}`, 'Content-Length: 0'],
    expect: { status: 200 },
  },
  {
    name: 'escaped-request-uri', why: "RFC 4475 'esc01'-like: escaped characters in the Request-URI user",
    lines: options({}, 'OPTIONS sip:serv%69ce@$ENGINE SIP/2.0'), expect: { status: 200 },
  },
];
