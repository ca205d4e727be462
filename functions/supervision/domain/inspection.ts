import { contractEvent } from '../../contracts';
import type { EventsOf } from '../../events';
import * as z from 'zod';
import type { Decision } from '../../platform/aggregate';
import { breachDayOf, addCalendarDays, endOfDay, IsoDate, shanghaiDate } from '../../platform/calendar';
import { DomainError } from '../../platform/errors';
import { guard, lifecycle } from '../../platform/domain/lifecycle';
import type { NewEvent } from '../../platform/event-store';
import { Severity } from '../../credit/domain/credit-class';
import { supervisionConfig } from './plan';

/**
 * An inspection (S5, S7): drawn at random, targeted (a complaint's clue, P3) or the post-approval
 * verification of a commitment-path approval (L7, S7). Only its matched inspectors record
 * findings and the outcome; a non-compliant outcome becomes a credit record through an event
 * (C1) and a rectification order carries a deadline the daily sweep watches (X2).
 */
export type InspectionKind = 'random' | 'targeted' | 'post-approval';

export interface Inspection {
  inspectionId: string;
  kind: InspectionKind;
  agencyId: string;
  uscc: string;
  name: string;
  licenseNo?: string;
  licenseClass?: string;
  drawId?: string;
  complaintId?: string;
  caseId?: string;
  inspectors: string[];
  mode: 'on-site' | 'off-site';
  openedAt: string;
  /** Post-approval verifications are due within 6 months of the approval (S7). */
  dueDate?: string;
  status: 'open' | 'rectifying' | 'closed';
  findings: Finding[];
  outcome?: { outcome: Outcome; facts: string; severity?: Severity; by: string; at: string };
  rectification?: {
    deadline: string;
    dueAt: string;
    status: 'open' | 'completed';
    completedAt?: string;
    evidenceDocumentIds?: string[];
    /** X2: the day after the deadline, and the day the sweep noticed it. */
    breachedOn?: string;
    detectedOn?: string;
  };
  breachedOn?: string;
  detectedOn?: string;
  closedAt?: string;
}

export const Finding = z.object({
  checklistItem: z.string().trim().min(2).max(200),
  result: z.enum(['pass', 'fail', 'not-applicable']),
  evidenceDocumentIds: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(20)
    .default([]),
  note: z.string().trim().max(2000).optional(),
});
export type Finding = z.infer<typeof Finding> & { by?: string; at?: string };
export const RecordFindings = z.object({ items: z.array(Finding).min(1).max(100) });

export const Outcome = z.enum(['compliant', 'rectification', 'penalty', 'revocation-referral']);
export type Outcome = z.infer<typeof Outcome>;
export const DecideOutcome = z
  .object({
    outcome: Outcome,
    facts: z.string().trim().min(2).max(4000),
    /** A rectification order's last day. */
    deadline: IsoDate.optional(),
    /** Overrides the default credit severity of the outcome (config/supervision.json). */
    severity: Severity.optional(),
  })
  .refine((o) => o.outcome !== 'rectification' || o.deadline, { message: 'a rectification order needs its deadline', path: ['deadline'] });
export type DecideOutcome = z.infer<typeof DecideOutcome>;

export const inspectionStream = (id: string): string => `INSPECTION#${id}`;
export const assignmentStream = (inspectorId: string, inspectionId: string): string => `ASSIGNMENT#${inspectorId}#${inspectionId}`;

/** Open clocks: a rectification deadline, or a post-approval verification's due date. */
export function nextDue(i: Inspection): string | undefined {
  if (i.rectification?.status === 'open' && !i.rectification.breachedOn) return i.rectification.deadline;
  if (i.kind === 'post-approval' && i.status === 'open' && i.dueDate && !i.breachedOn) return i.dueDate;
  return undefined;
}

const decided = (i: Inspection, events: NewEvent<EventsOf<'inspection'>>[]): Decision<Inspection, EventsOf<'inspection'>> => ({
  events,
  state: i,
});

/** One inspector's assignment to an inspection: each inspector finds theirs by index. */
export interface Assignment {
  inspectionId: string;
  inspectorId: string;
  agencyId: string;
  assignedAt: string;
}

export type NewInspection = Omit<Inspection, 'status' | 'findings' | 'openedAt'>;

