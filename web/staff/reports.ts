import gridCompanies from '../../config/grid-companies.json';
import { bars } from '../shared/charts';
import { el, type Lang } from '../shared/i18n';
import { agencyName } from '../shared/provinces';
import { periodName } from '../shared/time';
import { api, ApiProblem, download } from '../shared/sign-in';
import type { Key, T } from './words';

/**
 * The reports in the workbench: the quarterly licensing oversight report (L10), the supervision report (S5, S7),
 * a grid company's half-year connection report (G7) with its CSV and PDF, and the public monthly hotline
 * statistics (P5). Charts are the site's SVG bars, each with its numbers as a list; the L10 report downloads as the
 * API's CSV and prints to PDF with the page's print stylesheet; the G7 report's CSV and PDF are the API's.
 */
interface OnTime {
  ended: number;
  kept: number;
  rate: number | null;
}
interface Oversight {
  agencyId: string;
  quarter: string;
  asOf: string;
  cases: { submitted: number };
  onTime: Record<string, OnTime>;
  overdueCount: number;
  overdue: { caseId: string; matterId: string; kind: string; dueDate: string; open: boolean }[];
  visits: { total: number; zeroVisitRate: number | null; violations: number };
  publicationDelayCount: number;
  feesChargedCny: number;
  correctionNotices: { cases: number };
  reviews: { total: number; bad: number; rectified: number };
}
interface Supervision {
  asOf: string;
  inspections: { total: number; random: number; targeted: number; unstaffed: number };
  postApprovalVerification: { due: number; verified: number; coverage: number | null; open: number };
  rectifications: { open: number; overdueCount: number; completed: number };
}

export interface ReportsState {
  quarter: string;
  oversight?: Oversight | null;
  supervision?: Supervision | null;
}

export async function loadReports(role: string, s: ReportsState): Promise<void> {
  s.oversight =
    role === 'supervisor' || role === 'decision-maker'
      ? await api<Oversight>('GET', `/v1/reports/licensing-oversight?quarter=${s.quarter}`).catch(() => null)
      : null;
  s.supervision = role === 'supervisor' ? await api<Supervision>('GET', '/v1/supervision/report').catch(() => null) : null;
}

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

