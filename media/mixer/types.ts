// Public types of the audio mixer (the Mixer entity lives in mixer.ts). A mix is a gain
// matrix: gains[listener][speaker]; a missing entry is 0 (the listener does not hear him).

export type GainMatrix = Record<string, Record<string, number>>;

export interface MixerOptions {
  /** Frames held before playout starts, absorbing jitter (default 2 = 40 ms). */
  jitterFrames?: number;
  /** Frames a party's buffer may hold; older ones are dropped (default 6). */
  maxBufferFrames?: number;
}

export interface MixerParty {
  id: string;
  /** The mixer's loopback UDP port for this party (PCMU, 20 ms). */
  port: number;
}
