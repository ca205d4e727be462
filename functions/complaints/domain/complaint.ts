import { contractEvent } from '../../contracts';
import type { EventsOf } from '../../events';
import * as z from 'zod';
import complaintsJson from '../../../config/complaints.json';
import type { Decision } from '../../platform/aggregate';
import { markBreached, shanghaiDate, type WorkingDayCalendar } from '../../platform/calendar';
import type { Sealed } from '../../platform/envelope';
import { DomainError } from '../../platform/errors';
import { allowedActions, guard, lifecycle } from '../../platform/domain/lifecycle';
import type { NewEvent } from '../../platform/event-store';
import { Severity } from '../../credit/domain/credit-class';
import type { WorkOrder } from './work-order';

/**
 * A complaint from the 12398 hotline and its handling to closure (DOMAIN P1–P3), one stream per
 * work order. Complaints and reports: accept (or refuse on a legal ground) within 5 WD → assign →
 * findings → reply within 60 days of acceptance (one extension of at most 30 days) → callback,
 * which closes it. Consultations and other orders: answer within 5 WD, which closes it.
 * Every step is an event; the deadlines are stored, swept and shown (X2).
 */
export const RefusalGround = z.object({ code: z.string().regex(/^[a-z-]+$/), title: z.string(), titleEn: z.string() });
export const ComplaintsConfig = z.object({
  acceptanceWorkingDays: z.number().int().positive(),
  handlingDays: z.number().int().positive(),
  maxExtensionDays: z.number().int().positive(),
  answerWorkingDays: z.number().int().positive(),
  refusalGrounds: z.array(RefusalGround).min(1),
});
export const complaintsConfig = ComplaintsConfig.parse(complaintsJson);
export const REFUSAL_GROUNDS = complaintsConfig.refusalGrounds.map((g) => g.code);

export const ComplaintStatus = z.enum(['received', 'accepted', 'assigned', 'handled', 'replied', 'closed']);
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;
export const Outcome = z.enum(['refused', 'substantiated', 'not-substantiated', 'answered']);
export type Outcome = z.infer<typeof Outcome>;
export const DeadlineKind = z.enum(['acceptance', 'handling', 'answer']);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

export interface ComplaintDeadline {
  kind: DeadlineKind;
  rule: 'P2';
  from: string;
  dueDate: string;
  dueAt: string;
  calendarProvisional: boolean;
  /** Handling: the one extension granted. */
  extension?: { days: number; reason: string; by: string; at: string };
  metAt?: string;
  /** X2: the day after the last day, and the day the sweep noticed it. */
  breachedOn?: string;
  detectedOn?: string;
}

/** Who the complaint is about, once the intake workflow has looked the party up (P3). */
export type PartyLink =
  | {
      matched: true;
      by: 'uscc' | 'name';
      uscc: string;
      name: string;
      agencyId: string;
      licenses: { licenseNo: string; licenseClass: string; status: string }[];
    }
  | { matched: false };

interface Step {
  by: string;
  at: string;
}

export interface Complaint {
  complaintId: string;
  orderNo: string;
  webhookId: string;
  receivedAt: string;
  channel: WorkOrder['channel'];
  type: WorkOrder['type'];
  businessArea: WorkOrder['businessArea'];
  regionCode: string;
  agencyId: string;
  party?: WorkOrder['party'];
  facts: string;
  request: string;
  /** Anonymous, or the name and contact sealed under the complaint's id (P4). */
  complainant: { anonymous: true } | { anonymous: false; sealed: Sealed };
  attachments: { fileName: string; url?: string; contentType?: string; bytes?: number; blobKey?: string; sha256?: string }[];
  status: ComplaintStatus;
  link?: PartyLink;
  acceptance?: Step & ({ decision: 'accept' } | { decision: 'refuse'; ground: string; reasons: string });
  assignee?: Step & { staffId: string };
  /** 顶岗补位: the colleague who last acted for the absent handler (each new cover is a hand-over on the timeline). */
  coveredBy?: { staffId: string; for: string; since: string };
  findings?: Step & { substantiated: boolean; facts: string; severity?: Severity; targetedInspection: boolean };
  reply?: Step & { text: string };
  callback?: Step & { reached: boolean; satisfaction?: 'satisfied' | 'basically-satisfied' | 'dissatisfied'; note?: string };
  outcome?: Outcome;
  closedAt?: string;
  deadlines: ComplaintDeadline[];
}

export const complaintStream = (orderNo: string): string => `COMPLAINT#${orderNo}`;
export const isComplaintPath = (c: Pick<Complaint, 'type'>): boolean => c.type === 'complaint' || c.type === 'report';

/** The earliest open (not met, not breached) deadline: the sweep's next look at the work order (P2). */
export const nextDue = (c: Complaint): string | undefined =>
  c.deadlines
    .filter((d) => !d.metAt && !d.breachedOn)
    .map((d) => d.dueDate)
    .sort()[0];

