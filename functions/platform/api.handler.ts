import { routes } from '../routes';
import { idempotencyStore } from './deps';
import { createApi } from './http/api';
import { health } from './health.handler';
import { openapi } from './openapi.handler';
import { listWorkflowDeadLetters, redriveWorkflowDeadLetter } from './dead-letters.handler';

/** The platform context's API function: health and the API description. */
export const handler = createApi('platform', routes, { health, openapi, listWorkflowDeadLetters, redriveWorkflowDeadLetter }, { idempotencyStore });
