import type { EventsOf } from '../../events';
import * as z from 'zod';
import { type CreditClass } from '../../credit/domain/credit-class';
import type { Decision } from '../../platform/aggregate';
import { markBreached, type WorkingDayCalendar, shanghaiDate } from '../../platform/calendar';
import { DomainError } from '../../platform/errors';
import { guard as lifecycleGuard, lifecycle } from '../../platform/domain/lifecycle';
import type { NewEvent, Snapshot } from '../../platform/event-store';
import licensingJson from '../../../config/licensing.json';
import { guideConfig, kindRules, type Matter, MatterKind, officialScope } from './guide';

/** The statutory limits of a matter, from its service guide (L3). */
export const limitsOf = (m: Matter): Limits & { extensionMaxWorkingDays: number } => ({
  acceptanceWorkingDays: m.timeLimits.acceptanceWorkingDays.value,
  decisionWorkingDays: m.timeLimits.decisionWorkingDays.value,
  extensionMaxWorkingDays: m.timeLimits.extensionMaxWorkingDays.value,
  issuanceWorkingDays: m.timeLimits.issuanceWorkingDays.value,
  publicationWorkingDays: m.timeLimits.publicationWorkingDays.value,
});

/**
 * A licensing case (DOMAIN L1–L9): its statuses, the ONE table of what may be done in each, and
 * the pure functions that turn a command into events and the next state. No I/O here.
 */
export const ApplicationStatus = z.enum(['submitted', 'correction-requested', 'under-review', 'granted', 'denied', 'refused', 'withdrawn']);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

export const ApplicationAction = z.enum([
  'intake',
  'accept',
  'refuse',
  'correction-notice',
  'supplement',
  'deem-accept',
  'extend',
  'pause',
  'end-pause',
  'decide',
  'withdraw',
  'issue-license',
  'publish',
  'deliver',
  'visit',
  'sweep',
  'reassign',
]);
export type ApplicationAction = z.infer<typeof ApplicationAction>;

/** THE table of a case's lifecycle: what may be done in each status, and where each action leads (DESIGN.md). */
export const APPLICATION_LIFECYCLE = lifecycle<ApplicationStatus, ApplicationAction>({
  name: 'case',
  refusal: 'APPLICATION.ACTION_NOT_ALLOWED',
  creation: { action: 'submit', to: 'submitted' },
  finals: ['granted', 'denied', 'refused', 'withdrawn'],
  actions: {
    submitted: ['intake', 'accept', 'refuse', 'correction-notice', 'deem-accept', 'withdraw', 'deliver', 'visit', 'sweep', 'reassign'],
    'correction-requested': ['supplement', 'refuse', 'withdraw', 'deliver', 'visit', 'sweep', 'reassign'],
    'under-review': ['extend', 'pause', 'end-pause', 'decide', 'withdraw', 'deliver', 'visit', 'sweep', 'reassign'],
    granted: ['issue-license', 'publish', 'deliver', 'visit', 'sweep'],
    denied: ['deliver', 'visit'],
    refused: ['visit'],
    withdrawn: [],
  },
  targets: {
    intake: [],
    accept: ['under-review'],
    refuse: ['refused'],
    'correction-notice': ['correction-requested'],
    supplement: ['submitted'],
    'deem-accept': ['under-review'],
    extend: [],
    pause: [],
    'end-pause': [],
    decide: ['granted', 'denied'],
    withdraw: ['withdrawn'],
    'issue-license': [],
    publish: [],
    deliver: [],
    visit: [],
    reassign: [],
    sweep: [], // its deemed acceptance is the deem-accept transition; otherwise it only flags breaches
  },
});

/** The statuses after which a case is finished (and may be reviewed, L11). */
export const FINISHED: readonly ApplicationStatus[] = APPLICATION_LIFECYCLE.finals;

export const licensingConfig = z
  .object({
    reviews: z.object({
      badRatingAtMost: z.number().int().min(1).max(5),
      callbackWorkingDays: z.number().int().positive(),
      rectificationWorkingDays: z.number().int().positive(),
    }),
    visits: z.object({ allowed: z.number().int().nonnegative() }),
    postApprovalVerificationMonths: z.number().int().positive(),
    renewalReminderDays: z.number().int().positive(),
    /** Official Chinese texts (what is sealed, signed and published); the `En` field is each one's English reading for English pages. */
    rightsOnDenial: z.string().min(1),
    rightsOnDenialEn: z.string().min(1),
    commitmentText: z.string().min(1),
    commitmentTextEn: z.string().min(1),
  })
  .parse(licensingJson);

