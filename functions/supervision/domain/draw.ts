import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson, sha256Hex } from '../../platform/hash';

/**
 * "Double random, one open" (双随机、一公开, DOMAIN S1–S4): the draw as a pure, deterministic
 * function of public data — the roster snapshot, the inspector pool snapshot, the plan's
 * parameters and the seed — so that anyone can re-run it (docs/draws.md, `npm run verify-draw`).
 *
 * Algorithm pp-draw-1, in the spirit of RFC 3797:
 * - every score is SHA-256(seed ":" name) as lowercase hex, compared as strings: the order never
 *   depends on how the roster was stored or listed;
 * - problem-library entries are always selected; entries inspected within the exclusion window
 *   are set aside; the rest are stratified by license class × credit class × province;
 * - each credit class draws round(ratio × eligible) entries, apportioned to its strata by largest
 *   remainder (ties: lower score of the stratum key first), so each stratum gets the floor or the
 *   ceiling of ratio × its size;
 * - within a stratum entries are ranked by score: the first k are drawn, the rest are the ordered
 *   alternates;
 * - inspectors are matched per selected entry, in selection order: candidates without a declared
 *   conflict, least-loaded first, in a seeded order (see matchInspectors); never two members of
 *   the enterprise's last team together; an entry without enough candidates is left unstaffed.
 */
export const ALGORITHM = 'pp-draw-1';

export const CreditClassName = z.enum(['good', 'normal', 'dishonest', 'severely-dishonest']);
export type CreditClassName = z.infer<typeof CreditClassName>;

