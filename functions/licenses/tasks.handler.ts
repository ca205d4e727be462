import { shanghaiDate } from '../platform/calendar';
import { sweepTask } from '../platform/deadline-sweep.task';
import { createTaskHandler } from '../platform/task-runtime';
import { expire, type License } from '../licensing/domain/license';

/** deadline-sweep: a license expires by itself the day after its last day of validity (E2). */
export const sweepLicense = sweepTask<License>((l, now) => expire(l, shanghaiDate(now)));

/** The licenses context's task function. */
export const handler = createTaskHandler('licenses', { sweepLicense });
