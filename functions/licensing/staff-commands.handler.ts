import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { caseCommand } from './case-command';
import { accept, decide, endPause, extend, issueCorrectionNotice, refuse, startPause } from './domain/application';
import * as application from './domain/application';
import { DomainError } from '../platform/errors';

/** POST /v1/applications/{id}/acceptance — accept, or refuse with reasons (L4). */
export const acceptApplication: Operation<Routes['acceptApplication']> = async ({ params, body, principal, now }) =>
  caseCommand(principal, params.id, now, (app, { cal, limits }) =>
    body.decision === 'accept' ? accept(app, principal.sub, now, cal, limits) : refuse(app, body.reasons, now),
  );

/** POST /v1/applications/{id}/correction-notice — the one notice, only items of the guide (L3, L4). */
export const issueCorrectionNoticeOp: Operation<Routes['issueCorrectionNotice']> = async ({ params, body, principal, now }) =>
  caseCommand(principal, params.id, now, (app, { matter }) => issueCorrectionNotice(app, matter, body.deficiencies, now));

/** POST /v1/applications/{id}/extension (L5) */
export const extendDecisionPeriod: Operation<Routes['extendDecisionPeriod']> = async ({ params, body, principal, now }) =>
  caseCommand(principal, params.id, now, (app, { cal, limits }) => extend(app, body.workingDays, body.reason, now, cal, limits));

/** POST /v1/applications/{id}/pauses (L5, Art. 45) */
export const pauseReview: Operation<Routes['pauseReview']> = async ({ params, body, principal, now }) =>
  caseCommand(principal, params.id, now, (app, { cal, limits }) => startPause(app, { pauseId: `P${app.pauses.length + 1}`, ...body }, now, cal, limits));

/** POST /v1/applications/{id}/pauses/{pauseId}/end (L5) */
export const endPauseOp: Operation<Routes['endPause']> = async ({ params, principal, now }) =>
  caseCommand(principal, params.id, now, (app, { cal, limits }) => endPause(app, params.pauseId, now, cal, limits));

/** POST /v1/applications/{id}/decision — decision-makers only (L5). */
export const decideApplication: Operation<Routes['decideApplication']> = async ({ params, body, principal, now }) =>
  caseCommand(principal, params.id, now, (app, { cal, limits }) => decide(app, body, principal.sub, now, cal, limits));

/** POST /v1/applications/{id}/deliveries — applicants send paper originals, the agency the paper license (L1). */
export const recordDelivery: Operation<Routes['recordDelivery']> = async ({ params, body, principal, now }) => {
  const expected = principal.role === 'applicant' ? 'paper-originals' : 'paper-license';
  if (body.kind !== expected) throw new DomainError('APPLICATION.DELIVERY_NOT_YOURS', `As ${principal.role} you record ${expected} deliveries.`);
  return caseCommand(principal, params.id, now, (app) => application.recordDelivery(app, body.kind, body.waybillNo, now));
};

/** POST /v1/applications/{id}/visits — every in-person visit is counted (L1). */
export const recordVisit: Operation<Routes['recordVisit']> = async ({ params, body, principal, now }) =>
  caseCommand(principal, params.id, now, (app) => application.recordVisit(app, body.reason, principal.sub, now));

/** POST /v1/applications/{id}/reassignment — a decision-maker hands the case to a colleague (the reassignment is its own record, not a taking). */
export const reassignApplication: Operation<Routes['reassignApplication']> = async ({ params, body, principal, now }) =>
  caseCommand(principal, params.id, now, (app) => application.reassign(app, body.to, body.reason, now));
