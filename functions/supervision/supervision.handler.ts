import type { EventsOf } from '../events';
import { appendDecision, appendDecisions, type Decision } from '../platform/aggregate';
import { outOfScope, type Principal } from '../platform/auth';
import { shanghaiDate } from '../platform/calendar';
import { blobStore, eventStore } from '../platform/deps';
import { ratio } from '../platform/rates';
import { DomainError } from '../platform/errors';
import type { Snapshot } from '../platform/event-store';
import type { Operation } from '../platform/http/route';
import { executionNameFor, SfnWorkflowStarter } from '../platform/workflows';
import type { Routes } from '../routes';
import { loadEnterpriseInScope } from '../enterprises/load-enterprise';
import { type DrawRecord, drawIdOf, drawStream, PUBLIC_DRAWS_KEY, publicDraw, registerEntropy } from './domain/draw-record';
import {
  agencyInspectionsKey,
  assertInspector,
  completeRectification,
  decideOutcome,
  drawInspectionsKey,
  type Inspection,
  inspectionIndex,
  inspectionStream,
  inspectorAssignmentsKey,
  open,
  publicInspection,
  recordFindings,
} from './domain/inspection';
import { agencyPlansKey, definePlan as define, type Plan, planStream } from './domain/plan';
import {
  agencyInspectorsKey,
  changeProblemLibrary as changeLibrary,
  declareInspector as declare,
  type Inspector,
  inspectorStream,
  type ProblemLibrary,
  problemLibraryStream,
} from './domain/pool';
import { teamFor } from './workflow.tasks';

/** Staff act within their agency. */
const agencyOf = (p: Principal): string => {
  if (!('agencyId' in p)) throw outOfScope();
  return p.agencyId;
};

async function loadOr404<S>(stream: string, what: string): Promise<Snapshot<S>> {
  const s = await eventStore().load<S>(stream);
  if (!s) throw new DomainError('SUPERVISION.NOT_FOUND', `No ${what}.`);
  return s;
}

async function command<S>(
  stream: string,
  current: Snapshot<S> | undefined,
  decision: Decision<S>,
  p: Principal,
  now: Date,
): Promise<{ body: S & { version: number } }> {
  if (!decision.events.length) return { body: { ...decision.state, version: current?.version ?? 0 } };
  const { state, version } = await appendDecision(eventStore(), stream, current, decision, { actor: p.sub, at: now });
  return { body: { ...state, version } };
}

/** PUT /v1/supervision/inspectors/{inspectorId} — supervisors keep the pool; an inspector declares their own conflicts. */
export const declareInspector: Operation<Routes['declareInspector']> = async ({ params, body, principal, now }) => {
  const agencyId = agencyOf(principal);
  if (principal.role === 'inspector' && principal.sub !== params.inspectorId)
    throw new DomainError('INSPECTOR.NOT_YOU', 'Inspectors declare only their own conflicts.');
  const stream = inspectorStream(agencyId, params.inspectorId);
  const current = await eventStore().load<Inspector>(stream);
  return command(stream, current, declare(current, agencyId, params.inspectorId, body, principal.sub, now), principal, now);
};

export const listInspectors: Operation<Routes['listInspectors']> = async ({ principal }) => ({
  body: { items: (await eventStore().listAll<Inspector>('gsi1', agencyInspectorsKey(agencyOf(principal)))).map((s) => s.state) },
});

/** POST /v1/supervision/problem-library — always drawn while listed (S2). */
export const changeProblemLibrary: Operation<Routes['changeProblemLibrary']> = async ({ body, principal, now }) => {
  const agencyId = agencyOf(principal);
  await loadEnterpriseInScope(principal, body.uscc);
  const stream = problemLibraryStream(agencyId);
  const current = await eventStore().load<ProblemLibrary>(stream);
  return command(stream, current, changeLibrary(current, agencyId, body, principal.sub, now), principal, now);
};

export const definePlan: Operation<Routes['definePlan']> = async ({ body, principal, now }) => {
  const stream = planStream(body.planId);
  const current = await eventStore().load<Plan>(stream);
  return command(stream, current, define(current, body, agencyOf(principal), principal.sub, now), principal, now);
};

export const listPlans: Operation<Routes['listPlans']> = async ({ principal }) => ({
  body: { items: (await eventStore().listAll<Plan>('gsi1', agencyPlansKey(agencyOf(principal)))).map((s) => s.state) },
});

/** POST /v1/supervision/plans/{planId}/draws — draws the plan for a period now; asking twice starts one draw. */
export const startDraw: Operation<Routes['startDraw']> = async ({ params, body, principal }) => {
  const plan = (await loadOr404<Plan>(planStream(params.planId), `plan ${params.planId}`)).state;
  if (plan.agencyId !== agencyOf(principal)) throw outOfScope();
  const drawId = drawIdOf(plan.planId, body.period);
  await new SfnWorkflowStarter().start('supervision-sampling', executionNameFor(`draw:${drawId}`, 'supervision-sampling'), {
    planId: plan.planId,
    period: body.period,
  });
  return { status: 202, body: { drawId, links: { draw: `/v1/public/draws/${drawId}` } } };
};

