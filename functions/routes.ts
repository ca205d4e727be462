import * as z from 'zod';
import { STAFF_ROLES } from './platform/auth';
import { route } from './platform/http/route';
import { DeclareDocument, MaterialType, Sha256, VaultDocument } from './enterprises/domain/document';
import { EnterpriseView, RegisterEnterprise } from './enterprises/domain/enterprise';
import { Uscc } from './enterprises/domain/uscc';
import { Matter, MatterId, MatterKind } from './licensing/domain/guide';
import { ApplicationStatus, DeliveryKind, Deficiency, Path, PauseKind } from './licensing/domain/application';
import { SubmitReview } from './licensing/domain/review';
import { PublicDecision } from './licensing/domain/publication';
import { AddCreditRecord } from './credit/domain/credit';
import { CreditClass, Severity } from './credit/domain/credit-class';
import { LicenseNo } from './licensing/domain/license';
import { AreaType, OpenConnection, RecordMilestone } from './connections/domain/connection';
import { IsoDate } from './platform/calendar';
import { Acceptance, Callback, ComplaintStatus, Findings } from './complaints/domain/complaint';
import { DefinePlan, Period, PlanId } from './supervision/domain/plan';
import { DeclareInspector, ProblemLibraryChange } from './supervision/domain/pool';
import { CompleteRectification, DecideOutcome, RecordFindings } from './supervision/domain/inspection';
import { GeneratingUnit, Person } from './supervision/domain/screening';
import { REACTING } from './tasks';
import { Quantity } from './platform/quantity';

const HOURS_IN_A_LEAP_YEAR = 366 * 24;

/**
 * THE route table: method, path, context (which API function serves it), roles, and the zod
 * schemas of its input and output. infra/ builds API Gateway from it, local/ serves it, and the
 * OpenAPI document is generated from it.
 */
const EnterprisePath = z.object({ uscc: Uscc });
const Paging = { limit: z.coerce.number().int().min(1).max(100).optional(), cursor: z.string().max(2048).optional() };
const Problem = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), code: z.string() });

const CaseId = z.string().regex(/^AP\d{8}[0-9A-Z]{8}$/, 'an application id such as AP20261122K7Q2M9XD');
const CasePath = z.object({ id: CaseId });
const CaseView = z.object({ id: CaseId, status: ApplicationStatus, version: z.number().int() }).loose();
const Text = (max: number) => z.string().trim().min(2).max(max);
const REVIEWERS = ['reviewer', 'decision-maker'] as const;
const CASE_READERS = ['applicant', ...STAFF_ROLES, 'admin'] as const;
const ComplaintId = z.string().regex(/^[A-Za-z0-9-]{6,40}$/, 'a 12398 work-order number');
const ComplaintPath = z.object({ id: ComplaintId });
const COMPLAINT_HANDLERS = ['supervisor', 'inspector'] as const;
const DrawPath = z.object({ drawId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,39}\.\d{4}(Q[1-4]|-\d{2})$/, 'a draw id such as fj-facility.2026Q4') });
const InspectionPath = z.object({ id: z.string().regex(/^[A-Za-z0-9.-]{3,120}$/, 'an inspection id') });
const INSPECTORS = ['supervisor', 'inspector'] as const;
/** Body size classes beyond the default 16 KiB (config/platform.json); each is one WAF size rule. */
const KiB = 1024;
const MiB = 1024 * KiB;

