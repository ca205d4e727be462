import type { ContractType } from '../../contracts';
import type { EventsOf } from '../../events';
import * as z from 'zod';
import type { Decision } from '../../platform/aggregate';
import { IsoDate, markBreached, type WorkingDayCalendar, shanghaiDate } from '../../platform/calendar';
import { DomainError } from '../../platform/errors';
import { guard, lifecycle } from '../../platform/domain/lifecycle';
import type { NewEvent, Snapshot } from '../../platform/event-store';
import { type CreditClass, creditClassOf, type CreditRecord, Severity } from './credit-class';

/**
 * An enterprise's credit (DOMAIN C1–C5), one stream per enterprise: its records, the class they
 * give (derived, C2), the measures that follow (C3), and its repair (C4) and objection (C5)
 * requests, each decided within 15 WD of acceptance. Records are never deleted: a repair or an
 * upheld objection changes a record by a new event (X3).
 */
export const RecordSource = z.enum(['penalty', 'inspection', 'false-commitment', 'complaint']);
export type RecordSource = z.infer<typeof RecordSource>;

export const AddCreditRecord = z.object({
  source: RecordSource,
  sourceRef: z.string().trim().min(1).max(200),
  severity: Severity,
  facts: z.string().trim().min(2).max(4000),
  decidedAt: IsoDate,
});
export type AddCreditRecord = z.infer<typeof AddCreditRecord>;

/** Events of other contexts that become credit records (C1; their data: CreditFinding of functions/contracts.ts), and the source each stands for. */
export const RECORD_SOURCES = {
  PenaltyDecided: 'penalty',
  InspectionFindingRecorded: 'inspection',
  FalseCommitmentFound: 'false-commitment',
  ComplaintSubstantiated: 'complaint',
} as const satisfies Partial<Record<ContractType, RecordSource>>;
export type CreditFindingEvent = keyof typeof RECORD_SOURCES;
export const isCreditFinding = (type: string): type is CreditFindingEvent => type in RECORD_SOURCES;

export const FullRecord = z.object({
  recordId: z.string(),
  source: RecordSource,
  sourceRef: z.string(),
  severity: Severity,
  facts: z.string(),
  decidedAt: z.string(),
  recordedAt: z.string(),
  status: z.enum(['live', 'repaired', 'withdrawn']),
  corrections: z.array(z.object({ at: z.string(), change: z.string(), requestId: z.string() })),
});
export type FullRecord = z.infer<typeof FullRecord>;

export const MeasureKind = z.enum(['reminder', 'warning', 'interview', 'dishonest-list']);
export type MeasureKind = z.infer<typeof MeasureKind>;
/** C3: the interview (约谈) a serious record calls for: scheduled with its time and place, then recorded as held. */
export const Interview = z.object({
  scheduledFor: z.string(),
  place: z.string(),
  scheduledBy: z.string(),
  scheduledAt: z.string(),
  held: z.object({ attendees: z.array(z.string()), agreed: z.string(), recordedBy: z.string(), recordedAt: z.string() }).optional(),
});
export type Interview = z.infer<typeof Interview>;
/** `held`: an interview that took place (its measure is done); `lifted`: the record stopped counting first. */
export const Measure = z.object({
  measureId: z.string(),
  recordId: z.string(),
  kind: MeasureKind,
  status: z.enum(['open', 'held', 'lifted']),
  since: z.string(),
  interview: Interview.optional(),
});
export type Measure = z.infer<typeof Measure>;

export const RequestKind = z.enum(['repair', 'objection']);
export type RequestKind = z.infer<typeof RequestKind>;
export const RequestStatus = z.enum(['submitted', 'accepted', 'not-accepted', 'granted', 'refused']);
export type RequestStatus = z.infer<typeof RequestStatus>;

export type RequestAction = 'accept' | 'not-accept' | 'grant' | 'refuse' | 'sweep';

