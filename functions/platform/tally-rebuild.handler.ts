import { rebuildSources, talliesOf } from '../tallies';
import { eventStore } from './deps';
import type { Operation } from './http/route';
import type { Routes } from '../routes';
import { sumTallies } from './event-store';

/**
 * POST /v1/operations/tallies/rebuild (npm run rebuild-tallies) — a report's counters recomputed
 * from the projections that contribute to them replace those the appends kept; the answer says
 * whether they differed. Run while nothing is written to the period it rebuilds (docs/operations.md).
 */
export const rebuildTally: Operation<Routes['rebuildTally']> = async ({ body }) => {
  const store = eventStore();
  const projections = (await Promise.all(rebuildSources(body.key).map((s) => store.listAll(s.index, s.key)))).flat();
  const tallies = projections.flatMap((p) => talliesOf(p.stream, p.state)).filter((t) => t.key === body.key);
  const counts = Object.fromEntries(Object.entries(sumTallies(tallies).get(body.key) ?? {}).filter(([, n]) => n !== 0));
  const kept = Object.entries(await store.readTally(body.key, { entriesPerList: Number.POSITIVE_INFINITY })).filter(([, n]) => n !== 0);
  const differed = JSON.stringify(kept.sort()) !== JSON.stringify(Object.entries(counts).sort());
  await store.replaceTally(body.key, tallies);
  return { body: { key: body.key, projections: projections.length, differed, counts } };
};
