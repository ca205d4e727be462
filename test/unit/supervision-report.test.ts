import type { Inspection } from '../../functions/supervision/domain/inspection';
import { inspectionContribution, supervisionReport, supervisionReportOfCounts } from '../../functions/supervision/domain/report';

/** The supervision report (S5, S7) from the agency's counters equals the report from its inspections, through every change of each. */
const base = (id: string, kind: Inspection['kind'], extra: Partial<Inspection> = {}): Inspection =>
  ({
    inspectionId: id,
    kind,
    agencyId: 'nea-zhejiang',
    uscc: `U${id}`,
    name: 'x',
    inspectors: ['a', 'b'],
    mode: 'on-site',
    openedAt: '2026-10-01T00:00:00Z',
    status: 'open',
    findings: [],
    ...extra,
  }) as Inspection;

describe('supervision report from counters', () => {
  it("S5 S7: kept through each inspection's history, the counters give the report of the final inspections; overdue verifications are those due before the day it is read", () => {
    const histories: Inspection[][] = [
      [
        base('R1', 'random'),
        base('R1', 'random', { status: 'rectifying', rectification: { deadline: '2026-11-10', dueAt: '2026-11-10T15:59:59Z', status: 'open' } }),
        base('R1', 'random', {
          status: 'rectifying',
          rectification: { deadline: '2026-11-10', dueAt: '2026-11-10T15:59:59Z', status: 'open', breachedOn: '2026-11-11', detectedOn: '2026-11-11' },
        }),
      ],
      [base('R2', 'random', { inspectors: [] })],
      [base('V1', 'post-approval', { caseId: 'AP1', dueDate: '2026-12-10' })],
      [
        base('V2', 'post-approval', { caseId: 'AP2', dueDate: '2026-11-30' }),
        base('V2', 'post-approval', {
          caseId: 'AP2',
          dueDate: '2026-11-30',
          status: 'closed',
          outcome: { outcome: 'compliant', facts: 'ok', by: 'a', at: '2026-11-20T00:00:00Z' },
        }),
      ],
      [base('V3', 'post-approval', { caseId: 'AP3', dueDate: '2026-11-15' })],
      [
        base('T1', 'targeted'),
        base('T1', 'targeted', { status: 'rectifying', rectification: { deadline: '2026-12-20', dueAt: '2026-12-20T15:59:59Z', status: 'open' } }),
        base('T1', 'targeted', {
          status: 'closed',
          rectification: { deadline: '2026-12-20', dueAt: '2026-12-20T15:59:59Z', status: 'completed', completedAt: '2026-12-01T00:00:00Z' },
        }),
      ],
    ];
    const kept: Record<string, number> = {};
    for (const h of histories) {
      let before: Record<string, number> = {};
      for (const s of h) {
        const after = inspectionContribution(s);
        for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) kept[k] = (kept[k] ?? 0) + (after[k] ?? 0) - (before[k] ?? 0);
        before = after;
      }
    }
    const asOf = new Date('2026-12-01T02:00:00Z');
    const fromCounts = supervisionReportOfCounts(kept, '2026-12-01', asOf);
    expect(fromCounts).toEqual(
      supervisionReport(
        histories.map((h) => h.at(-1)!),
        '2026-12-01',
        asOf,
      ),
    );
    expect(fromCounts).toMatchObject({
      inspections: { total: 6, random: 2, targeted: 1, unstaffed: 1 },
      postApprovalVerification: { due: 3, verified: 1, coverage: 0.3333, overdue: [{ inspectionId: 'V3', dueDate: '2026-11-15' }] },
      rectifications: { open: 1, overdue: [{ inspectionId: 'R1', deadline: '2026-11-10' }], completed: 1 },
    });
    // Read later, the other open verification is overdue too: the day of reading decides.
    expect(supervisionReportOfCounts(kept, '2026-12-11', asOf).postApprovalVerification.overdue.map((v) => v.inspectionId)).toEqual(['V1', 'V3']);
  });
});