/** THE table of a repair or objection request's lifecycle (C4, C5): accepted (the 15 WD clock starts) or not, then decided. */
export const REQUEST_LIFECYCLE = lifecycle<RequestStatus, RequestAction>({
  name: 'credit request',
  refusal: 'CREDIT.REQUEST_NOT_SUBMITTED',
  refusals: { grant: 'CREDIT.REQUEST_NOT_ACCEPTED', refuse: 'CREDIT.REQUEST_NOT_ACCEPTED' },
  creation: { action: 'request', to: 'submitted' },
  finals: ['not-accepted', 'granted', 'refused'],
  actions: { submitted: ['accept', 'not-accept'], accepted: ['grant', 'refuse', 'sweep'], 'not-accepted': [], granted: [], refused: [] },
  targets: { accept: ['accepted'], 'not-accept': ['not-accepted'], grant: ['granted'], refuse: ['refused'], sweep: [] },
});

export const CreditRequest = z.object({
  requestId: z.string(),
  kind: RequestKind,
  recordId: z.string(),
  /** Repair: the commitment to keep faith; objection: the grounds. */
  statement: z.string(),
  evidenceDocumentIds: z.array(z.string()),
  status: RequestStatus,
  submittedAt: z.string(),
  acceptedAt: z.string().optional(),
  decision: z.object({ at: z.string(), by: z.string(), reasons: z.string() }).optional(),
  deadline: z
    .object({
      rule: z.enum(['C4', 'C5']),
      from: z.string(),
      workingDays: z.number().int(),
      dueDate: z.string(),
      dueAt: z.string(),
      calendarProvisional: z.boolean(),
      metAt: z.string().optional(),
      breachedOn: z.string().optional(),
      detectedOn: z.string().optional(),
    })
    .optional(),
});
export type CreditRequest = z.infer<typeof CreditRequest>;

export const Credit = z.object({
  uscc: z.string(),
  name: z.string(),
  regionCode: z.string(),
  agencyId: z.string(),
  /** The records the class is computed from (the shape the licensing port reads). */
  records: z.array(FullRecord),
  creditClass: z.string(),
  classAsOf: z.string(),
  measures: z.array(Measure),
  requests: z.array(CreditRequest),
});
export type Credit = z.infer<typeof Credit>;

/** Working days to decide a repair or an objection after accepting it (C4, C5). */
export const DECISION_WORKING_DAYS = 15;

/** C3: what follows from a record of each severity. */
export const MEASURES: Record<Severity, readonly MeasureKind[]> = {
  minor: ['reminder'],
  serious: ['warning', 'interview'],
  severe: ['dishonest-list'],
};

export interface EnterpriseRef {
  uscc: string;
  name: string;
  regionCode: string;
  agencyId: string;
}

const emptyCredit = (e: EnterpriseRef, today: string): Credit => ({ ...e, records: [], creditClass: 'good', classAsOf: today, measures: [], requests: [] });
const classOf = (records: readonly CreditRecord[], today: string): CreditClass => creditClassOf(records, today);

/** The earliest open deadline of a repair or objection (C4, C5): the sweep's next look. */
export const nextDue = (c: Credit): string | undefined =>
  c.requests
    .map((r) => r.deadline)
    .filter((d) => d && !d.metAt && !d.breachedOn)
    .map((d) => d!.dueDate)
    .sort()[0];

/** Recomputes the class and the measures after the records changed; lifts measures of records that stopped counting. */
function settle(c: Credit, today: string, events: NewEvent<EventsOf<'credit'>>[]): Decision<Credit, EventsOf<'credit'>> {
  const creditClass = classOf(c.records, today);
  const live = new Set(c.records.filter((r) => r.status === 'live').map((r) => r.recordId));
  const measures = c.measures.map((m) => (m.status === 'open' && !live.has(m.recordId) ? { ...m, status: 'lifted' as const } : m));
  for (const m of measures)
    if (m.status === 'lifted' && c.measures.find((x) => x.measureId === m.measureId)?.status === 'open')
      events.push({ type: 'CreditMeasureLifted', data: { measureId: m.measureId, recordId: m.recordId, kind: m.kind } });
  if (creditClass !== c.creditClass) events.push({ type: 'CreditClassChanged', data: { from: c.creditClass, to: creditClass } });
  const next: Credit = { ...c, creditClass, classAsOf: today, measures };
  return { events, state: next };
}