export const Path = z.enum(['standard', 'commitment']);
export type Path = z.infer<typeof Path>;
export const PauseKind = z.enum(['expert-review', 'testing', 'site-verification']);
export const DeliveryKind = z.enum(['paper-originals', 'paper-license']);

export const MaterialSource = z.enum(['submitted', 'vault', 'supplement']);
export const AttachedMaterial = z.object({
  materialType: z.string(),
  documentId: z.string(),
  source: MaterialSource,
  validUntil: z.string().optional(),
});
export type AttachedMaterial = z.infer<typeof AttachedMaterial>;

export const DeadlineKind = z.enum(['acceptance', 'decision', 'issuance', 'publication']);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

export const CaseDeadline = z.object({
  kind: DeadlineKind,
  rule: z.string(),
  /** The limit's legal basis, as the service guide cites it (Chinese), and its English reading. */
  basis: z.string(),
  basisEn: z.string().optional(),
  /** The day the period runs from (not itself counted). */
  from: z.string(),
  workingDays: z.number().int(),
  dueDate: z.string(),
  dueAt: z.string(),
  calendarProvisional: z.boolean(),
  extendedBy: z.number().int().optional(),
  pausedWorkingDays: z.number().int().optional(),
  paused: z.boolean().optional(),
  metAt: z.string().optional(),
  /** X2: the day after the last day (however late the sweep noticed), and the day it noticed. */
  breachedOn: z.string().optional(),
  detectedOn: z.string().optional(),
});
export type CaseDeadline = z.infer<typeof CaseDeadline>;

export const Pause = z.object({
  pauseId: z.string(),
  kind: PauseKind,
  expectedWorkingDays: z.number().int().positive(),
  reason: z.string().optional(),
  startDate: z.string(),
  endDate: z.string().optional(),
  actualWorkingDays: z.number().int().optional(),
});
export type Pause = z.infer<typeof Pause>;

export const Deficiency = z.union([
  z.object({ materialType: z.string().min(1).max(64), problem: z.string().trim().min(2).max(1000) }),
  z.object({ condition: z.string().min(1).max(64), problem: z.string().trim().min(2).max(1000) }),
]);
export type Deficiency = z.infer<typeof Deficiency>;

export const RegistryCheck = z.object({
  check: z.enum(['credit', 'registration', 'personnel-posts', 'qualifications']),
  passed: z.boolean(),
  detail: z.string().optional(),
});
export type RegistryCheck = z.infer<typeof RegistryCheck>;

export const Application = z.object({
  id: z.string(),
  matterId: z.string(),
  matterKind: MatterKind,
  licenseClass: z.string(),
  level: z.number().int().optional(),
  licenseNo: z.string().optional(),
  uscc: z.string(),
  enterpriseName: z.string(),
  /** The holder's particulars for the licence, as the enterprise register had them when the case was submitted. */
  legalRepresentative: z.string().optional(),
  address: z.string().optional(),
  regionCode: z.string(),
  agencyId: z.string(),
  path: Path,
  commitment: z.object({ signatory: z.string(), acceptedText: z.string(), signedAt: z.string() }).optional(),
  creditClass: z.string(),
  onSiteVerification: z.enum(['exempt', 'as-needed', 'required']),
  strictReview: z.boolean(),
  status: ApplicationStatus,
  materials: z.array(AttachedMaterial),
  missing: z.array(z.string()),
  submittedAt: z.string(),
  intakeDone: z.boolean(),
  /** The day the sweep found the acceptance period over while the intake checks had not run: it waits for them, not deeming (L4). */
  intakeAwaitedSince: z.string().optional(),
  registryChecks: z.array(RegistryCheck).optional(),
  correctionNotice: z.object({ issuedAt: z.string(), deficiencies: z.array(Deficiency) }).optional(),
  supplementedAt: z.string().optional(),
  acceptance: z.object({ at: z.string(), asOf: z.string(), by: z.string(), deemed: z.boolean() }).optional(),
  refusal: z.object({ at: z.string(), reasons: z.string() }).optional(),
  extension: z.object({ workingDays: z.number().int(), reason: z.string(), at: z.string() }).optional(),
  pauses: z.array(Pause),
  decision: z
    .object({
      outcome: z.enum(['grant', 'deny']),
      /** Absent on a grant that gave none (the law asks reasons of a denial only); never empty text. */
      reasons: z.string().optional(),
      scope: z.string().optional(),
      at: z.string(),
      by: z.string(),
      rights: z.string().optional(),
    })
    .optional(),
  licenseIssued: z.object({ licenseNo: z.string(), at: z.string() }).optional(),
  publishedAt: z.string().optional(),
  deliveries: z.array(z.object({ kind: DeliveryKind, waybillNo: z.string(), at: z.string() })),
  visits: z.array(z.object({ reason: z.string(), at: z.string(), by: z.string() })),
  withdrawnAt: z.string().optional(),
  /** 首问负责: the staff member who first acted on the case owns it until a decision-maker reassigns it. */
  owner: z.object({ sub: z.string(), since: z.string() }).optional(),
  /** 顶岗补位: the colleague who last acted for the absent owner (each new cover is a hand-over on the timeline). */
  coveredBy: z.object({ sub: z.string(), for: z.string(), since: z.string() }).optional(),
  deadlines: z.array(CaseDeadline),
  verificationDue: z.string().optional(),
});
export type Application = z.infer<typeof Application>;

