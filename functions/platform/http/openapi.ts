import * as z from 'zod';
import * as responses from '../../responses';
import type { RouteSpec } from './route';

/**
 * The OpenAPI 3.1 document, generated from the route table's zod schemas so that it cannot drift
 * from what the handlers validate and answer. Every request body and every answer is a reusable
 * component: the named schemas of functions/responses.ts by their names, a route's own by its
 * operation (`RegisterEnterpriseRequest`). Requests describe what the client sends (zod "input"),
 * answers what it receives ("output"). `npm test` lints the document with Redocly.
 */
const COMPONENTS = '#/components/schemas/';
/**
 * zod's plain objects strip unknown keys rather than refuse them, so the document does not claim
 * `additionalProperties: false` for them (zod writes it for outputs); strict objects keep it.
 */
const options = {
  unrepresentable: 'any',
  target: 'draft-2020-12',
  override: ({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }) => {
    if (zodSchema._zod.def.type === 'object' && !zodSchema._zod.def.catchall && jsonSchema.additionalProperties === false)
      delete jsonSchema.additionalProperties;
  },
} as const;
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, ...options });
const pascal = (operationId: string) => operationId[0]!.toUpperCase() + operationId.slice(1);

const problem = {
  description: 'Problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: `${COMPONENTS}Problem` } } },
};

/** What a non-JSON answer is: the bytes of a PDF, the text of a CSV. */
const MEDIA_SCHEMAS: Record<string, object> = {
  'application/pdf': { type: 'string', contentMediaType: 'application/pdf' },
  'text/csv': { type: 'string', contentMediaType: 'text/csv' },
};

/** One registry per direction: each schema object is one component, however many routes use it. */
function componentRegistry(suffix: '' | 'Request') {
  const registry = z.registry<{ id: string }>();
  const named = new Map<z.ZodType, string>(Object.entries(responses).flatMap(([name, s]) => (s instanceof z.ZodType ? [[s, name] as const] : [])));
  if (suffix === '') for (const [schema, name] of named) registry.add(schema, { id: name });
  const ref = (schema: z.ZodType, operationId: string) => {
    if (!registry.has(schema)) registry.add(schema, { id: `${pascal(operationId)}${suffix || 'Response'}` });
    return { $ref: `${COMPONENTS}${registry.get(schema)!.id}` };
  };
  const emit = (io: 'input' | 'output') => {
    const { schemas } = z.toJSONSchema(registry, { io, ...options, uri: (id) => `${COMPONENTS}${id}` });
    return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _, $id: _id, ...s }]) => [id, s]));
  };
  return { ref, emit };
}

function answers(r: RouteSpec, operationId: string, ref: (s: z.ZodType, id: string) => object) {
  const status = String(r.status ?? 200);
  if (r.status === 302) {
    return {
      [status]: {
        description: 'Found: the document, from the document store',
        headers: { Location: { required: true, schema: { type: 'string', format: 'uri' } } },
      },
    };
  }
  const content: Record<string, { schema: object }> = {};
  for (const type of r.produces ?? ['application/json']) {
    if (type === 'application/json') {
      if (r.response) content[type] = { schema: ref(r.response, operationId) };
    } else content[type] = { schema: MEDIA_SCHEMAS[type]! };
  }
  return { [status]: { description: 'Success', ...(Object.keys(content).length ? { content } : {}) } };
}

export function openApiDocument(table: Record<string, RouteSpec>, info: { version: string; serverUrl?: string }) {
  const requests = componentRegistry('Request');
  const answersOf = componentRegistry('');
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
      ...Object.entries(r.headers?.shape ?? {}).map(([name, s]) => ({
        name,
        in: 'header',
        required: !(s as z.ZodType).safeParse(undefined).success,
        ...((s as z.ZodType).description ? { description: (s as z.ZodType).description } : {}),
        schema: jsonSchema(s as z.ZodType, 'input'),
      })),
      ...(r.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 8, maxLength: 128 } }] : []),
    ];
    const body = r.body ?? r.signedBody;
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      operationId,
      summary: r.summary,
      tags: [r.context],
      ...(r.roles === 'public' ? { security: [] } : { 'x-roles': r.roles }),
      ...(parameters.length ? { parameters } : {}),
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: requests.ref(body, operationId) } } } } : {}),
      responses: { ...answers(r, operationId, answersOf.ref), '4XX': problem, '5XX': problem },
    };
  }
  const contexts = [...new Set(Object.values(table).map((r) => r.context))].sort();
  return {
    openapi: '3.1.0',
    info: {
      title: 'PowerPermit API',
      version: info.version,
      description: 'Licensing and supervision platform of the energy regulator.',
      license: { name: 'Proprietary: the regulator', identifier: 'LicenseRef-Regulator' },
    },
    servers: [{ url: info.serverUrl ?? '/', description: info.serverUrl ? 'This deployment' : 'The origin this document was fetched from' }],
    security: [{ bearer: [] }],
    tags: contexts.map((name) => ({ name, description: `The ${name} context (docs/architecture.md)` })),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ...answersOf.emit('output'),
        ...requests.emit('input'),
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
