/**
 * Shares and on-time rates as the regulator's reports print them: four decimals, and `null` when
 * there is nothing to divide (no case is not a 0 % or 100 % record).
 */
export const ratio = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** A statutory clock that ended: kept when met by the end of its last day; `undefined` while it still runs. */
export const keptInTime = (d: { metAt?: string; dueAt: string; breachedOn?: string }): boolean | undefined =>
  d.metAt ? Date.parse(d.metAt) <= Date.parse(d.dueAt) : d.breachedOn ? false : undefined;

/** Of the clocks that ended, how many were kept, and the rate. */
export function onTime(deadlines: Iterable<{ metAt?: string; dueAt: string; breachedOn?: string }>): { ended: number; kept: number; rate: number | null } {
  let ended = 0;
  let kept = 0;
  for (const d of deadlines) {
    const k = keptInTime(d);
    if (k === undefined) continue;
    ended++;
    if (k) kept++;
  }
  return { ended, kept, rate: ratio(kept, ended) };
}
