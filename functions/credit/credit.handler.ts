import { streamAudit } from '../platform/audit';
import type { EventsOf } from '../events';
import type { Decision } from '../platform/aggregate';
import type { Principal } from '../platform/auth';
import { calendar } from '../platform/config';
import { shanghaiDate } from '../platform/calendar';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { loadVaultDocuments } from '../enterprises/vault';
import { loadEnterpriseInScope } from '../enterprises/load-enterprise';
import { eventStore } from '../platform/deps';
import { acceptRequest, addRecord, type Credit, decideRequest, recordInterview, type RequestKind, scheduleInterview, submitRequest } from './domain/credit';
import { creditClassOf, creditStream } from './domain/credit-class';
import { creditCommand } from './credit-command';

/** The credit as its holder and supervisors see it: the class computed now (C2), records, measures, requests. */
function view(c: Credit | undefined, uscc: string, today: string) {
  if (!c) return { uscc, creditClass: 'good', classAsOf: today, records: [], measures: [], requests: [] };
  return {
    ...c,
    creditClass: creditClassOf(c.records, today),
    classAsOf: today,
    openRequests: c.requests.filter((r) => r.status === 'submitted' || r.status === 'accepted'),
  };
}

/** POST /v1/enterprises/{uscc}/credit-records (C1–C3) */
export const addCreditRecord: Operation<Routes['addCreditRecord']> = async ({ params, body, principal, now }) => {
  const state = await creditCommand(principal, params.uscc, now, (current, enterprise) => addRecord(current, enterprise, body, now));
  return { body: view(state, params.uscc, shanghaiDate(now)) };
};

/** GET /v1/enterprises/{uscc}/credit */
export const getCredit: Operation<Routes['getCredit']> = async ({ params, principal, now }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  const current = await eventStore().load<Credit>(creditStream(params.uscc));
  return { body: view(current?.state, params.uscc, shanghaiDate(now)) };
};

/** GET /v1/enterprises/{uscc}/credit/audit — the credit's events (records, corrections, measures, requests) and whether their chain holds (X1). */
export const getCreditAudit: Operation<Routes['getCreditAudit']> = async ({ params, principal }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  return { body: await streamAudit(creditStream(params.uscc)) };
};

async function submitCreditRequest(principal: Principal, uscc: string, now: Date, kind: RequestKind, recordId: string, statement: string, evidence: string[]) {
  await loadVaultDocuments(uscc, evidence, 'CREDIT');
  return view(
    await creditCommand(principal, uscc, now, (current) => submitRequest(current, kind, recordId, statement, evidence, now)),
    uscc,
    shanghaiDate(now),
  );
}

/** A staff step on the credit (a request, an interview); the credit must exist. */
async function onRequest(principal: Principal, uscc: string, now: Date, decide: (c: Credit) => Decision<Credit, EventsOf<'credit'>>) {
  const state = await creditCommand(principal, uscc, now, (current) => {
    if (!current) throw new DomainError('CREDIT.NO_RECORDS', 'This enterprise has no credit records.');
    return decide(current.state);
  });
  return view(state, uscc, shanghaiDate(now));
}

/** POST /v1/enterprises/{uscc}/credit-repairs (C4) */
export const requestCreditRepair: Operation<Routes['requestCreditRepair']> = async ({ params, body, principal, now }) => ({
  body: await submitCreditRequest(principal, params.uscc, now, 'repair', body.recordId, body.commitment, body.evidenceDocumentIds),
});

/** POST /v1/enterprises/{uscc}/credit-objections (C5) */
export const raiseCreditObjection: Operation<Routes['raiseCreditObjection']> = async ({ params, body, principal, now }) => ({
  body: await submitCreditRequest(principal, params.uscc, now, 'objection', body.recordId, body.grounds, body.evidenceDocumentIds),
});

/** Acceptance starts the 15-WD decision clock (C4, C5). */
export const acceptCreditRepair: Operation<Routes['acceptCreditRepair']> = async ({ params, body, principal, now }) => ({
  body: await onRequest(principal, params.uscc, now, (c) =>
    acceptRequest(c, 'repair', params.requestId, body.decision === 'accept', body.reasons, principal.sub, now, calendar),
  ),
});
export const acceptCreditObjection: Operation<Routes['acceptCreditObjection']> = async ({ params, body, principal, now }) => ({
  body: await onRequest(principal, params.uscc, now, (c) =>
    acceptRequest(c, 'objection', params.requestId, body.decision === 'accept', body.reasons, principal.sub, now, calendar),
  ),
});

/** Decisions: a repaired record stops counting (C4); an upheld objection corrects the record (C5, X3). */
export const decideCreditRepair: Operation<Routes['decideCreditRepair']> = async ({ params, body, principal, now }) => ({
  body: await onRequest(principal, params.uscc, now, (c) => decideRequest(c, 'repair', params.requestId, body, principal.sub, now)),
});
export const decideCreditObjection: Operation<Routes['decideCreditObjection']> = async ({ params, body, principal, now }) => ({
  body: await onRequest(principal, params.uscc, now, (c) => decideRequest(c, 'objection', params.requestId, body, principal.sub, now)),
});

/** C3: the interview of a serious record, scheduled (or moved) by a supervisor of the agency, then recorded as held. */
export const scheduleCreditInterview: Operation<Routes['scheduleCreditInterview']> = async ({ params, body, principal, now }) => ({
  body: await onRequest(principal, params.uscc, now, (c) => scheduleInterview(c, params.measureId, body, principal.sub, now)),
});
export const recordCreditInterview: Operation<Routes['recordCreditInterview']> = async ({ params, body, principal, now }) => ({
  body: await onRequest(principal, params.uscc, now, (c) => recordInterview(c, params.measureId, body, principal.sub, now)),
});