const decided = (c: Complaint, events: NewEvent<EventsOf<'complaint'>>[]): Decision<Complaint, EventsOf<'complaint'>> => ({
  events,
  state: c,
});

/** The first deadline of a new order: accept or refuse (complaints, reports) or answer (the rest) within 5 WD of receipt. */
export function firstDeadline(type: WorkOrder['type'], at: Date, cal: WorkingDayCalendar): ComplaintDeadline {
  const complaintPath = isComplaintPath({ type });
  const d = cal.deadline(at, complaintPath ? complaintsConfig.acceptanceWorkingDays : complaintsConfig.answerWorkingDays);
  return {
    kind: complaintPath ? 'acceptance' : 'answer',
    rule: 'P2',
    from: shanghaiDate(at),
    dueDate: d.dueDate,
    dueAt: d.dueAt,
    calendarProvisional: d.calendarProvisional,
  };
}

const meet = (c: Complaint, kind: DeadlineKind, at: string): ComplaintDeadline[] =>
  c.deadlines.map((d) => (d.kind === kind && !d.metAt ? { ...d, metAt: at } : d));
export type ComplaintAction = 'accept' | 'refuse' | 'assign' | 'extend' | 'find' | 'reply' | 'answer' | 'call-back';

/**
 * THE table of a 12398 order's lifecycle (P2). Complaints and reports take the long path
 * (accept → assign → find → reply → call back); consultations and other orders are answered from
 * `received` (`answer`): `PATH` says which actions belong to which path.
 */
export const COMPLAINT_LIFECYCLE = lifecycle<ComplaintStatus, ComplaintAction>({
  name: 'work order',
  refusal: 'COMPLAINT.WRONG_STATE',
  creation: { action: 'receive', to: 'received' },
  finals: ['closed'],
  actions: {
    received: ['accept', 'refuse', 'answer'],
    accepted: ['assign', 'extend'],
    assigned: ['assign', 'extend', 'find'],
    handled: ['extend', 'reply'],
    replied: ['call-back'],
    closed: [],
  },
  targets: {
    accept: ['accepted'],
    refuse: ['closed'],
    assign: ['assigned'],
    extend: [],
    find: ['handled'],
    reply: ['replied'],
    answer: ['closed'],
    'call-back': ['closed'],
  },
});
const ANSWERED_DIRECTLY: readonly ComplaintAction[] = ['answer'];

const ACTION_WORDS: Record<ComplaintAction, string> = {
  accept: 'accepted',
  refuse: 'refused',
  assign: 'assigned',
  extend: 'extended',
  find: 'given findings',
  reply: 'replied to',
  answer: 'answered',
  'call-back': 'called back',
};

/** The one guard, and the path: an order takes only the actions of its path. */
function requireStatus(c: Complaint, action: ComplaintAction): void {
  const detail = `Complaint ${c.complaintId} is ${c.status}${c.type !== 'complaint' ? ` (${c.type})` : ''}; it cannot be ${ACTION_WORDS[action]} now.`;
  guard(COMPLAINT_LIFECYCLE, c.status, action, detail);
  if (isComplaintPath(c) === ANSWERED_DIRECTLY.includes(action))
    throw new DomainError('COMPLAINT.WRONG_STATE', detail, {
      allowed: allowedActions(COMPLAINT_LIFECYCLE, c.status).filter((a) => isComplaintPath(c) !== ANSWERED_DIRECTLY.includes(a)),
    });
}

/** The intake workflow's lookup of the party complained about (P3): recorded once. */
export function recordLink(c: Complaint, link: PartyLink): Decision<Complaint, EventsOf<'complaint'>> {
  if (c.link) return { events: [], state: c };
  const data = link.matched ? { matched: true, by: link.by, uscc: link.uscc, licenses: link.licenses.map((l) => l.licenseNo) } : { matched: false };
  return decided({ ...c, link }, [{ type: 'ComplaintPartyLinked', data }]);
}

export const Acceptance = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept') }),
  z.object({
    decision: z.literal('refuse'),
    ground: z
      .string()
      .max(64)
      .refine((g) => REFUSAL_GROUNDS.includes(g), { message: `one of the legal grounds for refusal: ${REFUSAL_GROUNDS.join(', ')}` }),
    reasons: z.string().trim().min(2).max(2000),
  }),
]);
export type Acceptance = z.infer<typeof Acceptance>;

