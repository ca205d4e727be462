import { ratio } from '../../platform/rates';
import type { Inspection } from './inspection';

/** An agency's supervision report: post-approval verification coverage (S7) and rectification orders (S5), as of `today`. */
export function supervisionReport(all: readonly Inspection[], today: string, asOf: Date) {
  const verifications = all.filter((i) => i.kind === 'post-approval');
  const verified = verifications.filter((i) => i.outcome);
  const overdue = verifications.filter((i) => !i.outcome && i.dueDate && i.dueDate < today);
  const orders = all.flatMap((i) => (i.rectification ? [{ i, order: i.rectification }] : []));
  return {
    asOf: asOf.toISOString(),
    inspections: {
      total: all.length,
      random: all.filter((i) => i.kind === 'random').length,
      targeted: all.filter((i) => i.kind === 'targeted').length,
      unstaffed: all.filter((i) => !i.inspectors.length).length,
    },
    postApprovalVerification: {
      due: verifications.length,
      verified: verified.length,
      coverage: ratio(verified.length, verifications.length),
      overdue: overdue.map((i) => ({ inspectionId: i.inspectionId, uscc: i.uscc, caseId: i.caseId, dueDate: i.dueDate })),
    },
    rectifications: {
      open: orders.filter(({ order }) => order.status === 'open').length,
      overdue: orders
        .filter(({ order }) => order.status === 'open' && order.breachedOn)
        .map(({ i, order }) => ({ inspectionId: i.inspectionId, uscc: i.uscc, deadline: order.deadline })),
      completed: orders.filter(({ order }) => order.status === 'completed').length,
    },
  };
}
