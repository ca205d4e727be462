import * as z from 'zod';
import { Credit, CreditRequest } from './credit/domain/credit';
import { CreditClass } from './credit/domain/credit-class';
import { License, LicenseStatus } from './licensing/domain/license';
import { Review } from './licensing/domain/review';
import { StoredEvent } from './platform/event-store';
import { NOTICE_KINDS } from './notices';

/**
 * The answers of the API, as zod schemas: the route table names one per route, the OpenAPI
 * document is generated from them, and the e2e suite checks every success it receives against
 * them (test/support/local-platform.ts). Objects are open (`loose`): a new field is not a break;
 * the fields named are what clients may rely on.
 */
const open = <T extends z.ZodRawShape>(shape: T) => z.object(shape).loose();
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), cursor: z.string().optional() });
const count = z.number().int().min(0);
const ratio = z.number().min(0).max(1).nullable();
const links = z.record(z.string(), z.string());
/** A rate of deadlines kept: those ended, those kept, and their ratio (null when none ended). */
const onTime = z.object({ ended: count, kept: count, rate: ratio });

// ---------------------------------------------------------------- platform

const Obligation = open({
  id: z.string(),
  stateMachine: z.string(),
  cause: z.string(),
  status: z.enum(['open', 'done', 'dead-lettered']),
  executionName: z.string(),
  executions: z.array(open({ name: z.string(), outcome: z.string().optional(), error: z.string().optional() })),
  createdAt: z.string(),
});
export const DeadLetters = page(Obligation.extend({ links }));
export const TallyRebuilt = z.object({ key: z.string(), projections: count, differed: z.boolean(), counts: z.record(z.string(), z.number()) });
export const Redriven = z.object({ obligationId: z.string(), executionName: z.string(), status: z.string() });

/** X1: a stream's events with their hashes, and whether its chain holds. */
export const Audit = z.object({
  stream: z.string(),
  verification: z.object({ ok: z.boolean(), length: count, headHash: z.string(), brokenAt: z.number().int().optional(), reason: z.string().optional() }),
  events: z.array(StoredEvent),
});

/** X1: a signed checkpoint of the transparency log (docs/audit.md). */
export const LogCheckpoint = z.object({
  origin: z.string(),
  size: count,
  root: z.string().regex(/^[0-9a-f]{64}$/),
  day: z.string(),
  checkpoint: z.string(),
  keys: z.string(),
});
export const LogCheckpoints = z.object({ items: z.array(LogCheckpoint) });
const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
export const LogInclusion = z.object({ event: z.string().optional(), eventHash: hex32, leafIndex: count, size: count, proof: z.array(hex32) });
export const LogConsistency = z.object({ from: count, to: count, proof: z.array(hex32) });

// ---------------------------------------------------------------- licensing

export const ReviewView = Review;
export const Reviews = page(Review);

export const OversightReport = open({
  agencyId: z.string(),
  quarter: z.string(),
  asOf: z.string(),
  cases: open({ submitted: count, byMatter: z.record(z.string(), z.record(z.string(), count)) }),
  onTime: z.record(z.string(), onTime),
  /** Every limit of the quarter's cases met late or breached; `overdue` shows the first 100 by case id. */
  overdueCount: count,
  overdue: z.array(open({ caseId: z.string(), matterId: z.string(), kind: z.string(), dueDate: z.string(), open: z.boolean() })).max(100),
  notes: z.array(z.string()),
  visits: open({
    total: count,
    casesWithVisits: count,
    zeroVisitRate: ratio,
    allowedPerCase: count,
    /** L1: cases with more in-person visits than allowed. */
    violations: count,
    violatingCases: z.array(z.object({ caseId: z.string(), visits: count })).max(100),
  }),
  publicationDelayCount: count,
  publicationDelays: z.array(open({ caseId: z.string(), dueDate: z.string() })).max(100),
  feesChargedCny: z.number(),
  correctionNotices: open({ cases: count }),
  reviews: open({ total: count, bad: count, badRealName: count, callbacksOnTime: onTime, rectified: count }),
});

