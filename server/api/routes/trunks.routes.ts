// /api/trunks — carriers. An IP-auth trunk needs the addresses it calls from; outbound_uri,
// outbound_proxy and default_caller_id (one of the center's numbers) serve outbound calls.
// Registration trunks and codec choice are in the schema (and the table) but refused until
// they are built (not-available.ts). The register password is
// write-only: reads say only whether one is set.
import type { ApiContext } from '../api-context.js';
import { badRequest } from '../http/api-error.js';
import { crudRoutes } from '../http/crud-routes.js';
import { refuseIfReferenced } from '../http/references.js';
import { refuseUnavailable, trunkUnavailable } from '../http/not-available.js';
import { rowView } from '../http/record-fields.js';
import type { Row } from '../../db/database.types.js';
import { cidr, e164, hostName, name } from '../validation/fields.js';
import { checkOwnedNumber } from '../http/owned-number.js';
import { s, type Issue } from '../../validation/schema.js';

const trunkInput = s.object({
  name: name(),
  auth_type: s.enum(['ip', 'registration'] as const),
  allowed_cidrs: s.array(cidr(), { maxItems: 100 }).optional(),
  register_host: hostName().nullable().optional(),
  register_port: s.integer({ min: 1, max: 65535 }).nullable().optional(),
  register_transport: s.enum(['udp', 'tcp', 'tls'] as const).nullable().optional(),
  register_username: s.string({ minLength: 1, maxLength: 128 }).nullable().optional(),
  register_password: s.string({ minLength: 1, maxLength: 200 }).nullable().optional().describe('write-only; never returned'),
  register_realm: s.string({ minLength: 1, maxLength: 200 }).nullable().optional(),
  register_expiry_seconds: s.integer({ min: 60, max: 86400 }).nullable().optional(),
  outbound_proxy: hostName().nullable().optional(),
  codecs: s.array(s.enum(['PCMU', 'PCMA', 'G722', 'opus', 'telephone-event'] as const), { minItems: 1, maxItems: 10 }).optional(),
  max_channels: s.integer({ min: 1, max: 100000 }).nullable().optional().describe('concurrent inbound calls; more get 503 with Retry-After'),
  max_cps: s.integer({ min: 1, max: 10000 }).nullable().optional().describe('new inbound calls per second; more get 503 with Retry-After'),
  default_caller_id: e164().nullable().optional().describe('caller id of outbound calls on this trunk; one of the center\'s numbers'),
  outbound_uri: s.string({ pattern: /^(sips?:)?[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?(;transport=(udp|tcp|tls))?$/i, patternMessage: 'must be sip:host[:port][;transport=udp|tcp|tls]' }).nullable().optional().describe('where outbound INVITEs go; without it the trunk takes no outbound calls'),
  enabled: s.boolean().optional(),
});

const trunkView = rowView(trunkInput, ['register_password'], { has_register_password: s.boolean() });

function show({ register_password, ...trunk }: Row<'trunks'>) {
  return { ...trunk, has_register_password: register_password !== null };
}

type TrunkFields = Partial<Pick<Row<'trunks'>, 'auth_type' | 'allowed_cidrs'>>;

/** The rules that span fields, applied to the trunk as it will be after the write. */
function trunkIssues(t: TrunkFields): Issue[] {
  return t.auth_type === 'ip' && !t.allowed_cidrs?.length ? [{ path: 'body.allowed_cidrs', message: 'an IP-auth trunk needs at least one address' }] : [];
}

export function trunksRoutes({ routes, repos }: ApiContext): void {
  crudRoutes(routes, {
    path: '/trunks', tag: 'trunks', noun: 'trunk',
    create: trunkInput, patch: trunkInput.partial(), view: trunkView, show,
    repo: repos.trunks, read: ['admin'], write: ['admin'],
    checkDelete: async (id) => refuseIfReferenced(repos, 'trunk', await repos.trunks.get(id)),
    async check(input, existing) {
      refuseUnavailable(trunkUnavailable(input));
      await checkOwnedNumber(repos, input.default_caller_id, 'body.default_caller_id');
      const issues = trunkIssues({ ...existing, ...input });
      if (issues.length) throw badRequest(issues);
    },
  });
}
