import { complaintTally } from '../../functions/complaints/tallies';
import type { Complaint } from '../../functions/complaints/domain/complaint';
import { monthlyStatistics, statisticsOfCounts } from '../../functions/complaints/domain/statistics';
import { sumTallies, type Tally, tallyDelta } from '../../functions/platform/event-store';
import { seededRandom } from '../../scripts/samples/random';

/**
 * Tallies (functions/tallies.ts): a report's counters are kept by adding, at every append, the
 * difference between the projection's contribution before and after. For generated histories the
 * counters so kept equal the counters rebuilt from the final projections, and the statistics read
 * from them equal the statistics computed from the work orders themselves.
 */
/** A work order's states as its history goes: received, then accepted or refused, then answered, substantiated or not. */
function history(rnd: () => number, i: number): Complaint[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const day = 1 + Math.floor(rnd() * 28);
  // 23:30 on 31 October in China (15:30 UTC): counted in October, the month of receipt in China.
  const receivedAt = i % 17 === 0 ? '2026-10-31T15:30:00.000Z' : `2026-11-${String(day).padStart(2, '0')}T02:00:00.000Z`;
  const deadline = (kind: 'acceptance' | 'handling' | 'answer') => ({
    kind,
    rule: 'P2',
    from: '2026-11-01',
    dueDate: '2026-11-20',
    dueAt: '2026-11-20T15:59:59.999Z',
  });
  const received = {
    complaintId: `C${i}`,
    receivedAt,
    type: pick(['complaint', 'report', 'consultation'] as const),
    businessArea: pick(['connection', 'supply-quality', 'billing'] as const),
    channel: pick(['phone', 'wechat', 'app'] as const),
    regionCode: pick(['350100', '510104', '330100']),
    deadlines: [deadline('acceptance')],
  } as unknown as Complaint;
  const states = [received];
  if (rnd() < 0.2) return states;
  const metOrLate = (d: ReturnType<typeof deadline>) => (rnd() < 0.7 ? { ...d, metAt: '2026-11-10T02:00:00.000Z' } : { ...d, breachedOn: '2026-11-21' });
  if (rnd() < 0.15) {
    states.push({ ...received, outcome: 'refused', status: 'closed', deadlines: [metOrLate(deadline('acceptance'))] } as Complaint);
    return states;
  }
  const accepted = { ...received, status: 'accepted', deadlines: [metOrLate(deadline('acceptance')), deadline('handling')] } as Complaint;
  states.push(accepted);
  if (rnd() < 0.3) return states;
  const outcome = pick(['answered', 'substantiated', 'not-substantiated'] as const);
  states.push({ ...accepted, outcome, status: 'closed', deadlines: [accepted.deadlines[0]!, metOrLate(deadline('handling'))] } as Complaint);
  return states;
}

describe('tallies: counters kept by the appends', () => {
  it('P5: for generated histories, the kept counters equal the rebuilt ones, and the statistics equal those computed from the work orders', () => {
    for (const seed of [1, 2, 3]) {
      const rnd = seededRandom(seed);
      const kept: Tally[] = [];
      const finals: Complaint[] = [];
      for (let i = 0; i < 500; i++) {
        const states = history(rnd, i);
        let before: Complaint | undefined;
        for (const s of states) {
          kept.push(...tallyDelta(before ? complaintTally(before) : [], complaintTally(s)));
          before = s;
        }
        finals.push(before!);
      }
      const incremental = sumTallies(kept);
      const rebuilt = sumTallies(finals.flatMap(complaintTally));
      const nonZero = (m: Map<string, Record<string, number>>) =>
        new Map([...m].map(([k, c]) => [k, Object.fromEntries(Object.entries(c).filter(([, n]) => n !== 0))]));
      expect(nonZero(incremental)).toEqual(rebuilt);
      for (const month of ['2026-10', '2026-11']) {
        const inMonth = finals.filter((c) => (month === '2026-11' ? !c.receivedAt.startsWith('2026-10-31') : c.receivedAt.startsWith('2026-10-31')));
        expect(statisticsOfCounts(month, incremental.get(`HOTLINE#${month}`) ?? {})).toEqual(monthlyStatistics(month, inMonth));
      }
    }
  });

  it('an append that changes nothing counted adds nothing; one that moves a work order between groups moves its count', () => {
    const c = history(seededRandom(9), 1)[0]!;
    expect(tallyDelta(complaintTally(c), complaintTally({ ...c, facts: 'changed' }))).toEqual([]);
    expect(tallyDelta(complaintTally(c), complaintTally({ ...c, outcome: 'answered' }))).toEqual([
      { key: 'HOTLINE#2026-11', counts: { 'outcome:open': -1, 'outcome:answered': 1 } },
    ]);
  });
});
