// Errors a route throws on purpose, and the mapping of database errors that are the
// client's fault (duplicate, missing reference, bad value) to 4xx, so that bad input never
// surfaces as a 500. Body: { error, code?, details? } with details = [{ path, message }] and
// code a stable machine-readable name where the error text is meant for people (agents).
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Issue } from '../../validation/schema.js';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly details?: Issue[], readonly code?: string) {
    super(message);
  }
}

export const badRequest = (details: Issue[], message = 'invalid request') => new ApiError(400, message, details);
export const unauthorized = () => new ApiError(401, 'authentication required: send Authorization: Bearer <token>');
export const forbidden = (message = 'your role may not do this') => new ApiError(403, message);
export const notFound = (what: string) => new ApiError(404, `${what} not found`);
export const conflict = (message: string, details?: Issue[]) => new ApiError(409, message, details);

interface DatabaseError { code: string; constraint?: string; table?: string; column?: string }

function isDatabaseError(err: unknown): err is DatabaseError {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((err as { code: string }).code);
}

/** numbers_e164_key → e164; agents_user_id_fkey → user_id. Constraints are on body fields. */
function fieldOf(err: DatabaseError): string {
  const constraint = err.constraint ?? '';
  const withoutTable = err.table && constraint.startsWith(`${err.table}_`) ? constraint.slice(err.table.length + 1) : constraint;
  return withoutTable.replace(/_(key|fkey|check|pkey)$/, '');
}

function fromDatabase(err: DatabaseError): ApiError | undefined {
  const field = fieldOf(err);
  switch (err.code) {
    case '23505': return field === '' || field === 'pkey'
      ? conflict('already exists')
      : conflict(`${field} is already in use`, [{ path: `body.${field}`, message: 'is already in use' }]);
    case '23503': return new ApiError(400, 'refers to something that does not exist', [{ path: `body.${field}`, message: 'refers to something that does not exist' }]);
    case '23514': return new ApiError(400, 'invalid value', [{ path: `body.${field}`, message: 'is not allowed' }]);
    case '23502': return new ApiError(400, 'a required value is missing', [{ path: `body.${err.column ?? field}`, message: 'is required' }]);
    // Malformed, out-of-range or unstorable values (bad number text, NUL in text or JSON).
    case '22P02': case '22007': case '22008': case '22003': case '22021': case '22P05': case '22001': return new ApiError(400, 'invalid value');
    default: return undefined;
  }
}

/** body-parser marks its own errors with a status and a type. */
function fromBodyParser(err: unknown): ApiError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, type } = err as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || typeof type !== 'string' || status < 400 || status >= 500) return undefined;
  if (type === 'entity.parse.failed') return new ApiError(400, 'request body is not valid JSON');
  if (type === 'entity.too.large') return new ApiError(413, 'request body is too large');
  return new ApiError(status, 'unreadable request body');
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = err instanceof ApiError ? err : fromBodyParser(err) ?? (isDatabaseError(err) ? fromDatabase(err) : undefined);
    // Refused before its body was read (401, 413): close rather than drain what is still coming.
    if (!req.complete) res.set('Connection', 'close');
    if (known) {
      res.status(known.status).json({ error: known.message, ...(known.code ? { code: known.code } : {}), ...(known.details ? { details: known.details } : {}) });
      return;
    }
    // Only message, code and stack: a database error's detail quotes the failing row, secrets included.
    const error = err instanceof Error ? { message: err.message, code: (err as { code?: unknown }).code, stack: err.stack } : { message: String(err) };
    logger.error({ error, method: req.method, path: req.baseUrl + req.path }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  };
}
