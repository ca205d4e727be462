import {
  accept,
  addMonths,
  APPLICATION_LIFECYCLE,
  type Application,
  checkCommitment,
  decide,
  deemAcceptedIfOverdue,
  endPause,
  extend,
  issueCorrectionNotice,
  licensingConfig,
  MISSING_PROBLEM,
  nextDue,
  recordIntake,
  coveredBy,
  reassign,
  recordVisit,
  refuse,
  startPause,
  submit,
  sweep,
  takenBy,
  verificationFor,
} from '../../functions/licensing/domain/application';
import { checkExistingLicense, isValidLicenseNumber, licenseNumber, type License, mod3736Check, validUntilFor } from '../../functions/licensing/domain/license';
import { recordCallback, submitReview, sweepReview } from '../../functions/licensing/domain/review';
import { creditClassOf } from '../../functions/credit/domain/credit-class';
import { type Absence, covers, markAbsent, markBack } from '../../functions/supervision/domain/absence';
import { awaiting, caseView } from '../../functions/licensing/domain/view';
import { createVerification, publish } from '../../functions/licensing/domain/publication';

import { allMaterials, at, cal, enterprise, limits, matter } from '../support/licensing-fixtures';
import { publicationIndex, verificationIndex } from '../../functions/licensing/indexes';
import { matters, officialScope } from '../../functions/licensing/domain/guide';
import type { RouteSpec } from '../../functions/platform/http/route';
import { routes } from '../../functions/routes';

/** A submitted case as the intake workflow leaves it (its checks run: completeness, credit class). */
function submitted(o: Partial<Parameters<typeof submit>[0]> = {}, when = '2026-11-23T02:00:00Z'): Application {
  return recordIntake(submittedBeforeIntake(o, when), undefined).state;
}
function submittedBeforeIntake(o: Partial<Parameters<typeof submit>[0]> = {}, when = '2026-11-23T02:00:00Z'): Application {
  return submit({ id: 'AP20261123AAAAAAAA', matter, enterprise, path: 'standard', materials: allMaterials, creditClass: 'good', limits, ...o }, at(when), cal)
    .state;
}
const underReview = (when = '2026-11-23T02:00:00Z') => accept(submitted({}, when), 'reviewer', at(when), cal, limits).state;

