// Public surface of media/: the MediaServer entity, its types and its typed errors.
//
//   const media = new MediaServer({ instances: [{ name, interfaces, ngPort, portMin }], workDir });
//   await media.start();                      // writes configs, starts and supervises rtpengine
//   anchorOffer / anchorAnswer                // a leg's SDP in, the SDP for the other side out
//   anchorIvr → offerToAgent → bridge         // caller anchored before an agent exists
//   playPrompt / startMusicOnHold / say       // handle.done resolves at the computed end
//   subscribe(callId, { dtmf, mediaLost })    // one call's own notifications, dispatched by call id
//   on('dtmf')                                // {callId, legTag, digit, source, at}, every call (observers)
//   sendDtmf / reportInfoDigit                // injected digits are never reported as a party's
//   startRecording → pause/resume/stop        // stop() → RecordingInfo for the index row
//   listenIn → listenInAnswer → stopListenIn  // supervisor hears both parties
//   on('instance-down')                       // {instance, reason, callIds}: end those calls
//   deleteCall, stop
//
//   joinMixer(callId, legTag, sdp, mixer, id)  // the party's leg meets the Node mixer (media/mixer)
//
// Conference, consult, whisper and barge are gain matrices of one Mixer (media/mixer/matrices.ts).
export { HoldMedia, type HoldListener } from './hold-media.js';
export { MediaServer, MediaStateError, MediaUnavailableError, UnknownCallError } from './media-server.js';
export type { Recording } from './recorder.js';
export { NgClient, NgCommandError, NgProtocolError, NgTimeoutError } from './ng-client.js';
export { BencodeError } from './bencode.js';
export { PORTS_PER_CALL } from './rtpengine-config.js';
export type * from './types.js';
export { MEDIA_ENCRYPTIONS, offersEncryption, cryptoOf, describeCrypto, isEncrypted } from './srtp-profile.js';
export type { MediaEncryption, PhoneCrypto } from './srtp-profile.js';
export { Mixer } from './mixer/mixer.js';
export * as mixes from './mixer/matrices.js';
export type * from './mixer/types.js';
export { AudioFormatError, convertPromptAudio, sniffUploadFormat, type UploadFormat } from './prompt-audio.js';
export { TtsCache, UnknownVoiceError, checkVoice, listVoices } from './tts.js';