/** Opens an inspection and, with it, one assignment per inspector (so each finds theirs by index). */
export function open(
  i: NewInspection,
  at: Date,
): { inspection: Decision<Inspection, EventsOf<'inspection'>>; assignments: { stream: string; decision: Decision<Assignment> }[] } {
  const state: Inspection = { ...i, status: 'open', findings: [], openedAt: at.toISOString() };
  return {
    inspection: decided(state, [{ type: 'InspectionOpened', data: { ...i } }]),
    assignments: i.inspectors.map((inspectorId) => ({
      stream: assignmentStream(inspectorId, i.inspectionId),
      decision: {
        events: [{ type: 'InspectorAssigned', data: { inspectionId: i.inspectionId, inspectorId } }],
        state: { inspectionId: i.inspectionId, inspectorId, agencyId: i.agencyId, assignedAt: state.openedAt },
      },
    })),
  };
}

/**
 * Staffs an inspection that opened without a team (the pool was too small, S4): once, and only
 * with a full team of inspectors without a conflict with the enterprise. Each inspector is assigned.
 */
export function staff(i: Inspection, team: readonly string[], teamSize: number, by: string): ReturnType<typeof open> {
  guard(INSPECTION_LIFECYCLE, i.status, 'staff', `Inspection ${i.inspectionId} is ${i.status}; only an open inspection is staffed.`);
  if (i.inspectors.length) throw new DomainError('INSPECTION.ALREADY_STAFFED', `Inspection ${i.inspectionId} already has its team.`);
  if (team.length < teamSize)
    throw new DomainError('INSPECTION.POOL_TOO_SMALL', `The pool has fewer than ${teamSize} inspectors without a conflict with this enterprise.`);
  const staffed: Inspection = { ...i, inspectors: [...team] };
  return {
    inspection: decided(staffed, [{ type: 'InspectionStaffed', data: { inspectors: [...team], by } }]),
    assignments: open(staffed, new Date(i.openedAt)).assignments,
  };
}

export function assertInspector(i: Inspection, who: string): void {
  if (!i.inspectors.includes(who))
    throw new DomainError('INSPECTION.NOT_MATCHED', `Only the inspectors matched to ${i.inspectionId} record its findings and outcome.`);
}

export type InspectionStatus = Inspection['status'];
export type InspectionAction = 'staff' | 'record-findings' | 'decide-outcome' | 'complete-rectification' | 'sweep';

/** THE table of an inspection's lifecycle (S4, S5): findings and outcome while open; a rectification order keeps it open until done. */
export const INSPECTION_LIFECYCLE = lifecycle<InspectionStatus, InspectionAction>({
  name: 'inspection',
  refusal: 'INSPECTION.CLOSED',
  refusals: { 'complete-rectification': 'INSPECTION.NOT_RECTIFYING' },
  creation: { action: 'open', to: 'open' },
  finals: ['closed'],
  actions: {
    open: ['staff', 'record-findings', 'decide-outcome', 'sweep'],
    rectifying: ['complete-rectification', 'sweep'],
    closed: [],
  },
  targets: { staff: [], 'record-findings': [], 'decide-outcome': ['rectifying', 'closed'], 'complete-rectification': ['closed'], sweep: [] },
});

export function recordFindings(i: Inspection, items: readonly Finding[], by: string, at: Date): Decision<Inspection, EventsOf<'inspection'>> {
  guard(INSPECTION_LIFECYCLE, i.status, 'record-findings', `Inspection ${i.inspectionId} is ${i.status}; findings are recorded while it is open.`);
  const stamped = items.map((f) => ({ ...f, by, at: at.toISOString() }));
  return decided({ ...i, findings: [...i.findings, ...stamped] }, [{ type: 'InspectionFindingsAdded', data: { items: stamped } }]);
}

/**
 * S5: the outcome. Not compliant: a credit record through InspectionFindingRecorded — or, when a
 * post-approval verification finds the commitment was false, FalseCommitmentFound (L8, C1).
 */
