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

/** A draw's period (a quarter `2026Q4` or a month `2026-10`) as people say it: 2026年第四季度, Q4 2026. */
export function periodName(period: string, lang: 'zh' | 'en'): string {
  const q = /^(\d{4})Q([1-4])$/.exec(period);
  if (q) return lang === 'zh' ? `${q[1]}年第${'一二三四'[Number(q[2]) - 1]}季度` : `Q${q[2]} ${q[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m)
    return lang === 'zh'
      ? `${m[1]}年${Number(m[2])}月`
      : new Date(`${period}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return period;
}
