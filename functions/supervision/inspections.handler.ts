import { streamAudit } from '../platform/audit';
import type { EventsOf } from '../events';
import { appendDecisions, type Decision } from '../platform/aggregate';
import { assertInScope, type Holder, type Principal, staffAgency } from '../platform/auth';
import { shanghaiDate } from '../platform/calendar';
import { loadExisting, runCommand } from '../platform/command';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Snapshot } from '../platform/event-store';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import * as inspection from './domain/inspection';
import { type Inspection, inspectionStream } from './domain/inspection';
import { supervisionConfig } from './domain/plan';
import * as report from './domain/report';
import { supervisionTally } from './tallies';
import { agencyInspectionsKey, drawInspectionsKey, inspectorAssignmentsKey } from './indexes';
import { teamFor } from './workflow.tasks';

/** An inspection belongs to the agency that opened it and to the enterprise inspected. */
const inspectionHolder = (i: Inspection): Holder => ({ what: `Inspection ${i.inspectionId}`, uscc: i.uscc, agencyIds: [i.agencyId] });
const inspectionNotFound = (id: string) => new DomainError('SUPERVISION.NOT_FOUND', `No inspection ${id}.`);

async function loadInspection(p: Principal, id: string): Promise<Snapshot<Inspection>> {
  const s = await loadExisting<Inspection>(inspectionStream(id), () => inspectionNotFound(id));
  assertInScope(p, inspectionHolder(s.state));
  return s;
}

/** GET /v1/inspections — `assignedTo=me`: the caller's own; otherwise (supervisors) the agency's, newest first. */
export const listInspections: Operation<Routes['listInspections']> = async ({ query, principal }) => {
  const agencyId = staffAgency(principal);
  const store = eventStore();
  if (query.assignedTo === 'me' || principal.role === 'inspector') {
    const page = await store.list<inspection.Assignment>('gsi1', inspectorAssignmentsKey(agencyId, principal.sub), {
      limit: query.limit ?? 50,
      cursor: query.cursor,
      descending: true,
    });
    const items = await Promise.all(page.items.map(async (a) => (await store.load<Inspection>(inspectionStream(a.state.inspectionId)))!.state));
    return { body: { items, ...(page.cursor ? { cursor: page.cursor } : {}) } };
  }
  const page = await store.list<Inspection>('gsi1', agencyInspectionsKey(agencyId), {
    limit: query.limit ?? 50,
    cursor: query.cursor,
    descending: true,
  });
  return { body: { items: page.items.map((s) => s.state), ...(page.cursor ? { cursor: page.cursor } : {}) } };
};

export const getInspection: Operation<Routes['getInspection']> = async ({ params, principal }) => {
  const { state, version } = await loadInspection(principal, params.id);
  return { body: { ...state, version } };
};

/** GET /v1/inspections/{id}/audit — the inspection's events and whether their chain holds (X1). */
export const getInspectionAudit: Operation<Routes['getInspectionAudit']> = async ({ params, principal }) => {
  await loadInspection(principal, params.id);
  return { body: await streamAudit(inspectionStream(params.id)) };
};

/** A step only the inspection's matched inspectors take (S4, S5). */
async function inspectorStep(p: Principal, id: string, now: Date, decide: (i: Inspection) => Decision<Inspection, EventsOf<'inspection'>>) {
  const body = await runCommand(
    {
      stream: inspectionStream(id),
      missing: () => inspectionNotFound(id),
      holder: inspectionHolder,
      decide: (i: Inspection) => {
        inspection.assertInspector(i, p.sub);
        return decide(i);
      },
    },
    { principal: p, at: now },
  );
  return { body };
}

export const recordInspectionFindings: Operation<Routes['recordInspectionFindings']> = async ({ params, body, principal, now }) =>
  inspectorStep(principal, params.id, now, (i) => inspection.recordFindings(i, body.items, principal.sub, now));

export const decideInspectionOutcome: Operation<Routes['decideInspectionOutcome']> = async ({ params, body, principal, now }) =>
  inspectorStep(principal, params.id, now, (i) => inspection.decideOutcome(i, body, principal.sub, now));

export const completeInspectionRectification: Operation<Routes['completeInspectionRectification']> = async ({ params, body, principal, now }) =>
  inspectorStep(principal, params.id, now, (i) => inspection.completeRectification(i, body.evidenceDocumentIds, principal.sub, now));

/** POST /v1/inspections/{id}/team — staffs an inspection opened without enough inspectors, once the pool allows. */
export const staffInspection: Operation<Routes['staffInspection']> = async ({ params, principal, now }) => {
  const current = await loadInspection(principal, params.id);
  const i = current.state;
  const team = await teamFor(i.agencyId, i.inspectionId, i.uscc, supervisionConfig.inspectorsPerInspection);
  const staffed = inspection.staff(i, team, supervisionConfig.inspectorsPerInspection, principal.sub);
  await appendDecisions(
    eventStore(),
    [
      { stream: inspectionStream(i.inspectionId), current, decision: staffed.inspection },
      ...staffed.assignments.map((a) => ({ stream: a.stream, current: undefined, decision: a.decision })),
    ],
    { actor: principal.sub, at: now },
  );
  return { body: { ...staffed.inspection.state, version: current.version + 1 } };
};

/** GET /v1/public/inspections?drawId= — the results of a draw's inspections, without personal data (S1 "one open"). */
export const listPublicInspections: Operation<Routes['listPublicInspections']> = async ({ query }) => {
  const page = await eventStore().list<Inspection>('gsi2', drawInspectionsKey(query.drawId), { limit: query.limit ?? 100, cursor: query.cursor });
  return { body: { items: page.items.map((s) => inspection.publicInspection(s.state)), ...(page.cursor ? { cursor: page.cursor } : {}) } };
};

/** GET /v1/supervision/report — post-approval verification coverage (S7) and rectification orders (S5) of the agency, from its counters. */
export const supervisionReport: Operation<Routes['supervisionReport']> = async ({ principal, now }) => ({
  body: report.supervisionReportOfCounts(await eventStore().readTally(supervisionTally(staffAgency(principal))), shanghaiDate(now), now),
});

/** GET /v1/supervision/queue — what the agency's supervisors must see to: open verifications and rectification orders, read from their lists (O(answer)). */
export const supervisionQueue: Operation<Routes['supervisionQueue']> = async ({ principal }) => {
  const store = eventStore();
  const key = supervisionTally(staffAgency(principal));
  const [counts, verifications, rectifications] = await Promise.all([
    store.readTally(key, { entriesPerList: 0 }),
    store.readEntries<{ dueDate: string; inspectionId: string; uscc: string; caseId?: string }>(key, 'openVerification', { limit: 100 }),
    store.readEntries<{ deadline: string; inspectionId: string; uscc: string; name: string }>(key, 'rectificationOpen', { limit: 100 }),
  ]);
  return {
    body: {
      verifications: { count: counts['count:openVerification'] ?? 0, items: verifications.items },
      rectifications: { count: counts['count:rectificationOpen'] ?? 0, items: rectifications.items },
    },
  };
};