export function addRecord(
  current: Snapshot<Credit> | undefined,
  enterprise: EnterpriseRef,
  cmd: AddCreditRecord,
  at: Date,
): Decision<Credit, EventsOf<'credit'>> {
  const today = shanghaiDate(at);
  const c = current?.state ?? emptyCredit(enterprise, today);
  if (cmd.decidedAt > today) throw new DomainError('CREDIT.DECIDED_IN_FUTURE', 'A record is decided on or before the day it is recorded.');
  const duplicate = c.records.find((r) => r.source === cmd.source && r.sourceRef === cmd.sourceRef);
  if (duplicate) return { events: [], state: c }; // the same finding delivered twice is one record
  const recordId = `CR${String(c.records.length + 1).padStart(4, '0')}`;
  const record: FullRecord = { recordId, ...cmd, recordedAt: at.toISOString(), status: 'live', corrections: [] };
  const measures = MEASURES[cmd.severity].map((kind, i) => ({ measureId: `${recordId}-M${i + 1}`, recordId, kind, status: 'open' as const, since: today }));
  const events: NewEvent<EventsOf<'credit'>>[] = [
    { type: 'CreditRecordAdded', data: { ...record } },
    ...measures.map((m) => ({ type: 'CreditMeasureImposed' as const, data: { ...m } })),
  ];
  return settle({ ...c, records: [...c.records, record], measures: [...c.measures, ...measures] }, today, events);
}

// ---------------------------------------------------------------- the interview (C3)

function openInterview(c: Credit, measureId: string): Measure {
  const m = c.measures.find((x) => x.measureId === measureId);
  if (!m) throw new DomainError('CREDIT.NO_SUCH_MEASURE', `No measure ${measureId}.`);
  if (m.kind !== 'interview') throw new DomainError('CREDIT.NOT_AN_INTERVIEW', `Measure ${measureId} is a ${m.kind}, not an interview.`);
  if (m.status !== 'open') throw new DomainError('CREDIT.INTERVIEW_CLOSED', `The interview ${measureId} is ${m.status}.`);
  return m;
}

const withMeasure = (c: Credit, m: Measure): Credit => ({ ...c, measures: c.measures.map((x) => (x.measureId === m.measureId ? m : x)) });

/** Schedules (or moves, before it is held) the interview of a serious record: a time still to come, and a place (C3). */
export function scheduleInterview(c: Credit, measureId: string, s: { at: string; place: string }, by: string, now: Date): Decision<Credit, EventsOf<'credit'>> {
  const m = openInterview(c, measureId);
  if (Date.parse(s.at) <= now.getTime()) throw new DomainError('CREDIT.INTERVIEW_IN_PAST', 'An interview is scheduled for a time still to come.');
  const interview: Interview = { scheduledFor: new Date(s.at).toISOString(), place: s.place, scheduledBy: by, scheduledAt: now.toISOString() };
  return {
    events: [
      {
        type: 'CreditInterviewScheduled',
        data: { measureId, recordId: m.recordId, at: interview.scheduledFor, place: s.place, ...(m.interview ? { rescheduled: true } : {}) },
      },
    ],
    state: withMeasure(c, { ...m, interview }),
  };
}

/** Records the interview as held — who attended and what was agreed — once its time has come; the measure is then done (C3). */
export function recordInterview(
  c: Credit,
  measureId: string,
  r: { attendees: string[]; agreed: string },
  by: string,
  now: Date,
): Decision<Credit, EventsOf<'credit'>> {
  const m = openInterview(c, measureId);
  if (!m.interview) throw new DomainError('CREDIT.INTERVIEW_NOT_SCHEDULED', 'An interview is scheduled before it is recorded.');
  if (Date.parse(m.interview.scheduledFor) > now.getTime())
    throw new DomainError('CREDIT.INTERVIEW_NOT_YET', `The interview is scheduled for ${m.interview.scheduledFor}: it is recorded once held.`);
  const held = { attendees: r.attendees, agreed: r.agreed, recordedBy: by, recordedAt: now.toISOString() };
  return {
    events: [
      {
        type: 'CreditInterviewHeld',
        data: { measureId, recordId: m.recordId, at: m.interview.scheduledFor, place: m.interview.place, attendees: r.attendees, agreed: r.agreed },
      },
    ],
    state: withMeasure(c, { ...m, status: 'held', interview: { ...m.interview, held } }),
  };
}

