import { ratio } from '../../platform/rates';
import { addEntry, listed } from '../../platform/domain/listed';
import { LIST_SHOWN } from '../../licensing/domain/oversight';
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
    // The due date leads: the first entries read are the earliest due, the overdue ones.
    else if (i.dueDate) addEntry(c, 'openVerification', { dueDate: i.dueDate, inspectionId: i.inspectionId, uscc: i.uscc, caseId: i.caseId });
  }
  if (i.rectification?.status === 'open') {
    c.rectificationsOpen = 1;
    // The supervisors' queue: every open order, the earliest deadline first.
    addEntry(c, 'rectificationOpen', { deadline: i.rectification.deadline, inspectionId: i.inspectionId, uscc: i.uscc, name: i.name });
    if (i.rectification.breachedOn) addEntry(c, 'rectificationOverdue', { inspectionId: i.inspectionId, uscc: i.uscc, deadline: i.rectification.deadline });
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
      open: n('count:openVerification'),
      // Of the earliest due open verifications (the store reads the first of the list), those past due.
      overdue: listed<{ inspectionId: string; uscc: string; caseId?: string; dueDate: string }>(counts, 'openVerification')
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || byId(a, b))
        .slice(0, LIST_SHOWN)
        .filter((v) => v.dueDate < today)
        .sort(byId),
    },
    rectifications: {
      open: n('rectificationsOpen'),
      overdueCount: n('count:rectificationOverdue'),
      overdue: listed<{ inspectionId: string; uscc: string; deadline: string }>(counts, 'rectificationOverdue').sort(byId).slice(0, LIST_SHOWN),
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
