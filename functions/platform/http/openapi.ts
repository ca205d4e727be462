import * as z from 'zod';
import type { RouteSpec } from './route';

/**
 * The OpenAPI 3.1 document, generated from the route table's zod schemas so that it cannot drift
 * from what the handlers validate. Request schemas describe what the client sends (zod "input").
 */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

const problem = {
  description: 'Problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

export function openApiDocument(table: Record<string, RouteSpec>, info: { version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, r] of Object.entries(table)) {
    const parameters = [
      ...Object.entries(r.params?.shape ?? {}).map(([name, s]) => ({ name, in: 'path', required: true, schema: jsonSchema(s as z.ZodType, 'input') })),
      ...Object.entries(r.query?.shape ?? {}).map(([name, s]) => ({
        name,
        in: 'query',
        required: !(s as z.ZodType).safeParse(undefined).success,
        schema: jsonSchema(s as z.ZodType, 'input'),
      })),
      ...(r.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 8, maxLength: 128 } }] : []),
    ];
    const status = String(r.status ?? 200);
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      operationId,
      summary: r.summary,
      tags: [r.context],
      ...(r.roles === 'public' ? { security: [] } : { 'x-roles': r.roles }),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      responses: {
        [status]: { description: 'Success', ...(r.response ? { content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } } : {}) },
        '4XX': problem,
        '5XX': problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'PowerPermit API', version: info.version, description: 'Licensing and supervision platform of the energy regulator.' },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
    paths,
  };
}
