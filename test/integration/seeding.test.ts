import { randomUUID } from 'node:crypto';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { indexOf } from '../../functions/indexes';
import { documentClient } from '../../functions/platform/aws';
import { WorkingDayCalendar } from '../../functions/platform/calendar';
import { GENESIS_HASH, type SeedHistory, verifyChain } from '../../functions/platform/event-store';
import { DynamoEventStore } from '../../functions/platform/event-store.dynamodb';
import { talliesOf } from '../../functions/tallies';
import { ensureTable } from '../../local/emulators';
import { applicationHistories, complaintHistories, connectionHistories, periodOf, type SeedScope } from '../../scripts/samples/histories';

/** Every item of a table but the obligations and the seeded marks (the seeding calls for no workflow), zero counters dropped (a count that came and went). */
async function contents(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: documentClient() }, { TableName: table }))
    for (const item of page.Items ?? []) {
      if (item.kind === 'obligation') continue;
      expect(item.seeded).toBe(table.startsWith('seed-') && item.kind === 'event' ? true : undefined);
      items.push(Object.fromEntries(Object.entries(item).filter(([k, v]) => !(k.startsWith('c#') && v === 0) && k !== 'seeded')));
    }
  return items.sort((a, b) => `${a.pk as string}|${a.sk as string}`.localeCompare(`${b.pk as string}|${b.sk as string}`));
}

describe('npm run seed: generated histories through the seeding path', () => {
  const scope: SeedScope = { agencyId: 'nea-fujian', run: 'T', seed: 7, until: new Date('2026-12-20T00:00:00Z'), calendar: new WorkingDayCalendar() };
  const histories: SeedHistory[] = [
    ...applicationHistories(80, periodOf('2026Q4'), scope),
    ...complaintHistories(80, periodOf('2026-11'), scope),
    ...connectionHistories(40, periodOf('2026H2'), 'sgcc-fj', scope),
  ];

  it('L10, P5, G7: write exactly what the same histories entered command by command write — events, projections, index keys and the reports’ counters — (but the obligations, which seeding does not call for)', async () => {
    const [viaCommands, viaSeed] = [`cmd-${randomUUID().slice(0, 8)}`, `seed-${randomUUID().slice(0, 8)}`];
    for (const table of [viaCommands, viaSeed]) await ensureTable(process.env.AWS_ENDPOINT_URL_DYNAMODB!, table);
    const commands = new DynamoEventStore(documentClient(), viaCommands, undefined, indexOf, talliesOf);
    for (const h of histories) {
      let head: { version: number; lastHash: string; state: unknown } | undefined;
      for (const step of h.steps) {
        if (!step.events.length) continue;
        const out = await commands.append({
          stream: h.stream,
          expectedVersion: head?.version ?? 0,
          lastHash: head?.lastHash ?? GENESIS_HASH,
          ...(head ? { previous: head.state } : {}),
          ...step,
        });
        head = { version: out.version, lastHash: out.events[out.events.length - 1]!.hash, state: step.state };
      }
    }
    const summary = await new DynamoEventStore(documentClient(), viaSeed, undefined, indexOf, talliesOf).seedHistories(histories);
    expect(summary.streams).toBe(200);
    const [a, b] = [await contents(viaCommands), await contents(viaSeed)];
    expect(b).toEqual(a);
    // The histories are real ones: several steps each, and every stream's chain verifies.
    expect(b.filter((i) => i.kind === 'event').length).toBe(summary.events);
    expect(summary.events).toBeGreaterThan(3 * summary.streams);
    const seeded = new DynamoEventStore(documentClient(), viaSeed);
    for (const h of histories.slice(0, 20)) expect(verifyChain(await seeded.readStream(h.stream)).ok).toBe(true);
    // The reports have something to count: every kind of outcome is there.
    const oversight = await seeded.readTally('OVERSIGHT#nea-fujian#2026Q4');
    expect(oversight).toMatchObject({ submitted: 80 });
    const outcomes = new Set(Object.keys(oversight).flatMap((k) => (k.startsWith('matter:') ? [k.split(':')[2]] : [])));
    expect([...outcomes].sort()).toEqual(['denied', 'granted', 'not-accepted', 'pending', 'submitted', 'withdrawn']);
    expect(Object.keys(oversight).some((k) => k.startsWith('overdue:'))).toBe(true);
    expect(await seeded.readTally('HOTLINE#2026-11')).toMatchObject({ total: 80 });
  });

  it('are the same on every run of the same seed', () => {
    const again = [...applicationHistories(80, periodOf('2026Q4'), scope)];
    expect(JSON.stringify(again)).toBe(JSON.stringify(histories.slice(0, 80)));
  });
});