export const applicationStream = (id: string): string => `APPLICATION#${id}`;

export const guard = (app: Application, action: ApplicationAction): void => lifecycleGuard(APPLICATION_LIFECYCLE, app.status, action);

// ---------------------------------------------------------------- deadlines (X2)

export interface Limits {
  acceptanceWorkingDays: number;
  decisionWorkingDays: number;
  issuanceWorkingDays: number;
  publicationWorkingDays: number;
}

/** Each clock's rule id (for operators and reports) and its statutory limit in the guide, whose legal basis the pages show. */
const BASIS: Record<DeadlineKind, [rule: string, limit: keyof typeof guideConfig.timeLimits]> = {
  acceptance: ['L4', 'acceptanceWorkingDays'],
  decision: ['L5', 'decisionWorkingDays'],
  issuance: ['L5', 'issuanceWorkingDays'],
  publication: ['L9', 'publicationWorkingDays'],
};

function deadline(cal: WorkingDayCalendar, kind: DeadlineKind, from: string, workingDays: number, extra: Partial<CaseDeadline> = {}): CaseDeadline {
  const d = cal.deadline(from, workingDays);
  const [rule, limit] = BASIS[kind];
  const { basis, basisEn } = guideConfig.timeLimits[limit];
  return { kind, rule, basis, basisEn, from, workingDays, dueDate: d.dueDate, dueAt: d.dueAt, calendarProvisional: d.calendarProvisional, ...extra };
}

/** The decision deadline: 20 WD from acceptance, plus the extension, plus the working days of recorded pauses (Art. 45). */
export function decisionDeadline(app: Application, cal: WorkingDayCalendar, limits: Limits): CaseDeadline {
  const extendedBy = app.extension?.workingDays ?? 0;
  const paused = app.pauses.reduce((sum, p) => sum + (p.actualWorkingDays ?? p.expectedWorkingDays), 0);
  const open = app.pauses.some((p) => p.endDate === undefined);
  return deadline(cal, 'decision', app.acceptance!.asOf, limits.decisionWorkingDays + extendedBy + paused, {
    ...(extendedBy ? { extendedBy } : {}),
    ...(paused ? { pausedWorkingDays: paused } : {}),
    ...(open ? { paused: true } : {}),
  });
}

const withDeadline = (app: Application, d: CaseDeadline): CaseDeadline[] => [...app.deadlines.filter((x) => x.kind !== d.kind), d];
const meet = (app: Application, kind: DeadlineKind, at: string): CaseDeadline[] =>
  app.deadlines.map((d) => (d.kind === kind && !d.metAt ? { ...d, metAt: at } : d));

/** The earliest open (not met, not yet breached) deadline: the sweep's next look at the case. */
export function nextDue(app: Application): string | undefined {
  return app.deadlines
    .filter((d) => !d.metAt && !d.breachedOn && !d.paused)
    .map((d) => d.dueDate)
    .sort()[0];
}

const decided = (app: Application, events: NewEvent<EventsOf<'application'>>[]): Decision<Application, EventsOf<'application'>> => ({
  events,
  state: app,
});

// ---------------------------------------------------------------- submission (L2, L7, L8)

export interface SubmissionInput {
  id: string;
  matter: Matter;
  enterprise: { uscc: string; name: string; regionCode: string; agencyId: string; legalRepresentative?: { name: string }; address?: string };
  path: Path;
  commitment?: { signatory: string; acceptedText: string };
  licenseNo?: string;
  materials: AttachedMaterial[];
  creditClass: CreditClass;
  limits: Limits;
}

/** L7: the credit classes that may take the commitment path. */
export const mayCommit = (creditClass: CreditClass): boolean => creditClass === 'good' || creditClass === 'normal';

