// Public surface of media/: the MediaServer entity, its types and its typed errors.
export { MediaServer, MediaUnavailableError, UnknownCallError } from './media-server.js';
export type { Recording } from './recorder.js';
export { NgClient, NgCommandError, NgProtocolError, NgTimeoutError } from './ng-client.js';
export { BencodeError } from './bencode.js';
export { PORTS_PER_CALL } from './rtpengine-config.js';
export type * from './types.js';
