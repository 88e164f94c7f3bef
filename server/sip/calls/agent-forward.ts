// A 3xx from an agent's phone (call forwarding set on the phone). The Contact is followed only
// when it names one of the center's own agents, by SIP username or extension, at our realm or
// at an address (a phone forwarding to "the PBX" writes its IP): that agent's registered
// phones are rung, never the URI itself. Anything else (a mobile number, another domain) is
// the agent declining this call — no open relay through a phone's forwarding setting.
import type { Repositories } from '../../db/index.js';

export interface ForwardTarget {
  agentId: string;
  username: string;
}

/** The agent a 3xx Contact names, or null (not ours: treat as the agent declining). */
export async function forwardTarget(repos: Repositories, realm: string, contact: string | undefined): Promise<ForwardTarget | null> {
  const m = /^sips?:([^@;?]+)@([^;?>:]+|\[[^\]]+\])/i.exec(contact ?? '');
  if (!m?.[1] || !m[2]) return null;
  const user = decodeURIComponent(m[1]);
  const host = m[2].toLowerCase();
  const ours = host === realm.toLowerCase() || host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
  if (!ours) return null;
  const byName = await repos.agents.findBySipUsername(user);
  if (byName) return { agentId: byName.agentId, username: byName.username };
  const byExtension = await repos.agents.findByExtension(user);
  return byExtension ? { agentId: byExtension.id, username: byExtension.sip_username } : null;
}
