import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import * as complaints from './complaints.handler';
import { receiveHotlineWorkOrder } from './hotline-webhook.handler';

/** The complaints context's API function: 12398 work orders in, their handling to closure, the monthly statistics. */
export const handler = createApi('complaints', routes, { receiveHotlineWorkOrder, ...complaints }, { idempotencyStore });