/** P2: accept — the 60-day handling clock starts — or refuse on a legal ground, which closes it. */
export function decideAcceptance(c: Complaint, cmd: Acceptance, by: string, now: Date, cal: WorkingDayCalendar): Decision<Complaint, EventsOf<'complaint'>> {
  requireStatus(c, cmd.decision === 'accept' ? 'accept' : 'refuse');
  const at = now.toISOString();
  const deadlines = meet(c, 'acceptance', at);
  if (cmd.decision === 'refuse') {
    const next: Complaint = {
      ...c,
      status: 'closed',
      acceptance: { decision: 'refuse', ground: cmd.ground, reasons: cmd.reasons, by, at },
      outcome: 'refused',
      closedAt: at,
      deadlines,
    };
    return decided(next, [
      { type: 'ComplaintRefused', data: { ground: cmd.ground, reasons: cmd.reasons, by } },
      { type: 'ComplaintClosed', data: { outcome: 'refused' } },
    ]);
  }
  const h = cal.calendarDayDeadline(now, complaintsConfig.handlingDays);
  const handling: ComplaintDeadline = {
    kind: 'handling',
    rule: 'P2',
    from: shanghaiDate(now),
    dueDate: h.dueDate,
    dueAt: h.dueAt,
    calendarProvisional: h.calendarProvisional,
  };
  return decided({ ...c, status: 'accepted', acceptance: { decision: 'accept', by, at }, deadlines: [...deadlines, handling] }, [
    { type: 'ComplaintAccepted', data: { by, handlingDueDate: handling.dueDate } },
  ]);
}

/** P2: the handler of an accepted complaint; reassigning before findings is allowed and recorded. */
export function assign(c: Complaint, staffId: string, by: string, now: Date): Decision<Complaint, EventsOf<'complaint'>> {
  requireStatus(c, 'assign');
  if (c.assignee?.staffId === staffId) return { events: [], state: c };
  return decided({ ...c, status: 'assigned', assignee: { staffId, by, at: now.toISOString() } }, [
    { type: 'ComplaintAssigned', data: { staffId, by, previous: c.assignee?.staffId } },
  ]);
}

/** P2: one extension of the handling period, at most 30 days, with a reason, before the period has run out. */
export function extend(c: Complaint, days: number, reason: string, by: string, now: Date, cal: WorkingDayCalendar): Decision<Complaint, EventsOf<'complaint'>> {
  requireStatus(c, 'extend');
  const handling = c.deadlines.find((d) => d.kind === 'handling')!;
  if (handling.extension)
    throw new DomainError(
      'COMPLAINT.ALREADY_EXTENDED',
      `The handling period was already extended once (by ${handling.extension.days} days on ${handling.extension.at.slice(0, 10)}).`,
    );
  if (days > complaintsConfig.maxExtensionDays)
    throw new DomainError('COMPLAINT.EXTENSION_TOO_LONG', `An extension is at most ${complaintsConfig.maxExtensionDays} days.`);
  if (handling.breachedOn || Date.parse(handling.dueAt) < now.getTime())
    throw new DomainError('COMPLAINT.EXTENSION_TOO_LATE', `The handling period ended on ${handling.dueDate}; it can no longer be extended.`);
  const d = cal.calendarDayDeadline(handling.dueDate, days);
  const extended: ComplaintDeadline = {
    ...handling,
    dueDate: d.dueDate,
    dueAt: d.dueAt,
    calendarProvisional: handling.calendarProvisional || d.calendarProvisional,
    extension: { days, reason, by, at: now.toISOString() },
  };
  return decided({ ...c, deadlines: c.deadlines.map((x) => (x === handling ? extended : x)) }, [
    { type: 'ComplaintHandlingExtended', data: { days, reason, by, from: handling.dueDate, to: extended.dueDate } },
  ]);
}

export const Findings = z
  .object({
    substantiated: z.boolean(),
    facts: z.string().trim().min(2).max(8000),
    /** The credit severity of a substantiated complaint against a licensee (C1). */
    severity: Severity.optional(),
    /** Ask supervision for a targeted inspection of the party (P3, S5). */
    targetedInspection: z.boolean().default(false),
  })
  .refine((f) => f.substantiated || !f.severity, { message: 'a severity only goes with a substantiated complaint', path: ['severity'] });
export type Findings = z.infer<typeof Findings>;

/**
 * P2, P3: what handling found. Substantiated against a linked enterprise, it becomes a credit
 * record (ComplaintSubstantiated, consumed by credit-intake) and may ask for a targeted inspection.
 */