/** L7 at intake: the credit class read again now, as one of the commitment path's online checks. */
export const creditCheck = (creditClass: CreditClass): RegistryCheck => ({
  check: 'credit',
  passed: mayCommit(creditClass),
  detail: `credit class ${creditClass}`,
});

/** L7: only good or normal credit may take the commitment path, and only by signing the published text. */
export function checkCommitment(path: Path, creditClass: CreditClass, commitment: SubmissionInput['commitment']): void {
  if (path !== 'commitment') return;
  if (!mayCommit(creditClass)) {
    throw new DomainError(
      'APPLICATION.COMMITMENT_NOT_ALLOWED',
      `An enterprise whose credit class is ${creditClass} cannot use the notification-and-commitment path until its credit is repaired.`,
      { creditClass },
    );
  }
  if (!commitment) throw new DomainError('APPLICATION.COMMITMENT_REQUIRED', 'The commitment path needs the signed commitment: {signatory, acceptedText}.');
  if (commitment.acceptedText.trim() !== licensingConfig.commitmentText) {
    throw new DomainError('APPLICATION.COMMITMENT_TEXT_MISMATCH', 'The accepted text must be the published commitment text (GET /v1/guide/commitment).');
  }
}

/** L8: good credit is exempt from on-site verification; dishonest classes always get it and a strict review. */
export function verificationFor(creditClass: CreditClass): Pick<Application, 'onSiteVerification' | 'strictReview'> {
  switch (creditClass) {
    case 'good':
      return { onSiteVerification: 'exempt', strictReview: false };
    case 'normal':
      return { onSiteVerification: 'as-needed', strictReview: false };
    case 'dishonest':
    case 'severely-dishonest':
      return { onSiteVerification: 'required', strictReview: true };
  }
}

export function missingMaterials(matter: Matter, materials: readonly AttachedMaterial[]): string[] {
  const have = new Set(materials.map((m) => m.materialType));
  return matter.materials.map((m) => m.materialType).filter((t) => !have.has(t));
}

export function submit(input: SubmissionInput, at: Date, cal: WorkingDayCalendar): Decision<Application, EventsOf<'application'>> {
  checkCommitment(input.path, input.creditClass, input.commitment);
  const submittedAt = at.toISOString();
  const app: Application = {
    id: input.id,
    matterId: input.matter.matterId,
    matterKind: input.matter.kind,
    licenseClass: input.matter.licenseClass,
    ...(input.matter.level ? { level: input.matter.level } : {}),
    ...(input.licenseNo ? { licenseNo: input.licenseNo } : {}),
    uscc: input.enterprise.uscc,
    enterpriseName: input.enterprise.name,
    ...(input.enterprise.legalRepresentative ? { legalRepresentative: input.enterprise.legalRepresentative.name } : {}),
    ...(input.enterprise.address ? { address: input.enterprise.address } : {}),
    regionCode: input.enterprise.regionCode,
    agencyId: input.enterprise.agencyId,
    path: input.path,
    ...(input.commitment ? { commitment: { ...input.commitment, signedAt: submittedAt } } : {}),
    creditClass: input.creditClass,
    ...verificationFor(input.creditClass),
    status: 'submitted',
    materials: input.materials,
    missing: missingMaterials(input.matter, input.materials),
    submittedAt,
    intakeDone: false,
    pauses: [],
    deliveries: [],
    visits: [],
    deadlines: [deadline(cal, 'acceptance', shanghaiDate(at), input.limits.acceptanceWorkingDays)],
  };
  const { deadlines: _d, ...data } = app;
  return decided(app, [{ type: 'ApplicationSubmitted', data }]);
}

// ---------------------------------------------------------------- intake (workflow) and acceptance (L4)

/**
 * After the intake checks: a case whose acceptance period ran out while they were awaited (an
 * outage, a lost workflow) is deemed accepted now, as of its submission (L4) — unless it is a
 * verified, complete commitment-path case, which the intake grants itself.
 */
export function deemAcceptedIfOverdue(current: Application, at: Date, cal: WorkingDayCalendar, limits: Limits): Decision<Application, EventsOf<'application'>> {
  const acceptance = current.deadlines.find((d) => d.kind === 'acceptance' && !d.metAt);
  const autoGrant = current.path === 'commitment' && current.missing.length === 0;
  if (!acceptance || acceptance.dueDate >= shanghaiDate(at) || current.status !== 'submitted' || !current.intakeDone || autoGrant) return decided(current, []);
  return accept(current, 'system:licensing-intake', at, cal, limits, true);
}

