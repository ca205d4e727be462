import { shanghaiDate } from '../platform/calendar';
import { requestedAgency } from '../platform/auth';
import { eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { oversightCsv, oversightReportOfCounts } from './domain/oversight';
import { oversightTally } from './tallies';

/** GET /v1/reports/licensing-oversight?quarter=&format=json|csv — the quarterly oversight report of an agency's licensing work (L10), from the quarter's counters. */
export const licensingOversightReport: Operation<Routes['licensingOversightReport']> = async ({ query, principal, now }) => {
  const agencyId = requestedAgency(principal, query.agencyId);
  const counts = await eventStore().readTally(oversightTally(agencyId, query.quarter));
  const report = oversightReportOfCounts(agencyId, query.quarter, counts, shanghaiDate(now));
  if (query.format === 'csv')
    return {
      raw: oversightCsv(report),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="licensing-oversight-${agencyId}-${query.quarter}.csv"`,
      },
    };
  return { body: report };
};
