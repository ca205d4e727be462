import { shanghaiDate } from '../platform/calendar';
import { sweepTask } from '../platform/deadline-sweep.task';
import { createTaskHandler } from '../platform/task-runtime';
import { type License, sweepLicense as sweep } from '../licensing/domain/license';

/** deadline-sweep: a license expires by itself the day after its last day of validity (E2); before that, its holder is reminded to renew. */
export const sweepLicense = sweepTask<License>((l, now) => sweep(l, shanghaiDate(now)));

/** The licenses context's task function. */
export const handler = createTaskHandler('licenses', { sweepLicense });
