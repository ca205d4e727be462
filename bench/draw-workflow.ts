import { appendDecisions } from '../functions/platform/aggregate';
import { eventStore } from '../functions/platform/deps';
import { type License, licenseStream } from '../functions/licensing/domain/license';
import { machineLine, runBench, withLocalPlatform } from './support';

/**
 * `npm run bench:draw-workflow`: the supervision-sampling state machine end to end on the local
 * runtime (DynamoDB Local, s3rver, aws-local-stepfunctions) for a roster of BENCH_ROSTER licences
 * (default 10,000): from StartExecution to the published draw with its inspection tasks open.
 */
const ROSTER = Number(process.env.BENCH_ROSTER ?? 10_000);

async function main(): Promise<void> {
  await withLocalPlatform(
    'draw-bench',
    async (p) => {
      const supervisor = await p.issuer.mint({ role: 'supervisor', agencyId: 'nea-jiangsu', sub: 'bench-sup' });
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(p.apiUrl + path, {
          method,
          headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        return res.json() as Promise<Record<string, unknown>>;
      };
      const seeded = performance.now();
      const licenses: License[] = Array.from({ length: ROSTER }, (_, i) => ({
        licenseNo: `FI3-JS-2026-${String(i).padStart(6, '0')}`,
        version: 1,
        status: 'valid',
        holder: { uscc: `9132${String(i).padStart(14, '0')}`, name: `江苏合成电力${i}`, regionCode: '320100' },
        agencyId: 'nea-jiangsu',
        licenseClass: ['facility-install', 'facility-repair', 'facility-test'][i % 3]!,
        level: 1 + (i % 5),
        scope: '承装',
        validFrom: '2025-01-01',
        validUntil: '2031-01-01',
        issuedAt: '2025-01-01T00:00:00.000Z',
        caseIds: [],
        path: 'standard',
      }));
      for (let k = 0; k < licenses.length; k += 50) {
        await appendDecisions(
          eventStore(),
          licenses.slice(k, k + 50).map((l) => ({
            stream: licenseStream(l.licenseNo),
            current: undefined,
            decision: { events: [{ type: 'LicenseIssued', data: { ...l } }], state: l },
          })),
          { actor: 'bench', at: new Date() },
        );
      }
      for (let i = 0; i < 60; i++) await call('PUT', `/v1/supervision/inspectors/bench-insp-${i}`, { conflicts: [] });
      await call('POST', '/v1/supervision/plans', { planId: 'js-bench', name: '基准', entropyWindowMinutes: 0 });
      const seedSeconds = (performance.now() - seeded) / 1000;
      const t0 = performance.now();
      await call('POST', '/v1/supervision/plans/js-bench/draws', { period: '2026Q4' });
      await Promise.all(p.stepFunctions.list().map((e) => e.done));
      const seconds = (performance.now() - t0) / 1000;
      const draw = (await (await fetch(`${p.apiUrl}/v1/public/draws/js-bench.2026Q4`)).json()) as {
        status: string;
        rosterCount: number;
        summary: { selected: number; unstaffed: number };
      };
      process.stdout.write(
        [
          machineLine(),
          '',
          '| measure | value |',
          '|---|---:|',
          `| roster | ${draw.rosterCount} licences (seeded in ${seedSeconds.toFixed(1)} s) |`,
          `| supervision-sampling, start → published | ${seconds.toFixed(1)} s |`,
          `| draw | ${draw.status}: ${draw.summary.selected} inspections opened, ${draw.summary.unstaffed} unstaffed |`,
        ].join('\n') + '\n',
      );
    },
    { waitMs: 0 },
  );
}

runBench(main);