// ---------------------------------------------------------------- repair (C4) and objection (C5)

export function submitRequest(
  current: Snapshot<Credit> | undefined,
  kind: RequestKind,
  recordId: string,
  statement: string,
  evidenceDocumentIds: string[],
  at: Date,
): Decision<Credit, EventsOf<'credit'>> {
  if (!current) throw new DomainError('CREDIT.NO_RECORDS', 'This enterprise has no credit records.');
  const c = current.state;
  const record = c.records.find((r) => r.recordId === recordId);
  if (!record) throw new DomainError('CREDIT.NO_SUCH_RECORD', `No credit record ${recordId}.`);
  if (record.status !== 'live') throw new DomainError('CREDIT.RECORD_NOT_LIVE', `Record ${recordId} is ${record.status}.`);
  if (c.requests.some((r) => r.recordId === recordId && r.kind === kind && (r.status === 'submitted' || r.status === 'accepted'))) {
    throw new DomainError('CREDIT.REQUEST_OPEN', `A ${kind} request for ${recordId} is already open.`);
  }
  const request: CreditRequest = {
    requestId: `${kind === 'repair' ? 'RP' : 'OB'}${String(c.requests.length + 1).padStart(3, '0')}`,
    kind,
    recordId,
    statement,
    evidenceDocumentIds,
    status: 'submitted',
    submittedAt: at.toISOString(),
  };
  const next = { ...c, requests: [...c.requests, request] };
  return {
    events: [{ type: kind === 'repair' ? 'CreditRepairRequested' : 'CreditObjectionRaised', data: { ...request } }],
    state: next,
  };
}

function findRequest(c: Credit, kind: RequestKind, requestId: string): CreditRequest {
  const r = c.requests.find((x) => x.requestId === requestId && x.kind === kind);
  if (!r) throw new DomainError('CREDIT.NO_SUCH_REQUEST', `No ${kind} request ${requestId}.`);
  return r;
}

const replace = (c: Credit, r: CreditRequest): Credit => ({ ...c, requests: c.requests.map((x) => (x.requestId === r.requestId ? r : x)) });

/** Accepting starts the 15-WD decision clock (C4, C5); not accepting ends the request with reasons. */
export function acceptRequest(
  c: Credit,
  kind: RequestKind,
  requestId: string,
  accept: boolean,
  reasons: string | undefined,
  by: string,
  at: Date,
  cal: WorkingDayCalendar,
): Decision<Credit, EventsOf<'credit'>> {
  const r = findRequest(c, kind, requestId);
  guard(REQUEST_LIFECYCLE, r.status, accept ? 'accept' : 'not-accept', `The ${kind} request is ${r.status}.`);
  if (!accept) {
    if (!reasons?.trim()) throw new DomainError('CREDIT.REASONS_REQUIRED', 'Not accepting a request needs reasons.');
    const next = replace(c, { ...r, status: 'not-accepted', decision: { at: at.toISOString(), by, reasons } });
    return { events: [{ type: 'CreditRequestNotAccepted', data: { requestId, kind, reasons } }], state: next };
  }
  const from = shanghaiDate(at);
  const d = cal.deadline(from, DECISION_WORKING_DAYS);
  const accepted: CreditRequest = {
    ...r,
    status: 'accepted',
    acceptedAt: at.toISOString(),
    deadline: {
      rule: kind === 'repair' ? 'C4' : 'C5',
      from,
      workingDays: DECISION_WORKING_DAYS,
      dueDate: d.dueDate,
      dueAt: d.dueAt,
      calendarProvisional: d.calendarProvisional,
    },
  };
  const next = replace(c, accepted);
  return { events: [{ type: 'CreditRequestAccepted', data: { requestId, kind, dueDate: d.dueDate } }], state: next };
}