export function recordIntake(current: Application, checks: RegistryCheck[] | undefined): Decision<Application, EventsOf<'application'>> {
  guard(current, 'intake');
  if (current.intakeDone) return { events: [], state: current };
  const app: Application = { ...current, intakeDone: true, ...(checks ? { registryChecks: checks } : {}) };
  const failed = checks?.filter((c) => !c.passed) ?? [];
  const events: NewEvent<EventsOf<'application'>>[] = [
    {
      type: 'IntakeChecked',
      data: { missing: app.missing, creditClass: app.creditClass, onSiteVerification: app.onSiteVerification, registryChecks: checks ?? null },
    },
  ];
  if (app.path === 'commitment' && failed.length) {
    // The commitment could not be verified online: a person reviews the case on the standard path.
    app.path = 'standard';
    events.push({ type: 'CommitmentVerificationFailed', data: { failed } });
  }
  return decided(app, events);
}

export function accept(
  current: Application,
  by: string,
  at: Date,
  cal: WorkingDayCalendar,
  limits: Limits,
  deemed = false,
): Decision<Application, EventsOf<'application'>> {
  guard(current, deemed ? 'deem-accept' : 'accept');
  // Nothing passes acceptance before its automated checks (completeness, the credit class now, the registries) have run.
  if (!current.intakeDone)
    throw new DomainError('APPLICATION.INTAKE_PENDING', 'The intake checks of this case have not run yet; they run within minutes of the submission.');
  if (current.missing.length && !deemed) {
    throw new DomainError('APPLICATION.MATERIALS_MISSING', `Materials are missing: ${current.missing.join(', ')}. Issue the correction notice instead.`, {
      missing: current.missing,
    });
  }
  // Deemed acceptance counts from the submission (or the supplement that restarted the clock), not from the day it is noticed.
  const asOf = shanghaiDate(deemed ? new Date(current.supplementedAt ?? current.submittedAt) : at);
  const app: Application = {
    ...current,
    status: 'under-review',
    acceptance: { at: at.toISOString(), asOf, by, deemed },
    deadlines: meet(current, 'acceptance', at.toISOString()),
  };
  app.deadlines = withDeadline(app, decisionDeadline(app, cal, limits));
  return decided(app, [{ type: deemed ? 'ApplicationDeemedAccepted' : 'ApplicationAccepted', data: { asOf, deemed } }]);
}

export function refuse(current: Application, reasons: string | undefined, at: Date): Decision<Application, EventsOf<'application'>> {
  guard(current, 'refuse');
  if (!reasons?.trim()) throw new DomainError('APPLICATION.REASONS_REQUIRED', 'A refusal (不予受理) must state its reasons.');
  const app: Application = {
    ...current,
    status: 'refused',
    refusal: { at: at.toISOString(), reasons },
    deadlines: meet(current, 'acceptance', at.toISOString()),
  };
  return decided(app, [{ type: 'ApplicationRefused', data: { reasons, rights: licensingConfig.rightsOnDenial } }]);
}

/** L3 + L4: one notice listing every deficiency, each an item of this matter's guide. */
/** The problem the platform states for a guide material that was not submitted (L4). */
export const MISSING_PROBLEM = '未提交（服务指南要求提交此项材料）';

/**
 * L4: the one correction notice (Art. 32), listing every deficiency: those staff name, and every
 * guide material still missing, which the platform adds itself, so that one notice always suffices.
 */
export function issueCorrectionNotice(
  current: Application,
  matter: Matter,
  deficiencies: Deficiency[],
  at: Date,
): Decision<Application, EventsOf<'application'>> {
  if (current.correctionNotice) {
    throw new DomainError(
      'APPLICATION.SECOND_CORRECTION_NOTICE',
      `A correction notice was already issued on ${current.correctionNotice.issuedAt}; the law allows one notice listing every deficiency (Art. 32).`,
    );
  }
  guard(current, 'correction-notice');
  const materials = new Set(matter.materials.map((m) => m.materialType));
  const outside = deficiencies.filter((d) => ('materialType' in d ? !materials.has(d.materialType) : !matter.conditions.includes(d.condition)));
  if (outside.length) {
    throw new DomainError('APPLICATION.NOT_IN_GUIDE', "Only materials and conditions of this matter's service guide may be required (no added conditions).", {
      outside: outside.map((d) => ('materialType' in d ? d.materialType : d.condition)),
    });
  }
  // One notice lists everything (Art. 32): the materials the platform knows are missing join it even when staff did not name them.
  const named = new Set(deficiencies.flatMap((d) => ('materialType' in d ? [d.materialType] : [])));
  const addedMissing = current.missing.filter((m) => !named.has(m));
  const all: Deficiency[] = [...deficiencies, ...addedMissing.map((materialType) => ({ materialType, problem: MISSING_PROBLEM }))];
  const app: Application = {
    ...current,
    status: 'correction-requested',
    correctionNotice: { issuedAt: at.toISOString(), deficiencies: all },
    deadlines: meet(current, 'acceptance', at.toISOString()),
  };
  return decided(app, [{ type: 'CorrectionNoticeIssued', data: { deficiencies: all, ...(addedMissing.length ? { addedMissing } : {}) } }]);
}

