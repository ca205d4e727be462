/**
 * A report's list kept as counters (functions/tallies.ts): each listed item is a counter named by
 * its entry — present while 1, gone when the item changes. Pure helpers for the contributions and
 * for reading the lists back.
 */
export const entry = (list: string, value: object): string => `${list}:${JSON.stringify(value)}`;

/**
 * Puts a stream on a list in its contribution, and counts it (`count:<list>`): a report reads the
 * first entries of a list (in entry order: the value's first field leads) and its whole count.
 */
export function addEntry(c: Record<string, number>, list: string, value: object): void {
  c[entry(list, value)] = 1;
  c[`count:${list}`] = (c[`count:${list}`] ?? 0) + 1;
}

export const listed = <T>(counts: Readonly<Record<string, number>>, list: string): T[] =>
  Object.entries(counts)
    .filter(([name, n]) => n > 0 && name.startsWith(`${list}:`))
    .map(([name]) => JSON.parse(name.slice(list.length + 1)) as T);
