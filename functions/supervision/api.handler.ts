import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import * as ops from './supervision.handler';

/** The supervision context's API function: pool, problem library, plans, public draws, inspections. */
export const handler = createApi('supervision', routes, ops, { idempotencyStore });
