import { type Routes, routes } from '../routes';
import { VERSION } from './health.handler';
import { openApiDocument } from './http/openapi';
import type { Operation } from './http/route';

let doc: unknown;

/** GET /v1/openapi.json — built once per container from the route table. */
export const openapi: Operation<Routes['openapi']> = async () => ({
  body: (doc ??= openApiDocument(routes, { version: VERSION })),
});
