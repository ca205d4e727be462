import { ratio } from '../../platform/rates';
import { entry, listed } from '../../platform/domain/listed';
import type { Inspection } from './inspection';

/**
 * An agency's supervision report: post-approval verification coverage (S7) and rectification
 * orders (S5), as of `today`. Kept as counters (functions/tallies.ts): each inspection adds its
 * contribution, and the lists are counters named by their entries — open verifications carry their
 * due date, so which are overdue is decided on the day the report is read.
 */

export function inspectionContribution(i: Inspection): Record<string, number> {
  const c: Record<string, number> = { total: 1, [`kind:${i.kind}`]: 1 };
  if (!i.inspectors.length) c.unstaffed = 1;
  if (i.kind === 'post-approval') {
    c.verifications = 1;
    if (i.outcome) c.verified = 1;
    else if (i.dueDate) c[entry('openVerification', { inspectionId: i.inspectionId, uscc: i.uscc, caseId: i.caseId, dueDate: i.dueDate })] = 1;
  }
  if (i.rectification?.status === 'open') {
    c.rectificationsOpen = 1;
    if (i.rectification.breachedOn) c[entry('rectificationOverdue', { inspectionId: i.inspectionId, uscc: i.uscc, deadline: i.rectification.deadline })] = 1;
  }
  if (i.rectification?.status === 'completed') c.rectificationsCompleted = 1;
  return c;
}

/** The report from the agency's counters: O(counters and listed inspections), however many inspections it has had. */
export function supervisionReportOfCounts(counts: Readonly<Record<string, number>>, today: string, asOf: Date) {
  const n = (name: string) => counts[name] ?? 0;
  const byId = (a: { inspectionId: string }, b: { inspectionId: string }) => a.inspectionId.localeCompare(b.inspectionId);
  return {
    asOf: asOf.toISOString(),
    inspections: { total: n('total'), random: n('kind:random'), targeted: n('kind:targeted'), unstaffed: n('unstaffed') },
    postApprovalVerification: {
      due: n('verifications'),
      verified: n('verified'),
      coverage: ratio(n('verified'), n('verifications')),
      overdue: listed<{ inspectionId: string; uscc: string; caseId?: string; dueDate: string }>(counts, 'openVerification')
        .filter((v) => v.dueDate < today)
        .sort(byId),
    },
    rectifications: {
      open: n('rectificationsOpen'),
      overdue: listed<{ inspectionId: string; uscc: string; deadline: string }>(counts, 'rectificationOverdue').sort(byId),
      completed: n('rectificationsCompleted'),
    },
  };
}

/** The report from the inspections themselves (a rebuild; the same sums as the counters). */
export function supervisionReport(all: readonly Inspection[], today: string, asOf: Date) {
  const counts: Record<string, number> = {};
  for (const i of all) for (const [k, v] of Object.entries(inspectionContribution(i))) counts[k] = (counts[k] ?? 0) + v;
  return supervisionReportOfCounts(counts, today, asOf);
}
