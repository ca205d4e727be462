import { createTaskHandler } from '../platform/task-runtime';
import { deadLetterHotlineNotification, linkComplaint, notifyHotline, sweepComplaintTask } from './workflow.tasks';

/** The complaints context's task function (Step Functions tasks). */
export const handler = createTaskHandler('complaints', { linkComplaint, notifyHotline, deadLetterHotlineNotification, sweepComplaint: sweepComplaintTask });
