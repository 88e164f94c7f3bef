// /api/agents — agents, their extension, SIP account and skills (proficiency 1-5, for skills routing). The SIP password is
// write-only and becomes HA1s in the repository; a new SIP username needs the password
// again because the HA1 covers the username.
import type { ApiContext } from '../api-context.js';
import { badRequest } from '../http/api-error.js';
import { refuseIfReferenced } from '../http/references.js';
import { agentUnavailable, refuseUnavailable } from '../http/not-available.js';
import { crudRoutes } from '../http/crud-routes.js';
import { rowView } from '../http/record-fields.js';
import type { Row } from '../../db/database.types.js';
import { e164, extension, name, password, sipUser, skills, uuid } from '../validation/fields.js';
import { checkOwnedNumber } from '../http/owned-number.js';
import { s } from '../../validation/schema.js';
import { MEDIA_ENCRYPTIONS } from '../../../media/index.js';

export const agentInput = s.object({
  name: name(),
  user_id: uuid().nullable().optional().describe('the user account that signs in as this agent'),
  extension: extension(),
  sip_username: sipUser(),
  sip_password: password(),
  skills: skills().optional().describe('proficiency 1-5 per skill; queues and IVR choices route by them in timed steps'),
  wrap_up_seconds: s.integer({ min: 0, max: 3600 }).optional(),
  max_concurrent_calls: s.integer({ min: 1, max: 10 }).optional().describe('not available yet: only 1 is accepted'),
  media_encryption: s.enum(MEDIA_ENCRYPTIONS).optional()
    .describe("what the agent's desk phone is offered: 'none' plain RTP/AVP (default), 'optional' RTP/AVP with a=crypto (SRTP if the phone takes it), 'required' RTP/SAVP (SDES-SRTP only); a browser always gets DTLS-SRTP"),
  outbound_classes: s.array(s.enum(['internal', 'national', 'international', 'premium'] as const), { maxItems: 4 }).optional().describe('destination classes the agent may call (default internal, national)'),
  outbound_caller_id: e164().nullable().optional().describe('caller id of the agent\'s outbound calls (before the trunk\'s); one of the center\'s numbers'),
  outbound_max_concurrent: s.integer({ min: 0, max: 1000 }).nullable().optional(),
  outbound_max_per_hour: s.integer({ min: 0, max: 100000 }).nullable().optional(),
});

export const agentView = rowView(agentInput, ['sip_password'], { sip_realm: s.string() });

export function showAgent({ sip_ha1_md5: _md5, sip_ha1_sha256: _sha, ...agent }: Row<'agents'>) {
  return agent;
}

export function agentsRoutes({ routes, repos }: ApiContext): void {
  crudRoutes(routes, {
    path: '/agents', tag: 'agents', noun: 'agent',
    list: { search: ['name', 'extension', 'sip_username'], sort: ['name', 'extension', 'sip_username', 'updated_at'] },
    create: agentInput, patch: agentInput.partial(), view: agentView, show: showAgent,
    repo: repos.agents, read: ['admin', 'supervisor'], write: ['admin'],
    checkDelete: async (id) => refuseIfReferenced(repos, 'agent', await repos.agents.get(id)),
    async check(input, existing) {
      refuseUnavailable(agentUnavailable(input));
      await checkOwnedNumber(repos, input.outbound_caller_id, 'body.outbound_caller_id');
      if (existing && input.sip_username !== undefined && input.sip_username !== existing.sip_username && input.sip_password === undefined) {
        throw badRequest([{ path: 'body.sip_password', message: 'is required when sip_username changes' }]);
      }
      if (input.user_id) {
        const user = await repos.users.get(input.user_id);
        if (!user) throw badRequest([{ path: 'body.user_id', message: 'no such user' }]);
      }
    },
  });
}