export function supplement(
  current: Application,
  matter: Matter,
  added: AttachedMaterial[],
  at: Date,
  cal: WorkingDayCalendar,
  limits: Limits,
): Decision<Application, EventsOf<'application'>> {
  guard(current, 'supplement');
  const materials = [...current.materials.filter((m) => !added.some((a) => a.materialType === m.materialType)), ...added];
  const app: Application = {
    ...current,
    status: 'submitted',
    materials,
    missing: missingMaterials(matter, materials),
    supplementedAt: at.toISOString(),
  };
  // The agency again has 5 WD, from the supplement, to accept or refuse.
  app.deadlines = withDeadline(app, deadline(cal, 'acceptance', shanghaiDate(at), limits.acceptanceWorkingDays));
  return decided(app, [{ type: 'SupplementSubmitted', data: { materials: added, missing: app.missing } }]);
}

// ---------------------------------------------------------------- review clock (L5)

export function extend(
  current: Application,
  workingDays: number,
  reason: string,
  at: Date,
  cal: WorkingDayCalendar,
  limits: Limits & { extensionMaxWorkingDays: number },
): Decision<Application, EventsOf<'application'>> {
  guard(current, 'extend');
  if (current.extension) throw new DomainError('APPLICATION.SECOND_EXTENSION', 'The decision period may be extended once (Art. 42).');
  if (workingDays > limits.extensionMaxWorkingDays) {
    throw new DomainError('APPLICATION.EXTENSION_TOO_LONG', `An extension is at most ${limits.extensionMaxWorkingDays} working days.`);
  }
  const app: Application = { ...current, extension: { workingDays, reason, at: at.toISOString() } };
  app.deadlines = withDeadline(app, decisionDeadline(app, cal, limits));
  return decided(app, [
    { type: 'DecisionPeriodExtended', data: { workingDays, reason, newDueDate: app.deadlines.find((d) => d.kind === 'decision')!.dueDate } },
  ]);
}

export function startPause(
  current: Application,
  pause: Omit<Pause, 'startDate'>,
  at: Date,
  cal: WorkingDayCalendar,
  limits: Limits,
): Decision<Application, EventsOf<'application'>> {
  guard(current, 'pause');
  if (current.pauses.some((p) => !p.endDate)) throw new DomainError('APPLICATION.PAUSE_OPEN', 'A pause is already open; end it first.');
  const app: Application = { ...current, pauses: [...current.pauses, { ...pause, startDate: shanghaiDate(at) }] };
  app.deadlines = withDeadline(app, decisionDeadline(app, cal, limits));
  // The applicant is told: the event is on its timeline with the expected duration (Art. 45).
  return decided(app, [{ type: 'ReviewPaused', data: { ...pause, applicantNotified: true } }]);
}

export function endPause(
  current: Application,
  pauseId: string,
  at: Date,
  cal: WorkingDayCalendar,
  limits: Limits,
): Decision<Application, EventsOf<'application'>> {
  guard(current, 'end-pause');
  const open = current.pauses.find((p) => p.pauseId === pauseId);
  if (!open) throw new DomainError('APPLICATION.NO_SUCH_PAUSE', `No pause ${pauseId} on this case.`);
  if (open.endDate) throw new DomainError('APPLICATION.PAUSE_ENDED', `Pause ${pauseId} already ended on ${open.endDate}.`);
  const endDate = shanghaiDate(at);
  // The days the clock stood still: the working days from the pause's start to its end.
  const actualWorkingDays = Math.max(cal.workingDaysBetween(open.startDate, endDate).value, 0);
  const app: Application = { ...current, pauses: current.pauses.map((p) => (p.pauseId === pauseId ? { ...p, endDate, actualWorkingDays } : p)) };
  app.deadlines = withDeadline(app, decisionDeadline(app, cal, limits));
  return decided(app, [{ type: 'ReviewResumed', data: { pauseId, actualWorkingDays, newDueDate: app.deadlines.find((d) => d.kind === 'decision')!.dueDate } }]);
}

// ---------------------------------------------------------------- decision (L5, L7, L9)

