import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import {
  getConnection,
  getConnectionAudit,
  listConnections,
  openConnection,
  openConnectionsBatch,
  recordMilestone,
  recordPowerOn,
} from './connections.handler';
import { recordReliability } from './reports.handler';

/** The connections context's API function: getting electricity (G1–G8); the half-year report is the render function's (render.handler.ts). */
export const handler = createApi(
  'connections',
  routes,
  {
    openConnection,
    openConnectionsBatch,
    recordMilestone,
    recordPowerOn,
    listConnections,
    getConnection,
    getConnectionAudit,
    recordReliability,
  },
  { idempotencyStore },
);
