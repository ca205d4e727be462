import { createTaskHandler } from '../platform/task-runtime';
import {
  commitDraw,
  listDrawsDue,
  listScreeningAgencies,
  openClueInspection,
  openDrawInspections,
  publishDraw,
  revealDraw,
  screenAgency,
  sweepConditionWarnings,
  sweepInspection,
} from './workflow.tasks';

/** The supervision context's task function (Step Functions tasks). */
export const handler = createTaskHandler('supervision', {
  listDrawsDue,
  commitDraw,
  revealDraw,
  openDrawInspections,
  publishDraw,
  openClueInspection,
  sweepInspection,
  listScreeningAgencies,
  screenAgency,
  sweepConditionWarnings,
});