export function decide(
  current: Application,
  d: { outcome: 'grant' | 'deny'; reasons?: string | undefined; scope?: string | undefined },
  by: string,
  at: Date,
  cal: WorkingDayCalendar,
  limits: Limits,
): Decision<Application, EventsOf<'application'>> {
  guard(current, 'decide');
  if (current.pauses.some((p) => !p.endDate)) throw new DomainError('APPLICATION.PAUSE_OPEN', 'End the open pause before deciding.');
  if (d.outcome === 'deny' && (d.reasons ?? '').trim().length < 2)
    throw new DomainError('APPLICATION.REASONS_REQUIRED', 'A denial must carry its reasons (Art. 38).');
  const scope = grantedScope(current, d);
  const decision = { outcome: d.outcome, ...(d.reasons?.trim() ? { reasons: d.reasons.trim() } : {}), ...(scope ? { scope } : {}) };
  const nowIso = at.toISOString();
  const today = shanghaiDate(at);
  const app: Application = {
    ...current,
    status: d.outcome === 'grant' ? 'granted' : 'denied',
    decision: { ...decision, at: nowIso, by, ...(d.outcome === 'deny' ? { rights: licensingConfig.rightsOnDenial } : {}) },
    deadlines: meet(current, 'decision', nowIso),
  };
  if (d.outcome === 'grant') {
    app.deadlines = [
      ...app.deadlines,
      ...(kindRules(current.matterKind).issuesLicense ? [deadline(cal, 'issuance', today, limits.issuanceWorkingDays)] : []),
      deadline(cal, 'publication', today, limits.publicationWorkingDays),
    ];
    if (current.path === 'commitment') app.verificationDue = addMonths(today, licensingConfig.postApprovalVerificationMonths);
  }
  return decided(app, [
    {
      type: d.outcome === 'grant' ? 'ApplicationGranted' : 'ApplicationDenied',
      data: { ...app.decision!, path: app.path, ...(app.verificationDue ? { verificationDue: app.verificationDue } : {}) },
    },
  ]);
}

/**
 * What a grant seals: the official scope wording of the case's class and level (config/guide.json), never free text
 * and never a code; a decision that names a scope must name exactly that one. A denial, and a grant that issues no
 * licence (a cancellation), seal none.
 */
function grantedScope(app: Application, d: { outcome: 'grant' | 'deny'; scope?: string | undefined }): string | undefined {
  if (d.outcome === 'deny' || !kindRules(app.matterKind).issuesLicense) {
    if (d.scope) throw new DomainError('APPLICATION.SCOPE_NOT_APPLICABLE', 'Only a grant that issues a licence has a scope.');
    return undefined;
  }
  const official = officialScope(app.licenseClass, app.level);
  if (d.scope !== undefined && d.scope !== official)
    throw new DomainError('APPLICATION.SCOPE_NOT_OFFICIAL', `The scope of a ${app.matterId} licence is the official wording: ${official}`);
  return official;
}

export function recordLicenseIssued(current: Application, licenseNo: string, at: Date): Decision<Application, EventsOf<'application'>> {
  guard(current, 'issue-license');
  if (current.licenseIssued) return { events: [], state: current };
  const app: Application = { ...current, licenseIssued: { licenseNo, at: at.toISOString() }, deadlines: meet(current, 'issuance', at.toISOString()) };
  return decided(app, [{ type: 'LicenseIssuedForCase', data: { licenseNo } }]);
}

export function recordPublished(current: Application, at: Date): Decision<Application, EventsOf<'application'>> {
  guard(current, 'publish');
  if (current.publishedAt) return { events: [], state: current };
  const app: Application = { ...current, publishedAt: at.toISOString(), deadlines: meet(current, 'publication', at.toISOString()) };
  return decided(app, [{ type: 'DecisionPublished', data: {} }]);
}

// ---------------------------------------------------------------- L1, withdrawal

export function recordDelivery(
  current: Application,
  kind: 'paper-originals' | 'paper-license',
  waybillNo: string,
  at: Date,
): Decision<Application, EventsOf<'application'>> {
  guard(current, 'deliver');
  if (kind === 'paper-license' && current.status !== 'granted') {
    throw new DomainError('APPLICATION.NOT_GRANTED', 'A paper license is sent only for a granted case.');
  }
  const app: Application = { ...current, deliveries: [...current.deliveries, { kind, waybillNo, at: at.toISOString() }] };
  return decided(app, [{ type: 'DeliveryRecorded', data: { kind, waybillNo } }]);
}

