/**
 * A report's list kept as counters (functions/tallies.ts): each listed item is a counter named by
 * its entry — present while 1, gone when the item changes. Pure helpers for the contributions and
 * for reading the lists back.
 */
export const entry = (list: string, value: object): string => `${list}:${JSON.stringify(value)}`;

export const listed = <T>(counts: Readonly<Record<string, number>>, list: string): T[] =>
  Object.entries(counts)
    .filter(([name, n]) => n > 0 && name.startsWith(`${list}:`))
    .map(([name]) => JSON.parse(name.slice(list.length + 1)) as T);