// ---------------------------------------------------------------- notifications to enterprises

export const Notification = open({
  notificationId: z.string(),
  kind: z.enum(NOTICE_KINDS),
  about: z.object({ kind: z.enum(['application', 'license', 'inspection']), id: z.string() }),
  title: z.string(),
  text: z.string(),
  status: z.enum(['pending', 'sent', 'no-contact', 'dead-lettered']),
  createdAt: z.string(),
  sentAt: z.string().optional(),
  deliveries: z.array(open({ channel: z.enum(['email', 'sms']), to: z.string(), status: z.enum(['sent', 'failed']), attempts: count })),
});
export const Notifications = page(Notification);
/** A presigned GET of a vault document: the URL works until `expiresAt`, then a new link must be asked for. */
export const DocumentLink = z.object({ url: z.string(), expiresAt: z.string() });

// ---------------------------------------------------------------- licenses (E1–E5)

const LicenseView = License.extend({ status: LicenseStatus }).loose();
export const LicenseWithHistory = LicenseView.extend({
  history: z.array(z.object({ event: z.string(), at: z.string(), version: z.number().int(), data: z.record(z.string(), z.unknown()) })),
});
export const RegulatedLicense = LicenseView;
export const Licenses = page(LicenseView);

/** A register import (docs/register-import.md): where it stands, and with the report, every row's outcome. */
export const LicenseImport = open({
  importId: z.string(),
  register: z.string(),
  format: z.enum(['csv', 'json']),
  sha256: z.string(),
  rows: count,
  status: z.enum(['running', 'completed']),
  processed: count,
  imported: count,
  unchanged: count,
  rejected: count,
  requestedAt: z.string(),
  completedAt: z.string().optional(),
});
const ImportedRow = z.object({ row: count, formerNo: z.string(), licenseNo: z.string() });
export const LicenseImportReport = LicenseImport.extend({
  report: z.object({
    imported: z.array(ImportedRow),
    unchanged: z.array(ImportedRow.extend({ importedBy: z.object({ importId: z.string(), row: count }) })),
    rejected: z.array(z.object({ row: count, formerNo: z.string().optional(), errors: z.array(z.object({ path: z.string(), message: z.string() })) })),
  }),
});
export const ElectronicLicense = z.object({
  licenseNo: z.string(),
  version: z.number().int(),
  kid: z.string(),
  payload: z.unknown(),
  jws: z.string(),
  qr: z.string(),
  /** What the paper licence's QR code holds: the verification page's address with the QR token. */
  verificationUrl: z.string(),
});
export const PublicLicense = open({
  licenseNo: z.string(),
  version: z.number().int(),
  status: LicenseStatus,
  licenseClass: z.string(),
  level: z.number().int().optional(),
  scope: z.string(),
  holder: z.object({ name: z.string(), uscc: z.string() }),
  issuer: z.object({ agencyId: z.string(), name: z.string(), nameEn: z.string() }),
  className: z.object({ zh: z.string(), en: z.string() }),
  validFrom: z.string(),
  validUntil: z.string(),
  sealVerifies: z.boolean(),
});
export const TokenVerification = z.union([
  z.object({ authentic: z.literal(false), reason: z.string() }),
  z.object({
    authentic: z.literal(true),
    kind: z.enum(['electronic-license', 'qr']),
    licenseNo: z.string(),
    version: z.number().int(),
    kid: z.string(),
    currentVersion: z.number().int().nullable(),
    superseded: z.boolean().nullable(),
    status: z.union([LicenseStatus, z.literal('unknown')]),
    claims: z.record(z.string(), z.unknown()),
    /** The licence's current record as the public register shows it (absent when the register has no such licence). */
    license: open({
      holder: z.object({ name: z.string(), uscc: z.string() }),
      licenseClass: z.string(),
      className: z.object({ zh: z.string(), en: z.string() }),
      level: z.number().int().optional(),
      scope: z.string(),
      validFrom: z.string(),
      validUntil: z.string(),
      issuer: z.object({ agencyId: z.string(), name: z.string(), nameEn: z.string() }),
    }).optional(),
  }),
]);
/** The e-seal's public keys: P-256 for ES256 (global profile), SM2 for SM2-over-SM3 seals (mainland profile; docs/e-license-format.md). */
export const Jwks = z.object({
  keys: z.array(open({ kty: z.literal('EC'), crv: z.enum(['P-256', 'SM2']), alg: z.enum(['ES256', 'SM2']), x: z.string(), y: z.string(), kid: z.string() })),
});
export const AccessLog = z.object({
  items: z.array(open({ action: z.string(), actor: z.string(), at: z.string(), requestId: z.string(), hash: z.string() })),
});
export const ExchangeDocument = open({
  format: z.string(),
  licenseNo: z.string(),
  status: LicenseStatus,
  statusAsOf: z.string(),
  currentVersion: z.number().int(),
  issuer: z.object({ agencyId: z.string(), name: z.string(), nameEn: z.string() }),
  license: z.unknown(),
  versions: z.array(z.object({ version: z.number().int(), kid: z.string(), jws: z.string() })),
  statusEvents: z.array(open({ event: z.string(), at: z.string() })),
  keys: z.string(),
  national: open({
    standard: z.literal('GB/T 36903-2018'),
    catalogRegistered: z.boolean(),
    certificateIdentifier: z.string(),
    certificateTypeCode: z.string(),
    certificateNumber: z.string(),
    certificateHolder: z.string(),
    certificateHolderCode: z.string(),
    certificateIssuingAuthority: z.string(),
    certificateIssuingAuthorityCode: z.string(),
    certificateIssuedDate: z.string(),
    certificateEffectiveDate: z.string(),
    certificateExpiringDate: z.string(),
  }),
});

