import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import { reviewApplication, supplementApplication, withdrawApplication } from './applicant-commands.handler';
import { getApplication, verifyApplicationAudit } from './get-application.handler';
import { getMatter, listMatters } from './guide.handler';
import { listApplications } from './list-applications.handler';
import { licensingOversightReport } from './oversight.handler';
import { getCommitmentText, getPublicDecision, listPublicDecisions } from './public-decisions.handler';
import { listReviews, recordReviewCallback } from './reviews.handler';
import {
  acceptApplication,
  decideApplication,
  reassignApplication,
  endPauseOp,
  extendDecisionPeriod,
  issueCorrectionNoticeOp,
  pauseReview,
  recordDelivery,
  recordVisit,
} from './staff-commands.handler';
import { submitApplication } from './submit-application.handler';
import { discardApplicationDraft, listApplicationDrafts, saveApplicationDraft } from './drafts.handler';
import { getLicenseImport, requestLicenseImport } from './register-import.handler';

/** The licensing context's API function: the guide, cases, reviews, the public register and the oversight report. */
export const handler = createApi(
  'licensing',
  routes,
  {
    listMatters,
    getMatter,
    getCommitmentText,
    submitApplication,
    listApplicationDrafts,
    saveApplicationDraft,
    discardApplicationDraft,
    listApplications,
    getApplication,
    verifyApplicationAudit,
    supplementApplication,
    withdrawApplication,
    reviewApplication,
    acceptApplication,
    issueCorrectionNotice: issueCorrectionNoticeOp,
    extendDecisionPeriod,
    pauseReview,
    endPause: endPauseOp,
    decideApplication,
    reassignApplication,
    recordDelivery,
    recordVisit,
    recordReviewCallback,
    listReviews,
    listPublicDecisions,
    getPublicDecision,
    licensingOversightReport,
    requestLicenseImport,
    getLicenseImport,
  },
  { idempotencyStore },
);
