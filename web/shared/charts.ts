import { el } from './i18n';

/** The pages' charts: SVG drawn with the DOM (no library, nothing inline for the CSP), each with its numbers as a list. */
const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag: string, attrs: Record<string, string | number>, text?: string) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
};

/** Horizontal bars, one per entry, each labelled and numbered; the figure's list of numbers is what assistive technology reads. */
export function bars(title: string, entries: [string, number][]): HTMLElement {
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const row = 26;
  const chart = svg('svg', { viewBox: `0 0 320 ${entries.length * row + 4}`, role: 'img', 'aria-label': title, class: 'bars' });
  entries.forEach(([label, n], i) => {
    const y = i * row + 2;
    chart.append(svg('text', { x: 0, y: y + 16, class: 'bar-label' }, label));
    chart.append(svg('rect', { x: 120, y: y + 4, width: Math.max(1, (n / max) * 160), height: 16, rx: 2, class: 'bar' }));
    chart.append(svg('text', { x: 124 + (n / max) * 160, y: y + 16, class: 'bar-value' }, String(n)));
  });
  return el(
    'figure',
    { class: 'chart' },
    el('figcaption', {}, title),
    chart,
    el('ul', { class: 'visually-hidden' }, ...entries.map(([label, n]) => el('li', {}, `${label}: ${n}`))),
  );
}