// ---------------------------------------------------------------- credit (C1–C6)

/** The credit as its holder and supervisors see it; an enterprise without records has the good class and nothing else. */
export const CreditView = Credit.partial({ name: true, regionCode: true, agencyId: true })
  .extend({ creditClass: CreditClass, openRequests: z.array(CreditRequest).optional() })
  .loose();
export const CreditList = page(Credit.loose());
export const CreditRequests = page(
  open({
    submittedAt: z.string(),
    uscc: z.string(),
    requestId: z.string(),
    name: z.string(),
    kind: z.enum(['repair', 'objection']),
    status: z.enum(['submitted', 'accepted']),
    recordId: z.string(),
    dueDate: z.string().optional(),
    calendarProvisional: z.boolean().optional(),
  }),
);
export const PublicDishonest = page(
  open({
    uscc: z.string(),
    name: z.string(),
    regionCode: z.string(),
    agencyId: z.string(),
    listedSince: z.string(),
    records: z.array(open({ recordId: z.string(), source: z.string(), sourceRef: z.string(), decidedAt: z.string(), facts: z.string() })),
  }),
);

// ---------------------------------------------------------------- connections (G1–G8)

const Violation = z.object({
  rule: z.enum(['G1', 'G2', 'G3', 'G4', 'G5', 'G6']),
  what: z.string(),
  figure: z.union([z.number(), z.string()]),
  limit: z.union([z.number(), z.string()]),
});
export const ConnectionView = open({
  id: z.string(),
  companyId: z.string(),
  agencyId: z.string(),
  gridCaseNo: z.string(),
  customerCategory: z.string(),
  status: z.enum(['open', 'powered']),
  appliedAt: z.string(),
  milestones: z.array(open({ step: z.string(), at: z.string() })),
  powerOnAt: z.string().optional(),
  half: z.string().optional(),
  workingDays: z.number().optional(),
  violations: z.array(Violation),
  openedAt: z.string(),
});
export const Connections = page(ConnectionView);
export const ConnectionBatch = z.object({
  created: count,
  failed: count,
  results: z.array(
    open({
      index: count,
      status: z.number().int(),
      id: z.string().optional(),
      code: z.string().optional(),
      detail: z.string().optional(),
      errors: z.array(z.unknown()).optional(),
    }),
  ),
});
const ReliabilityVerdict = open({ areaType: z.string(), hours: z.number(), target: z.number(), meets: z.boolean(), yearOnYearCut: z.number().optional() });
export const ReliabilityView = open({
  companyId: z.string(),
  year: z.number().int(),
  areas: z.array(open({ areaType: z.string(), avgOutageHours: z.number() })),
  verdict: ReliabilityVerdict,
});
const Figures = open({
  count,
  avgWorkingDays: z.number().nullable(),
  p90WorkingDays: z.number().nullable(),
  histogram: z.array(z.object({ workingDays: count, cases: count })),
});
export const ConnectionReport = open({
  companyId: z.string(),
  half: z.string(),
  generatedFor: z.object({ from: z.string(), to: z.string() }),
  cases: count,
  byCategory: z.record(z.string(), Figures),
  highVoltage: Figures,
  smallMicro: Figures,
  violations: z.unknown(),
  casesWithViolations: count,
  reliability: z.array(ReliabilityVerdict.extend({ year: z.number().int() })),
  rulesInForce: z.string(),
});

