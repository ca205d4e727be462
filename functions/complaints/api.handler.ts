import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import { receiveHotlineWorkOrder } from './hotline-webhook.handler';

/** The complaints context's API function: the 12398 hotline's work orders (P1 intake so far). */
export const handler = createApi('complaints', routes, { receiveHotlineWorkOrder }, { idempotencyStore });
