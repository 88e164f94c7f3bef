// The OpenAPI 3.1 document, built from the declared routes and their schemas: the same
// objects that validate requests describe them here.
import type { JsonSchema } from '../../validation/schema.js';
import type { DeclaredRoute } from './route-registry.js';
import { auditAction } from './audit-log.js';

const errorBody: JsonSchema = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] } },
  },
  required: ['error'],
};

function parameters(where: 'path' | 'query', schema: JsonSchema | undefined): JsonSchema[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}

function operation({ spec, roles }: DeclaredRoute): JsonSchema {
  const status = String(spec.status ?? (spec.method === 'delete' ? 204 : 200));
  const success = spec.produces
    ? { description: 'success', content: { [spec.produces]: {} } }
    : spec.response
      ? { description: 'success', content: { 'application/json': { schema: spec.response.jsonSchema() } } }
      : { description: 'success' };
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  return {
    tags: [spec.tag],
    summary: spec.summary,
    ...(roles === 'public' ? { security: [] } : { description: `Roles: ${roles.join(', ')}` }),
    // Each success of an audited operation is an entry of GET /api/audit with this resource and action.
    ...(spec.audit ? { 'x-audit': { resource: spec.audit.resource, action: auditAction(spec.method, spec.audit) } } : {}),
    parameters: [...parameters('path', spec.params?.jsonSchema()), ...parameters('query', spec.query?.jsonSchema())],
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body.jsonSchema() } } } } : {}),
    responses: {
      [status]: success,
      400: error('invalid input; details name each field'),
      ...(roles === 'public' ? {} : { 401: error('no valid token'), 403: error('role not allowed') }),
      ...(spec.params ? { 404: error('not found') } : {}),
      ...(spec.method === 'post' || spec.method === 'patch' || spec.method === 'put' ? { 409: error('conflicts with an existing record') } : {}),
    },
  };
}

export function openApiDocument(routes: DeclaredRoute[], info: { title: string; version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = `/api${route.spec.path.replace(/:(\w+)/g, '{$1}')}`;
    (paths[path] ??= {})[route.spec.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Error: errorBody },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
  };
}
