// Routes are declared with their schemas: the registry validates params, query and body
// against them before the handler runs, checks the caller's role, and keeps the
// declarations for the OpenAPI document. A handler returns the JSON body (undefined → 204)
// or writes the response itself (downloads, CSV). Bodies are read only after the caller is
// authenticated, with a small limit (JSON) unless the route declares a larger upload: an
// anonymous client cannot make the server read megabytes to learn it gets a 401.
// A route that changes something declares `audit`: each success is then one entry in the
// audit log (audit-log.ts); test/api/audit/every-change-audited.test.ts fails for a new
// mutating route that neither declares it nor is exempted there.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Role } from '../../db/database.types.js';
import type { Repositories } from '../../db/repositories.js';
import { ApiError, badRequest, forbidden } from './api-error.js';
import { authenticate, type Auth } from './auth.js';
import { audited, type AuditLog, type AuditSpec } from './audit-log.js';
import { s, validate, type Schema } from '../../validation/schema.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Fields = Record<string, unknown>;
type NoFields = Record<string, never>;

export interface RouteSpec<P extends Fields, Q extends Fields, B> {
  method: Method;
  /** Express-style, relative to /api: '/trunks/:id'. */
  path: string;
  tag: string;
  summary: string;
  /** Object schemas (possibly refined): their properties become the documented parameters. */
  params?: Schema<P>;
  query?: Schema<Q>;
  body?: Schema<B>;
  /** Status of success; 201 for creations. */
  status?: number;
  /** What a success returns, for the document. */
  response?: Schema<unknown>;
  /** Content type of a success when it is not JSON. */
  produces?: string;
  /** A binary upload (req.body is a Buffer) of these content types, up to `limit` bytes, read after auth. */
  upload?: { types: string[]; limit: string };
  /** Record each success in the audit log: what it changes and how it looked before and after. */
  audit?: AuditSpec<HandlerInput<P, Q, B> & { auth: Auth }>;
}

/** A public route has no actor to audit. */
type PublicRouteSpec<P extends Fields, Q extends Fields, B> = Omit<RouteSpec<P, Q, B>, 'audit'>;

/** The registry's own view of a spec, once its type parameters no longer matter. */
export interface DeclaredRoute {
  spec: RouteSpec<Fields, Fields, unknown>;
  roles: Role[] | 'public';
}

export interface HandlerInput<P extends Fields, Q extends Fields, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

type Handler<P extends Fields, Q extends Fields, B> = (input: HandlerInput<P, Q, B> & { auth: Auth }) => Promise<unknown>;
type PublicHandler<P extends Fields, Q extends Fields, B> = (input: HandlerInput<P, Q, B>) => Promise<unknown>;

const noFields = s.object({});

/** JSON bodies: a sign-in is tiny; provisioning objects (IVR flows) stay well under 1 MB. */
const publicJson = express.json({ limit: '16kb' });
const signedInJson = express.json({ limit: '1mb' });

function readBody(parser: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => parser(req, res, (err?: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve())));
}

function parse<T>(schema: Schema<T> | undefined, value: unknown, where: string, coerce: boolean): T {
  const result = validate<unknown>(schema ?? noFields, value ?? {}, { coerce });
  if (!result.ok) throw badRequest(result.issues.map((i) => ({ path: i.path ? `${where}.${i.path}` : where, message: i.message })));
  return result.value as T;
}

export class RouteRegistry {
  readonly router: Router = express.Router();
  readonly routes: DeclaredRoute[] = [];

  constructor(private readonly repos: Repositories, private readonly audit: AuditLog) {}

  /** A route for signed-in callers whose role is listed. */
  add<P extends Fields = NoFields, Q extends Fields = NoFields, B = undefined>(roles: Role[], spec: RouteSpec<P, Q, B>, handler: Handler<P, Q, B>): void {
    const run = spec.audit ? audited(this.audit, spec.method, spec.audit, handler) : handler;
    this.mount(roles, spec, async (req) => {
      const auth = await authenticate(req, this.repos);
      if (!roles.includes(auth.user.role)) throw forbidden();
      return auth;
    }, run);
  }

  /** A route anyone may call (health, login, the document). */
  addPublic<P extends Fields = NoFields, Q extends Fields = NoFields, B = undefined>(spec: PublicRouteSpec<P, Q, B>, handler: PublicHandler<P, Q, B>): void {
    this.mount('public', spec, async () => undefined, handler);
  }

  private mount<P extends Fields, Q extends Fields, B, A>(roles: Role[] | 'public', spec: RouteSpec<P, Q, B>, guard: (req: Request) => Promise<A>, handler: (input: HandlerInput<P, Q, B> & { auth: A }) => Promise<unknown>): void {
    this.routes.push({ spec: spec as unknown as RouteSpec<Fields, Fields, unknown>, roles });
    const parser = spec.upload ? express.raw({ type: spec.upload.types, limit: spec.upload.limit }) : roles === 'public' ? publicJson : signedInJson;
    this.router[spec.method](spec.path, async (req: Request, res: Response) => {
      // The guard runs first so that an anonymous caller learns nothing from validation,
      // and before the body is read so that it costs nothing either.
      const auth = await guard(req);
      await readBody(parser, req, res);
      if (spec.body && !req.is('application/json')) throw new ApiError(415, 'send the body as JSON (Content-Type: application/json)');
      const result = await handler({
        params: parse(spec.params, req.params, 'params', true),
        query: parse(spec.query, req.query, 'query', true),
        body: spec.body ? parse(spec.body, req.body, 'body', false) : (undefined as B),
        req,
        res,
        auth,
      });
      if (res.headersSent) return;
      if (result === undefined) res.status(204).end();
      else res.status(spec.status ?? 200).json(result);
    });
  }
}
