import { complaintIndex, notificationIndex } from './complaints/indexes';
import { connectionIndex } from './connections/indexes';
import { creditIndex } from './credit/indexes';
import { documentIndex, enterpriseIndex, notificationIndex as enterpriseNotificationIndex } from './enterprises/indexes';
import { applicationIndex, licenseIndex, publicationIndex, reviewIndex, verificationIndex } from './licensing/indexes';
import type { IndexKeys } from './platform/event-store';
import { absenceIndex, assignmentIndex, drawIndex, inspectionIndex, inspectorIndex, planIndex, warningsIndex } from './supervision/indexes';

type IndexOf<S> = (state: S) => IndexKeys;
const of = <S>(fn: IndexOf<S>) => fn as IndexOf<unknown>;

/**
 * THE index registry: the listing (GSI1, GSI2) and due keys each kind of projection carries, by
 * the kind of its stream (`<KIND>#…`). The store computes them from the new state at every append,
 * so a projection's keys are never stale and storage keys stay out of domain/. A kind not listed
 * (webhook receipts, counters, checkpoints, condition registers…) carries none.
 */
export const INDEXES: Readonly<Record<string, IndexOf<unknown>>> = {
  APPLICATION: of(applicationIndex),
  LICENSE: of(licenseIndex),
  PUBLICATION: of(publicationIndex),
  VERIFICATION: of(verificationIndex),
  REVIEW: of(reviewIndex),
  ENTERPRISE: of(enterpriseIndex),
  DOCUMENT: of(documentIndex),
  NOTICE: of(enterpriseNotificationIndex),
  CREDIT: of(creditIndex),
  COMPLAINT: of(complaintIndex),
  'HOTLINE-OUT': of(notificationIndex),
  CONNECTION: of(connectionIndex),
  DRAW: of(drawIndex),
  INSPECTION: of(inspectionIndex),
  ASSIGNMENT: of(assignmentIndex),
  PLAN: of(planIndex),
  INSPECTOR: of(inspectorIndex),
  WARNINGS: of(warningsIndex),
  ABSENCE: of(absenceIndex),
};

export const streamKind = (stream: string): string => stream.slice(0, stream.indexOf('#'));

export const indexOf = (stream: string, state: unknown): IndexKeys => INDEXES[streamKind(stream)]?.(state) ?? {};
