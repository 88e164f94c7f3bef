// What the phone tells the UI: registration status and the one call an agent handles at a time.

export type RegistrationStatus = 'connecting' | 'registered' | 'unregistered' | 'failed';

export type CallStatus = 'ringing' | 'dialing' | 'answering' | 'active' | 'ended';

export interface CallView {
  status: CallStatus;
  /** The center's id of the call (X-Switchboard-Call of an offer): what transfer and consult act on; null for calls the agent dialled. */
  callId: string | null;
  /**
   * A supervisor's monitoring of a call (the center marks the INVITE X-Switchboard-Monitor; the
   * console's Live calls asked for it): answered at once, and not the agent's call — no
   * desk, wrap-up, transfer or hold, so callId is null.
   */
  monitor: boolean;
  /** Caller's number (user part of the From URI), or what the agent dialled. */
  number: string;
  /** Contact name: X-Contact-Name header, else the From display name; null when unknown. */
  name: string | null;
  muted: boolean;
  held: boolean;
  /** No audio has arrived for NO_AUDIO_MS while the call is up and not held (media health). */
  noAudio?: boolean;
  /**
   * The media path is being renegotiated with an ICE restart (after a network change, a
   * failed ICE connection, or the signalling connection came back during the call).
   */
  reconnecting?: boolean;
  /** When the call was answered (Date.now()), for the call timer. */
  answeredAt?: number;
  /** Why the call ended, when status is 'ended'. */
  endReason?: string;
}

export interface PhoneListener {
  registration(status: RegistrationStatus, detail?: string): void;
  call(view: CallView | null): void;
  /** The remote party's audio, once the call is up. */
  remoteStream(stream: MediaStream): void;
}
