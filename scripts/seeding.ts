import { calendar } from '../functions/platform/config';
import { documentClient, tableName } from '../functions/platform/aws';
import { DynamoEventStore } from '../functions/platform/event-store.dynamodb';
import type { SeedHistory } from '../functions/platform/event-store';
import { indexOf } from '../functions/indexes';
import { talliesOf } from '../functions/tallies';
import { applicationHistories, complaintHistories, connectionHistories, type Period, type SeedScope } from './samples/histories';

export interface SeedRequest {
  applications: number;
  complaints: number;
  connections: number;
  agencyId: string;
  /** The grid company of the connection cases. */
  companyId: string;
  period: Period;
  seed: number;
  /** Part of every id written, so that two seedings never meet (default: from the time). */
  run: string;
  until: Date;
}

export interface SeedSummary {
  agencyId: string;
  companyId: string;
  period: Period;
  run: string;
  written: { applications: number; complaints: number; connections: number; streams: number; events: number };
  seconds: number;
  aggregatesPerSecond: number;
}

/** How many histories are built and written at a time: memory stays flat at any size. */
const CHUNK = 2000;

/**
 * Writes generated histories (scripts/samples/histories.ts) into the platform's table through
 * the event store's seeding path: the same events, projections, index keys and tallies the API
 * writes for the same history, in batches (DynamoEventStore.seedHistories).
 */
export async function seed(r: SeedRequest, store = new DynamoEventStore(documentClient(), tableName(), undefined, indexOf, talliesOf)): Promise<SeedSummary> {
  const scope: SeedScope = { agencyId: r.agencyId, run: r.run, seed: r.seed, until: r.until, calendar };
  const started = performance.now();
  const written = { applications: 0, complaints: 0, connections: 0, streams: 0, events: 0 };
  const kinds: [keyof SeedRequest & keyof typeof written, Iterable<SeedHistory>][] = [
    ['applications', applicationHistories(r.applications, r.period, scope)],
    ['complaints', complaintHistories(r.complaints, r.period, scope)],
    ['connections', connectionHistories(r.connections, r.period, r.companyId, scope)],
  ];
  for (const [kind, histories] of kinds) {
    let chunk: SeedHistory[] = [];
    const flush = async () => {
      const out = await store.seedHistories(chunk);
      written[kind] += out.streams;
      written.streams += out.streams;
      written.events += out.events;
      chunk = [];
    };
    for (const h of histories) if (chunk.push(h) >= CHUNK) await flush();
    if (chunk.length) await flush();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    agencyId: r.agencyId,
    companyId: r.companyId,
    period: r.period,
    run: r.run,
    written,
    seconds: Number(seconds.toFixed(2)),
    aggregatesPerSecond: Math.round(written.streams / seconds),
  };
}
