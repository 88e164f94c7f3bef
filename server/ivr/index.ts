// Public surface of server/ivr: validate and compile flows, run one per call, and the port
// the media layer is seen through.
export { validateIvrFlow, checkIvrFlow, ivrFlowJsonSchema, type IvrFlow, type FlowNode, type FlowValidation } from './flow-schema.js';
export { IvrSession, CallEndedError, type IvrSessionOptions, type IvrLogger, type PromptResolver } from './ivr-session.js';
export { MediaCallPort } from './media-port.js';
export { systemClock, type Clock } from './clock.js';
export type { CallMedia, PlayingPrompt, PromptSource } from './call-media.js';
export type { IvrOutcome, IvrResult, PathStep } from './ivr.types.js';
export { ivrPathForRecord } from './call-record.js';
export type { Schedule, ScheduleSource } from '../db/schedule-hours.js';
export type { Verb, VerbContext, VerbDefinition, Next } from './verb.js';
export { webhookClient, type HookPoster } from './webhook/webhook-client.js';
export { defaultTargetPolicy, type TargetPolicy } from './webhook/webhook-address.js';
