import { runCommand } from '../platform/command';
import type { Snapshot } from '../platform/event-store';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { assertInScope } from '../platform/auth';
import { companyById, companyHolder } from './domain/connection';
import { reliabilityStream, type Reliability, reportReliability } from './domain/reliability';
import { connectionReportOfCounts, reportCsv } from './domain/report';
import { connectionsHalfTally } from './tallies';
import { reliabilityVerdict } from './domain/rules';
import { agencyForRegion } from '../platform/regions';

/** POST /v1/reliability — a grid company's yearly outage hours by area type (G8); the latest figure per area counts. */
export const recordReliability: Operation<Routes['recordReliability']> = async ({ body, principal, now }) => {
  const reliability = await runCommand(
    {
      stream: reliabilityStream(principal.companyId, body.year),
      decide: (current: Snapshot<Reliability> | undefined) => reportReliability(current, principal.companyId, body),
      view: (r: Reliability) => r,
    },
    { principal, at: now },
  );
  return { body: { ...reliability, verdict: reliabilityVerdict(body.areaType, body.avgOutageHours, body.previousYearHours) } };
};

/** GET /v1/reports/connections?company=&half=2026H1&format=json|csv|pdf (G7, G8) */
export const connectionReportOp: Operation<Routes['connectionReport']> = async ({ query, principal, now }) => {
  const company = companyById(query.company);
  if (!company) throw new DomainError('CONNECTION.UNKNOWN_COMPANY', `No grid company ${query.company}.`);
  assertInScope(principal, companyHolder(company.id));
  const store = eventStore();
  // The half's counters, kept by every change of a case (functions/tallies.ts): O(groups), however many cases.
  const [counts, reliability] = await Promise.all([
    store.readTally(connectionsHalfTally(company.id, query.half)),
    store.load<Reliability>(reliabilityStream(company.id, Number(query.half.slice(0, 4)))),
  ]);
  const report = connectionReportOfCounts(company.id, query.half, counts, reliability?.state.areas ?? [], `${company.provinces[0]}0000`);
  const name = `connections-${company.id}-${query.half}`;
  switch (query.format) {
    case 'csv':
      return { raw: reportCsv(report), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` } };
    case 'pdf': {
      const { renderReportPdf } = await import('./report.render');
      return {
        binary: await renderReportPdf(report, {
          companyName: company.name,
          authorityName: agencyForRegion(`${company.provinces[0]}0000`)?.fullName ?? '国家能源局',
          generatedAt: now,
        }),
        headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${name}.pdf"` },
      };
    }
    case 'json':
      return { body: report };
  }
};