export const routes = {
  health: route({ method: 'GET', path: '/v1/health', context: 'platform', roles: 'public', publicBecause: 'Liveness for load balancers and monitors; it returns the service name, version and time, nothing else.', summary: 'Liveness and the versions this deployment runs',
    response: z.object({ status: z.literal('ok'), service: z.string(), version: z.string(), time: z.string() }) }),
  listWorkflowDeadLetters: route({ method: 'GET', path: '/v1/operations/dead-letters', context: 'platform', roles: ['admin'],
    summary: 'Workflows an event called for that failed five times: what called for them, every execution and its error (12398 notifications have their own list)', query: z.object(Paging) }),
  redriveWorkflowDeadLetter: route({ method: 'POST', path: '/v1/operations/dead-letters/{obligationId}/redrive', context: 'platform', roles: ['admin'], status: 202, starts: REACTING,
    summary: 'Run a dead-lettered workflow again, under a new execution name, once its cause is fixed', params: z.object({ obligationId: z.string().regex(/^[a-z][a-z-]{2,40}-[0-9a-f]{40}$/, 'an obligation id') }) }),
  openapi: route({ method: 'GET', path: '/v1/openapi.json', context: 'platform', roles: 'public', publicBecause: "The API's own description, built from the route table; it holds no data.", summary: 'This API as an OpenAPI 3.1 document' }),

  registerEnterprise: route({ method: 'POST', path: '/v1/enterprises', context: 'enterprises', roles: ['applicant'], idempotent: true, status: 201,
    summary: 'Register the caller\'s enterprise (its unified social credit code must be the one in the token)', body: RegisterEnterprise, response: EnterpriseView }),
  listEnterprises: route({ method: 'GET', path: '/v1/enterprises', context: 'enterprises', roles: [...STAFF_ROLES, 'admin'],
    summary: 'Enterprises in the caller\'s agency regions (admins: pass agencyId)', query: z.object({ agencyId: z.string().optional(), ...Paging }),
    response: z.object({ items: z.array(EnterpriseView), cursor: z.string().optional() }) }),
  getEnterprise: route({ method: 'GET', path: '/v1/enterprises/{uscc}', context: 'enterprises', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'One enterprise', params: EnterprisePath, response: EnterpriseView }),
  verifyEnterpriseAudit: route({ method: 'GET', path: '/v1/enterprises/{uscc}/audit', context: 'enterprises', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'The enterprise\'s event trail with its hash-chain verification (X1)', params: EnterprisePath }),
  declareDocument: route({ method: 'POST', path: '/v1/enterprises/{uscc}/documents', context: 'enterprises', roles: ['applicant'], idempotent: true, status: 201,
    summary: 'Declare a vault document and get a short-lived upload URL; the same SHA-256 returns the existing document (L2)',
    params: EnterprisePath, body: DeclareDocument,
    response: z.object({ document: VaultDocument, upload: z.object({ url: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: z.string() }).optional() }) }),
  confirmDocument: route({ method: 'POST', path: '/v1/enterprises/{uscc}/documents/{documentId}/confirmation', context: 'enterprises', roles: ['applicant'], idempotent: true,
    summary: 'Check the uploaded bytes (size, SHA-256, type) and make the document usable', params: EnterprisePath.extend({ documentId: Sha256 }), response: VaultDocument }),
  listDocuments: route({ method: 'GET', path: '/v1/enterprises/{uscc}/documents', context: 'enterprises', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'The enterprise\'s vault with each document\'s validity', params: EnterprisePath,
    query: z.object({ materialType: MaterialType.optional(), usableOn: IsoDate.optional(), ...Paging }),
    response: z.object({ items: z.array(VaultDocument.extend({ usable: z.boolean() })), cursor: z.string().optional() }) }),

  listMatters: route({ method: 'GET', path: '/v1/guide/matters', context: 'licensing', roles: 'public', publicBecause: 'The service guide is public data by law (L3, Admin. Licensing Law Art. 30); it holds no personal data.', summary: 'The service guide: every licensing matter (L3)',
    query: z.object({ licenseClass: z.string().optional(), kind: MatterKind.optional() }), response: z.object({ items: z.array(Matter) }) }),
  getMatter: route({ method: 'GET', path: '/v1/guide/matters/{matterId}', context: 'licensing', roles: 'public', publicBecause: 'The service guide is public data by law (L3, Admin. Licensing Law Art. 30); it holds no personal data.', summary: 'One licensing matter of the service guide (L3)',
    params: z.object({ matterId: MatterId }), response: Matter }),
  getCommitmentText: route({ method: 'GET', path: '/v1/guide/commitment', context: 'licensing', roles: 'public', publicBecause: 'The commitment text is published so that anyone can read what an applicant signs (L7); it holds no personal data.', summary: 'The published commitment text an applicant signs on the notification-and-commitment path (L7)',
    response: z.object({ text: z.string() }) }),

  submitApplication: route({ method: 'POST', path: '/v1/applications', context: 'licensing', roles: ['applicant'], idempotent: true, status: 201,
    summary: 'Apply online: vault documents still valid are attached automatically (L2); the commitment path needs good or normal credit (L7)',
    body: z.object({
      matterId: MatterId,
      documentIds: z.array(Sha256).max(50).default([]),
      licenseNo: z.string().max(32).optional(),
      path: Path.default('standard'),
      commitment: z.object({ signatory: Text(100), acceptedText: z.string().min(1).max(2000) }).optional(),
    }),
    response: CaseView }),
  listApplications: route({ method: 'GET', path: '/v1/applications', context: 'licensing', roles: CASE_READERS,
    summary: 'Applicants: their own cases. Staff: the work queue of their agency (status, overdue)',
    query: z.object({ status: ApplicationStatus.optional(), agencyId: z.string().optional(), overdue: z.enum(['true', 'false']).optional(), ...Paging }),
    response: z.object({ items: z.array(CaseView), cursor: z.string().optional() }) }),
  getApplication: route({ method: 'GET', path: '/v1/applications/{id}', context: 'licensing', roles: CASE_READERS,
    summary: 'The case: status, every deadline with its rule and state, the timeline, what is awaited from whom (L6)', params: CasePath, response: CaseView }),
  verifyApplicationAudit: route({ method: 'GET', path: '/v1/applications/{id}/audit', context: 'licensing', roles: CASE_READERS,
    summary: 'The case\'s event trail and its hash-chain verification (X1)', params: CasePath }),
  supplementApplication: route({ method: 'POST', path: '/v1/applications/{id}/supplements', context: 'licensing', roles: ['applicant'], idempotent: true,
    summary: 'Answer the correction notice with vault documents (L4)', params: CasePath, body: z.object({ documentIds: z.array(Sha256).min(1).max(50) }), response: CaseView }),
  withdrawApplication: route({ method: 'POST', path: '/v1/applications/{id}/withdrawal', context: 'licensing', roles: ['applicant'], idempotent: true,
    summary: 'Withdraw the application before the decision', params: CasePath, response: CaseView }),
  reviewApplication: route({ method: 'POST', path: '/v1/applications/{id}/review', context: 'licensing', roles: ['applicant'], idempotent: true, status: 201,
    summary: 'Rate a finished case 1–5, optionally under the real name (L11)', params: CasePath, body: SubmitReview }),
  acceptApplication: route({ method: 'POST', path: '/v1/applications/{id}/acceptance', context: 'licensing', roles: REVIEWERS, idempotent: true,
    summary: 'Accept, or refuse with reasons (不予受理), within 5 WD (L4)', params: CasePath,
    body: z.object({ decision: z.enum(['accept', 'refuse']), reasons: z.string().trim().max(2000).optional() }), response: CaseView }),
  issueCorrectionNotice: route({ method: 'POST', path: '/v1/applications/{id}/correction-notice', context: 'licensing', maxBodyBytes: 256 * KiB, roles: REVIEWERS, idempotent: true,
    summary: 'The one correction notice listing every deficiency, each an item of the matter\'s guide (L3, L4)', params: CasePath,
    body: z.object({ deficiencies: z.array(Deficiency).min(1).max(50) }), response: CaseView }),
  extendDecisionPeriod: route({ method: 'POST', path: '/v1/applications/{id}/extension', context: 'licensing', roles: REVIEWERS, idempotent: true,
    summary: 'Extend the decision period once, by at most 10 WD, with a reason the applicant sees (L5)', params: CasePath,
    body: z.object({ workingDays: z.number().int().min(1).max(10), reason: Text(2000) }), response: CaseView }),
  pauseReview: route({ method: 'POST', path: '/v1/applications/{id}/pauses', context: 'licensing', roles: REVIEWERS, idempotent: true, status: 201,
    summary: 'Pause the decision clock for expert review, testing or site verification, with its expected duration (L5, Art. 45)', params: CasePath,
    body: z.object({ kind: PauseKind, expectedWorkingDays: z.number().int().min(1).max(120), reason: z.string().trim().max(2000).optional() }), response: CaseView }),
  endPause: route({ method: 'POST', path: '/v1/applications/{id}/pauses/{pauseId}/end', context: 'licensing', roles: REVIEWERS, idempotent: true,
    summary: 'End a pause: the clock moves by the working days it actually took', params: CasePath.extend({ pauseId: z.string().regex(/^P\d{1,3}$/) }), response: CaseView }),
  decideApplication: route({ method: 'POST', path: '/v1/applications/{id}/decision', context: 'licensing', roles: ['decision-maker'], idempotent: true,
    summary: 'Grant or deny; a denial carries reasons and the rights of reconsideration and litigation (L5)', params: CasePath,
    body: z.object({ outcome: z.enum(['grant', 'deny']), reasons: z.string().trim().max(4000).default(''), scope: z.string().trim().max(500).optional() }), response: CaseView }),
  recordDelivery: route({ method: 'POST', path: '/v1/applications/{id}/deliveries', context: 'licensing', roles: ['applicant', ...REVIEWERS], idempotent: true, status: 201,
    summary: 'Paper originals (by the applicant) or the paper license (by the agency) travel by express post: the waybill instead of a visit (L1)', params: CasePath,
    body: z.object({ kind: DeliveryKind, waybillNo: z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, 'a courier waybill number') }), response: CaseView }),
  recordVisit: route({ method: 'POST', path: '/v1/applications/{id}/visits', context: 'licensing', roles: [...REVIEWERS, 'supervisor'], idempotent: true, status: 201,
    summary: 'Record an in-person visit and its reason; more than one is a violation the oversight report shows (L1)', params: CasePath,
    body: z.object({ reason: Text(1000) }), response: CaseView }),
  recordReviewCallback: route({ method: 'POST', path: '/v1/reviews/{id}/callback', context: 'licensing', maxBodyBytes: 32 * KiB, roles: [...REVIEWERS, 'supervisor'], idempotent: true,
    summary: 'The callback (回访) on a bad review, and the rectification when done (L11)', params: CasePath,
    body: z.object({ notes: Text(4000), rectification: z.string().trim().min(2).max(4000).optional() }) }),
  listReviews: route({ method: 'GET', path: '/v1/reviews', context: 'licensing', roles: [...STAFF_ROLES, 'admin'],
    summary: 'Reviews of the agency\'s cases in the order they came in, with their callback deadlines (L11)', query: z.object({ agencyId: z.string().optional(), bad: z.enum(['true', 'false']).optional(), ...Paging }) }),
  listPublicDecisions: route({ method: 'GET', path: '/v1/public/decisions', context: 'licensing', roles: 'public', publicBecause: 'The public register of grant decisions and commitment letters (L9, 双公示): enterprise names, credit codes and licence data, no personal data.',
    summary: 'The public register of grant decisions and commitment letters (L9)', query: z.object({ ...Paging }),
    response: z.object({ items: z.array(PublicDecision), cursor: z.string().optional() }) }),
  getPublicDecision: route({ method: 'GET', path: '/v1/public/decisions/{caseId}', context: 'licensing', roles: 'public', publicBecause: 'The public register of grant decisions and commitment letters (L9, 双公示): enterprise names, credit codes and licence data, no personal data.',
    summary: 'One published decision (L9)', params: z.object({ caseId: CaseId }), response: PublicDecision }),

  addCreditRecord: route({ method: 'POST', path: '/v1/enterprises/{uscc}/credit-records', context: 'credit', roles: ['supervisor'], idempotent: true, status: 201,
    summary: 'Record a penalty, inspection finding, false commitment or complaint found true (C1); the class and the measures follow (C2, C3)', params: EnterprisePath, body: AddCreditRecord }),
  getCredit: route({ method: 'GET', path: '/v1/enterprises/{uscc}/credit', context: 'credit', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'Credit class (computed now), live records, measures, repair and objection requests with their deadlines', params: EnterprisePath }),
  requestCreditRepair: route({ method: 'POST', path: '/v1/enterprises/{uscc}/credit-repairs', context: 'credit', roles: ['applicant'], idempotent: true, status: 201,
    summary: 'Apply to repair a record: a commitment and evidence from the vault (C4)', params: EnterprisePath,
    body: z.object({ recordId: z.string().regex(/^CR\d{4}$/), commitment: Text(4000), evidenceDocumentIds: z.array(Sha256).max(20).default([]) }) }),
  raiseCreditObjection: route({ method: 'POST', path: '/v1/enterprises/{uscc}/credit-objections', context: 'credit', roles: ['applicant'], idempotent: true, status: 201,
    summary: 'Object to a record: grounds and evidence from the vault (C5)', params: EnterprisePath,
    body: z.object({ recordId: z.string().regex(/^CR\d{4}$/), grounds: Text(4000), evidenceDocumentIds: z.array(Sha256).max(20).default([]) }) }),
  acceptCreditRepair: route({ method: 'POST', path: '/v1/enterprises/{uscc}/credit-repairs/{requestId}/acceptance', context: 'credit', roles: ['supervisor'], idempotent: true,
    summary: 'Accept a repair request (its decision is then due in 15 WD) or decline it with reasons (C4)', params: EnterprisePath.extend({ requestId: z.string().regex(/^RP\d{3}$/) }),
    body: z.object({ decision: z.enum(['accept', 'reject']), reasons: z.string().trim().max(4000).optional() }) }),
  decideCreditRepair: route({ method: 'POST', path: '/v1/enterprises/{uscc}/credit-repairs/{requestId}/decision', context: 'credit', roles: ['supervisor'], idempotent: true,
    summary: 'Decide a repair: a repaired record no longer counts and leaves the public list (C4)', params: EnterprisePath.extend({ requestId: z.string().regex(/^RP\d{3}$/) }),
    body: z.object({ outcome: z.enum(['granted', 'refused']), reasons: Text(4000) }) }),
  acceptCreditObjection: route({ method: 'POST', path: '/v1/enterprises/{uscc}/credit-objections/{requestId}/acceptance', context: 'credit', roles: ['supervisor'], idempotent: true,
    summary: 'Accept an objection (its decision is then due in 15 WD) or decline it with reasons (C5)', params: EnterprisePath.extend({ requestId: z.string().regex(/^OB\d{3}$/) }),
    body: z.object({ decision: z.enum(['accept', 'reject']), reasons: z.string().trim().max(4000).optional() }) }),
  decideCreditObjection: route({ method: 'POST', path: '/v1/enterprises/{uscc}/credit-objections/{requestId}/decision', context: 'credit', roles: ['supervisor'], idempotent: true,
    summary: 'Decide an objection; upheld, the record is corrected by a new event — withdrawn or given another severity (C5, X3)', params: EnterprisePath.extend({ requestId: z.string().regex(/^OB\d{3}$/) }),
    body: z.object({ outcome: z.enum(['granted', 'refused']), reasons: Text(4000), correction: z.union([z.literal('withdraw'), Severity]).optional() }) }),
  listCredit: route({ method: 'GET', path: '/v1/credit', context: 'credit', roles: [...STAFF_ROLES, 'admin'],
    summary: 'Enterprises of the agency with credit records, by class', query: z.object({ agencyId: z.string().optional(), class: CreditClass.optional(), ...Paging }) }),
  listPublicDishonest: route({ method: 'GET', path: '/v1/public/dishonest-enterprises', context: 'credit', roles: 'public', publicBecause: 'The severely dishonest list is published by rule (C3); enterprises only, no personal data.',
    summary: 'The current severely dishonest list, without personal data (C3)', query: z.object({ ...Paging }) }),

  getLicense: route({ method: 'GET', path: '/v1/licenses/{licenseNo}', context: 'licenses', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'The license (holder or its agency): data, status and version history (E2)', params: z.object({ licenseNo: LicenseNo }) }),
  getElectronicLicense: route({ method: 'GET', path: '/v1/licenses/{licenseNo}/electronic', context: 'licenses', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'The signed electronic license of the current version and its QR token (E1, E3)', params: z.object({ licenseNo: LicenseNo }) }),
  getPublicLicense: route({ method: 'GET', path: '/v1/public/licenses/{licenseNo}', context: 'licenses', roles: 'public', publicBecause: "Anyone may check a licence's status and seal (E3); it shows the licence's public face, no personal data.",
    summary: 'Public display data, current status and whether the seal verifies (E3)', params: z.object({ licenseNo: LicenseNo }) }),
  verifyLicenseToken: route({ method: 'POST', path: '/v1/public/verifications', context: 'licenses', maxBodyBytes: 32 * KiB, roles: 'public', publicBecause: "Anyone may verify a licence's QR text or electronic licence (E3); the answer is the licence's public face, no personal data.",
    summary: 'Verify a QR text or electronic license: authentic? which license and version? its status now (E3)', body: z.object({ token: z.string().min(10).max(8192) }) }),
  getKeys: route({ method: 'GET', path: '/v1/public/keys', context: 'licenses', roles: 'public', publicBecause: "The e-seal's public keys are published for offline verification (E3); public keys only.",
    summary: 'The issuing keys (JWKS) for offline verification; rotated keys stay listed (E3)' }),
  suspendLicense: route({ method: 'POST', path: '/v1/licenses/{licenseNo}/suspension', context: 'licenses', roles: ['supervisor', 'decision-maker', 'admin'], idempotent: true,
    summary: 'Suspend a license as a penalty, naming the decision that grounds it (E2)', params: z.object({ licenseNo: LicenseNo }),
    body: z.object({ reason: Text(2000), groundsRef: Text(200), until: IsoDate.optional() }) }),
  reinstateLicense: route({ method: 'POST', path: '/v1/licenses/{licenseNo}/reinstatement', context: 'licenses', roles: ['supervisor', 'decision-maker', 'admin'], idempotent: true,
    summary: 'End a suspension (E2)', params: z.object({ licenseNo: LicenseNo }), body: z.object({ reason: Text(2000) }) }),
  revokeLicense: route({ method: 'POST', path: '/v1/licenses/{licenseNo}/revocation', context: 'licenses', roles: ['decision-maker', 'admin'], idempotent: true,
    summary: 'Revoke a license (撤销, Art. 69) with the case or decision that grounds it (E2)', params: z.object({ licenseNo: LicenseNo }),
    body: z.object({ reason: Text(2000), groundsRef: Text(200) }) }),
  getPaperLicense: route({ method: 'GET', path: '/v1/licenses/{licenseNo}/paper.pdf', context: 'licenses', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'The printable license (PDF) of the current version, with the seal fingerprint and the QR code (E1)', params: z.object({ licenseNo: LicenseNo }) }),
  exchangeLicense: route({ method: 'GET', path: '/v1/exchange/licenses/{licenseNo}', context: 'licenses', roles: ['partner', ...STAFF_ROLES, 'admin'],
    summary: 'The license in the exchange format for other departments (mutual recognition, E4; docs/e-license-format.md)', params: z.object({ licenseNo: LicenseNo }) }),
  getLicenseAccessLog: route({ method: 'GET', path: '/v1/licenses/{licenseNo}/access-log', context: 'licenses', roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'Every display, download and verification of the license, newest first (E5)', params: z.object({ licenseNo: LicenseNo }) }),

  openConnection: route({ method: 'POST', path: '/v1/connections', context: 'connections', roles: ['grid'], idempotent: true, status: 201,
    summary: 'Report a connection case at its application (G1–G6 are checked on every change)', body: OpenConnection }),
  openConnectionsBatch: route({ method: 'POST', path: '/v1/connections:batch', context: 'connections', maxBodyBytes: MiB, roles: ['grid'], idempotent: true,
    summary: 'Report up to 500 connection cases; each is validated on its own and the response says which failed and why',
    body: z.object({ cases: z.array(z.unknown()).min(1).max(500) }) }),
  recordMilestone: route({ method: 'POST', path: '/v1/connections/{id}/milestones', context: 'connections', maxBodyBytes: 32 * KiB, roles: ['grid'], idempotent: true, status: 201,
    summary: 'Record a step as it happens: materials asked, charges, the external line and its permits (G2–G6)', params: z.object({ id: z.string().regex(/^[a-z0-9-]+\.[A-Za-z0-9-]{1,40}$/) }), body: RecordMilestone }),
  recordPowerOn: route({ method: 'POST', path: '/v1/connections/{id}/power-on', context: 'connections', roles: ['grid'], idempotent: true,
    summary: 'Power is on: the case closes and counts in its half-year (G1, G7)', params: z.object({ id: z.string().regex(/^[a-z0-9-]+\.[A-Za-z0-9-]{1,40}$/) }),
    body: z.object({ at: z.iso.datetime({ offset: true }) }) }),
  listConnections: route({ method: 'GET', path: '/v1/connections', context: 'connections', roles: ['grid', 'supervisor', 'admin'],
    summary: 'A company\'s connection cases, optionally only those with violations', query: z.object({ company: z.string().optional(), violations: z.enum(['true', 'false']).optional(), ...Paging }) }),
  getConnection: route({ method: 'GET', path: '/v1/connections/{id}', context: 'connections', roles: ['grid', 'supervisor', 'admin'],
    summary: 'One connection case with the violations found', params: z.object({ id: z.string().regex(/^[a-z0-9-]+\.[A-Za-z0-9-]{1,40}$/) }) }),
  recordReliability: route({ method: 'POST', path: '/v1/reliability', context: 'connections', roles: ['grid'], idempotent: true, status: 201,
    summary: 'Yearly average outage hours per user by area type (G8)',
    body: z.object({ year: z.number().int().min(2000).max(2100), areaType: AreaType, avgOutageHours: Quantity(0, HOURS_IN_A_LEAP_YEAR, 3), previousYearHours: Quantity(0, HOURS_IN_A_LEAP_YEAR, 3).optional() }) }),
  licensingOversightReport: route({ method: 'GET', path: '/v1/reports/licensing-oversight', context: 'licensing', roles: ['supervisor', 'decision-maker', 'admin'],
    summary: 'The quarterly oversight report of an agency\'s licensing work: cases by matter and outcome, on-time rate per statutory limit, overdue cases, visits, publication delays, fees, correction notices, bad reviews (L10)',
    query: z.object({ quarter: z.string().regex(/^\d{4}Q[1-4]$/, 'a quarter such as 2026Q4'), agencyId: z.string().optional() }) }),
  connectionReport: route({ method: 'GET', path: '/v1/reports/connections', context: 'connections', roles: ['supervisor', 'admin'],
    summary: 'The half-yearly report of a grid company (G7, G8) as JSON, CSV or PDF with charts',
    query: z.object({ company: z.string().min(1), half: z.string().regex(/^\d{4}H[12]$/, 'a half-year such as 2026H1'), format: z.enum(['json', 'csv', 'pdf']).default('json') }) }),

  receiveHotlineWorkOrder: route({ method: 'POST', path: '/v1/webhooks/hotline-12398', context: 'complaints', maxBodyBytes: MiB, roles: 'public', publicBecause: "The 12398 hotline pushes work orders without a user token: each delivery carries its own Standard Webhooks signature, checked against the hotline's secret over the raw body before anything is stored. It DOES carry personal data (the complainant's name and contact), which the function seals on arrival (P4).", status: 202,
    summary: 'A 12398 hotline work order, signed per Standard Webhooks (docs/hotline-webhook.md); stored once, routed to its region (P1)' }),
  listComplaints: route({ method: 'GET', path: '/v1/complaints', context: 'complaints', roles: STAFF_ROLES,
    summary: 'The complaints routed to the caller\'s agency, newest first, with their deadlines', query: z.object({ status: ComplaintStatus.optional(), ...Paging }) }),
  getComplaint: route({ method: 'GET', path: '/v1/complaints/{id}', context: 'complaints', personalData: true, roles: [...STAFF_ROLES, 'applicant', 'admin'],
    summary: 'One complaint: its agency\'s staff see the complainant (each opening logged); the enterprise complained about and admins do not (P4)', params: ComplaintPath }),
  decideComplaintAcceptance: route({ method: 'POST', path: '/v1/complaints/{id}/acceptance', context: 'complaints', personalData: true, roles: COMPLAINT_HANDLERS, idempotent: true,
    summary: 'Accept (the 60-day handling period starts) or refuse on a legal ground, within 5 WD (P2)', params: ComplaintPath, body: Acceptance }),
  assignComplaint: route({ method: 'POST', path: '/v1/complaints/{id}/assignment', context: 'complaints', personalData: true, roles: ['supervisor'], idempotent: true,
    summary: 'Assign an accepted complaint to a handler (P2)', params: ComplaintPath, body: z.object({ staffId: z.string().trim().min(1).max(128) }) }),
  extendComplaint: route({ method: 'POST', path: '/v1/complaints/{id}/extension', context: 'complaints', personalData: true, roles: ['supervisor'], idempotent: true,
    summary: 'Extend the handling period once, by at most 30 days, with a reason (P2)', params: ComplaintPath,
    body: z.object({ days: z.number().int().min(1), reason: Text(2000) }) }),
  recordComplaintFindings: route({ method: 'POST', path: '/v1/complaints/{id}/findings', context: 'complaints', personalData: true, maxBodyBytes: 32 * KiB, roles: COMPLAINT_HANDLERS, idempotent: true,
    summary: 'What handling found; substantiated against a licensee it becomes a credit record and may ask for a targeted inspection (P3)', params: ComplaintPath, body: Findings }),
  replyToComplaint: route({ method: 'POST', path: '/v1/complaints/{id}/reply', context: 'complaints', personalData: true, maxBodyBytes: 32 * KiB, roles: COMPLAINT_HANDLERS, idempotent: true,
    summary: 'The answer to the complainant through the hotline; closes consultations and other orders (P2)', params: ComplaintPath, body: z.object({ text: Text(8000) }) }),
  recordComplaintCallback: route({ method: 'POST', path: '/v1/complaints/{id}/callback', context: 'complaints', personalData: true, roles: COMPLAINT_HANDLERS, idempotent: true,
    summary: 'The callback (回访) and the complainant\'s satisfaction; closes the complaint and tells the hotline (P2)', params: ComplaintPath, body: Callback }),
  listHotlineDeadLetters: route({ method: 'GET', path: '/v1/hotline-notifications/dead-letters', context: 'complaints', roles: ['supervisor', 'admin'],
    summary: 'Notifications to the 12398 hotline that kept failing', query: z.object(Paging) }),
  redriveHotlineNotification: route({ method: 'POST', path: '/v1/hotline-notifications/{complaintId}/{kind}/redrive', context: 'complaints', roles: ['admin'], status: 202, starts: ['hotline-notify'],
    summary: 'Send a dead-lettered notification to the hotline again', params: z.object({ complaintId: ComplaintId, kind: z.enum(['acknowledged', 'closed']) }) }),
  getHotlineStatistics: route({ method: 'GET', path: '/v1/public/hotline-statistics', context: 'complaints', roles: 'public', publicBecause: 'Monthly hotline statistics are published by rule (P5): counts only, no personal data.',
    summary: 'Monthly public statistics of 12398 work orders by type, business area, region, channel and outcome, with on-time rates (P5)',
    query: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month such as 2026-10') }) }),

  declareInspector: route({ method: 'PUT', path: '/v1/supervision/inspectors/{inspectorId}', context: 'supervision', maxBodyBytes: 64 * KiB, roles: INSPECTORS, idempotent: true,
    summary: 'An inspector of the agency\'s pool and their declared conflicts of interest (S1, S4); inspectors may declare only their own',
    params: z.object({ inspectorId: z.string().regex(/^[A-Za-z0-9._@-]{1,128}$/) }), body: DeclareInspector }),
  listInspectors: route({ method: 'GET', path: '/v1/supervision/inspectors', context: 'supervision', roles: ['supervisor'], summary: 'The agency\'s inspector pool' }),
  changeProblemLibrary: route({ method: 'POST', path: '/v1/supervision/problem-library', context: 'supervision', roles: ['supervisor'], idempotent: true,
    summary: 'Put an enterprise in or out of the problem library: always inspected while in it (S2)', body: ProblemLibraryChange }),
  definePlan: route({ method: 'POST', path: '/v1/supervision/plans', context: 'supervision', roles: ['supervisor'], idempotent: true,
    summary: 'Define (or redefine) an inspection plan: population, ratios per credit class, exclusion window, team size, mode, quarterly schedule (S1, S2)', body: DefinePlan }),
  listPlans: route({ method: 'GET', path: '/v1/supervision/plans', context: 'supervision', roles: STAFF_ROLES, summary: 'The agency\'s inspection plans' }),
  startDraw: route({ method: 'POST', path: '/v1/supervision/plans/{planId}/draws', context: 'supervision', roles: ['supervisor'], status: 202, starts: ['supervision-sampling'],
    summary: 'Draw a plan for a period now (the supervision-sampling workflow); the same plan and period make one draw', params: z.object({ planId: PlanId }), body: z.object({ period: Period }) }),
  listPublicDraws: route({ method: 'GET', path: '/v1/public/draws', context: 'supervision', roles: 'public', publicBecause: 'Draws are published so that anyone can verify them (S1, S3): plan parameters, hashes, seeds and results of enterprises, no personal data.', summary: 'Every draw, newest first (S1 "one open")', query: z.object(Paging) }),
  getPublicDraw: route({ method: 'GET', path: '/v1/public/draws/{drawId}', context: 'supervision', roles: 'public', publicBecause: 'Draws are published so that anyone can verify them (S1, S3): plan parameters, hashes, seeds and results of enterprises, no personal data.',
    summary: 'A draw: plan parameters, pool, hashes, seed commitment, entropy; after the draw the nonce, the seed and the result — all a re-run needs (S3)', params: DrawPath }),
  getDrawRoster: route({ method: 'GET', path: '/v1/public/draws/{drawId}/roster', context: 'supervision', roles: 'public', publicBecause: 'The roster snapshot is published so that anyone can re-run the draw (S3): licences and enterprises, no personal data.', status: 302,
    summary: 'The draw\'s roster snapshot as canonical NDJSON (a redirect to the document store); its SHA-256 is the published roster hash', params: DrawPath }),
  getDrawResult: route({ method: 'GET', path: '/v1/public/draws/{drawId}/result', context: 'supervision', roles: 'public', publicBecause: 'The draw result is published so that anyone can re-run the draw (S3): enterprises and inspector ids, no personal data.', status: 302,
    summary: 'The draw\'s result as canonical JSON (a redirect to the document store); inline in the draw too unless it is large', params: DrawPath }),
  registerDrawEntropy: route({ method: 'POST', path: '/v1/public/draws/{drawId}/entropy', context: 'supervision', roles: 'public', publicBecause: "Anyone may add public entropy to a draw's seed while its window is open (S3); a short string, capped per draw, no personal data.", status: 201,
    summary: 'Add a public entropy string to the seed while the draw\'s entropy window is open (S3)', params: DrawPath, body: z.object({ value: z.string().trim().min(1).max(200) }) }),
  listInspections: route({ method: 'GET', path: '/v1/inspections', context: 'supervision', roles: INSPECTORS,
    summary: 'Inspections: assignedTo=me for the caller\'s own (inspectors always), else the agency\'s, newest first', query: z.object({ assignedTo: z.literal('me').optional(), ...Paging }) }),
  getInspection: route({ method: 'GET', path: '/v1/inspections/{id}', context: 'supervision', roles: [...STAFF_ROLES, 'applicant', 'admin'], summary: 'One inspection', params: InspectionPath }),
  recordInspectionFindings: route({ method: 'POST', path: '/v1/inspections/{id}/findings', context: 'supervision', maxBodyBytes: MiB, roles: INSPECTORS, idempotent: true,
    summary: 'Checklist findings with evidence (matched inspectors only, S5)', params: InspectionPath, body: RecordFindings }),
  decideInspectionOutcome: route({ method: 'POST', path: '/v1/inspections/{id}/outcome', context: 'supervision', roles: INSPECTORS, idempotent: true,
    summary: 'The outcome: compliant, rectification (with a deadline), penalty or revocation referral; not compliant → a credit record (S5, C1)', params: InspectionPath, body: DecideOutcome }),
  completeInspectionRectification: route({ method: 'POST', path: '/v1/inspections/{id}/rectification-completion', context: 'supervision', roles: INSPECTORS, idempotent: true,
    summary: 'The rectification order was carried out (S5)', params: InspectionPath, body: CompleteRectification }),
  staffInspection: route({ method: 'POST', path: '/v1/inspections/{id}/team', context: 'supervision', roles: ['supervisor'], idempotent: true,
    summary: 'Match a team to an inspection opened without one, from the pool as it is now (S4)', params: InspectionPath }),
  listPublicInspections: route({ method: 'GET', path: '/v1/public/inspections', context: 'supervision', roles: 'public', publicBecause: 'Inspection results are published (S1 一公开, S5): enterprises and outcomes, no personal data.',
    summary: 'The results of a draw\'s inspections, without personal data (S1, S5)', query: z.object({ drawId: DrawPath.shape.drawId, ...Paging }) }),
  supervisionReport: route({ method: 'GET', path: '/v1/supervision/report', context: 'supervision', roles: ['supervisor'],
    summary: 'Post-approval verification coverage — verified / due, overdue list (S7) — and rectification orders (S5) of the agency' }),
  putPersonnel: route({ method: 'PUT', path: '/v1/enterprises/{uscc}/personnel', context: 'supervision', personalData: true, maxBodyBytes: MiB, roles: ['applicant'], idempotent: true,
    summary: 'The licensee\'s personnel register: posts, qualifications, certificates (S6); personal data masked to all but the holder and its agency', params: EnterprisePath,
    body: z.object({ personnel: z.array(Person).max(500) }) }),
  getPersonnel: route({ method: 'GET', path: '/v1/enterprises/{uscc}/personnel', context: 'supervision', personalData: true, roles: ['applicant', ...STAFF_ROLES, 'admin'],
    summary: 'The personnel register: whole for the holder and its agency, masked for others', params: EnterprisePath }),
  putGeneratingUnits: route({ method: 'PUT', path: '/v1/enterprises/{uscc}/generating-units', context: 'supervision', personalData: true, maxBodyBytes: 256 * KiB, roles: ['applicant'], idempotent: true,
    summary: 'A generator\'s units with their commissioning date and design life (S6)', params: EnterprisePath, body: z.object({ units: z.array(GeneratingUnit).max(500) }) }),
  listWarnings: route({ method: 'GET', path: '/v1/supervision/warnings', context: 'supervision', roles: ['supervisor', 'inspector', 'applicant'],
    summary: 'Condition-screening warnings: rectification orders for personnel shortfalls, renewal and safety-assessment reminders (S6) — the agency\'s, or one enterprise\'s',
    query: z.object({ uscc: Uscc.optional(), month: z.string().regex(/^\d{4}-\d{2}$/).optional() }) }),
} as const;

export type Routes = typeof routes;
export const problemSchema = Problem;
