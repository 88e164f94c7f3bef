// /api/trunks — carriers. An IP-auth trunk needs the addresses it calls from; a registration
// trunk needs its registrar, username and password (server/sip/trunks registers it); outbound_uri,
// outbound_proxy and default_caller_id (one of the center's numbers) serve outbound calls
// (server/sip/outbound). Reads carry the live `registration` (state at the carrier) and
// `health` (OPTIONS up/down) of the trunk. Settings not built yet are refused (not-available.ts). The register password is
// write-only: reads say only whether one is set.
import type { ApiContext } from '../api-context.js';
import { ApiError, badRequest } from '../http/api-error.js';
import { crudRoutes, idParams } from '../http/crud-routes.js';
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
  media_encryption: s.enum(['optional', 'required'] as const).optional()
    .describe("'optional' (default): calls are answered with SRTP when they offer it (SDES or opportunistic), plain RTP otherwise; 'required': offers without SRTP get 488"),
  default_caller_id: e164().nullable().optional().describe('caller id of outbound calls on this trunk; one of the center\'s numbers'),
  outbound_uri: s.string({ pattern: /^(sips?:)?[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?(;transport=(udp|tcp|tls))?$/i, patternMessage: 'must be sip:host[:port][;transport=udp|tcp|tls]' }).nullable().optional().describe('where outbound INVITEs go; without it the trunk takes no outbound calls'),
  enabled: s.boolean().optional(),
});

const isoTime = () => s.string().describe('ISO 8601 time');
const registrationView = s.object({
  state: s.enum(['unregistered', 'registering', 'registered', 'refreshing', 'failed', 'unregistering'] as const),
  last_status: s.integer().nullable().describe('SIP status of the last final answer; null for a timeout or a send failure'),
  last_reason: s.string().nullable(),
  expires_at: isoTime().nullable().describe('when the binding at the carrier ends'),
  next_attempt_at: isoTime().nullable().describe('when the next REGISTER (refresh or retry) goes out'),
  failures: s.integer().describe('failures in a row since the last success'),
  requested_expires: s.integer().describe('seconds asked for: register_expiry_seconds, raised by a 423 Min-Expires'),
  contact_user: s.string().describe('user part of our registered Contact, where the carrier sends calls'),
  changed_at: isoTime(),
}).nullable().describe('live registration at the carrier; null for a trunk that does not register (or is disabled)');
const healthView = s.object({
  status: s.enum(['up', 'down'] as const),
  target: s.string().describe('where the OPTIONS go: the registrar, or an IP trunk\'s outbound proxy'),
  last_reason: s.string(),
  changed_at: isoTime(),
  checked_at: isoTime(),
}).nullable().describe('OPTIONS health; null when the trunk has no signalling address to ping (counts as up) or is not checked yet');

const trunkView = rowView(trunkInput, ['register_password'], { has_register_password: s.boolean(), registration: registrationView, health: healthView });

const registerFields = ['register_host', 'register_port', 'register_transport', 'register_username', 'register_password', 'register_realm', 'register_expiry_seconds'] as const;
type RegisterField = (typeof registerFields)[number];
type TrunkFields = Partial<Pick<Row<'trunks'>, 'auth_type' | 'allowed_cidrs' | RegisterField>>;

/** The rules that span fields, applied to the trunk as it will be after the write. */
function trunkIssues(t: TrunkFields): Issue[] {
  const given = (f: RegisterField) => t[f] !== null && t[f] !== undefined;
  if (t.auth_type === 'ip') {
    // Set on an IP trunk they would do nothing, so they are refused rather than kept.
    const stray = registerFields.filter(given).map((f) => ({ path: `body.${f}`, message: 'is only for auth_type "registration"' }));
    return t.allowed_cidrs?.length ? stray : [{ path: 'body.allowed_cidrs', message: 'an IP-auth trunk needs at least one address' }, ...stray];
  }
  return (['register_host', 'register_username', 'register_password'] as const)
    .filter((f) => !given(f))
    .map((f) => ({ path: `body.${f}`, message: 'a registration trunk needs it' }));
}

export function trunksRoutes({ routes, repos, trunkStatus, trunkTestCall }: ApiContext): void {
  const show = ({ register_password, ...trunk }: Row<'trunks'>) => ({
    ...trunk,
    has_register_password: register_password !== null,
    registration: trunkStatus?.registration(trunk.id) ?? null,
    health: trunkStatus?.health(trunk.id) ?? null,
  });
  crudRoutes(routes, {
    path: '/trunks', tag: 'trunks', noun: 'trunk',
    list: { search: ['name', 'register_host', 'register_username'], sort: ['name', 'auth_type', 'max_channels', 'enabled', 'updated_at'] },
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
  routes.add(['admin'], {
    method: 'post', path: '/trunks/:id/test-call', tag: 'trunks',
    summary: 'Call a number through this trunk: on answer it hears a spoken test line and is hung up; the reply is the SIP outcome',
    params: idParams, body: testCallInput, response: testCallView,
    // Not a change of configuration, but a call the center pays for: on record.
    audit: { resource: 'trunk', action: 'test-call' },
  }, async ({ params, body }) => {
    if (!trunkTestCall) throw new ApiError(503, 'test calls are not available (no call center in this process)');
    const outcome = await trunkTestCall(params.id, body.to);
    if ('refused' in outcome) {
      const { status, message, field } = outcome.refused;
      if (status === 400 && field) throw badRequest([{ path: `body.${field}`, message }]);
      throw new ApiError(status, message, field ? [{ path: `body.${field}`, message }] : undefined);
    }
    const r = outcome.result;
    return { outcome: r.outcome, status: r.status, reason: r.reason, to: r.to, caller_id: r.callerId, ringing_ms: r.ringingMs, answered_ms: r.answeredMs };
  });
}

const testCallInput = s.object({ to: s.string({ minLength: 3, maxLength: 40 }).describe('the number to call, E.164 or as dialled in the dial plan') });
const testCallView = s.object({
  outcome: s.enum(['answered', 'failed'] as const),
  status: s.integer().describe('the final SIP status; 408 when nothing answered in 30 s'),
  reason: s.string(), to: s.string(), caller_id: s.string(),
  ringing_ms: s.integer().nullable(), answered_ms: s.integer().nullable(),
});
