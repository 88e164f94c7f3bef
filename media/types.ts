// Public types of the media layer (the MediaServer entity lives in media-server.ts).
// Nothing here knows SIP: a call is an id, a leg is a tag, SDP is a string.

/** A value in an ng reply; byte strings are decoded as text. */
export type NgValue = string | number | NgValue[] | { [key: string]: NgValue };
export type NgReply = { result: string; [key: string]: NgValue };

/** One rtpengine process the supervisor runs. */
export interface RtpengineInstanceConfig {
  /** Stable name used in logs and in instance-down events. */
  name: string;
  /** Address rtpengine binds media on, and the address it advertises (NAT) if different. */
  interfaces: { address: string; advertised?: string }[];
  /** ng control port on 127.0.0.1. */
  ngPort: number;
  /** First RTP port; the range is sized from MediaServerConfig.maxCalls unless portMax is set. */
  portMin: number;
  portMax?: number;
}

export interface MediaServerConfig {
  instances: RtpengineInstanceConfig[];
  /** Working directory: generated configs, TTS cache, default recordings dir. */
  workDir: string;
  /** Where WAV recordings go (default `${workDir}/recordings`). */
  recordingDir?: string;
  /** Where spoken prompts are cached (default `${workDir}/tts`). */
  ttsCacheDir?: string;
  /** Target concurrent calls per instance, used to size the port range (default 250). */
  maxCalls?: number;
  /** Health-check period in ms (default 1000). */
  healthIntervalMs?: number;
  /** rtpengine binary (default /usr/bin/rtpengine). */
  binary?: string;
  /** How long an rtpengine start may take to answer ping before it is killed and retried (default 10 s). */
  startTimeoutMs?: number;
  /** rtpengine log level 0..7 (default 5). */
  logLevel?: number;
}

export interface LegOptions {
  /** The leg sending this SDP is a browser (ICE + DTLS-SRTP + rtcp-mux). */
  webrtc?: boolean;
  /** Detect DTMF sent as audio tones on this leg (phones without RFC 4733). */
  inbandDtmf?: boolean;
}

export interface OfferOptions extends LegOptions {
  /** The leg that will receive the offer we return is a browser. */
  towardWebrtc?: boolean;
  /** The app will send digits into this call (sendDtmf). Costs about 2× relay CPU, so off by default. */
  injectDtmf?: boolean;
}

export type PromptSource = { file: string } | { text: string; voice?: string };

export interface PlayOptions {
  /** Mute the leg's peer while the prompt plays (so the prompt is not talked over). Default true. */
  muteOther?: boolean;
  /** Loop until stopped (music on hold). */
  loop?: boolean;
}

export interface PromptEnd {
  /** 'completed' at the computed end, 'stopped' by stop(), 'call-ended' when the call went away. */
  reason: 'completed' | 'stopped' | 'call-ended';
  /** Length of one pass of the file, as rtpengine reported it. */
  durationMs: number;
  at: number;
}

export interface PromptHandle {
  readonly durationMs: number;
  /** Resolves at the computed end (start + duration), or when stopped. */
  readonly done: Promise<PromptEnd>;
  stop(): Promise<void>;
}

export type DtmfSource = 'rfc4733' | 'inband' | 'info';

export interface DtmfEvent {
  callId: string;
  /** Tag of the leg that sent the digit. */
  legTag: string;
  digit: string;
  source: DtmfSource;
  /** ms since the epoch when the digit was reported. */
  at: number;
  durationMs?: number;
}

export interface PausedSpan {
  /** Offsets from the start of the recording, in ms. */
  startMs: number;
  endMs: number;
}

/** Everything the app needs for its recordings index row. */
export interface RecordingInfo {
  id: string;
  callId: string;
  /** Two-channel WAV: channel 1 = first leg (caller), channel 2 = second leg (agent). */
  path: string;
  mixedPath?: string;
  channels: 2;
  sampleRate: 8000;
  /** Leg tags in channel order. */
  channelTags: [string, string];
  startedAt: Date;
  durationMs: number;
  pausedSpans: PausedSpan[];
}

export interface RecordingOptions {
  /** Also write a mixed mono WAV next to the two-channel one. */
  mixed?: boolean;
  /** File name stem (default: `<callId>-<time>`). */
  name?: string;
}

export interface ListenInOffer {
  /** Tag of the listener leg; pass it back to listenInAnswer / stopListenIn. */
  listenerTag: string;
  /** sendonly offer for the listener, one m= line per party listened to. */
  sdp: string;
}

export interface InstanceDownEvent {
  instance: string;
  reason: string;
  /** Calls that were on the instance; their media is gone. */
  callIds: string[];
}

/** What one call hears from the media server about itself (MediaServer.subscribe). */
export interface CallMediaHandlers {
  /** A digit from one of the call's legs (RFC 4733, in-band, or SIP INFO the app reported). */
  dtmf?: (event: DtmfEvent) => void;
  /** The rtpengine instance carrying the call died: its media is gone. */
  mediaLost?: (event: InstanceDownEvent) => void;
}

export interface MediaServerEvents {
  dtmf: [DtmfEvent];
  /** A per-call handler threw, or a call's recording could not be closed; other calls are unaffected. */
  'handler-error': [{ callId: string; error: unknown }];
  /** A recording was closed, however it ended (stop, deleteCall, rtpengine death): index it. */
  recording: [RecordingInfo];
  'instance-down': [InstanceDownEvent];
  'instance-up': [{ instance: string }];
}