export function recordVisit(current: Application, reason: string, by: string, at: Date): Decision<Application, EventsOf<'application'>> {
  guard(current, 'visit');
  const app: Application = { ...current, visits: [...current.visits, { reason, at: at.toISOString(), by }] };
  const violation = app.visits.length > licensingConfig.visits.allowed;
  return decided(app, [{ type: 'InPersonVisitRecorded', data: { reason, visits: app.visits.length, ...(violation ? { violation: 'L1' } : {}) } }]);
}

export function withdraw(current: Application, at: Date): Decision<Application, EventsOf<'application'>> {
  guard(current, 'withdraw');
  const app: Application = { ...current, status: 'withdrawn', withdrawnAt: at.toISOString() };
  return decided(app, [{ type: 'ApplicationWithdrawn', data: {} }]);
}

// ---------------------------------------------------------------- the daily sweep (L4, X2)

/**
 * What the daily sweep does to a case on `today`: after the acceptance period ran out with no
 * action, the case is deemed accepted (L4); every statutory deadline whose last day has passed
 * unmet is flagged as breached, once, on the day after it (X2).
 */
export function sweep(current: Application, at: Date, cal: WorkingDayCalendar, limits: Limits): Decision<Application, EventsOf<'application'>> {
  const today = shanghaiDate(at);
  let app = current;
  const events: NewEvent<EventsOf<'application'>>[] = [];
  const acceptance = app.deadlines.find((d) => d.kind === 'acceptance' && !d.metAt);
  if (acceptance && acceptance.dueDate < today && app.status === 'submitted') {
    if (app.intakeDone) {
      const deemed = accept(app, 'system:deadline-sweep', at, cal, limits, true);
      app = deemed.state;
      events.push(...deemed.events);
    } else if (!app.intakeAwaitedSince) {
      // Not deemed past checks that never ran: the reconciler runs them, and the intake then deems the case accepted itself.
      app = { ...app, intakeAwaitedSince: today };
      events.push({ type: 'IntakeChecksAwaited', data: { acceptanceDue: acceptance.dueDate, since: today } });
    }
  }
  const breaches = app.deadlines.filter((d) => !d.metAt && !d.breachedOn && !d.paused && d.dueDate < today);
  if (breaches.length) {
    app = { ...app, deadlines: app.deadlines.map((d) => (breaches.includes(d) ? markBreached(d, today) : d)) };
    for (const b of breaches.map((d) => markBreached(d, today)))
      events.push({ type: 'DeadlineBreached', data: { kind: b.kind, rule: b.rule, dueDate: b.dueDate, breachedOn: b.breachedOn, flaggedOn: today } });
  }
  return { events, state: app };
}

/** Calendar months later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export type ApplicationSnapshot = Snapshot<Application>;

/**
 * 首问负责 (001 §(十)): the first staff member to act on a case owns it — the action's decision also records
 * CaseTaken — and keeps it until a decision-maker reassigns it. Applicants' and the platform's actions take nothing.
 */
export function takenBy(d: Decision<Application, EventsOf<'application'>>, staff: string, at: Date): Decision<Application, EventsOf<'application'>> {
  if (d.state.owner || !d.events.length) return d;
  const owner = { sub: staff, since: at.toISOString() };
  return { state: { ...d.state, owner }, events: [...d.events, { type: 'CaseTaken', data: { owner: staff } }] };
}

/** A decision-maker hands the case to another colleague (the timeline shows who, from whom and why). */
export function reassign(app: Application, to: string, reason: string, at: Date): Decision<Application, EventsOf<'application'>> {
  lifecycleGuard(APPLICATION_LIFECYCLE, app.status, 'reassign', `Case ${app.id} is ${app.status}; only a case still being handled is reassigned.`);
  if (app.owner?.sub === to) throw new DomainError('APPLICATION.ALREADY_OWNED', `Case ${app.id} is already ${to}'s.`);
  return decided({ ...app, owner: { sub: to, since: at.toISOString() } }, [{ type: 'CaseReassigned', data: { from: app.owner?.sub ?? null, to, reason } }]);
}

/**
 * 顶岗补位: an action by the colleague covering for the case's absent owner is recorded as a hand-over
 * (CaseCovered) with it, the first time that colleague acts for that owner; the owner stays the owner.
 */
export function coveredBy(d: Decision<Application, EventsOf<'application'>>, cover: string, at: Date): Decision<Application, EventsOf<'application'>> {
  const owner = d.state.owner?.sub;
  if (!owner || owner === cover || !d.events.length || (d.state.coveredBy?.sub === cover && d.state.coveredBy.for === owner)) return d;
  return {
    state: { ...d.state, coveredBy: { sub: cover, for: owner, since: at.toISOString() } },
    events: [...d.events, { type: 'CaseCovered', data: { owner, coveredBy: cover } }],
  };
}
