import { guideConfig } from '../../functions/licensing/domain/guide';
import { el, identifier, type Lang } from '../shared/i18n';
import { PROVINCES } from '../shared/provinces';
import { api } from '../shared/sign-in';
import { currentQuarter, periodName, shanghaiTime } from '../shared/time';
import { type ActionForm, actionSection, selectField, textField } from '../shared/forms';
import type { Key, T } from './words';

/**
 * "Double random" draws in the workbench (S1–S3): the agency's plans with a form to draw one now, its draws, and a
 * draw's page — while its public entropy window is open a countdown to the reveal, then the result (the public
 * draw page re-runs it in the browser).
 */
interface Plan {
  planId: string;
  name: string;
  licenseClasses: string[];
  provinces: string[];
  ratios: Record<string, number>;
  schedule: 'quarterly' | 'none';
  entropyWindowMinutes: number;
}
interface DrawSummary {
  drawId: string;
  planId: string;
  period: string;
  agencyId: string;
  status: 'committed' | 'drawn' | 'published';
  rosterCount: number;
  committedAt: string;
}
export interface Draw extends DrawSummary {
  entropy: string[];
  entropyUntil: string;
  result?: { selected: { id: string; uscc: string; reason: string; inspectors: string[] }[] };
}
/** The credit classes, best first: a plan's ratios are shown in this order. */
const CLASSES = ['good', 'normal', 'dishonest', 'severely-dishonest'] as const;

export interface DrawsState {
  plans: Plan[];
  draws: DrawSummary[];
}

export async function loadDraws(agencyId: string | undefined): Promise<DrawsState> {
  const [plans, draws] = await Promise.all([
    api<{ items: Plan[] }>('GET', '/v1/supervision/plans?limit=100'),
    api<{ items: DrawSummary[] }>('GET', '/v1/public/draws?limit=100'),
  ]);
  return { plans: plans.items, draws: draws.items.filter((d) => d.agencyId === agencyId) };
}

export const loadDraw = (id: string): Promise<Draw | null> => api<Draw>('GET', `/v1/public/draws/${encodeURIComponent(id)}`).catch(() => null);

/** Plans, the form that draws one of them for a period now, and the agency's draws, newest first. */
export function drawsPage(
  s: DrawsState,
  lang: Lang,
  t: T,
  link: (href: string, text: string) => HTMLElement,
  go: (path: string) => Promise<void>,
): HTMLElement[] {
  const draw: ActionForm<Key> = {
    action: 'startDraw',
    route: 'startDraw',
    title: (t) => t('startDraw'),
    // The workflow makes the draw: its page says so until the draw is there.
    then: (answer) => go(`/staff/draws/${encodeURIComponent((answer as { drawId: string }).drawId)}`),
    path: (f) => `/v1/supervision/plans/${encodeURIComponent(String(f.get('planId') ?? ''))}/draws`,
    fields: () => [
      selectField(
        'planId',
        t('plan'),
        s.plans.map((p) => [p.planId, p.name]),
      ),
      textField('period', t('period'), currentQuarter()),
    ],
    body: (f) => ({ period: String(f.get('period') ?? '').trim() }),
  };
  return [
    el('h2', { tabindex: '-1' }, t('drawsTitle')),
    el('h3', {}, t('plans')),
    s.plans.length
      ? el(
          'table',
          { class: 'queue' },
          el(
            'thead',
            {},
            el('tr', {}, ...(['plan', 'population', 'ratios', 'schedule', 'entropyWindow'] as const).map((k) => el('th', { scope: 'col' }, t(k)))),
          ),
          el(
            'tbody',
            {},
            ...s.plans.map((p) =>
              el(
                'tr',
                { 'data-plan': p.planId },
                el('td', {}, `${p.name}（`, identifier(p.planId), '）'),
                el('td', {}, `${p.licenseClasses.map((c) => className(c, lang)).join('、')} · ${p.provinces.map((x) => PROVINCES[x]?.[lang] ?? x).join('、')}`),
                el(
                  'td',
                  {},
                  CLASSES.filter((c) => c in p.ratios)
                    .map((c) => `${t(`class-${c}`)} ${Math.round(p.ratios[c]! * 100)}%`)
                    .join('，'),
                ),
                el('td', {}, t(p.schedule === 'quarterly' ? 'quarterly' : 'onDemand')),
                el('td', {}, t('minutes', { n: p.entropyWindowMinutes })),
              ),
            ),
          ),
        )
      : el('p', {}, t('noPlans')),
    ...(s.plans.length ? [actionSection([draw], t, lang, () => go('/staff/draws'), 'drawNow')] : []),
    el('h3', {}, t('agencyDraws')),
    s.draws.length
      ? el(
          'ul',
          { class: 'draws' },
          ...s.draws.map((d) =>
            el(
              'li',
              { 'data-draw': d.drawId },
              identified(link(`/staff/draws/${encodeURIComponent(d.drawId)}`, d.drawId)),
              ` · ${periodName(d.period, lang)} · ${t(`draw-${d.status}`)} · ${t('licences', { n: d.rosterCount })} · ${shanghaiTime(d.committedAt)}`,
            ),
          ),
        )
      : el('p', {}, t('noDraws')),
  ];
}

