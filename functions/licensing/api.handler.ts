import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import { getMatter, listMatters } from './guide.handler';

/** The licensing context's API function. */
export const handler = createApi('licensing', routes, { listMatters, getMatter }, { idempotencyStore });
