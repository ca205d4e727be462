import { createTaskHandler } from '../platform/task-runtime';
import { commitDraw, listDrawsDue, openClueInspection, openDrawInspections, publishDraw, revealDraw, sweepInspection } from './workflow.tasks';

/** The supervision context's task function (Step Functions tasks). */
export const handler = createTaskHandler('supervision', { listDrawsDue, commitDraw, revealDraw, openDrawInspections, publishDraw, openClueInspection, sweepInspection });