/** GET /v1/public/draws — newest first. */
export const listPublicDraws: Operation<Routes['listPublicDraws']> = async ({ query }) => {
  const page = await eventStore().list<DrawRecord>('gsi2', PUBLIC_DRAWS_KEY, { limit: query.limit ?? 20, cursor: query.cursor, descending: true });
  return {
    body: {
      items: page.items.map(({ state: d }) => ({
        drawId: d.drawId,
        planId: d.planId,
        period: d.period,
        agencyId: d.agencyId,
        status: d.status,
        rosterCount: d.rosterCount,
        summary: d.summary,
        committedAt: d.committedAt,
      })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    },
  };
};

/** Results up to this size travel inline; larger ones (a draw of many thousand licences) only by link. */
const INLINE_RESULT_BYTES = 1_000_000;

/** GET /v1/public/draws/{drawId} — everything a re-run needs but the roster, which is linked (S3). */
export const getPublicDraw: Operation<Routes['getPublicDraw']> = async ({ params }) => {
  const d = (await loadOr404<DrawRecord>(drawStream(params.drawId), `draw ${params.drawId}`)).state;
  const stored = d.resultKey ? await blobStore().get(d.resultKey) : undefined;
  const result = stored && stored.length <= INLINE_RESULT_BYTES ? (JSON.parse(stored.toString('utf8')) as unknown) : undefined;
  const links = {
    roster: `/v1/public/draws/${d.drawId}/roster`,
    ...(d.resultKey ? { result: `/v1/public/draws/${d.drawId}/result` } : {}),
    inspections: `/v1/public/inspections?drawId=${d.drawId}`,
  };
  return { body: { ...publicDraw(d), ...(result ? { result } : {}), links } };
};

/** GET /v1/public/draws/{drawId}/roster — the canonical roster (NDJSON), straight from the bucket. */
export const getDrawRoster: Operation<Routes['getDrawRoster']> = async ({ params }) => {
  const d = (await loadOr404<DrawRecord>(drawStream(params.drawId), `draw ${params.drawId}`)).state;
  return { status: 302, headers: { location: await blobStore().presignDownload(d.rosterKey, 300) } };
};

/** GET /v1/public/draws/{drawId}/result — the result as stored (canonical JSON), straight from the bucket. */
export const getDrawResult: Operation<Routes['getDrawResult']> = async ({ params }) => {
  const d = (await loadOr404<DrawRecord>(drawStream(params.drawId), `draw ${params.drawId}`)).state;
  if (!d.resultKey) throw new DomainError('DRAW.NOT_MADE', `Draw ${d.drawId} has not been made yet; its result is published with the seed.`);
  return { status: 302, headers: { location: await blobStore().presignDownload(d.resultKey, 300) } };
};

/** POST /v1/public/draws/{drawId}/entropy — anyone may add a string to the seed before the draw (S3). */
export const registerDrawEntropy: Operation<Routes['registerDrawEntropy']> = async ({ params, body, principal, now }) => {
  const stream = drawStream(params.drawId);
  const current = await loadOr404<DrawRecord>(stream, `draw ${params.drawId}`);
  const decision = registerEntropy(current.state, body.value, now);
  if (decision.events.length) await appendDecision(eventStore(), stream, current, decision, { actor: principal?.sub ?? 'public', at: now });
  return { status: 201, body: { drawId: params.drawId, entropy: decision.state.entropy.map((e) => e.value), entropyUntil: decision.state.entropyUntil } };
};

async function loadInspection(p: Principal, id: string): Promise<Snapshot<Inspection>> {
  const s = await loadOr404<Inspection>(inspectionStream(id), `inspection ${id}`);
  const ok = p.role === 'admin' || ('agencyId' in p && p.agencyId === s.state.agencyId) || (p.role === 'applicant' && p.enterpriseId === s.state.uscc);
  if (!ok) throw outOfScope();
  return s;
}

/** GET /v1/inspections — `assignedTo=me`: the caller's own; otherwise (supervisors) the agency's, newest first. */
export const listInspections: Operation<Routes['listInspections']> = async ({ query, principal }) => {
  const agencyId = agencyOf(principal);
  const store = eventStore();
  if (query.assignedTo === 'me' || principal.role === 'inspector') {
    const page = await store.list<{ inspectionId: string }>('gsi1', inspectorAssignmentsKey(agencyId, principal.sub), {
      limit: query.limit ?? 50,
      cursor: query.cursor,
      descending: true,
    });
    const items = await Promise.all(page.items.map(async (a) => (await store.load<Inspection>(inspectionStream(a.state.inspectionId)))!.state));
    return { body: { items, ...(page.cursor ? { cursor: page.cursor } : {}) } };
  }
  const page = await store.list<Inspection>('gsi1', agencyInspectionsKey(agencyId), { limit: query.limit ?? 50, cursor: query.cursor, descending: true });
  return { body: { items: page.items.map((s) => s.state), ...(page.cursor ? { cursor: page.cursor } : {}) } };
};

export const getInspection: Operation<Routes['getInspection']> = async ({ params, principal }) => {
  const { state, version } = await loadInspection(principal, params.id);
  return { body: { ...state, version } };
};

/** A step only the inspection's matched inspectors take (S4, S5). */
async function inspectorStep(p: Principal, id: string, now: Date, decide: (i: Inspection) => Decision<Inspection, EventsOf<'inspection'>>) {
  const current = await loadInspection(p, id);
  assertInspector(current.state, p.sub);
  return command(inspectionStream(id), current, decide(current.state), p, now);
}

export const recordInspectionFindings: Operation<Routes['recordInspectionFindings']> = async ({ params, body, principal, now }) =>
  inspectorStep(principal, params.id, now, (i) => recordFindings(i, body.items, principal.sub, now));

export const decideInspectionOutcome: Operation<Routes['decideInspectionOutcome']> = async ({ params, body, principal, now }) =>
  inspectorStep(principal, params.id, now, (i) => decideOutcome(i, body, principal.sub, now));

export const completeInspectionRectification: Operation<Routes['completeInspectionRectification']> = async ({ params, body, principal, now }) =>
  inspectorStep(principal, params.id, now, (i) => completeRectification(i, body.evidenceDocumentIds, principal.sub, now));

/** POST /v1/inspections/{id}/team — staffs an inspection opened without enough inspectors, once the pool allows. */
export const staffInspection: Operation<Routes['staffInspection']> = async ({ params, principal, now }) => {
  const current = await loadInspection(principal, params.id);
  const i = current.state;
  if (i.inspectors.length) throw new DomainError('INSPECTION.ALREADY_STAFFED', `Inspection ${i.inspectionId} already has its team.`);
  const team = await teamFor(i.agencyId, i.inspectionId, i.uscc, 2);
  if (team.length < 2) throw new DomainError('INSPECTION.POOL_TOO_SMALL', 'The pool has fewer than 2 inspectors without a conflict with this enterprise.');
  const staffed: Inspection = { ...i, inspectors: team };
  const { assignments } = open(staffed, new Date(i.openedAt));
  await appendDecisions(
    eventStore(),
    [
      {
        stream: inspectionStream(i.inspectionId),
        current,
        decision: { events: [{ type: 'InspectionStaffed', data: { inspectors: team, by: principal.sub } }], state: staffed, index: inspectionIndex(staffed) },
      },
      ...assignments.map((a) => ({ stream: a.stream, current: undefined, decision: a.decision })),
    ],
    { actor: principal.sub, at: now },
  );
  return { body: { ...staffed, version: current.version + 1 } };
};

/** GET /v1/public/inspections?drawId= — the results of a draw's inspections, without personal data (S1 "one open"). */
export const listPublicInspections: Operation<Routes['listPublicInspections']> = async ({ query }) => {
  const page = await eventStore().list<Inspection>('gsi2', drawInspectionsKey(query.drawId), { limit: query.limit ?? 100, cursor: query.cursor });
  return { body: { items: page.items.map((s) => publicInspection(s.state)), ...(page.cursor ? { cursor: page.cursor } : {}) } };
};

/** GET /v1/supervision/report — post-approval verification coverage (S7) and rectification orders (S5) of the agency. */
export const supervisionReport: Operation<Routes['supervisionReport']> = async ({ principal, now }) => {
  const today = shanghaiDate(now);
  const all = (await eventStore().listAll<Inspection>('gsi1', agencyInspectionsKey(agencyOf(principal)))).map((s) => s.state);
  const verifications = all.filter((i) => i.kind === 'post-approval');
  const verified = verifications.filter((i) => i.outcome);
  const overdue = verifications.filter((i) => !i.outcome && i.dueDate && i.dueDate < today);
  const rectifications = all.filter((i) => i.rectification);
  return {
    body: {
      asOf: now.toISOString(),
      inspections: {
        total: all.length,
        random: all.filter((i) => i.kind === 'random').length,
        targeted: all.filter((i) => i.kind === 'targeted').length,
        unstaffed: all.filter((i) => !i.inspectors.length).length,
      },
      postApprovalVerification: {
        due: verifications.length,
        verified: verified.length,
        coverage: ratio(verified.length, verifications.length),
        overdue: overdue.map((i) => ({ inspectionId: i.inspectionId, uscc: i.uscc, caseId: i.caseId, dueDate: i.dueDate })),
      },
      rectifications: {
        open: rectifications.filter((i) => i.rectification!.status === 'open').length,
        overdue: rectifications
          .filter((i) => i.rectification!.status === 'open' && i.rectification!.breachedOn)
          .map((i) => ({ inspectionId: i.inspectionId, uscc: i.uscc, deadline: i.rectification!.deadline })),
        completed: rectifications.filter((i) => i.rectification!.status === 'completed').length,
      },
    },
  };
};
