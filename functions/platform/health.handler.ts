import type { Routes } from '../routes';
import { env } from './env';
import type { Operation } from './http/route';

export const VERSION = env('APP_VERSION') ?? '0.1.0';

/** GET /v1/health */
export const health: Operation<Routes['health']> = async ({ now }) => ({
  body: { status: 'ok' as const, service: 'powerpermit', version: VERSION, time: now.toISOString() },
  headers: { 'cache-control': 'no-store' },
});
