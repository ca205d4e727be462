import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import * as conditions from './conditions.handler';
import * as draws from './draws.handler';
import * as inspections from './inspections.handler';
import * as pool from './pool.handler';

/** The supervision context's API function: pool, problem library, plans, public draws, inspections, condition registers and warnings. */
export const handler = createApi('supervision', routes, { ...pool, ...draws, ...inspections, ...conditions }, { idempotencyStore });
