import { documentClient } from '../functions/platform/aws';
import { addCalendarDays } from '../functions/platform/calendar';
import { calendar } from '../functions/platform/config';
import { eventStore } from '../functions/platform/deps';
import { DynamoEventStore } from '../functions/platform/event-store.dynamodb';
import { indexOf } from '../functions/indexes';
import { talliesOf } from '../functions/tallies';
import { listDueStreams } from '../functions/platform/deadline-sweep.task';
import { buildAuditCheckpoint } from '../functions/platform/audit-checkpoint.task';
import { guideConfig } from '../functions/licensing/domain/guide';
import { licenseNoPrefixes, licenseNumber, licenseStream, type License } from '../functions/licensing/domain/license';
import { importLicense, RegisterRow } from '../functions/licensing/domain/register-import';
import { agencyLicensesKey } from '../functions/licensing/indexes';
import { usccCheckCharacter } from '../functions/enterprises/domain/uscc';
import type { SeedHistory } from '../functions/platform/event-store';
import { complaintHistories } from '../scripts/samples/histories';
import { freePort, startDynamo } from '../local/emulators';
import { countReadUnits, machineLine, runBench, withLocalPlatform } from './support';

/**
 * `npm run bench:sweep`: the daily work lists at scale, on DynamoDB Local in memory —
 * - the deadline sweep's list of due streams over N open clocks (N work orders received on one day,
 *   seeded: npm run seed's histories), read from the 8 shards of the due index;
 * - that day's audit seal over its events, read from the 8 shards of the audit index;
 * - a draw's roster snapshot of an agency with N licences, read in parallel segments (class and
 *   level) through the keys-only index and the table. The licences are written by the register
 *   import's domain function without their seals (the roster does not read seals).
 * Prints time, items and read units of each.
 */
const N = Number(process.env.BENCH_N ?? 100_000);
const DAY = '2025-03-03';

function* licenseHistories(n: number): Generator<SeedHistory> {
  const classes = Object.entries(guideConfig.licenseClasses);
  for (let i = 0; i < n; i++) {
    const [licenseClass, spec] = classes[i % classes.length]!;
    const level = spec.levels ? spec.levels[i % spec.levels.length] : undefined;
    const first17 = `91350100${String(i).padStart(9, '0')}`;
    const row = RegisterRow.parse({
      formerNo: `BENCH-${i}`,
      holderName: `基准电力工程有限公司${i}`,
      uscc: first17 + usccCheckCharacter(first17),
      regionCode: '350100',
      agencyId: 'nea-fujian',
      licenseClass,
      level,
      validFrom: '2024-01-01',
      validUntil: '2030-01-01',
    });
    const licenseNo = licenseNumber(licenseClass, level, 'FJ', 2024, i + 1);
    const d = importLicense(row, licenseNo, { importId: 'imp-bench', register: 'bench', row: i + 2, formerNo: row.formerNo });
    yield { stream: licenseStream(licenseNo), steps: [{ ...d, actor: 'operator:bench', at: new Date('2024-01-01T00:00:00Z') }] };
  }
}

async function timed<T>(readUnits: () => number, fn: () => Promise<T>): Promise<{ value: T; seconds: number; units: number }> {
  const before = readUnits();
  const t = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t) / 1000, units: readUnits() - before };
}

async function main(): Promise<void> {
  const dynamo = await startDynamo(await freePort());
  const rows: string[] = [];
  try {
    await withLocalPlatform(
      'sweep-bench',
      async () => {
        const { readUnits } = countReadUnits(documentClient());
        const seeding = new DynamoEventStore(documentClient(), process.env.TABLE_NAME!, undefined, indexOf, talliesOf);
        const until = new Date(`${addCalendarDays(DAY, 1)}T00:00:00+08:00`);
        const histories = [
          ...complaintHistories(N, { from: DAY, to: addCalendarDays(DAY, 1) }, { agencyId: 'nea-fujian', run: 'SW', seed: 3, until, calendar }),
        ];
        const t = performance.now();
        for (let i = 0; i < histories.length; i += 2000) await seeding.seedHistories(histories.slice(i, i + 2000));
        rows.push(`| seed ${N.toLocaleString('en')} work orders received on ${DAY} | ${((performance.now() - t) / 1000).toFixed(1)} s | — | — |`);

        const sweep = await timed(readUnits, () => listDueStreams({ day: '2030-01-01' }));
        rows.push(
          `| sweep: list the due streams (8 shards in parallel) | ${sweep.seconds.toFixed(2)} s | ${sweep.value.items.length.toLocaleString('en')} | ${sweep.units} |`,
        );
        const seal = await timed(readUnits, () => buildAuditCheckpoint({ day: DAY }));
        rows.push(
          `| audit seal of ${DAY}: the day's event hashes (8 shards, merged) | ${seal.seconds.toFixed(2)} s | ${seal.value.eventCount.toLocaleString('en')} | ${seal.units} |`,
        );

        const l = performance.now();
        const licenses = [...licenseHistories(N)];
        for (let i = 0; i < licenses.length; i += 2000) await seeding.seedHistories(licenses.slice(i, i + 2000));
        rows.push(`| seed ${N.toLocaleString('en')} licences of nea-fujian | ${((performance.now() - l) / 1000).toFixed(1)} s | — | — |`);
        const segments = Object.keys(guideConfig.licenseClasses).flatMap(licenseNoPrefixes);
        const roster = await timed(readUnits, async () =>
          (
            await Promise.all(segments.map((prefix) => eventStore().listAll<License>('gsi2', agencyLicensesKey('nea-fujian'), { sortKeyPrefix: prefix })))
          ).flat(),
        );
        rows.push(
          `| roster snapshot: the agency's licences in ${segments.length} segments (keys from the index, projections from the table) | ${roster.seconds.toFixed(2)} s | ${roster.value.length.toLocaleString('en')} | ${roster.units} |`,
        );
      },
      { dynamoUrl: dynamo.url },
    );
  } finally {
    await dynamo.stop();
  }
  process.stdout.write([machineLine(), '', '| step | time | items | read units |', '|---|---:|---:|---:|', ...rows].join('\n') + '\n');
}

runBench(main);