export interface RequestDecision {
  outcome: 'granted' | 'refused';
  reasons: string;
  /** An upheld objection corrects the record: withdraw it, or set the severity it should have had. */
  correction?: 'withdraw' | Severity;
}

export function decideRequest(c: Credit, kind: RequestKind, requestId: string, d: RequestDecision, by: string, at: Date): Decision<Credit, EventsOf<'credit'>> {
  const r = findRequest(c, kind, requestId);
  guard(
    REQUEST_LIFECYCLE,
    r.status,
    d.outcome === 'granted' ? 'grant' : 'refuse',
    `A ${kind} request is decided after it is accepted; this one is ${r.status}.`,
  );
  if (!d.reasons.trim()) throw new DomainError('CREDIT.REASONS_REQUIRED', 'A decision needs reasons.');
  const today = shanghaiDate(at);
  const nowIso = at.toISOString();
  const decided: CreditRequest = { ...r, status: d.outcome, decision: { at: nowIso, by, reasons: d.reasons }, deadline: { ...r.deadline!, metAt: nowIso } };
  const events: NewEvent<EventsOf<'credit'>>[] = [
    {
      type: kind === 'repair' ? 'CreditRepairDecided' : 'CreditObjectionDecided',
      data: { requestId, outcome: d.outcome, reasons: d.reasons, ...(d.correction ? { correction: d.correction } : {}) },
    },
  ];
  let records = c.records;
  if (d.outcome === 'granted') {
    const correction = kind === 'repair' ? 'repaired' : (d.correction ?? 'withdraw');
    records = c.records.map((rec) => {
      if (rec.recordId !== r.recordId) return rec;
      if (correction === 'repaired')
        return { ...rec, status: 'repaired' as const, corrections: [...rec.corrections, { at: nowIso, change: 'repaired', requestId }] };
      if (correction === 'withdraw')
        return { ...rec, status: 'withdrawn' as const, corrections: [...rec.corrections, { at: nowIso, change: 'withdrawn on objection', requestId }] };
      return {
        ...rec,
        severity: correction,
        corrections: [...rec.corrections, { at: nowIso, change: `severity ${rec.severity} → ${correction} on objection`, requestId }],
      };
    });
    events.push({ type: 'CreditRecordCorrected', data: { recordId: r.recordId, change: correction, requestId } });
  }
  return settle(replace({ ...c, records }, decided), today, events);
}

/** The daily sweep flags a repair or objection not decided by the end of its 15th WD. */
export function sweepCredit(c: Credit, at: Date): Decision<Credit, EventsOf<'credit'>> {
  const today = shanghaiDate(at);
  const events: NewEvent<EventsOf<'credit'>>[] = [];
  const requests = c.requests.map((r) => {
    const d = r.deadline;
    if (!d || d.metAt || d.breachedOn || d.dueDate >= today) return r;
    const flagged = markBreached(d, today);
    events.push({
      type: 'DeadlineBreached',
      data: { kind: r.kind, requestId: r.requestId, rule: d.rule, dueDate: d.dueDate, breachedOn: flagged.breachedOn, flaggedOn: today },
    });
    return { ...r, deadline: flagged };
  });
  return settle({ ...c, requests }, today, events);
}

/** What the public sees of a severely dishonest enterprise: the enterprise and its severe records with the facts found (published as a penalty is), no personal data. */
export function publicEntry(c: Credit) {
  return {
    uscc: c.uscc,
    name: c.name,
    regionCode: c.regionCode,
    agencyId: c.agencyId,
    listedSince: c.classAsOf,
    records: c.records
      .filter((r) => r.status === 'live' && r.severity === 'severe')
      .map((r) => ({ recordId: r.recordId, source: r.source, sourceRef: r.sourceRef, decidedAt: r.decidedAt, facts: r.facts })),
  };
}
