import { WorkingDayCalendar } from '../functions/platform/calendar';
import { type Connection, openConnection, powerOn, recordMilestone } from '../functions/connections/domain/connection';
import { connectionReport } from '../functions/connections/domain/report';
import { machineLine, runBench, withLocalPlatform } from './support';

/**
 * `npm run bench:connections`: ingest rate of connection cases through `POST /v1/connections:batch`
 * on the local runtime, the time to read a half-year back, and the report's compute time for
 * 100,000 cases of a half-year.
 */
const BATCHES = Number(process.env.BENCH_BATCHES ?? 10);

async function main(): Promise<void> {
  const cal = new WorkingDayCalendar();
  const { ingest, readBack } = await withLocalPlatform('conn-bench', async (p) => {
    const token = await p.issuer.mint({ role: 'grid', companyId: 'sgcc-fj' });
    const supervisor = await p.issuer.mint({ role: 'supervisor', agencyId: 'nea-fujian' });
    const times: number[] = [];
    const started = performance.now();
    for (let b = 0; b < BATCHES; b++) {
      const cases = Array.from({ length: 500 }, (_, i) => ({
        gridCaseNo: `B${b}-${i}`,
        customerCategory: i % 4 === 0 ? 'high-voltage-single' : 'low-voltage-non-residential',
        threeZeros: i % 3 === 0,
        smallMicro: i % 2 === 0,
        capacityKw: 50 + (i % 200),
        regionCode: '350102',
        areaType: 'urban',
        appliedAt: '2026-03-02T09:00:00+08:00',
      }));
      const t = performance.now();
      const res = await fetch(`${p.apiUrl}/v1/connections:batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ cases }),
      });
      const out = (await res.json()) as { created: number };
      if (out.created !== 500) throw new Error(`batch ${b}: ${JSON.stringify(out).slice(0, 300)}`);
      times.push(performance.now() - t);
    }
    const ingest = {
      cases: BATCHES * 500,
      seconds: (performance.now() - started) / 1000,
      perBatchP50: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!,
    };
    const t = performance.now();
    const res = await fetch(`${p.apiUrl}/v1/connections?company=sgcc-fj&limit=100`, { headers: { authorization: `Bearer ${supervisor}` } });
    await res.json();
    return { ingest, readBack: { cases: 100, ms: performance.now() - t } };
  });

  // 100,000 powered-on cases of one half-year, built with the domain functions, then the report.
  const at = (iso: string) => new Date(Date.parse(iso) + 3600_000);
  const cases: Connection[] = [];
  const categories = ['residential', 'low-voltage-non-residential', 'high-voltage-single', 'high-voltage-dual'] as const;
  for (let i = 0; i < 100_000; i++) {
    const day = 1 + (i % 25);
    const applied = `2026-03-${String(day).padStart(2, '0')}T09:00:00+08:00`;
    const powered = `2026-04-${String(day).padStart(2, '0')}T09:00:00+08:00`;
    let c = openConnection(
      undefined,
      'sgcc-fj',
      {
        gridCaseNo: `R${i}`,
        customerCategory: categories[i % 4]!,
        threeZeros: i % 3 === 0,
        smallMicro: i % 2 === 0,
        capacityKw: 50 + (i % 300),
        regionCode: '350102',
        areaType: 'urban',
        appliedAt: applied,
      },
      at(applied),
      cal,
    ).state;
    c = recordMilestone(c, { step: 'application', at: applied, materialsRequested: ['user-id', 'property-document'], charges: [] }, at(applied), cal).state;
    cases.push(powerOn(c, powered, at(powered), cal).state);
  }
  const t0 = performance.now();
  const report = connectionReport('sgcc-fj', '2026H1', cases, [], cal);
  const reportMs = performance.now() - t0;

  process.stdout.write(
    [
      machineLine(),
      '',
      '| measure | value |',
      '|---|---:|',
      `| ingest through POST /v1/connections:batch (${ingest.cases} cases in batches of 500) | ${(ingest.cases / ingest.seconds).toFixed(0)} cases/s; p50 ${(ingest.perBatchP50 / 1000).toFixed(1)} s per batch |`,
      `| list a page of 100 cases | ${readBack.ms.toFixed(0)} ms |`,
      `| half-year report over 100,000 cases (compute) | ${reportMs.toFixed(0)} ms (${report.cases} cases, ${report.casesWithViolations} with violations) |`,
    ].join('\n') + '\n',
  );
}

runBench(main);
