/**
 * Times as people in China read them: Beijing time (the platform's days are Asia/Shanghai days, which keep no
 * daylight saving, so a fixed +8 h is exact). Small on purpose: the pages need not carry a time-zone library.
 */
const beijing = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString();
export const shanghaiTime = (iso: string): string => beijing(Date.parse(iso)).slice(0, 16).replace('T', ' ');
export const shanghaiDay = (iso: string): string => beijing(Date.parse(iso)).slice(0, 10);
export const today = (): string => beijing(Date.now()).slice(0, 10);
export const currentQuarter = (): string => {
  const d = beijing(Date.now());
  return `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
};