// ---------------------------------------------------------------- complaints (P1–P5)

const ComplaintDeadline = open({ kind: z.string(), rule: z.string(), dueDate: z.string() });
const Shown = z.union([z.object({ anonymous: z.literal(true) }), z.object({ anonymous: z.literal(false), name: z.string(), contact: z.string() })]);
/** P4: the complainant opened for the routed agency's handlers, `confidential` for everyone else. */
export const ComplaintView = open({
  complaintId: z.string(),
  orderNo: z.string(),
  receivedAt: z.string(),
  type: z.string(),
  businessArea: z.string(),
  channel: z.string(),
  regionCode: z.string(),
  agencyId: z.string(),
  status: z.enum(['received', 'accepted', 'assigned', 'handled', 'replied', 'closed']),
  deadlines: z.array(ComplaintDeadline),
  version: z.number().int(),
  complainant: z.union([z.literal('confidential'), Shown]),
});
export const Complaints = page(
  open({
    complaintId: z.string(),
    orderNo: z.string(),
    receivedAt: z.string(),
    type: z.string(),
    status: z.string(),
    deadlines: z.array(ComplaintDeadline),
    assignee: z.object({ staffId: z.string() }).optional(),
    partyName: z.string().optional().describe('Who it is about: the enterprise it was matched to, else the name the hotline took'),
    version: z.number().int(),
  }),
);
export const WorkOrderReceipt = z.union([
  z.object({ complaintId: z.string(), duplicate: z.literal(true) }),
  z.object({ complaintId: z.string(), agencyId: z.string(), status: z.literal('received') }),
]);
export const HotlineNotifications = page(
  open({
    notificationId: z.string(),
    complaintId: z.string(),
    kind: z.enum(['acknowledged', 'closed']),
    status: z.enum(['pending', 'delivered', 'dead-lettered']),
    attempts: z.array(z.object({ at: z.string(), outcome: z.string() })),
  }),
);
export const NotificationRedriven = z.object({ notificationId: z.string(), executionArn: z.string() });
export const HotlineStatistics = open({
  month: z.string(),
  total: count,
  byType: z.record(z.string(), count),
  byBusinessArea: z.record(z.string(), count),
  byRegion: z.array(open({ provinceCode: z.string(), agencyId: z.string().optional(), count })),
  byChannel: z.record(z.string(), count),
  byOutcome: z.record(z.string(), count),
  onTime: z.object({ acceptance: onTime, handling: onTime, answer: onTime }),
  asOf: z.string(),
  final: z.boolean(),
});

// ---------------------------------------------------------------- supervision (S1–S8)

