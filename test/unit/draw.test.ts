import fc from 'fast-check';
import {
  canonicalEntry,
  commitmentOf,
  draw,
  type DrawParameters,
  exclusionStart,
  parametersHash,
  type Pool,
  poolHash,
  type RosterEntry,
  resultHash,
  rosterHash,
  seedOf,
} from '../../functions/supervision/domain/draw';
import { verifyDraw } from '../../functions/supervision/domain/verify';
import { canonicalJson } from '../../functions/platform/hash';

const CLASSES = ['good', 'normal', 'dishonest', 'severely-dishonest'] as const;
const params = (o: Partial<DrawParameters> = {}): DrawParameters => ({
  drawId: 'nea-fujian-q.2026Q4',
  drawDate: '2026-10-01',
  ratios: { good: 0.03, normal: 0.05, dishonest: 0.2, 'severely-dishonest': 1 },
  exclusionMonths: 12,
  inspectorsPerInspection: 2,
  ...o,
});
const entry = (i: number, o: Partial<RosterEntry> = {}): RosterEntry => ({
  id: `L${String(i).padStart(6, '0')}`,
  uscc: `U${String(i).padStart(17, '0')}`,
  name: `企业${i}`,
  licenseClass: ['install', 'repair', 'test'][i % 3]!,
  creditClass: CLASSES[i % 4]!,
  province: ['35', '51'][i % 2]!,
  problemLibrary: false,
  ...o,
});
const pool = (n: number, o: Partial<Pool> = {}): Pool => ({
  inspectors: Array.from({ length: n }, (_, i) => ({ inspectorId: `INS${String(i).padStart(3, '0')}`, conflicts: [] })),
  lastTeams: {},
  ...o,
});
const SEED = 'a'.repeat(64);

const rosterArb = fc
  .array(
    fc.record({
      licenseClass: fc.constantFrom('install', 'repair', 'test'),
      creditClass: fc.constantFrom(...CLASSES),
      province: fc.constantFrom('35', '51', '44'),
    }),
    { maxLength: 400 },
  )
  .map((rows) => rows.map((r, i) => entry(i, r)));
const seedArb = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

