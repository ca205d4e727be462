import { createTaskHandler } from '../platform/task-runtime';
import { deadLetterEnterpriseNotification, notifyEnterprise } from './notify.tasks';

/** The enterprises context's task function: notifications to enterprises' registered contacts. */
export const handler = createTaskHandler('enterprises', { notifyEnterprise, deadLetterEnterpriseNotification });
