import {
  accept,
  type Application,
  decide,
  issueCorrectionNotice,
  recordIntake,
  recordLicenseIssued,
  recordPublished,
  recordVisit,
  refuse,
  submit,
  sweep,
} from '../../functions/licensing/domain/application';
import { caseContribution, oversightReport, oversightReportOfCounts, quarterBounds } from '../../functions/licensing/domain/oversight';
import { submitReview } from '../../functions/licensing/domain/review';

import { allMaterials as materials, at, cal, enterprise, limits, matter } from '../support/licensing-fixtures';
/** A submitted case as its intake workflow leaves it. */
const submitted = (id: string, when: string): Application =>
  recordIntake(submit({ id, matter, enterprise, path: 'standard', materials, creditClass: 'good', limits }, at(when), cal).state, undefined).state;

describe('licensing oversight report (L10)', () => {
  it('L10: a quarter bounds the cases by submission day in Asia/Shanghai', () => {
    expect(quarterBounds('2026Q4')).toEqual({ from: '2026-10-01', to: '2027-01-01' });
    expect(quarterBounds('2027Q1')).toEqual({ from: '2027-01-01', to: '2027-04-01' });
  });

  it('L10: cases by matter and outcome, on-time rate per limit, overdue cases, visits, publication delays, fees, corrections and bad reviews', () => {
    // Granted on time, issued, published on time.
    let granted = accept(submitted('AP20261012AAAAAAAA', '2026-10-12T02:00:00Z'), 'rev', at('2026-10-13T02:00:00Z'), cal, limits).state;
    granted = decide(granted, { outcome: 'grant', reasons: '符合条件' }, 'dm', at('2026-10-20T02:00:00Z'), cal, limits).state;
    granted = recordPublished(recordLicenseIssued(granted, 'FI3-FJ-2026-000001', at('2026-10-21T02:00:00Z')).state, at('2026-10-21T03:00:00Z')).state;
    // A correction notice, then not accepted, with one in-person visit recorded.
    let refused = issueCorrectionNotice(
      submitted('AP20261103BBBBBBBB', '2026-11-03T02:00:00Z'),
      matter,
      [{ materialType: 'equipment-list', problem: '缺少试验设备' }],
      at('2026-11-04T02:00:00Z'),
    ).state;
    refused = recordVisit(refused, '现场递交原件', 'rev', at('2026-11-05T02:00:00Z')).state;
    refused = refuse(refused, '不符合受理条件', at('2026-11-06T02:00:00Z')).state;
    // Never acted on: the acceptance limit runs out and the sweep flags it (deemed accepted); the decision limit runs out too, flagged the day after.
    let ignored = sweep(submitted('AP20261201CCCCCCCC', '2026-12-01T02:00:00Z'), at('2026-12-09T00:10:00+08:00'), cal, limits).state;
    ignored = sweep(ignored, at('2026-12-30T00:10:00+08:00'), cal, limits).state;
    // Submitted in the next quarter: not counted.
    const later = submitted('AP20270104DDDDDDDD', '2027-01-04T02:00:00Z');
    const bad = submitReview(undefined, refused, { rating: 1, realName: true, comment: '要求现场递交原件' }, at('2026-11-07T02:00:00Z'), cal).state;

    const r = oversightReport('nea-fujian', '2026Q4', [granted, refused, ignored, later], [bad], '2026-12-31');
    expect(r.cases).toEqual({
      submitted: 3,
      byMatter: { 'facility-install-l3.new': { submitted: 3, granted: 1, denied: 0, 'not-accepted': 1, withdrawn: 0, pending: 1 } },
    });
    expect(r.onTime.acceptance).toEqual({ ended: 3, kept: 2, rate: 0.6667 });
    // The ignored case's decision limit was missed too (flagged by the sweep of 30 December).
    expect(r.onTime.decision).toEqual({ ended: 2, kept: 1, rate: 0.5 });
    expect(r.onTime.publication).toEqual({ ended: 1, kept: 1, rate: 1 });
    // Deemed accepted the day after its acceptance limit; its decision limit has since run out too.
    expect(r.overdue).toEqual([
      expect.objectContaining({ caseId: 'AP20261201CCCCCCCC', kind: 'acceptance', dueDate: '2026-12-08', open: false }),
      expect.objectContaining({ caseId: 'AP20261201CCCCCCCC', kind: 'decision', dueDate: '2026-12-29', breachedOn: '2026-12-30', open: true }),
    ]);
    expect(r.visits).toEqual({ total: 1, casesWithVisits: 1, zeroVisitRate: 0.6667, allowedPerCase: 1, violations: 0, violatingCases: [] });
    expect(r.notes.join(' ')).toMatch(/deemed accepted .* counts as a missed acceptance limit/);
    expect(r.publicationDelays).toEqual([]);
    expect(r.feesChargedCny).toBe(0);
    expect(r.correctionNotices).toEqual({ cases: 1, perCase: 0.3333, deficiencies: 1 });
    expect(r.reviews).toMatchObject({ total: 1, bad: 1, badRealName: 1, rectified: 0 });
  });

  it('L1 L10: a case with more in-person visits than allowed is listed as a violation, with its visits, and counted', () => {
    let twice = recordVisit(submitted('AP20261012EEEEEEEE', '2026-10-12T02:00:00Z'), '现场核验原件', 'rev', at('2026-10-13T02:00:00Z')).state;
    twice = recordVisit(twice, '再次递交', 'rev', at('2026-10-14T02:00:00Z')).state;
    const once = recordVisit(submitted('AP20261012FFFFFFFF', '2026-10-12T02:00:00Z'), '现场核验原件', 'rev', at('2026-10-13T02:00:00Z')).state;
    const r = oversightReport('nea-fujian', '2026Q4', [twice, once], [], '2026-12-31');
    expect(r.visits).toMatchObject({ total: 3, casesWithVisits: 2, violations: 1, violatingCases: [{ caseId: 'AP20261012EEEEEEEE', visits: 2 }] });
  });

  it("L10: the report from the quarter's counters (kept by every append) is the report from the cases; a case leaves a list when it changes", () => {
    let a = accept(submitted('AP20261012GGGGGGGG', '2026-10-12T02:00:00Z'), 'rev', at('2026-10-13T02:00:00Z'), cal, limits).state;
    const steps: Application[] = [a];
    a = recordVisit(a, '现场核验原件', 'rev', at('2026-10-14T02:00:00Z')).state;
    steps.push(a);
    a = recordVisit(a, '再次递交', 'rev', at('2026-10-15T02:00:00Z')).state;
    steps.push(a);
    a = decide(a, { outcome: 'deny', reasons: '人员不足' }, 'dm', at('2026-10-20T02:00:00Z'), cal, limits).state;
    steps.push(a);
    const kept: Record<string, number> = {};
    let before: Record<string, number> = {};
    for (const s of steps) {
      const after = caseContribution(s);
      for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) kept[k] = (kept[k] ?? 0) + (after[k] ?? 0) - (before[k] ?? 0);
      before = after;
    }
    expect(oversightReportOfCounts('nea-fujian', '2026Q4', kept, '2026-12-31')).toEqual(oversightReport('nea-fujian', '2026Q4', [a], [], '2026-12-31'));
    expect(oversightReportOfCounts('nea-fujian', '2026Q4', kept, '2026-12-31').cases.byMatter['facility-install-l3.new']).toMatchObject({
      submitted: 1,
      denied: 1,
      pending: 0,
    });
  });
});
