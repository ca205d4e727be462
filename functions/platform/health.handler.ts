import type { Operation } from './http/route';
import { openApiDocument } from './http/openapi';
import type { Routes } from '../routes';
import { routes } from '../routes';

export const VERSION = process.env.APP_VERSION ?? '0.1.0';

/** GET /v1/health */
export const health: Operation<Routes['health']> = async ({ now }) => ({
  body: { status: 'ok' as const, service: 'powerpermit', version: VERSION, time: now.toISOString() },
  headers: { 'cache-control': 'no-store' },
});

let doc: unknown;
/** GET /v1/openapi.json — built once per container from the route table. */
export const openapi: Operation<Routes['openapi']> = async () => ({
  body: (doc ??= openApiDocument(routes, { version: VERSION })),
  headers: { 'cache-control': 'public, max-age=300' },
});
