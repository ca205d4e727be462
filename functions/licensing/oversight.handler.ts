import { shanghaiDate } from '../platform/calendar';
import { requestedAgency } from '../platform/auth';
import { eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { oversightReportOfCounts } from './domain/oversight';
import { oversightTally } from './tallies';

/** GET /v1/reports/licensing-oversight?quarter= — the quarterly oversight report of an agency's licensing work (L10), from the quarter's counters. */
export const licensingOversightReport: Operation<Routes['licensingOversightReport']> = async ({ query, principal, now }) => {
  const agencyId = requestedAgency(principal, query.agencyId);
  const counts = await eventStore().readTally(oversightTally(agencyId, query.quarter));
  return { body: oversightReportOfCounts(agencyId, query.quarter, counts, shanghaiDate(now)) };
};
