import { routes } from '../routes';
import { idempotencyStore } from './deps';
import { createApi } from './http/api';
import { health } from './health.handler';
import { getWebSignIn } from './web-sign-in.handler';
import { openapi } from './openapi.handler';
import { listWorkflowDeadLetters, redriveWorkflowDeadLetter } from './dead-letters.handler';
import * as log from './transparency-log.handler';
import { verifyStreamAudit } from './audit';
import { rebuildTally } from './tally-rebuild.handler';

/** The platform context's API function: health, the API description, operators' dead letters and tally rebuilds, the public transparency log. */
export const handler = createApi(
  'platform',
  routes,
  { health, openapi, getWebSignIn, listWorkflowDeadLetters, redriveWorkflowDeadLetter, verifyStreamAudit, rebuildTally, ...log },
  { idempotencyStore },
);