describe('licensing case rules', () => {
  it('L4: a case whose intake checks have not run is never deemed accepted: the sweep records that it waits, the intake then deems it as of the submission', () => {
    const waiting = submittedBeforeIntake();
    expect(() => accept(waiting, 'reviewer', at('2026-11-24T02:00:00Z'), cal, limits)).toThrow(expect.objectContaining({ code: 'APPLICATION.INTAKE_PENDING' }));
    const swept = sweep(waiting, at('2026-12-01T02:00:00Z'), cal, limits);
    expect(swept.state).toMatchObject({ status: 'submitted', intakeAwaitedSince: '2026-12-01' });
    expect(swept.events.map((e) => e.type)).toEqual(['IntakeChecksAwaited', 'DeadlineBreached']);
    // A second sweep adds nothing; the late intake deems it accepted as of the submission day.
    expect(sweep(swept.state, at('2026-12-02T02:00:00Z'), cal, limits).events).toEqual([]);
    const checked = recordIntake(swept.state, undefined).state;
    const deemed = deemAcceptedIfOverdue(checked, at('2026-12-02T03:00:00Z'), cal, limits);
    expect(deemed.state).toMatchObject({ status: 'under-review', acceptance: { deemed: true, asOf: '2026-11-23' } });
    expect(deemAcceptedIfOverdue(submitted(), at('2026-11-24T02:00:00Z'), cal, limits).events).toEqual([]);
  });

  it('L4: the acceptance deadline is 5 WD after the submission day', () => {
    expect(submitted().deadlines).toEqual([expect.objectContaining({ kind: 'acceptance', rule: 'L4', from: '2026-11-23', dueDate: '2026-11-30' })]);
  });

  it('L4: one correction notice; a second is refused with APPLICATION.SECOND_CORRECTION_NOTICE', () => {
    const app = { ...submitted(), missing: ['equipment-list'] };
    const noticed = issueCorrectionNotice(app, matter, [{ materialType: 'equipment-list', problem: '缺少' }], at('2026-11-24T02:00:00Z')).state;
    expect(noticed.status).toBe('correction-requested');
    expect(() => issueCorrectionNotice(noticed, matter, [{ materialType: 'personnel-roster', problem: '缺少' }], at('2026-11-24T03:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'APPLICATION.SECOND_CORRECTION_NOTICE', kind: 'conflict' }),
    );
  });

  it('L4: the correction notice lists every missing guide material, also those staff did not name, so one notice suffices', () => {
    const app = { ...submitted(), missing: ['equipment-list', 'personnel-roster'] };
    const noticed = issueCorrectionNotice(app, matter, [{ condition: matter.conditions[0]!, problem: '人员不足' }], at('2026-11-24T02:00:00Z'));
    expect(noticed.state.correctionNotice!.deficiencies).toEqual([
      { condition: matter.conditions[0]!, problem: '人员不足' },
      { materialType: 'equipment-list', problem: MISSING_PROBLEM },
      { materialType: 'personnel-roster', problem: MISSING_PROBLEM },
    ]);
    expect(noticed.events[0]!.data).toMatchObject({ addedMissing: ['equipment-list', 'personnel-roster'] });
    // Named by staff, a missing material keeps the staff's words and is not added twice.
    const named = issueCorrectionNotice(app, matter, [{ materialType: 'equipment-list', problem: '设备清单缺页' }], at('2026-11-24T02:00:00Z'));
    expect(named.state.correctionNotice!.deficiencies.map((d) => ('materialType' in d ? d.materialType : d.condition))).toEqual([
      'equipment-list',
      'personnel-roster',
    ]);
  });

  it("L3: a notice may only name materials and conditions of the matter's guide", () => {
    expect(() =>
      issueCorrectionNotice(submitted(), matter, [{ condition: '须委托指定中介机构出具报告', problem: 'x'.repeat(3) }], at('2026-11-24T02:00:00Z')),
    ).toThrow(expect.objectContaining({ code: 'APPLICATION.NOT_IN_GUIDE' }));
    expect(
      issueCorrectionNotice(submitted(), matter, [{ condition: matter.conditions[0]!, problem: '人员不足' }], at('2026-11-24T02:00:00Z')).state.status,
    ).toBe('correction-requested');
  });

  it('L4: the sweep deems a case accepted the day after its 5th WD, as of the submission day, and not before', () => {
    const app = submitted();
    expect(sweep(app, at('2026-11-30T10:00:00Z'), cal, limits).events).toEqual([]);
    const deemed = sweep(app, at('2026-11-30T16:30:00Z'), cal, limits); // 00:30 on 1 Dec in Shanghai
    expect(deemed.state).toMatchObject({ status: 'under-review', acceptance: { deemed: true, asOf: '2026-11-23' } });
    expect(deemed.events.map((e) => e.type)).toEqual(['ApplicationDeemedAccepted']);
  });

  it('X2: a decision deadline that passed unmet is flagged once, the day after', () => {
    const app = underReview();
    const decisionDue = app.deadlines.find((d) => d.kind === 'decision')!.dueDate;
    expect(decisionDue).toBe('2026-12-21');
    const flagged = sweep(app, at('2026-12-21T16:10:00Z'), cal, limits);
    expect(flagged.events).toEqual([
      { type: 'DeadlineBreached', data: { kind: 'decision', rule: 'L5', dueDate: '2026-12-21', breachedOn: '2026-12-22', flaggedOn: '2026-12-22' } },
    ]);
    expect(sweep(flagged.state, at('2026-12-23T16:10:00Z'), cal, limits).events).toEqual([]);
    expect(nextDue(flagged.state)).toBeUndefined();
  });

  it('X2: a sweep that runs weeks late (an outage, a clock jump) records the true breach day, the day after the deadline, and when it noticed', () => {
    const app = underReview();
    const late = sweep(app, at('2027-01-27T16:10:00Z'), cal, limits);
    expect(late.events).toEqual([
      { type: 'DeadlineBreached', data: { kind: 'decision', rule: 'L5', dueDate: '2026-12-21', breachedOn: '2026-12-22', flaggedOn: '2027-01-28' } },
    ]);
    expect(late.state.deadlines.find((d) => d.kind === 'decision')).toMatchObject({ breachedOn: '2026-12-22', detectedOn: '2027-01-28' });
  });

  it('L5: one extension of at most 10 WD; pauses move the deadline by their expected, then actual, working days', () => {
    const app = underReview();
    expect(() => extend(app, 11, 'r', at('2026-11-24T02:00:00Z'), cal, limits)).toThrow(expect.objectContaining({ code: 'APPLICATION.EXTENSION_TOO_LONG' }));
    const extended = extend(app, 5, '专家意见', at('2026-11-24T02:00:00Z'), cal, limits).state;
    expect(extended.deadlines.find((d) => d.kind === 'decision')).toMatchObject({ dueDate: '2026-12-28', extendedBy: 5 });
    expect(() => extend(extended, 1, 'again', at('2026-11-25T02:00:00Z'), cal, limits)).toThrow(
      expect.objectContaining({ code: 'APPLICATION.SECOND_EXTENSION' }),
    );
    const paused = startPause(extended, { pauseId: 'P1', kind: 'testing', expectedWorkingDays: 3 }, at('2026-11-25T02:00:00Z'), cal, limits).state;
    expect(paused.deadlines.find((d) => d.kind === 'decision')).toMatchObject({ dueDate: '2026-12-31', pausedWorkingDays: 3, paused: true });
    const resumed = endPause(paused, 'P1', at('2026-11-30T02:00:00Z'), cal, limits).state; // 26, 27, 30 Nov
    expect(resumed.deadlines.find((d) => d.kind === 'decision')).toMatchObject({ dueDate: '2026-12-31', pausedWorkingDays: 3 });
    expect(resumed.deadlines.find((d) => d.kind === 'decision')!.paused).toBeUndefined();
  });

  it('L5: a denial needs reasons and carries the rights of reconsideration and litigation', () => {
    const app = underReview();
    expect(() => decide(app, { outcome: 'deny', reasons: ' ' }, 'dm', at('2026-11-25T02:00:00Z'), cal, limits)).toThrow(
      expect.objectContaining({ code: 'APPLICATION.REASONS_REQUIRED' }),
    );
    const denied = decide(app, { outcome: 'deny', reasons: '人员不足' }, 'dm', at('2026-11-25T02:00:00Z'), cal, limits).state;
    expect(denied.decision).toMatchObject({ outcome: 'deny', rights: licensingConfig.rightsOnDenial });
    expect(licensingConfig.rightsOnDenial).toMatch(/行政复议.*行政诉讼/);
    expect(() => refuse(submitted(), '', at('2026-11-24T02:00:00Z'))).toThrow(expect.objectContaining({ code: 'APPLICATION.REASONS_REQUIRED' }));
  });

  it("L5: a grant seals the official scope wording of its class and level, in Chinese; a scope of one's own, or for a denial, is refused; no empty reasons are kept", () => {
    const app = underReview();
    const when = at('2026-11-25T02:00:00Z');
    // The decision-maker named no scope: the official one is sealed, never a code such as "facility-install level 3".
    const granted = decide(app, { outcome: 'grant' }, 'dm', when, cal, limits);
    expect(granted.state.decision).toEqual({
      outcome: 'grant',
      scope: '承装类三级：可以从事110千伏以下电压等级电力设施的安装业务',
      at: when.toISOString(),
      by: 'dm',
    });
    expect(granted.events[0]!.data).not.toHaveProperty('reasons');
    // Naming it is the same decision; changing it is refused.
    expect(decide(app, { outcome: 'grant', scope: officialScope('facility-install', 3) }, 'dm', when, cal, limits).state.decision?.scope).toBe(
      granted.state.decision?.scope,
    );
    for (const scope of ['facility-install level 3', '承装类二级：可以从事220千伏以下电压等级电力设施的安装业务'])
      expect(() => decide(app, { outcome: 'grant', scope }, 'dm', when, cal, limits)).toThrow(
        expect.objectContaining({ code: 'APPLICATION.SCOPE_NOT_OFFICIAL' }),
      );
    expect(() => decide(app, { outcome: 'deny', reasons: '人员不足', scope: officialScope('facility-install', 3) }, 'dm', when, cal, limits)).toThrow(
      expect.objectContaining({ code: 'APPLICATION.SCOPE_NOT_APPLICABLE' }),
    );
    // The route refuses blank reasons before any rule runs: "never empty text".
    const body = (routes.decideApplication as RouteSpec).body!;
    expect(body.safeParse({ outcome: 'grant', reasons: '   ' }).success).toBe(false);
    expect(body.safeParse({ outcome: 'grant' }).success).toBe(true);
    // Every class and level of the guide has its wording, and every matter says it.
    for (const m of matters) expect(m.scope).toMatch(/^(承装|承修|承试|发电|输电|供电)类/);
  });

  it('L5 L9: a grant opens the issuance (10 WD) and publication (7 WD) deadlines', () => {
    const granted = decide(underReview(), { outcome: 'grant', reasons: 'ok' }, 'dm', at('2026-11-25T02:00:00Z'), cal, limits).state;
    expect(granted.deadlines.filter((d) => !d.metAt).map((d) => [d.kind, d.rule, d.dueDate])).toEqual([
      ['issuance', 'L5', '2026-12-09'],
      ['publication', 'L9', '2026-12-04'],
    ]);
  });

  it('L7: the commitment path needs good or normal credit and the published text; its grant sets a verification due in 6 months', () => {
    expect(() => checkCommitment('commitment', 'dishonest', { signatory: 'x', acceptedText: licensingConfig.commitmentText })).toThrow(
      expect.objectContaining({ code: 'APPLICATION.COMMITMENT_NOT_ALLOWED' }),
    );
    expect(() => checkCommitment('commitment', 'severely-dishonest', undefined)).toThrow(
      expect.objectContaining({ code: 'APPLICATION.COMMITMENT_NOT_ALLOWED' }),
    );
    expect(() => checkCommitment('commitment', 'normal', undefined)).toThrow(expect.objectContaining({ code: 'APPLICATION.COMMITMENT_REQUIRED' }));
    expect(() => checkCommitment('commitment', 'good', { signatory: 'x', acceptedText: '我承诺' })).toThrow(
      expect.objectContaining({ code: 'APPLICATION.COMMITMENT_TEXT_MISMATCH' }),
    );
    const app = submitted({ path: 'commitment', commitment: { signatory: '王', acceptedText: licensingConfig.commitmentText } });
    const granted = decide(
      accept(app, 'sys', at('2026-08-31T02:00:00Z'), cal, limits).state,
      { outcome: 'grant', reasons: 'ok' },
      'sys',
      at('2026-08-31T02:00:00Z'),
      cal,
      limits,
    ).state;
    expect(granted.verificationDue).toBe('2027-02-28');
    expect(addMonths('2026-11-25', 6)).toBe('2027-05-25');
  });

  it('L8: good credit is exempt from on-site verification; dishonest classes always get it and a strict review', () => {
    expect(verificationFor('good')).toEqual({ onSiteVerification: 'exempt', strictReview: false });
    expect(verificationFor('normal')).toEqual({ onSiteVerification: 'as-needed', strictReview: false });
    expect(verificationFor('dishonest')).toEqual({ onSiteVerification: 'required', strictReview: true });
    expect(verificationFor('severely-dishonest')).toEqual({ onSiteVerification: 'required', strictReview: true });
  });

  it('L1: visits are counted and the second one carries the violation', () => {
    const once = recordVisit(submitted(), '核对原件', 'r', at('2026-11-24T02:00:00Z'));
    expect(once.events[0]!.data).toEqual({ reason: '核对原件', visits: 1 });
    expect(recordVisit(once.state, '再次核对', 'r', at('2026-11-24T03:00:00Z')).events[0]!.data).toMatchObject({ visits: 2, violation: 'L1' });
  });

  it('every status lists its allowed actions and finished cases take no decision', () => {
    expect(Object.keys(APPLICATION_LIFECYCLE.actions).sort()).toEqual([
      'correction-requested',
      'denied',
      'granted',
      'refused',
      'submitted',
      'under-review',
      'withdrawn',
    ]);
    expect(() => decide(submitted(), { outcome: 'grant', reasons: 'x' }, 'dm', at('2026-11-24T02:00:00Z'), cal, limits)).toThrow(
      expect.objectContaining({ code: 'APPLICATION.ACTION_NOT_ALLOWED', details: { allowed: APPLICATION_LIFECYCLE.actions.submitted } }),
    );
  });
});

describe('what the applicant sees and what the public sees', () => {
  it('L6: the view shows every deadline with its rule and state, the timeline, and what is awaited from whom', () => {
    const app = underReview();
    const events = [
      {
        stream: 's',
        seq: 1,
        type: 'ApplicationSubmitted',
        data: {},
        at: '2026-11-23T02:00:00.000Z',
        actor: 'applicant',
        prevHash: '0'.repeat(64),
        hash: '1'.repeat(64),
      },
    ];
    const v = caseView(app, 2, events);
    expect(v.deadlines.map((d) => [d.kind, d.rule, d.state])).toEqual([
      ['acceptance', 'L4', 'met'],
      ['decision', 'L5', 'open'],
    ]);
    expect(v.awaiting).toEqual({ from: 'agency', step: 'decision', what: 'the decision', dueDate: '2026-12-21' });
    expect(v.timeline).toEqual([{ seq: 1, type: 'ApplicationSubmitted', at: '2026-11-23T02:00:00.000Z', actor: 'applicant', data: {} }]);
    const noticed = issueCorrectionNotice(
      { ...submitted(), intakeDone: true },
      matter,
      [{ materialType: 'equipment-list', problem: '缺少' }],
      at('2026-11-24T02:00:00Z'),
    ).state;
    expect(awaiting(noticed)).toMatchObject({
      from: 'applicant',
      step: 'supplement',
      what: expect.stringContaining('equipment-list'),
      items: expect.arrayContaining(['equipment-list']),
    });
    expect(awaiting(submittedBeforeIntake())).toMatchObject({ from: 'platform' });
    expect(awaiting(submitted())).toMatchObject({ from: 'agency' });
  });

  it('L9: the published record carries the decision and the commitment letter, never the signatory or staff', () => {
    const app = submitted({ path: 'commitment', commitment: { signatory: '王经理', acceptedText: licensingConfig.commitmentText } });
    const granted = decide(
      accept(app, 'sys', at('2026-11-23T02:00:00Z'), cal, limits).state,
      { outcome: 'grant', reasons: 'ok' },
      'dm-7',
      at('2026-11-23T02:00:00Z'),
      cal,
      limits,
    ).state;
    const record = publish(granted, 'FI3-FJ-2026-0000177', at('2026-11-23T03:00:00Z'));
    expect(record.state).toMatchObject({
      caseId: app.id,
      licenseNo: 'FI3-FJ-2026-0000177',
      outcome: 'grant',
      path: 'commitment',
      commitmentLetter: { text: licensingConfig.commitmentText },
    });
    expect(JSON.stringify(record.state)).not.toMatch(/王经理|dm-7/);
    expect(publicationIndex(record.state)).toEqual({ gsi1pk: 'PUBLIC#DECISIONS', gsi1sk: `2026-11-23T03:00:00.000Z#${app.id}` });
  });

  it('S7: a commitment-path grant creates a post-approval verification due 6 months later, listed for its agency', () => {
    const app = submitted({ path: 'commitment', commitment: { signatory: '王', acceptedText: licensingConfig.commitmentText } });
    const granted = decide(
      accept(app, 'sys', at('2026-11-23T02:00:00Z'), cal, limits).state,
      { outcome: 'grant', reasons: 'ok' },
      'sys',
      at('2026-11-23T02:00:00Z'),
      cal,
      limits,
    ).state;
    const v = createVerification(granted, 'FI3-FJ-2026-0000177', at('2026-11-23T03:00:00Z'));
    expect(v.state).toMatchObject({ dueDate: '2027-05-23', status: 'due', agencyId: 'nea-fujian' });
    expect(verificationIndex(v.state)).toEqual({ gsi1pk: 'AGENCY#nea-fujian#VERIFICATIONS', gsi1sk: `2027-05-23#${app.id}` });
  });
});

describe('service reviews (L11)', () => {
  const denied = () => decide(underReview(), { outcome: 'deny', reasons: '人员不足' }, 'dm', at('2026-11-25T02:00:00Z'), cal, limits).state;

  it('L11: a real-name bad review gets callback (3 WD) and rectification (15 WD) deadlines; an anonymous or good one none', () => {
    const bad = submitReview(undefined, denied(), { rating: 2, realName: true }, at('2026-11-26T02:00:00Z'), cal).state;
    expect(bad.deadlines.map((d) => [d.kind, d.dueDate])).toEqual([
      ['callback', '2026-12-01'],
      ['rectification', '2026-12-17'],
    ]);
    expect(submitReview(undefined, denied(), { rating: 2, realName: false }, at('2026-11-26T02:00:00Z'), cal).state.deadlines).toEqual([]);
    expect(submitReview(undefined, denied(), { rating: 4, realName: true }, at('2026-11-26T02:00:00Z'), cal).state).toMatchObject({
      bad: false,
      deadlines: [],
    });
  });

  it('L11: an unanswered callback is flagged after its last day; a recorded one meets it', () => {
    const bad = submitReview(undefined, denied(), { rating: 1, realName: true }, at('2026-11-26T02:00:00Z'), cal).state;
    expect(sweepReview(bad, at('2026-12-01T10:00:00Z')).events).toEqual([]);
    expect(sweepReview(bad, at('2026-12-01T16:30:00Z')).events).toEqual([
      { type: 'DeadlineBreached', data: { kind: 'callback', rule: 'L11', dueDate: '2026-12-01', breachedOn: '2026-12-02', flaggedOn: '2026-12-02' } },
    ]);
    const called = recordCallback(bad, '已回访', undefined, 'r', at('2026-11-27T02:00:00Z')).state;
    expect(called.deadlines.find((d) => d.kind === 'callback')!.metAt).toBeDefined();
    expect(sweepReview(called, at('2026-12-02T16:30:00Z')).events).toEqual([]);
  });
});

describe('licenses as licensing acts on them', () => {
  it('numbers carry an ISO/IEC 7064 MOD 37,36 check character', () => {
    expect(mod3736Check('A12425GABC1234002')).toBe('M'); // the standard's worked example
    const no = licenseNumber('power-generation', undefined, 'FJ', 2026, 42);
    expect(no).toMatch(/^G-FJ-2026-000042[0-9A-Z]$/);
    expect(isValidLicenseNumber(no)).toBe(true);
    expect(isValidLicenseNumber(no.replace('000042', '000024'))).toBe(false);
  });

  it('a 20-year license runs to the day before the same date 20 years later', () => {
    expect(validUntilFor('2026-11-23', 20)).toBe('2046-11-22');
    expect(validUntilFor('2028-02-29', 6)).toBe('2034-02-27');
  });

  it("renewal must be applied for at least 30 days before expiry (Art. 50); the license must be the holder's, valid, of the class", () => {
    const license = { licenseNo: 'x', holder: { uscc: 'U' }, licenseClass: 'facility-install', level: 3, status: 'valid', validUntil: '2026-12-20' } as License;
    const app = { uscc: 'U', licenseClass: 'facility-install', level: 3, matterKind: 'renewal' as const };
    expect(() => checkExistingLicense(license, app, '2026-11-20', 30)).not.toThrow(); // exactly 30 days before
    expect(() => checkExistingLicense(license, app, '2026-11-21', 30)).toThrow(expect.objectContaining({ code: 'APPLICATION.RENEWAL_TOO_LATE' }));
    expect(() => checkExistingLicense(license, { ...app, uscc: 'V' }, '2026-11-01', 30)).toThrow(
      expect.objectContaining({ code: 'APPLICATION.LICENSE_NOT_HELD' }),
    );
    expect(() => checkExistingLicense(license, { ...app, level: 2 }, '2026-11-01', 30)).toThrow(
      expect.objectContaining({ code: 'APPLICATION.LICENSE_CLASS_MISMATCH' }),
    );
    expect(() => checkExistingLicense({ ...license, status: 'revoked' }, app, '2026-11-01', 30)).toThrow(
      expect.objectContaining({ code: 'APPLICATION.LICENSE_NOT_VALID' }),
    );
  });
});

describe('credit class as licensing reads it (C2, thresholds in config/credit.json)', () => {
  const rec = (severity: 'minor' | 'serious' | 'severe', decidedAt: string, status: 'live' | 'repaired' = 'live') => ({
    recordId: decidedAt,
    severity,
    decidedAt,
    status,
  });
  it('C2: no records → good; a recent minor → normal; a serious within 3 years → dishonest; any live severe → severely dishonest', () => {
    expect(creditClassOf([], '2026-11-22')).toBe('good');
    expect(creditClassOf([rec('minor', '2026-06-01')], '2026-11-22')).toBe('normal');
    expect(creditClassOf([rec('minor', '2025-06-01')], '2026-11-22')).toBe('good');
    expect(creditClassOf([rec('serious', '2024-01-01')], '2026-11-22')).toBe('dishonest');
    expect(creditClassOf([rec('serious', '2023-01-01')], '2026-11-22')).toBe('good');
    expect(creditClassOf([rec('severe', '2015-01-01')], '2026-11-22')).toBe('severely-dishonest');
    expect(creditClassOf([rec('severe', '2026-01-01', 'repaired')], '2026-11-22')).toBe('good');
  });
});

describe('who owns a case (首问负责, 001 §(十))', () => {
  it('the first staff member to act takes the case with that action; later actions take nothing', () => {
    const taken = takenBy(accept(submitted(), 'reviewer-li', at('2026-11-24T02:00:00Z'), cal, limits), 'reviewer-li', at('2026-11-24T02:00:00Z'));
    expect(taken.state.owner).toEqual({ sub: 'reviewer-li', since: '2026-11-24T02:00:00.000Z' });
    expect(taken.events.map((e) => e.type)).toEqual(['ApplicationAccepted', 'CaseTaken']);
    const later = takenBy(extend(taken.state, 3, '需补充专家评审', at('2026-11-25T02:00:00Z'), cal, limits), 'reviewer-wang', at('2026-11-25T02:00:00Z'));
    expect(later.state.owner!.sub).toBe('reviewer-li');
    expect(later.events.map((e) => e.type)).toEqual(['DecisionPeriodExtended']);
    // A decision that records nothing takes nothing either.
    expect(takenBy({ state: submitted(), events: [] }, 'reviewer-li', at('2026-11-24T02:00:00Z')).state.owner).toBeUndefined();
  });

  it('a decision-maker reassigns a case still being handled, with the reason on the record; not to its owner, not once decided', () => {
    const app = { ...underReview(), owner: { sub: 'reviewer-li', since: '2026-11-23T02:00:00.000Z' } };
    const moved = reassign(app, 'reviewer-wang', '李某休假', at('2026-11-26T02:00:00Z'));
    expect(moved.state.owner).toEqual({ sub: 'reviewer-wang', since: '2026-11-26T02:00:00.000Z' });
    expect(moved.events).toEqual([{ type: 'CaseReassigned', data: { from: 'reviewer-li', to: 'reviewer-wang', reason: '李某休假' } }]);
    expect(() => reassign(moved.state, 'reviewer-wang', '再分', at('2026-11-26T02:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'APPLICATION.ALREADY_OWNED' }),
    );
    const granted = decide(app, { outcome: 'grant', reasons: '符合条件' }, 'dm', at('2026-11-27T02:00:00Z'), cal, limits).state;
    expect(() => reassign(granted, 'reviewer-wang', '再分', at('2026-11-28T02:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'APPLICATION.ACTION_NOT_ALLOWED' }),
    );
  });
});

describe('cover for an absent colleague (顶岗补位, 001 §(十))', () => {
  const away = (o: Partial<Absence> = {}): Absence => ({
    agencyId: 'nea-fujian',
    sub: 'reviewer-li',
    status: 'absent',
    coveredBy: 'reviewer-wang',
    since: '2026-11-24T00:00:00.000Z',
    reason: '年休假',
    markedBy: 'dm',
    ...o,
  });

  it('a colleague is marked away with who covers, not by themselves; back, the record stays; an absence past its last day covers no one', () => {
    const marked = markAbsent(
      undefined,
      'nea-fujian',
      'reviewer-li',
      { coveredBy: 'reviewer-wang', until: '2026-12-04', reason: '年休假' },
      'dm',
      at('2026-11-24T00:00:00Z'),
    );
    expect(marked.events).toEqual([
      { type: 'StaffAbsenceMarked', data: { sub: 'reviewer-li', coveredBy: 'reviewer-wang', until: '2026-12-04', reason: '年休假' } },
    ]);
    expect(() => markAbsent(undefined, 'nea-fujian', 'reviewer-li', { coveredBy: 'reviewer-li', reason: '年休假' }, 'dm', at('2026-11-24T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'ABSENCE.SELF_COVER' }),
    );
    const snap = { stream: 'ABSENCE#nea-fujian#reviewer-li', version: 1, lastHash: 'h', state: marked.state, updatedAt: '' };
    expect(markBack(snap, at('2026-12-05T00:00:00Z')).state).toMatchObject({ status: 'back', backAt: '2026-12-05T00:00:00.000Z', coveredBy: 'reviewer-wang' });
    expect(covers(marked.state, 'reviewer-wang', '2026-12-04')).toBe(true);
    expect(covers(marked.state, 'reviewer-wang', '2026-12-05')).toBe(false);
    expect(covers(away({ status: 'back' }), 'reviewer-wang', '2026-11-25')).toBe(false);
  });

  it('the cover acting for the absent owner is a hand-over on the timeline, once per cover; the owner stays the owner', () => {
    const owned = { ...underReview(), owner: { sub: 'reviewer-li', since: '2026-11-23T02:00:00.000Z' } };
    const first = coveredBy(extend(owned, 2, '补充材料核实', at('2026-11-25T02:00:00Z'), cal, limits), 'reviewer-wang', at('2026-11-25T02:00:00Z'));
    expect(first.events.map((e) => e.type)).toEqual(['DecisionPeriodExtended', 'CaseCovered']);
    expect(first.events[1]!.data).toEqual({ owner: 'reviewer-li', coveredBy: 'reviewer-wang' });
    expect(first.state.owner!.sub).toBe('reviewer-li');
    const again = coveredBy(
      startPause(first.state, { pauseId: 'P1', kind: 'expert-review', expectedWorkingDays: 3 }, at('2026-11-26T02:00:00Z'), cal, limits),
      'reviewer-wang',
      at('2026-11-26T02:00:00Z'),
    );
    expect(again.events.map((e) => e.type)).toEqual(['ReviewPaused']);
  });
});
