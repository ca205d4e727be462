import { buildAuditCheckpoint, extendTransparencyLog, sealAuditCheckpoint } from './audit-checkpoint.task';
import { listDueStreams } from './deadline-sweep.task';
import { reconcileObligations } from './reconcile-obligations.task';
import { createTaskHandler } from './task-runtime';

/** The platform context's task function (Step Functions tasks). */
export const handler = createTaskHandler('platform', {
  buildAuditCheckpoint,
  sealAuditCheckpoint,
  extendTransparencyLog,
  listDueStreams,
  reconcileObligations: (input) => reconcileObligations(input),
});
