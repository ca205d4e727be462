import { createTaskHandler } from '../platform/task-runtime';
import { recordFromEvent, sweepCreditTask } from './workflow.tasks';

/** The credit context's task function (Step Functions tasks). */
export const handler = createTaskHandler('credit', { recordFromEvent, sweepCredit: sweepCreditTask });
