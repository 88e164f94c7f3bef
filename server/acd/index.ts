// The ACD's public face for server/sip and server/api:
//   const acd = new AcdService({ store: createAcdStore(repos) }); await acd.load();
//   acd.on('offer', ({ callId, agentId }) => ring the agent; then acd.answered(...) / acd.noAnswer(...))
//   acd.on('offer-cancelled', …) stop ringing; acd.on('overflow', …) route the caller on;
//   acd.on('announce', …) play the queue's announcement (position, wait) to a waiting caller
//   acd.enqueue({ callId, queueId, callerNumber }) → { status: 'queued', position } | overflow
//   acd.callerHungUp(callId) / acd.agentHungUp(callId); acd.agentLogin/Logout/Ready/NotReady(agentId)
//   acd.directCall(callId, agentId) when an agent takes a call the ACD did not route (then the same hangups)
//   acd.snapshot() for the wallboard
//   reloadOnProvisioningChange(feed, acd, logger): API changes reach the running ACD (server/db ChangeFeed)
export { AcdService, type AcdServiceOptions } from './acd-service.js';
export type * from './acd-service.types.js';
export { createAcdStore } from './acd-store.js';
export { reloadOnProvisioningChange, acdTables, type ProvisioningReload } from './provisioning-reload.js';
export type * from './acd-store.types.js';
export { AcdError, IllegalTransitionError, type AcdErrorCode } from './acd-errors.js';
export type * from './agent-state.types.js';
export { transition, acceptedEvents } from './agent-state-machine.js';
export type { AgentTransition } from './agent.js';
export { systemClock, type Clock, type TimerHandle } from './clock.js';
export type { PrioritySources } from './priority.js';
