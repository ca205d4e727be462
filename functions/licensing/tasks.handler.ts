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

/** The licensing context's task function (Step Functions tasks). */
export const handler = createTaskHandler('licensing', {
  checkApplication,
  grantOnCommitment,
  issueLicense,
  publishDecision,
  createPostApprovalVerification,
  sweepApplication,
  sweepReview: sweepReviewTask,
});
