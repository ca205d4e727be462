import { createTaskHandler } from '../platform/task-runtime';
import {
  checkApplication,
  createPostApprovalVerification,
  grantOnCommitment,
  issueLicense,
  publishDecision,
  sweepApplication,
  sweepReviewTask,
} from './workflow.tasks';
import { importRegisterBatch } from './register-import.tasks';

/** The licensing context's task function (Step Functions tasks). */
export const handler = createTaskHandler('licensing', {
  checkApplication,
  grantOnCommitment,
  issueLicense,
  publishDecision,
  createPostApprovalVerification,
  sweepApplication,
  sweepReview: sweepReviewTask,
  importRegisterBatch,
});