export const InspectorView = open({ inspectorId: z.string(), agencyId: z.string(), active: z.boolean(), conflicts: z.array(z.string()) });
export const Inspectors = page(InspectorView);
export const ProblemLibrary = open({ agencyId: z.string(), entries: z.record(z.string(), open({ reason: z.string(), since: z.string(), by: z.string() })) });
export const PlanView = open({
  planId: z.string(),
  agencyId: z.string(),
  name: z.string(),
  licenseClasses: z.array(z.string()),
  provinces: z.array(z.string()),
  ratios: z.record(z.string(), z.number()),
  exclusionMonths: z.number().int(),
  inspectorsPerInspection: z.number().int(),
  mode: z.enum(['on-site', 'off-site']),
  schedule: z.enum(['quarterly', 'none']),
  entropyWindowMinutes: z.number().int(),
});
export const Plans = page(PlanView);
export const DrawStarted = z.object({ drawId: z.string(), links });
const DrawStatus = z.enum(['committed', 'drawn', 'published']);
export const PublicDraws = page(
  open({ drawId: z.string(), planId: z.string(), period: z.string(), agencyId: z.string(), status: DrawStatus, rosterCount: count, committedAt: z.string() }),
);
/** S3: everything anyone needs to re-run the draw; the nonce only once it is drawn. */
export const PublicDraw = open({
  drawId: z.string(),
  planId: z.string(),
  period: z.string(),
  agencyId: z.string(),
  status: DrawStatus,
  parameters: z.record(z.string(), z.unknown()),
  rosterHash: z.string(),
  rosterCount: count,
  poolHash: z.string(),
  parametersHash: z.string(),
  commitment: z.string(),
  nonce: z.string().optional(),
  entropy: z.array(z.string()),
  entropyUntil: z.string(),
  committedAt: z.string(),
  seed: z.string().optional(),
  resultHash: z.string().optional(),
  result: z.unknown().optional(),
  links,
});
export const DrawEntropy = z.object({ drawId: z.string(), entropy: z.array(z.string()), entropyUntil: z.string() });
export const InspectionView = open({
  inspectionId: z.string(),
  kind: z.enum(['random', 'targeted', 'post-approval']),
  agencyId: z.string(),
  uscc: z.string(),
  name: z.string(),
  inspectors: z.array(z.string()),
  mode: z.enum(['on-site', 'off-site']),
  openedAt: z.string(),
  status: z.enum(['open', 'rectifying', 'closed']),
  findings: z.array(open({ checklistItem: z.string(), result: z.enum(['pass', 'fail', 'not-applicable']) })),
  version: z.number().int().optional(),
});
export const Inspections = page(InspectionView);
export const PublicInspections = page(
  open({
    inspectionId: z.string(),
    kind: z.string(),
    uscc: z.string(),
    name: z.string(),
    mode: z.string(),
    status: z.string(),
    outcome: z.string().optional(),
  }),
);
export const SupervisionReport = open({
  asOf: z.string(),
  inspections: open({ total: count, random: count, targeted: count, unstaffed: count }),
  /** `open`: verifications not yet done; `overdue`: of the 100 earliest due, those past due. */
  postApprovalVerification: open({ due: count, verified: count, coverage: ratio, open: count, overdue: z.array(z.unknown()).max(100) }),
  /** `overdueCount`: every open order past its deadline; `overdue`: the first 100 by inspection id. */
  rectifications: open({ open: count, overdueCount: count, overdue: z.array(z.unknown()).max(100), completed: count }),
});
export const SupervisionQueue = z.object({
  verifications: open({
    count,
    items: z.array(open({ dueDate: z.string(), inspectionId: z.string(), uscc: z.string(), caseId: z.string().optional() })).max(100),
  }),
  rectifications: open({ count, items: z.array(open({ deadline: z.string(), inspectionId: z.string(), uscc: z.string(), name: z.string() })).max(100) }),
});
export const ConditionRegister = open({
  uscc: z.string(),
  agencyId: z.string(),
  personnel: z.array(open({ name: z.string(), post: z.string(), qualification: z.string(), certificateNo: z.string() })),
  units: z.array(open({ unitId: z.string(), capacityMw: z.number() })),
  updatedAt: z.string().nullable(),
  version: z.number().int(),
  /** Whether names and certificate numbers are masked for this reader (P4). */
  masked: z.boolean(),
});
export const Warnings = page(open({ uscc: z.string(), warningId: z.string(), kind: z.string(), subject: z.string(), month: z.string(), raisedOn: z.string() }));

export const OpenApiDocument = open({
  openapi: z.literal('3.1.0'),
  info: open({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