const mmss = (ms: number): string => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** How often a draw in its window is asked again for its reveal. */
const POLL_MS = 2000;

/**
 * One draw: in its entropy window a countdown (refreshed every second, said to screen readers once a minute) and the
 * entropy so far, asked again until it is drawn; then its result. `arrived` shows the draw as it is now.
 */
/** A licence class by its name in the guide (its id where the guide has none). */
const className = (id: string, lang: Lang): string => {
  const c = guideConfig.licenseClasses[id];
  return c ? (lang === 'zh' ? c.name : c.nameEn) : id;
};

/** A link whose text is an identifier (a draw's id). */
const identified = (a: HTMLElement): HTMLElement => (a.setAttribute('translate', 'no'), a);

export function drawPage(d: Draw | { drawId: string; pending: true }, t: T, lang: Lang, arrived: (d: Draw) => void): HTMLElement[] {
  if ('pending' in d) return pendingDraw(d.drawId, t, arrived);
  const facts = el(
    'dl',
    { class: 'facts' },
    el('dt', {}, t('status')),
    el('dd', { 'data-status': d.status }, t(`draw-${d.status}`)),
    el('dt', {}, t('drawPeriod')),
    el('dd', {}, periodName(d.period, lang)),
    el('dt', {}, t('plan')),
    el('dd', {}, identifier(d.planId)),
    el('dt', {}, t('committedAt')),
    el('dd', {}, shanghaiTime(d.committedAt)),
    el('dt', {}, t('entropyReceived')),
    el('dd', {}, String(d.entropy.length)),
  );
  const out: HTMLElement[] = [el('h2', { tabindex: '-1', id: 'item-title' }, `${t('draw')} · `, identifier(d.drawId)), facts];
  if (d.status === 'committed') {
    const clock = el('strong', { id: 'countdown', 'data-until': d.entropyUntil }, mmss(Date.parse(d.entropyUntil) - Date.now()));
    const live = el('p', { class: 'small', 'aria-live': 'polite', id: 'countdown-said' }, t('revealAt', { at: shanghaiTime(d.entropyUntil) }));
    out.push(el('p', { class: 'lead' }, t('entropyOpen'), ' ', clock), live);
    let lastPoll = Date.now();
    const timer = setInterval(() => {
      // The page moved on: the countdown stops with it.
      if (!clock.isConnected) return clearInterval(timer);
      clock.textContent = mmss(Date.parse(d.entropyUntil) - Date.now());
      if (Date.now() - lastPoll < POLL_MS) return;
      lastPoll = Date.now();
      void loadDraw(d.drawId).then((now) => {
        if (now && now.status !== 'committed' && clock.isConnected) {
          clearInterval(timer);
          arrived(now);
        }
      });
    }, 1000);
  } else if (d.result) {
    out.push(
      el('h3', {}, t('drawResult', { n: d.result.selected.length })),
      el(
        'table',
        { class: 'queue' },
        el('thead', {}, el('tr', {}, ...(['licence', 'uscc', 'reasonDrawn', 'inspectors'] as const).map((k) => el('th', { scope: 'col' }, t(k))))),
        el(
          'tbody',
          {},
          ...d.result.selected.map((x) =>
            el(
              'tr',
              { 'data-selected': x.id },
              el('td', {}, x.id),
              el('td', {}, x.uscc),
              el('td', {}, t(x.reason === 'random' ? 'random' : 'problemLibrary')),
              el('td', {}, ...(x.inspectors.length ? x.inspectors.flatMap((id, n) => [n ? '、' : '', identifier(id)]) : [t('unstaffed')])),
            ),
          ),
        ),
      ),
    );
  }
  out.push(el('p', {}, el('a', { href: `/draws/${encodeURIComponent(d.drawId)}` }, t('publicDraw'))));
  return out;
}

/** A draw just started: the workflow is snapshotting the roster and committing the seed; asked again until it is there. */
function pendingDraw(drawId: string, t: T, arrived: (d: Draw) => void): HTMLElement[] {
  const note = el('p', { class: 'lead', 'aria-live': 'polite', 'data-status': 'pending' }, t('drawPending'));
  const ask = () =>
    setTimeout(() => {
      if (!note.isConnected) return;
      void loadDraw(drawId).then((d) => {
        if (d) arrived(d);
        else ask();
      });
    }, POLL_MS);
  ask();
  return [el('h2', { tabindex: '-1', id: 'item-title' }, `${t('draw')} · ${drawId}`), note];
}