/** One licence in the population: the unit drawn. */
export const RosterEntry = z.object({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  licenseClass: z.string(),
  creditClass: CreditClassName,
  province: z.string().regex(/^\d{2}$/),
  problemLibrary: z.boolean(),
  lastInspectedOn: z.string().optional(),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

export const Pool = z.object({
  inspectors: z.array(z.object({ inspectorId: z.string(), conflicts: z.array(z.string()) })),
  /** The team of each enterprise's last inspection (S4). */
  lastTeams: z.record(z.string(), z.array(z.string())),
});
export type Pool = z.infer<typeof Pool>;

export const DrawParameters = z.object({
  drawId: z.string(),
  /** The day the draw is made (the exclusion window ends the day before). */
  drawDate: z.string(),
  ratios: z.record(CreditClassName, z.number().min(0).max(1)),
  exclusionMonths: z.number().int().min(0),
  inspectorsPerInspection: z.number().int().min(2),
});
export type DrawParameters = z.infer<typeof DrawParameters>;

export interface Selected {
  id: string;
  uscc: string;
  reason: 'problem-library' | 'random';
  stratum: string;
  rank: number;
  inspectors: string[];
}

export interface DrawResult {
  algorithm: typeof ALGORITHM;
  seed: string;
  strata: { stratum: string; creditClass: CreditClassName; eligible: number; drawn: number; alternates: string[] }[];
  excluded: string[];
  selected: Selected[];
  unstaffed: string[];
}

const score = (seed: string, name: string): string => createHash('sha256').update(`${seed}:${name}`).digest('hex');
const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** Canonical roster bytes: one RFC 8785 JSON entry per line, ordered by id. Its SHA-256 is the published roster hash. */
export function* rosterLines(roster: readonly RosterEntry[]): Generator<string> {
  for (const e of [...roster].sort(byKey((x) => x.id))) yield canonicalEntry(e) + '\n';
}

/**
 * RFC 8785 for this flat shape, a million times faster to write by hand: members in code-point
 * order, strings and booleans as JSON.stringify writes them (which is what RFC 8785 specifies).
 * A unit test holds it equal to canonicalJson.
 */
export function canonicalEntry(e: RosterEntry): string {
  const { creditClass, id, lastInspectedOn, licenseClass, name, problemLibrary, province, uscc } = e;
  return JSON.stringify(
    lastInspectedOn === undefined
      ? { creditClass, id, licenseClass, name, problemLibrary, province, uscc }
      : { creditClass, id, lastInspectedOn, licenseClass, name, problemLibrary, province, uscc },
  );
}
export function rosterHash(roster: readonly RosterEntry[]): string {
  const h = createHash('sha256');
  for (const line of rosterLines(roster)) h.update(line);
  return h.digest('hex');
}
export const poolHash = (pool: Pool): string => sha256Hex(canonicalJson(pool));
export const parametersHash = (p: DrawParameters): string => sha256Hex(canonicalJson(p));
/** Commit–reveal: the commitment published before the draw is SHA-256 of the secret nonce revealed after it. */
export const commitmentOf = (nonce: string): string => sha256Hex(nonce);

/** The seed: the revealed nonce mixed with every registered public entropy string and the published hashes. */
export function seedOf(i: { nonce: string; entropy: readonly string[]; rosterHash: string; poolHash: string; parametersHash: string }): string {
  return sha256Hex(
    canonicalJson({
      algorithm: ALGORITHM,
      entropy: [...i.entropy].sort(),
      nonce: i.nonce,
      parametersHash: i.parametersHash,
      poolHash: i.poolHash,
      rosterHash: i.rosterHash,
    }),
  );
}

/** The first day still inside the exclusion window: an entry inspected on or after it is not drawn at random. */
export function exclusionStart(drawDate: string, months: number): string {
  const d = new Date(`${drawDate}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}

/** round half up of ratio × n, in integer arithmetic on basis points so 0.05 × 20 is exactly 1. */
const quota = (ratio: number, n: number) => {
  const bp = Math.round(ratio * 10_000);
  return { floor: Math.floor((bp * n) / 10_000), remainder: (bp * n) % 10_000, rounded: Math.floor((bp * n + 5_000) / 10_000) };
};

export function draw(roster: readonly RosterEntry[], pool: Pool, params: DrawParameters, seed: string): DrawResult {
  const windowStart = exclusionStart(params.drawDate, params.exclusionMonths);
  const problem: RosterEntry[] = [];
  const excluded: string[] = [];
  const strata = new Map<string, { creditClass: CreditClassName; entries: { e: RosterEntry; s: string }[] }>();
  for (const e of roster) {
    if (e.problemLibrary) problem.push(e);
    else if (params.exclusionMonths > 0 && e.lastInspectedOn && e.lastInspectedOn >= windowStart && e.lastInspectedOn < params.drawDate) excluded.push(e.id);
    else {
      const key = `${e.licenseClass}|${e.creditClass}|${e.province}`;
      let s = strata.get(key);
      if (!s) strata.set(key, (s = { creditClass: e.creditClass, entries: [] }));
      s.entries.push({ e, s: score(seed, e.id) });
    }
  }

  // Apportion each credit class's quota to its strata (largest remainder).
  const keys = [...strata.keys()].sort();
  const drawn = new Map<string, number>();
  for (const cls of CreditClassName.options) {
    const ratio = params.ratios[cls] ?? 0;
    const mine = keys.filter((k) => strata.get(k)!.creditClass === cls);
    const q = mine.map((k) => ({ k, ...quota(ratio, strata.get(k)!.entries.length), tie: score(seed, `stratum:${k}`) }));
    let extra =
      quota(
        ratio,
        q.reduce((n, x) => n + strata.get(x.k)!.entries.length, 0),
      ).rounded - q.reduce((n, x) => n + x.floor, 0);
    for (const x of q) drawn.set(x.k, x.floor);
    for (const x of [...q].sort((a, b) => b.remainder - a.remainder || (a.tie < b.tie ? -1 : 1))) {
      if (extra <= 0 || x.remainder === 0) break;
      drawn.set(x.k, x.floor + 1);
      extra--;
    }
  }

  const selected: Omit<Selected, 'inspectors'>[] = problem
    .map((e) => ({ e, s: score(seed, e.id) }))
    .sort(byKey((x) => x.s))
    .map(({ e }, i) => ({
      id: e.id,
      uscc: e.uscc,
      reason: 'problem-library' as const,
      stratum: `${e.licenseClass}|${e.creditClass}|${e.province}`,
      rank: i + 1,
    }));
  const strataOut: DrawResult['strata'] = [];
  for (const k of keys) {
    const s = strata.get(k)!;
    s.entries.sort(byKey((x) => x.s));
    const n = drawn.get(k)!;
    s.entries.slice(0, n).forEach(({ e }, i) => selected.push({ id: e.id, uscc: e.uscc, reason: 'random', stratum: k, rank: i + 1 }));
    strataOut.push({ stratum: k, creditClass: s.creditClass, eligible: s.entries.length, drawn: n, alternates: s.entries.slice(n).map(({ e }) => e.id) });
  }

  const { teams, unstaffed } = matchInspectors(selected, pool, params.inspectorsPerInspection, seed);
  return {
    algorithm: ALGORITHM,
    seed,
    strata: strataOut,
    excluded: excluded.sort(),
    selected: selected.map((s) => ({ ...s, inspectors: teams.get(s.id) ?? [] })),
    unstaffed,
  };
}

/**
 * S4: ≥ n inspectors per selected entry, none conflicted, never two of the enterprise's last team,
 * load spread evenly. The pool is put in a seeded order once (score("inspector:" id)); each entry
 * walks it from its own seeded offset (score(entry id) mod pool size), least-loaded first. One hash
 * per entry keeps a million-licence roster fast.
 */
export function matchInspectors(
  selected: readonly { id: string; uscc: string }[],
  pool: Pool,
  n: number,
  seed: string,
): { teams: Map<string, string[]>; unstaffed: string[] } {
  const order = pool.inspectors
    .map((i) => ({ id: i.inspectorId, conflicts: new Set(i.conflicts), s: score(seed, `inspector:${i.inspectorId}`), load: 0 }))
    .sort(byKey((x) => x.s));
  const teams = new Map<string, string[]>();
  const unstaffed: string[] = [];
  for (const sel of selected) {
    const last = new Set(pool.lastTeams[sel.uscc] ?? []);
    const offset = order.length ? Number(BigInt(`0x${score(seed, sel.id).slice(0, 12)}`) % BigInt(order.length)) : 0;
    const team: typeof order = [];
    let fromLast = 0;
    const loads = [...new Set(order.map((o) => o.load))].sort((a, b) => a - b);
    for (const level of loads) {
      for (let k = 0; k < order.length && team.length < n; k++) {
        const c = order[(offset + k) % order.length]!;
        if (c.load !== level || c.conflicts.has(sel.uscc) || team.includes(c)) continue;
        if (last.has(c.id) && fromLast >= 1) continue;
        team.push(c);
        if (last.has(c.id)) fromLast++;
      }
      if (team.length === n) break;
    }
    if (team.length < n) {
      unstaffed.push(sel.id);
      continue;
    }
    for (const c of team) c.load++;
    teams.set(
      sel.id,
      team.map((c) => c.id),
    );
  }
  return { teams, unstaffed };
}

/** What a re-run must reproduce: the hash of the result as canonical JSON. */
export const resultHash = (r: DrawResult): string => sha256Hex(canonicalJson(r));