export function recordFindings(c: Complaint, f: Findings, by: string, now: Date): Decision<Complaint, EventsOf<'complaint'>> {
  requireStatus(c, 'find');
  const linked = c.link?.matched ? c.link : undefined;
  if (f.substantiated && linked && !f.severity)
    throw new DomainError(
      'COMPLAINT.SEVERITY_REQUIRED',
      `The complaint is against ${linked.name}: a substantiated finding needs the credit severity (minor, serious, severe).`,
    );
  if (f.targetedInspection && !linked)
    throw new DomainError('COMPLAINT.NO_PARTY', 'A targeted inspection needs the party complained about to be a registered enterprise.');
  const at = now.toISOString();
  const events: NewEvent<EventsOf<'complaint'>>[] = [
    { type: 'ComplaintFindingsRecorded', data: { substantiated: f.substantiated, facts: f.facts, severity: f.severity, by } },
  ];
  if (f.substantiated && linked) {
    events.push(
      contractEvent('ComplaintSubstantiated', {
        uscc: linked.uscc,
        severity: f.severity!,
        facts: f.facts,
        decidedAt: shanghaiDate(now),
        sourceRef: `complaint:${c.complaintId}`,
      }),
    );
  }
  if (f.targetedInspection && linked) {
    events.push(
      contractEvent('TargetedInspectionRequested', {
        uscc: linked.uscc,
        agencyId: c.agencyId,
        complaintId: c.complaintId,
        businessArea: c.businessArea,
        facts: f.facts,
      }),
    );
  }
  return decided(
    {
      ...c,
      status: 'handled',
      findings: {
        substantiated: f.substantiated,
        facts: f.facts,
        ...(f.severity ? { severity: f.severity } : {}),
        targetedInspection: f.targetedInspection,
        by,
        at,
      },
    },
    events,
  );
}

/**
 * P2: the answer sent back to the complainant through the hotline. It ends the handling period
 * of a complaint; a consultation or other order is answered and closed with it.
 */
export function reply(c: Complaint, text: string, by: string, now: Date): Decision<Complaint, EventsOf<'complaint'>> {
  const at = now.toISOString();
  if (!isComplaintPath(c)) {
    requireStatus(c, 'answer');
    return decided({ ...c, status: 'closed', reply: { text, by, at }, outcome: 'answered', closedAt: at, deadlines: meet(c, 'answer', at) }, [
      { type: 'ComplaintReplied', data: { by } },
      { type: 'ComplaintClosed', data: { outcome: 'answered' } },
    ]);
  }
  requireStatus(c, 'reply');
  return decided({ ...c, status: 'replied', reply: { text, by, at }, deadlines: meet(c, 'handling', at) }, [{ type: 'ComplaintReplied', data: { by } }]);
}

export const Callback = z
  .object({
    reached: z.boolean(),
    satisfaction: z.enum(['satisfied', 'basically-satisfied', 'dissatisfied']).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .refine((c) => !c.reached || c.satisfaction, { message: 'a complainant reached gives a satisfaction', path: ['satisfaction'] });
export type Callback = z.infer<typeof Callback>;

/** P2: the callback (回访) records satisfaction and closes the complaint. */
export function recordCallback(c: Complaint, cb: Callback, by: string, now: Date): Decision<Complaint, EventsOf<'complaint'>> {
  requireStatus(c, 'call-back');
  const at = now.toISOString();
  const outcome: Outcome = c.findings?.substantiated ? 'substantiated' : 'not-substantiated';
  return decided({ ...c, status: 'closed', callback: { ...cb, by, at }, outcome, closedAt: at }, [
    { type: 'ComplaintCallbackRecorded', data: { reached: cb.reached, satisfaction: cb.satisfaction, by } },
    { type: 'ComplaintClosed', data: { outcome } },
  ]);
}

/** X2: open deadlines that ran out before today are flagged the day after their last day. */
export function sweep(c: Complaint, now: Date): Decision<Complaint, EventsOf<'complaint'>> {
  const today = shanghaiDate(now);
  const events: NewEvent<EventsOf<'complaint'>>[] = [];
  const deadlines = c.deadlines.map((d) => {
    if (d.metAt || d.breachedOn || d.dueDate >= today) return d;
    const flagged = markBreached(d, today);
    events.push({ type: 'DeadlineBreached', data: { kind: d.kind, rule: d.rule, dueDate: d.dueDate, breachedOn: flagged.breachedOn, flaggedOn: today } });
    return flagged;
  });
  return events.length ? decided({ ...c, deadlines }, events) : { events, state: c };
}

/**
 * 顶岗补位: a step by the colleague covering for the absent handler is recorded as a hand-over (ComplaintCovered)
 * with it, the first time that colleague acts for that handler; the handler stays assigned.
 */
export function coveredFor(d: Decision<Complaint, EventsOf<'complaint'>>, cover: string, at: Date): Decision<Complaint, EventsOf<'complaint'>> {
  const handler = d.state.assignee?.staffId;
  if (!handler || handler === cover || !d.events.length || (d.state.coveredBy?.staffId === cover && d.state.coveredBy.for === handler)) return d;
  return {
    state: { ...d.state, coveredBy: { staffId: cover, for: handler, since: at.toISOString() } },
    events: [...d.events, { type: 'ComplaintCovered', data: { handler, coveredBy: cover } }],
  };
}
