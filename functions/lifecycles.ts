import { COMPLAINT_LIFECYCLE } from './complaints/domain/complaint';
import { NOTIFICATION_LIFECYCLE } from './complaints/domain/hotline-notification';
import { CONNECTION_LIFECYCLE } from './connections/domain/connection';
import { REQUEST_LIFECYCLE } from './credit/domain/credit';
import { DOCUMENT_LIFECYCLE } from './enterprises/domain/document';
import { ENTERPRISE_NOTIFICATION_LIFECYCLE } from './enterprises/domain/notification';
import { APPLICATION_LIFECYCLE } from './licensing/domain/application';
import { LICENSE_LIFECYCLE } from './licensing/domain/license';
import { OBLIGATION_LIFECYCLE } from './platform/domain/obligation';
import type { Lifecycle } from './platform/domain/lifecycle';
import { DRAW_LIFECYCLE } from './supervision/domain/draw-record';
import { INSPECTION_LIFECYCLE } from './supervision/domain/inspection';

/**
 * Every aggregate that has a lifecycle, with its one table (platform/domain/lifecycle.ts): docs/lifecycles.md
 * draws them (generated), the workbench offers what they allow. The others keep one state and
 * change by replacement or addition: enterprise, inspector, problem library, plan, condition
 * register, warnings, reliability, review, publication, audit checkpoint.
 */
export const LIFECYCLES = {
  'licensing case': APPLICATION_LIFECYCLE,
  license: LICENSE_LIFECYCLE,
  'vault document': DOCUMENT_LIFECYCLE,
  'credit repair or objection': REQUEST_LIFECYCLE,
  '12398 work order': COMPLAINT_LIFECYCLE,
  'notification to the 12398 hotline': NOTIFICATION_LIFECYCLE,
  'notification to an enterprise': ENTERPRISE_NOTIFICATION_LIFECYCLE,
  draw: DRAW_LIFECYCLE,
  inspection: INSPECTION_LIFECYCLE,
  'connection case': CONNECTION_LIFECYCLE,
  'workflow obligation': OBLIGATION_LIFECYCLE,
} as const satisfies Record<string, Lifecycle<string, string>>;