export function decideOutcome(i: Inspection, cmd: DecideOutcome, by: string, at: Date): Decision<Inspection, EventsOf<'inspection'>> {
  guard(INSPECTION_LIFECYCLE, i.status, 'decide-outcome', `Inspection ${i.inspectionId} already has its outcome.`);
  if (!i.findings.length) throw new DomainError('INSPECTION.NO_FINDINGS', 'Record the findings before the outcome.');
  const today = shanghaiDate(at);
  if (cmd.deadline && (cmd.deadline <= today || cmd.deadline > addCalendarDays(today, supervisionConfig.rectificationMaxDays)))
    throw new DomainError('INSPECTION.BAD_DEADLINE', `A rectification deadline is after today and within ${supervisionConfig.rectificationMaxDays} days.`);
  const iso = at.toISOString();
  const severity = cmd.outcome === 'compliant' ? undefined : (cmd.severity ?? supervisionConfig.outcomeSeverity[cmd.outcome]);
  const events: NewEvent<EventsOf<'inspection'>>[] = [
    { type: 'InspectionOutcomeDecided', data: { outcome: cmd.outcome, facts: cmd.facts, severity, deadline: cmd.deadline, by } },
  ];
  if (severity) {
    // For credit (C1): a false commitment (L7), a penalty, or another finding.
    const falseCommitment = i.kind === 'post-approval' && cmd.outcome === 'revocation-referral';
    const type = falseCommitment ? 'FalseCommitmentFound' : cmd.outcome === 'penalty' ? 'PenaltyDecided' : 'InspectionFindingRecorded';
    events.push(contractEvent(type, { uscc: i.uscc, severity, facts: cmd.facts, decidedAt: today, sourceRef: `inspection:${i.inspectionId}` }));
  }
  const rectifying = cmd.outcome === 'rectification';
  const next: Inspection = {
    ...i,
    status: rectifying ? 'rectifying' : 'closed',
    outcome: { outcome: cmd.outcome, facts: cmd.facts, ...(severity ? { severity } : {}), by, at: iso },
    ...(rectifying ? { rectification: { deadline: cmd.deadline!, dueAt: endOfDay(cmd.deadline!).toISOString(), status: 'open' as const } } : { closedAt: iso }),
  };
  return decided(next, events);
}

export const CompleteRectification = z.object({
  evidenceDocumentIds: z
    .array(z.string().regex(/^[0-9a-f]{64}$/))
    .max(20)
    .default([]),
  note: z.string().trim().max(2000).optional(),
});

/** The inspectors confirm the rectification was done; late or not, the record of when is kept. */
export function completeRectification(i: Inspection, evidenceDocumentIds: string[], by: string, at: Date): Decision<Inspection, EventsOf<'inspection'>> {
  guard(INSPECTION_LIFECYCLE, i.status, 'complete-rectification', `Inspection ${i.inspectionId} has no open rectification order.`);
  if (!i.rectification) throw new DomainError('INSPECTION.NOT_RECTIFYING', `Inspection ${i.inspectionId} has no open rectification order.`);
  const iso = at.toISOString();
  const late = Date.parse(iso) > Date.parse(i.rectification.dueAt);
  return decided({ ...i, status: 'closed', closedAt: iso, rectification: { ...i.rectification, status: 'completed', completedAt: iso, evidenceDocumentIds } }, [
    { type: 'RectificationCompleted', data: { by, late, evidenceDocumentIds } },
  ]);
}

/** X2: an overdue rectification order, or a post-approval verification not done in time, is flagged the day after. */
export function sweep(i: Inspection, now: Date): Decision<Inspection, EventsOf<'inspection'>> {
  const today = shanghaiDate(now);
  if (i.rectification?.status === 'open' && !i.rectification.breachedOn && i.rectification.deadline < today) {
    const breachedOn = breachDayOf(i.rectification.deadline);
    return decided({ ...i, rectification: { ...i.rectification, breachedOn, detectedOn: today } }, [
      { type: 'RectificationOverdue', data: { deadline: i.rectification.deadline, breachedOn, flaggedOn: today } },
    ]);
  }
  if (i.kind === 'post-approval' && i.status === 'open' && i.dueDate && !i.breachedOn && i.dueDate < today) {
    const breachedOn = breachDayOf(i.dueDate);
    return decided({ ...i, breachedOn, detectedOn: today }, [
      { type: 'DeadlineBreached', data: { kind: 'post-approval-verification', rule: 'S7', dueDate: i.dueDate, breachedOn, flaggedOn: today } },
    ]);
  }
  return { events: [], state: i };
}

/** What the public sees of an inspection's result: the enterprise and the outcome, no people, no notes. */
export const publicInspection = (i: Inspection) => ({
  inspectionId: i.inspectionId,
  kind: i.kind,
  drawId: i.drawId,
  uscc: i.uscc,
  name: i.name,
  licenseNo: i.licenseNo,
  licenseClass: i.licenseClass,
  mode: i.mode,
  status: i.status,
  outcome: i.outcome?.outcome,
  rectificationDeadline: i.rectification?.deadline,
  closedAt: i.closedAt,
});