export function reportsPage(s: ReportsState, role: string, lang: Lang, t: T, reload: (quarter: string) => Promise<void>): HTMLElement[] {
  const quarter = el('input', { id: 'f-quarter', name: 'quarter', value: s.quarter, pattern: '\\d{4}Q[1-4]', size: '7' });
  const picker = el('form', { class: 'row month' }, el('label', { for: 'f-quarter' }, t('quarter')), quarter, el('button', { type: 'submit' }, t('show')));
  picker.onsubmit = (e) => {
    e.preventDefault();
    void reload(quarter.value.trim().toUpperCase());
  };
  const out: HTMLElement[] = [el('h2', { tabindex: '-1' }, t('reports')), picker];
  const o = s.oversight;
  if (o) {
    const limits = Object.entries(o.onTime);
    const figures: [Key, string | number][] = [
      ['submittedCases', o.cases.submitted],
      ['overdueCount', o.overdueCount],
      ['zeroVisitRate', percent(o.visits.zeroVisitRate)],
      ['visitViolations', o.visits.violations],
      ['publicationDelays', o.publicationDelayCount],
      ['correctionNotices', o.correctionNotices.cases],
      ['feesCharged', `${o.feesChargedCny} 元`],
      ['badReviews', `${o.reviews.bad} / ${o.reviews.total}`],
    ];
    const csv = el('button', { type: 'button', class: 'link', id: 'oversight-csv' }, t('csv'));
    csv.onclick = () => void download(`/v1/reports/licensing-oversight?quarter=${o.quarter}&format=csv`, `licensing-oversight-${o.agencyId}-${o.quarter}.csv`);
    const print = el('button', { type: 'button', class: 'link' }, t('print'));
    print.onclick = () => window.print();
    out.push(
      el(
        'section',
        { class: 'report', 'data-report': 'oversight', 'aria-labelledby': 'oversight-title' },
        el('h3', { id: 'oversight-title' }, t('oversightTitle', { quarter: periodName(o.quarter, lang), agency: agencyName(o.agencyId, lang) })),
        el('dl', { class: 'facts' }, ...figures.flatMap(([k, v]) => [el('dt', {}, t(k)), el('dd', { 'data-figure': k }, String(v))])),
        limits.some(([, v]) => v.ended)
          ? bars(
              t('onTimeRate'),
              limits.filter(([, v]) => v.ended).map(([k, v]) => [k in KIND_WORDS ? t(k as Key) : k, Math.round((v.rate ?? 0) * 100)]),
            )
          : el('p', { class: 'small' }, t('noLimitsEnded')),
        o.overdue.length
          ? el('ul', { class: 'overdue' }, ...o.overdue.map((x) => el('li', { class: 'bad-text' }, `${x.caseId} · ${x.kind} · ${x.dueDate}`)))
          : el('p', { class: 'small' }, t('noneOverdue')),
        el('p', {}, csv, ' · ', print),
      ),
    );
  }
  const sv = s.supervision;
  if (sv) {
    out.push(
      el(
        'section',
        { class: 'report', 'data-report': 'supervision', 'aria-labelledby': 'supervision-title' },
        el('h3', { id: 'supervision-title' }, t('supervisionTitle')),
        bars(t('inspectionsByKind'), [
          [t('random'), sv.inspections.random],
          [t('targeted'), sv.inspections.targeted],
          [t('unstaffed'), sv.inspections.unstaffed],
        ]),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, t('verificationCoverage')),
          el('dd', {}, `${sv.postApprovalVerification.verified} / ${sv.postApprovalVerification.due}（${percent(sv.postApprovalVerification.coverage)}）`),
          el('dt', {}, t('rectificationsOpen')),
          el('dd', {}, String(sv.rectifications.open)),
          el('dt', {}, t('rectificationsOverdue')),
          el('dd', { class: sv.rectifications.overdueCount ? 'bad-text' : '' }, String(sv.rectifications.overdueCount)),
        ),
      ),
    );
  }
  if (role === 'supervisor') out.push(connectionsSection(lang, t));
  out.push(el('p', {}, el('a', { href: '/statistics' }, t('hotlineStatistics'))));
  return out;
}

/** G7: a grid company's half-year, as the API renders it (its CSV and PDF come from the API, fetched with the token). */
function connectionsSection(lang: Lang, t: T): HTMLElement {
  const company = el(
    'select',
    { id: 'f-company', name: 'company' },
    ...gridCompanies.companies.map((c) => el('option', { value: c.id }, lang === 'zh' ? c.name : c.id)),
  );
  const half = el('input', { id: 'f-half', name: 'half', value: `${new Date().getUTCFullYear()}H1`, size: '7' });
  const problem = el('div', {});
  const link = (format: 'csv' | 'pdf') => {
    const b = el('button', { type: 'button', class: 'link', 'data-download': format }, t(format));
    b.onclick = () =>
      void download(
        `/v1/reports/connections?company=${company.value}&half=${half.value.trim().toUpperCase()}&format=${format}`,
        `connections-${company.value}-${half.value}.${format}`,
      )
        .then(() => problem.replaceChildren())
        .catch((e: unknown) =>
          problem.replaceChildren(
            el('p', { class: 'bad-text', role: 'alert' }, t('failed', { detail: e instanceof ApiProblem ? e.problem.detail : String(e) })),
          ),
        );
    return b;
  };
  return el(
    'section',
    { class: 'report', 'data-report': 'connections', 'aria-labelledby': 'connections-title' },
    el('h3', { id: 'connections-title' }, t('connectionsTitle')),
    el('div', { class: 'field' }, el('label', { for: 'f-company' }, t('company')), company),
    el('div', { class: 'field' }, el('label', { for: 'f-half' }, t('half')), half),
    el('p', {}, link('csv'), ' · ', link('pdf')),
    problem,
  );
}

/** The deadline kinds the oversight report counts, in words. */
const KIND_WORDS = { acceptance: 1, decision: 1, issuance: 1, publication: 1 };
