import { routes } from '../routes';
import { idempotencyStore } from './deps';
import { createApi } from './http/api';
import { health, openapi } from './health.handler';

/** The platform context's API function: health and the API description. */
export const handler = createApi('platform', routes, { health, openapi }, { idempotencyStore });