describe('the draw (S1–S4)', () => {
  it('S2: every stratum draws the floor or the ceiling of its ratio, and each credit class its rounded quota (property)', () => {
    fc.assert(
      fc.property(rosterArb, seedArb, (roster, seed) => {
        const p = params({ exclusionMonths: 0 });
        const r = draw(roster, pool(6), p, seed);
        for (const s of r.strata) {
          const exact = p.ratios[s.creditClass]! * s.eligible;
          expect(s.drawn).toBeGreaterThanOrEqual(Math.floor(exact + 1e-9));
          expect(s.drawn).toBeLessThanOrEqual(Math.ceil(exact - 1e-9));
          expect(s.drawn + s.alternates.length).toBe(s.eligible);
        }
        for (const cls of CLASSES) {
          const eligible = roster.filter((e) => e.creditClass === cls).length;
          const drawn = r.strata.filter((s) => s.creditClass === cls).reduce((n, s) => n + s.drawn, 0);
          expect(drawn).toBe(Math.floor(p.ratios[cls]! * eligible + 0.5 + 1e-9));
        }
        expect(new Set(r.selected.map((s) => s.id)).size).toBe(r.selected.length);
      }),
      { numRuns: 150 },
    );
  });

  it('S2: problem-library enterprises are always selected, and those inspected in the last 12 months are not drawn at random', () => {
    const roster = Array.from({ length: 300 }, (_, i) =>
      entry(i, {
        creditClass: 'severely-dishonest',
        ...(i < 5 ? { problemLibrary: true, lastInspectedOn: '2026-09-01' } : {}),
        ...(i >= 5 && i < 50 ? { lastInspectedOn: i % 2 ? '2025-10-01' : '2025-09-30' } : {}),
      }),
    );
    const r = draw(roster, pool(40), params(), SEED);
    expect(exclusionStart('2026-10-01', 12)).toBe('2025-10-01');
    expect(
      r.selected
        .filter((s) => s.reason === 'problem-library')
        .map((s) => s.id)
        .sort(),
    ).toEqual(roster.slice(0, 5).map((e) => e.id));
    // Inspected on 2025-10-01 or later: set aside; on 2025-09-30: back in the population (severely dishonest: 100 %).
    const excluded = roster
      .slice(5, 50)
      .filter((_, i) => (i + 5) % 2 === 1)
      .map((e) => e.id);
    expect(r.excluded).toEqual(excluded.sort());
    const drawnIds = new Set(r.selected.map((s) => s.id));
    for (const id of excluded) expect(drawnIds.has(id)).toBe(false);
    expect(r.selected).toHaveLength(300 - excluded.length);
  });

  it('S3: the same public inputs give the same draw whatever the roster order; another seed gives another draw', () => {
    const roster = Array.from({ length: 500 }, (_, i) => entry(i));
    const a = draw(roster, pool(10), params(), SEED);
    const b = draw([...roster].reverse(), pool(10), params(), SEED);
    expect(b).toEqual(a);
    expect(rosterHash([...roster].reverse())).toBe(rosterHash(roster));
    expect(draw(roster, pool(10), params(), 'b'.repeat(64)).selected.map((s) => s.id)).not.toEqual(a.selected.map((s) => s.id));
  });

  it("S4: two inspectors each, never a conflicted one, never two of the enterprise's last team (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.tuple(fc.nat(11), fc.nat(79)), { maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(79), fc.nat(11), fc.nat(11)), { maxLength: 30 }),
        seedArb,
        (size, conflictPairs, lastPairs, seed) => {
          const roster = Array.from({ length: 80 }, (_, i) => entry(i, { creditClass: 'severely-dishonest' }));
          const p = pool(size);
          for (const [ins, ent] of conflictPairs) p.inspectors[ins % size]!.conflicts.push(roster[ent]!.uscc);
          for (const [ent, a, b] of lastPairs)
            if (a % size !== b % size) p.lastTeams[roster[ent]!.uscc] = [p.inspectors[a % size]!.inspectorId, p.inspectors[b % size]!.inspectorId];
          const r = draw(roster, p, params({ exclusionMonths: 0 }), seed);
          const conflicted = new Map(p.inspectors.map((i) => [i.inspectorId, new Set(i.conflicts)]));
          for (const s of r.selected) {
            if (r.unstaffed.includes(s.id)) continue;
            expect(s.inspectors).toHaveLength(2);
            expect(new Set(s.inspectors).size).toBe(2);
            for (const i of s.inspectors) expect(conflicted.get(i)!.has(s.uscc)).toBe(false);
            const last = p.lastTeams[s.uscc] ?? [];
            expect(s.inspectors.filter((i) => last.includes(i)).length).toBeLessThan(2);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('S4: without conflicts every selected entry is staffed and no inspector has two more inspections than another (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 120 }), seedArb, (size, n, seed) => {
        const roster = Array.from({ length: n }, (_, i) => entry(i, { creditClass: 'severely-dishonest' }));
        const r = draw(roster, pool(size), params({ exclusionMonths: 0 }), seed);
        const load = new Map<string, number>();
        for (const s of r.selected) for (const i of s.inspectors) load.set(i, (load.get(i) ?? 0) + 1);
        const counts = pool(size).inspectors.map((i) => load.get(i.inspectorId) ?? 0);
        expect(r.unstaffed).toEqual([]);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it('S4: an entry every inspector but one is conflicted with is left unstaffed, not staffed with a conflict', () => {
    const roster = [entry(1, { creditClass: 'severely-dishonest' })];
    const p = pool(3);
    p.inspectors[0]!.conflicts.push(roster[0]!.uscc);
    p.inspectors[1]!.conflicts.push(roster[0]!.uscc);
    expect(draw(roster, p, params(), SEED).unstaffed).toEqual([roster[0]!.id]);
  });
});

describe('verifying a draw from public data (S3)', () => {
  const roster = Array.from({ length: 1000 }, (_, i) => entry(i));
  const p = pool(12);
  const prm = params();
  const nonce = 'c'.repeat(64);
  const hashes = { rosterHash: rosterHash(roster), poolHash: poolHash(p), parametersHash: parametersHash(prm) };
  const seed = seedOf({ nonce, entropy: ['observer-1: 2026-09-30 上证指数收盘 3021.55'], ...hashes });
  const published = {
    parameters: prm,
    pool: p,
    ...hashes,
    commitment: commitmentOf(nonce),
    nonce,
    entropy: ['observer-1: 2026-09-30 上证指数收盘 3021.55'],
    seed,
    resultHash: resultHash(draw(roster, p, prm, seed)),
    result: draw(roster, p, prm, seed),
  };

  it('S3: the verifier re-runs the published draw bit for bit', () => {
    expect(verifyDraw(published, roster)).toEqual({ match: true, problems: [] });
  });

  it('S3: a changed roster entry changes the hash and the verifier reports a mismatch', () => {
    const changed = roster.map((e, i) => (i === 17 ? { ...e, creditClass: 'good' as const } : e));
    expect(rosterHash(changed)).not.toBe(published.rosterHash);
    const v = verifyDraw(published, changed);
    expect(v.match).toBe(false);
    expect(v.problems).toContain('the roster does not hash to the published roster hash');
  });

  it('S3: a seed that does not come from the committed nonce and the entropy is a mismatch', () => {
    expect(verifyDraw({ ...published, nonce: 'd'.repeat(64) }, roster).problems).toEqual(
      expect.arrayContaining(['the nonce does not match the commitment published before the draw']),
    );
    expect(verifyDraw({ ...published, entropy: [] }, roster).problems).toEqual(
      expect.arrayContaining(['the seed is not derived from the nonce, the entropy and the hashes']),
    );
    const tampered = { ...published, result: { ...published.result, selected: published.result.selected.slice(1) } };
    expect(verifyDraw(tampered, roster).problems).toEqual(['the result does not hash to the published result hash']);
    expect(verifyDraw({ ...tampered, resultHash: resultHash(tampered.result) }, roster).problems).toEqual(['re-running the draw gives another result']);
  });
});

describe('canonical roster lines', () => {
  it('S3: the hand-written canonical form of a roster entry is RFC 8785', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.boolean(),
        fc.option(fc.constant('2026-01-31'), { nil: undefined }),
        (name, licenseClass, problemLibrary, lastInspectedOn) => {
          const e = entry(7, { name, licenseClass, problemLibrary, ...(lastInspectedOn ? { lastInspectedOn } : {}) });
          expect(canonicalEntry(e)).toBe(canonicalJson(e));
        },
      ),
    );
  });
});
