// Agents who vanish are not offered calls (issue 9 point 6): when the registrar says an
// agent's last registration went (un-REGISTER, expiry, dead connection), the ACD logs the
// agent out with reason `unregistered`. A ringing offer ends with that logout and the call
// moves to the next agent. An agent on a call can not be logged out mid-call (the state
// machine has no such transition); the logout is applied as soon as the call is over, if the
// agent has not registered again by then.
import type { Logger } from 'pino';
import type { AcdService } from '../acd/acd-service.js';
import { systemReasons } from '../acd/agent-state.types.js';
import type { Repositories } from '../db/index.js';
import type { Registrar } from './registrar.types.js';

export interface AgentPresenceDeps {
  registrar: Pick<Registrar, 'events' | 'aorOf'>;
  repos: Pick<Repositories, 'agents' | 'registrations'>;
  acd: Pick<AcdService, 'agentState' | 'agentLogout' | 'on' | 'off'>;
  logger: Logger;
}

export function linkAgentPresence({ registrar, repos, acd, logger }: AgentPresenceDeps): { close(): void } {
  /** Agents whose phones went while they were on a call: agent id → SIP username. */
  const afterCall = new Map<string, string>();

  async function logOut(agentId: string, username: string): Promise<void> {
    const status = acd.agentState(agentId).status;
    if (status === 'logged-out') return;
    if (status === 'on-call') {
      afterCall.set(agentId, username);
      return;
    }
    await acd.agentLogout(agentId, systemReasons.unregistered);
    logger.info({ agentId, username, from: status }, 'agent logged out: no phone registered');
  }

  async function onGone(username: string): Promise<void> {
    const agent = await repos.agents.findBySipUsername(username);
    if (agent) await logOut(agent.agentId, username);
  }

  function onBindingsGone({ username }: { username: string }): void {
    onGone(username).catch((err: unknown) => logger.error({ err: String(err), username }, 'logging out an unregistered agent failed'));
  }

  function onAgentState({ agentId, to }: { agentId: string; to: { status: string } }): void {
    const username = afterCall.get(agentId);
    if (username === undefined || to.status === 'on-call') return;
    afterCall.delete(agentId);
    void (async () => {
      if ((await repos.registrations.current(registrar.aorOf(username))).length > 0) return;
      await logOut(agentId, username);
    })().catch((err: unknown) => logger.error({ err: String(err), agentId }, 'logging out an unregistered agent after the call failed'));
  }

  registrar.events.on('bindings-gone', onBindingsGone);
  acd.on('agent-state', onAgentState);
  return {
    close() {
      registrar.events.off('bindings-gone', onBindingsGone);
      acd.off('agent-state', onAgentState);
    },
  };
}
