import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { documentClient } from '../functions/platform/aws';
import { periodOf } from '../scripts/samples/histories';
import { seed } from '../scripts/seeding';
import { startDynamo, freePort } from '../local/emulators';
import { countReadUnits, machineLine, runBench, withLocalPlatform } from './support';

/**
 * `npm run bench:reports`: every report and statistics route at 1k and at BENCH_LARGE (default
 * 100k) records in its period, the records written by the seeding path (npm run seed) into DynamoDB
 * Local in memory: per route the p50 of 30 requests, the read units one request consumed (every
 * DynamoDB call the handler made, ReturnConsumedCapacity), whether the route's total equals what was
 * seeded, and for the public statistics req/s at 10 connections.
 */
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const SIZES = [1000, LARGE];

async function main(): Promise<void> {
  const dynamo = await startDynamo(await freePort());
  const rows: string[] = [];
  const seeding: string[] = [];
  try {
    await withLocalPlatform(
      'reports-bench',
      async (p) => {
        const { readUnits } = countReadUnits(documentClient());
        const supervisor = await p.issuer.mint({ role: 'supervisor', agencyId: 'nea-fujian' });
        const base = {
          agencyId: 'nea-fujian',
          companyId: 'sgcc-fj',
          seed: 1,
          until: new Date('2026-12-01T00:00:00Z'),
          applications: 0,
          complaints: 0,
          connections: 0,
        };
        for (const [i, n] of SIZES.entries()) {
          // Each size in periods of its own: 2025Q1/2025-01/2025H1 for the small one, 2025Q2/2025-04/2025H2 for the large.
          const [quarter, month, half] = i === 0 ? ['2025Q1', '2025-01', '2025H1'] : ['2025Q2', '2025-04', '2025H2'];
          for (const [kind, period] of [
            ['applications', quarter],
            ['complaints', month],
            ['connections', half],
          ] as const) {
            const s = await seed({ ...base, [kind]: n, period: periodOf(period), run: `${kind[0]!.toUpperCase()}${i}` });
            seeding.push(
              `| ${kind} | ${n.toLocaleString('en')} | ${s.written.events.toLocaleString('en')} | ${s.seconds.toFixed(1)} s | ${s.aggregatesPerSecond.toLocaleString('en')} /s |`,
            );
          }
          const routes: [string, string, string | undefined, (body: Record<string, unknown>) => number][] = [
            [
              'GET /v1/reports/licensing-oversight',
              `/v1/reports/licensing-oversight?quarter=${quarter}`,
              supervisor,
              (b) => (b.cases as { submitted: number }).submitted,
            ],
            ['GET /v1/public/hotline-statistics', `/v1/public/hotline-statistics?month=${month}`, undefined, (b) => b.total as number],
            ['GET /v1/reports/connections', `/v1/reports/connections?company=sgcc-fj&half=${half}`, supervisor, (b) => b.cases as number],
          ];
          for (const [name, path, token, total] of routes) {
            const get = () => fetch(p.apiUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
            const first = await get();
            if (first.status !== 200) throw new Error(`${name}: ${first.status} ${await first.text()}`);
            const counted = total((await first.json()) as Record<string, unknown>);
            const before = readUnits();
            await (await get()).json();
            const units = readUnits() - before;
            const times: number[] = [];
            for (let k = 0; k < 30; k++) {
              const t = performance.now();
              await (await get()).arrayBuffer();
              times.push(performance.now() - t);
            }
            times.sort((a, b) => a - b);
            let load = '';
            if (!token) {
              const args = [join(__dirname, '../node_modules/autocannon/autocannon.js'), '-j', '-c', '10', '-d', '5', p.apiUrl + path];
              const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
              const r = JSON.parse(stdout) as { requests: { average: number }; non2xx: number };
              load = `${r.requests.average.toFixed(0)} (${r.non2xx} non-2xx)`;
            }
            rows.push(
              `| ${name} | ${n.toLocaleString('en')} | ${counted === n ? `${counted} ✓` : `${counted} ✗`} | ${times[15]!.toFixed(1)} ms | ${units} | ${load} |`,
            );
          }
        }
      },
      { dynamoUrl: dynamo.url },
    );
  } finally {
    await dynamo.stop();
  }
  process.stdout.write(
    [
      machineLine(),
      '',
      '| seeded (DynamoDB Local in memory) | aggregates | events | time | rate |',
      '|---|---:|---:|---:|---:|',
      ...seeding,
      '',
      '| route | records in its period | route total | p50 | read units per request | req/s at 10 connections |',
      '|---|---:|---|---:|---:|---:|',
      ...rows,
    ].join('\n') + '\n',
  );
}

runBench(main);
