import * as z from 'zod';
import { appendDecision, appendDecisions } from '../platform/aggregate';
import { shanghaiDate } from '../platform/calendar';
import { clock } from '../platform/clock';
import { sweepTask } from '../platform/deadline-sweep.task';
import { calendar } from '../platform/config';
import { eventStore, signer } from '../platform/deps';
import type { Snapshot } from '../platform/event-store';
import { matterOf } from './case-command';
import {
  accept,
  type Application,
  applicationStream,
  creditCheck,
  decide,
  deemAcceptedIfOverdue,
  limitsOf,
  recordIntake,
  recordLicenseIssued,
  recordPublished,
  sweep,
} from './domain/application';
import { kindRules } from './domain/guide';
import * as licenseRules from './domain/license';
import { amendLicense, type License, licenseStream, withSeal } from './domain/license';
import { sealLicense } from './domain/seal';
import { createVerification, publicationStream, publish, verificationStream } from './domain/publication';
import { type Review, sweepReview } from './domain/review';
import { creditPort, registryPort } from './deps';
import { allocateLicenseNo } from './license-numbers';

/**
 * The licensing workflows' tasks. Each loads what it needs, asks the domain, and appends — and
 * each is idempotent: Step Functions may run a task again after a timeout or retry.
 */
const CaseInput = z.object({ caseId: z.string() });
const SYSTEM = { intake: 'system:licensing-intake', commitment: 'system:notification-and-commitment', decision: 'system:licensing-decision' };

async function load(caseId: string): Promise<Snapshot<Application>> {
  const s = await eventStore().load<Application>(applicationStream(caseId));
  if (!s) throw new Error(`case ${caseId} not found`);
  return s;
}

/** licensing-intake: completeness, the credit class read again now, and for the commitment path the online registry checks (L7, L8). */
export async function checkApplication(input: unknown): Promise<{ caseId: string; autoGrant: boolean }> {
  const { caseId } = CaseInput.parse(input);
  const current = await load(caseId);
  const app = current.state;
  if (app.status !== 'submitted' || app.intakeDone) return { caseId, autoGrant: false };
  let checks;
  if (app.path === 'commitment') {
    const creditClass = await creditPort().classOf(app.uscc, shanghaiDate(clock.now()));
    checks = [creditCheck(creditClass), ...(await registryPort().verify(app.uscc, app.licenseClass, app.level))];
  }
  const now = clock.now();
  const intake = recordIntake(app, checks);
  const overdue = deemAcceptedIfOverdue(intake.state, now, calendar, limitsOf(matterOf(app)));
  const { state } = await appendDecision(
    eventStore(),
    applicationStream(caseId),
    current,
    { ...overdue, events: [...intake.events, ...overdue.events] },
    { actor: SYSTEM.intake, at: now },
  );
  return { caseId, autoGrant: state.status === 'submitted' && state.path === 'commitment' && state.missing.length === 0 };
}

/** licensing-intake, commitment path verified: accepted and granted the same day (L7). */
export async function grantOnCommitment(input: unknown): Promise<{ caseId: string }> {
  const { caseId } = CaseInput.parse(input);
  const current = await load(caseId);
  if (current.state.status !== 'submitted') return { caseId };
  const limits = limitsOf(matterOf(current.state));
  const now = clock.now();
  const accepted = accept(current.state, SYSTEM.commitment, now, calendar, limits);
  const granted = decide(
    accepted.state,
    { outcome: 'grant', reasons: '告知承诺制: the commitment was signed and verified online (L7)' },
    SYSTEM.commitment,
    now,
    calendar,
    limits,
  );
  await appendDecision(
    eventStore(),
    applicationStream(caseId),
    current,
    { ...granted, events: [...accepted.events, ...granted.events] },
    { actor: SYSTEM.commitment, at: now },
  );
  return { caseId };
}

/** licensing-decision: the license is created (new) or amended (renewal, change, cancellation) together with the case (E2). */
export async function issueLicense(input: unknown): Promise<{ caseId: string; licenseNo?: string }> {
  const { caseId } = CaseInput.parse(input);
  const current = await load(caseId);
  const app = current.state;
  if (app.licenseIssued) return { caseId, licenseNo: app.licenseIssued.licenseNo };
  const matter = matterOf(app);
  const now = clock.now();
  const today = shanghaiDate(now);
  const store = eventStore();
  let licenseNo: string;
  let license: { current: Snapshot<License> | undefined; decision: ReturnType<typeof licenseRules.issueLicense> };
  if (!kindRules(app.matterKind).licenseAction) {
    licenseNo = await allocateLicenseNo(app.agencyId, app.licenseClass, app.level, Number(today.slice(0, 4)));
    license = { current: undefined, decision: licenseRules.issueLicense(app, licenseNo, matter.licenseValidityYears, today, now) };
  } else {
    licenseNo = app.licenseNo!;
    const existing = await store.load<License>(licenseStream(licenseNo));
    license = { current: existing, decision: amendLicense(existing, app, matter.licenseValidityYears) };
  }
  // Every version the holder can present is sealed at issuance (E3, E5: the key never leaves its store).
  if (license.decision.events.length && license.decision.state.status === 'valid') {
    license.decision = withSeal(license.decision, await sealLicense(license.decision.state, now.toISOString(), signer()));
  }
  await appendDecisions(
    store,
    [
      { stream: licenseStream(licenseNo), current: license.current, decision: license.decision },
      { stream: applicationStream(caseId), current, decision: recordLicenseIssued(app, licenseNo, now) },
    ],
    { actor: SYSTEM.decision, at: now },
  );
  return { caseId, licenseNo };
}

/** licensing-decision: the grant in the public register (L9), recorded on the case in the same transaction. */
export async function publishDecision(input: unknown): Promise<{ caseId: string; path: string }> {
  const { caseId } = CaseInput.parse(input);
  const current = await load(caseId);
  const app = current.state;
  if (!app.publishedAt) {
    const now = clock.now();
    await appendDecisions(
      eventStore(),
      [
        { stream: publicationStream(caseId), current: undefined, decision: publish(app, app.licenseIssued?.licenseNo, now) },
        { stream: applicationStream(caseId), current, decision: recordPublished(app, now) },
      ],
      { actor: SYSTEM.decision, at: now },
    );
  }
  return { caseId, path: app.path };
}

/** licensing-decision, commitment path: the post-approval verification due within 6 months (L7, S7). */
export async function createPostApprovalVerification(input: unknown): Promise<{ caseId: string; dueDate?: string }> {
  const { caseId } = CaseInput.parse(input);
  const { state: app } = await load(caseId);
  if (!app.verificationDue) return { caseId };
  const store = eventStore();
  const existing = await store.load(verificationStream(caseId));
  if (!existing)
    await appendDecision(store, verificationStream(caseId), undefined, createVerification(app, app.licenseIssued?.licenseNo, clock.now()), {
      actor: SYSTEM.decision,
      at: clock.now(),
    });
  return { caseId, dueDate: app.verificationDue };
}

/** deadline-sweep: deemed acceptance (L4) and breach flags (X2) on one case. */
export const sweepApplication = sweepTask<Application>((app, now) => sweep(app, now, calendar, limitsOf(matterOf(app))));

/** deadline-sweep: overdue callbacks and rectifications of bad reviews (L11). */
export const sweepReviewTask = sweepTask<Review>(sweepReview);
