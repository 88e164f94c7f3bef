// The audit log (issue 14): every change made through the API is one entry — who (the
// token's user), when, what (action, resource type and id, route), from which address, and
// the resource before and after as the API shows it. Routes declare `audit` on their spec
// (route-registry.ts) and the registry records each success; anything else that must leave
// a trace (a supervisor listening in, a recording downloaded) calls `AuditLog.record`.
//
// Secrets never reach an entry: before/after are API views, which already leave secrets out,
// and `redactSecrets` then drops every key that names one (password, secret, token, hash, …;
// a boolean such as has_register_password stays) as a second guard.
//
// Not one transaction with the change: the repositories are bound to the shared database
// handle, and several changes act outside the database (webhook workers, prompt files, SIP
// bans), so there is nothing to roll back them with. The entry is written after the change
// succeeded and before the answer goes out; if that write fails it is logged at error (route,
// actor, resource) and the request still answers its success — the change did happen, and a
// 500 would make the client retry it.
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { AuditLogRepository } from '../../db/audit-log.repository.js';
import type { Role } from '../../db/database.types.js';
import type { Auth } from './auth.js';

export interface AuditActor { id: string; username: string; role: Role }

export interface AuditEntry {
  /** null: the server itself. */
  actor: AuditActor | null;
  /** create, update, delete, or a verb (revoke, lift, member.add, monitor.listen, …). */
  action: string;
  /** 'trunk', 'queue', … */
  resource: string;
  resourceId?: string | null;
  /** 'PATCH /api/trunks/:id' */
  route?: string | null;
  address?: string | null;
  /** Names of the fields the request set, never their values. */
  changed?: string[] | null;
  before?: unknown;
  after?: unknown;
}

/** Keys whose values are secrets, wherever they appear. */
const secretKey = /passw|secret|token|private|ha1|hash|credential|api_?key|signature|cookie|authorization/i;

/** A JSON copy of `value` without any key that names a secret (booleans, which cannot hold one, stay). */
export function redactSecrets(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).filter(([k, x]) => typeof x === 'boolean' || !secretKey.test(k)).map(([k, x]) => [k, strip(x)]));
  };
  const plain: unknown = JSON.parse(JSON.stringify(value));
  const clean = strip(plain);
  // The columns are jsonb objects; a bare value is wrapped so that it stays JSON.
  return clean !== null && typeof clean === 'object' ? clean : { value: clean };
}

/** Who made this request and from where, for an entry. The address is req.ip: the socket's unless the app trusts a proxy. */
export function requestOrigin(req: Request, auth: Pick<Auth, 'user'>): Pick<AuditEntry, 'actor' | 'route' | 'address'> {
  const template = (req.route as { path?: unknown } | undefined)?.path;
  return {
    actor: { id: auth.user.id, username: auth.user.username, role: auth.user.role },
    route: `${req.method} ${req.baseUrl}${typeof template === 'string' ? template : req.path}`,
    address: req.ip ?? req.socket.remoteAddress ?? null,
  };
}

export class AuditLog {
  constructor(private readonly repo: Pick<AuditLogRepository, 'append'>, private readonly logger: Logger) {}

  /** Writes one entry; never throws (a failure is logged at error). */
  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.repo.append({
        actor_id: entry.actor?.id ?? null, actor_username: entry.actor?.username ?? null, actor_role: entry.actor?.role ?? null,
        action: entry.action, resource_type: entry.resource, resource_id: entry.resourceId ?? null,
        route: entry.route ?? null, address: entry.address ?? null, changed: entry.changed ?? null,
        before: redactSecrets(entry.before), after: redactSecrets(entry.after),
      });
    } catch (err) {
      this.logger.error({
        err, audit: { route: entry.route, actor: entry.actor?.username ?? null, action: entry.action, resource: entry.resource, resourceId: entry.resourceId ?? null },
      }, 'audit entry not written');
    }
  }
}

/** What a route's spec says about its audit entry; the registry fills in the rest. */
export interface AuditSpec<I> {
  resource: string;
  /** Default from the method: POST create, PUT/PATCH update, DELETE delete, GET read. */
  action?: string;
  /** The resource before the change, as the API shows it; read before the handler runs, kept only if it succeeds. */
  before?: (input: I) => Promise<unknown>;
  /** The resource after it; default the handler's answer (nothing for a DELETE). */
  after?: (input: I, result: unknown) => unknown;
  /** Default params.id, else the answer's id. */
  id?: (input: I, result: unknown) => string | null;
}

/** `value` without these keys: an answer that shows a secret once (a new token, a webhook's key) is audited without it. */
export function omitKeys(value: unknown, ...keys: string[]): unknown {
  return isPlainObject(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))) : value;
}

const defaultActions: Record<string, string> = { post: 'create', put: 'update', patch: 'update', delete: 'delete', get: 'read' };

/** The action a route's entries name: its spec's, or the method's. */
export function auditAction(method: string, spec: Pick<AuditSpec<never>, 'action'>): string {
  return spec.action ?? defaultActions[method] ?? method;
}

function idOf(value: unknown): string | null {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** A handler that runs `handler` and records its success as `spec` says. */
export function audited<I extends { params: unknown; body: unknown; req: Request; auth: Pick<Auth, 'user'> }>(
  log: AuditLog, method: string, spec: AuditSpec<I>, handler: (input: I) => Promise<unknown>,
): (input: I) => Promise<unknown> {
  return async (input) => {
    const before = spec.before ? await spec.before(input) : null;
    const result = await handler(input);
    await log.record({
      ...requestOrigin(input.req, input.auth),
      action: auditAction(method, spec),
      resource: spec.resource,
      resourceId: spec.id ? spec.id(input, result) : idOf(input.params) ?? idOf(result),
      changed: isPlainObject(input.body) ? Object.keys(input.body) : null,
      before,
      after: spec.after ? await spec.after(input, result) : method === 'delete' ? null : result,
    });
    return result;
  };
}
