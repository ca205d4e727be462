import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import {
  commitmentOf,
  draw,
  type DrawParameters,
  parametersHash,
  type Pool,
  poolHash,
  type RosterEntry,
  rosterHash,
  seedOf,
} from '../functions/supervision/domain/draw';

/**
 * `npm run bench:draw`: the "double random" draw (S1–S4) over synthetic rosters of 10k, 100k and
 * 1M licences, each size in its own Node process capped at 1 GB of heap (a Lambda-sized budget):
 * roster hash, seed, draw and inspector matching, with the process's peak RSS. The growth column
 * compares time per licence with the 10k run (flat ≈ O(n), rising slowly ≈ O(n log n)).
 * `BENCH_DRAW_SIZES=10000,100000` to choose sizes.
 */
const CLASSES = ['good', 'normal', 'dishonest', 'severely-dishonest'] as const;
const CLASS_SHARE = [0.8, 0.15, 0.045, 0.005];

function syntheticRoster(n: number): RosterEntry[] {
  // A fixed linear congruential generator: the same roster on every run.
  let x = 42;
  const next = () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, (_, i) => {
    const r = next();
    const creditClass = CLASSES[r < CLASS_SHARE[0]! ? 0 : r < 0.95 ? 1 : r < 0.995 ? 2 : 3]!;
    const inspected = next() < 0.1;
    return {
      id: `L${String(i).padStart(8, '0')}`,
      uscc: `91${String(i).padStart(16, '0')}`,
      name: `合成电力企业${i}`,
      licenseClass: ['install', 'repair', 'test', 'generation', 'supply'][i % 5]!,
      creditClass,
      province: String(11 + (i % 31)),
      problemLibrary: next() < 0.001,
      ...(inspected ? { lastInspectedOn: '2026-03-15' } : {}),
    };
  });
}

function runOne(n: number): void {
  const roster = syntheticRoster(n);
  const pool: Pool = {
    inspectors: Array.from({ length: 400 }, (_, i) => ({ inspectorId: `INS${i}`, conflicts: i % 7 ? [] : [roster[i]!.uscc] })),
    lastTeams: { [roster[0]!.uscc]: ['INS1', 'INS2'] },
  };
  const params: DrawParameters = {
    drawId: `bench.${n}`,
    drawDate: '2026-10-01',
    ratios: { good: 0.03, normal: 0.05, dishonest: 0.2, 'severely-dishonest': 1 },
    exclusionMonths: 12,
    inspectorsPerInspection: 2,
  };
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const hashes = { rosterHash: rosterHash(roster), poolHash: poolHash(pool), parametersHash: parametersHash(params) };
  const nonce = 'ab'.repeat(32);
  const seed = seedOf({ nonce, entropy: [commitmentOf(nonce)], ...hashes });
  const t1 = performance.now();
  const result = draw(roster, pool, params, seed);
  const t2 = performance.now();
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(
    JSON.stringify({
      n,
      hashMs: Math.round(t1 - t0),
      drawMs: Math.round(t2 - t1),
      totalMs: Math.round(t2 - t0),
      selected: result.selected.length,
      strata: result.strata.length,
      peakRssMb: Math.round(peak / 2 ** 20),
    }) + '\n',
  );
}

function main(): void {
  if (process.argv[2]) return runOne(Number(process.argv[2]));
  const sizes = (process.env.BENCH_DRAW_SIZES ?? '10000,100000,1000000').split(',').map(Number);
  console.log(
    `draw bench — ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model} ×${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GB, node ${process.version}, heap capped at 1 GB`,
  );
  console.log('licences   hash+seed ms   draw ms   total ms   selected   strata   peak RSS MB   µs/licence');
  let base: number | undefined;
  for (const n of sizes) {
    const out = execFileSync(process.execPath, ['--max-old-space-size=1024', '--import', 'tsx', __filename, String(n)], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as {
      n: number;
      hashMs: number;
      drawMs: number;
      totalMs: number;
      selected: number;
      strata: number;
      peakRssMb: number;
    };
    const per = (r.totalMs * 1000) / n;
    base ??= per;
    console.log(
      `${String(n).padStart(8)}   ${String(r.hashMs).padStart(12)}   ${String(r.drawMs).padStart(7)}   ${String(r.totalMs).padStart(8)}   ${String(r.selected).padStart(8)}   ${String(r.strata).padStart(6)}   ${String(r.peakRssMb).padStart(11)}   ${per.toFixed(2).padStart(6)} (×${(per / base).toFixed(2)})`,
    );
  }
}

main();
