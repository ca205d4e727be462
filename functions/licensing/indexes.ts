import { dueKeys, type IndexKeys } from '../platform/event-store';
import { type Application, applicationStream, nextDue as caseNextDue } from './domain/application';
import { addCalendarDays } from '../platform/calendar';
import { type License, licenseStream, renewalReminderDay } from './domain/license';
import type { PublicDecision, Verification } from './domain/publication';
import { nextDue as reviewNextDue, type Review, reviewStream } from './domain/review';

/** Staff's queue (GSI1, by status then submission) and an enterprise's own cases (GSI2). */
export const agencyQueueKey = (agencyId: string): string => `AGENCY#${agencyId}#APPLICATIONS`;
export const enterpriseApplicationsKey = (uscc: string): string => `ENTERPRISE#${uscc}#APPLICATIONS`;
export const enterpriseLicensesKey = (uscc: string): string => `ENTERPRISE#${uscc}#LICENSES`;
export const agencyLicensesKey = (agencyId: string): string => `AGENCY#${agencyId}#LICENSES`;
export const PUBLIC_DECISIONS_KEY = 'PUBLIC#DECISIONS';
export const agencyVerificationsKey = (agencyId: string): string => `AGENCY#${agencyId}#VERIFICATIONS`;
export const agencyReviewsKey = (agencyId: string): string => `AGENCY#${agencyId}#REVIEWS`;

export const applicationIndex = (app: Application): IndexKeys => ({
  gsi1pk: agencyQueueKey(app.agencyId),
  gsi1sk: `${app.status}#${app.submittedAt}#${app.id}`,
  gsi2pk: enterpriseApplicationsKey(app.uscc),
  gsi2sk: `${app.submittedAt}#${app.id}`,
  ...dueKeys(caseNextDue(app), applicationStream(app.id)),
});

/** Listed under its holder and (GSI2) under its agency — the roster of the supervision draws (S1); while it can still expire, the sweep looks at it on its renewal-reminder day and the day after its last day (E2). */
export const licenseIndex = (l: License): IndexKeys => ({
  gsi1pk: enterpriseLicensesKey(l.holder.uscc),
  gsi1sk: l.licenseNo,
  gsi2pk: agencyLicensesKey(l.agencyId),
  gsi2sk: l.licenseNo,
  ...(l.status === 'valid' || l.status === 'suspended' ? dueKeys(nextLicenseDue(l), licenseStream(l.licenseNo)) : {}),
});

/** Listed the day before the sweep must look: its reminder day while the holder has not been reminded, else its expiry. */
const nextLicenseDue = (l: License): string =>
  l.status === 'valid' && l.renewalRemindedFor !== l.validUntil ? addCalendarDays(renewalReminderDay(l), -1) : l.validUntil;

export const publicationIndex = (p: PublicDecision): IndexKeys => ({ gsi1pk: PUBLIC_DECISIONS_KEY, gsi1sk: `${p.publishedAt}#${p.caseId}` });
export const verificationIndex = (v: Verification): IndexKeys => ({ gsi1pk: agencyVerificationsKey(v.agencyId), gsi1sk: `${v.dueDate}#${v.caseId}` });
export const reviewIndex = (r: Review): IndexKeys => ({
  gsi1pk: agencyReviewsKey(r.agencyId),
  gsi1sk: `${r.submittedAt}#${r.reviewId}`,
  ...dueKeys(reviewNextDue(r), reviewStream(r.caseId)),
});
