import { fieldErrors } from '../../functions/platform/http/problem';
import { routes } from '../../functions/routes';
import { plainIssue, plainMessage } from '../shared/field-messages';
import { el, identifier, type Lang } from '../shared/i18n';
import { api, ApiProblem } from '../shared/sign-in';
import { shanghaiTime } from '../shared/time';
import type { T } from './words';

/**
 * The register import in the workbench (administrators; docs/register-import.md): a CSV or JSON file of the licences
 * the regulator kept before, sent whole, then its progress — rows done of all, imported, unchanged, rejected — asked
 * again every second until it completes, with every rejected row and why. Its address holds the import, so a reload
 * or a colleague's link shows the same.
 */
export interface ImportReport {
  importId: string;
  register: string;
  format: 'csv' | 'json';
  rows: number;
  status: 'running' | 'completed';
  processed: number;
  imported: number;
  unchanged: number;
  rejected: number;
  requestedAt: string;
  completedAt?: string;
  report: { rejected: { row: number; formerNo?: string; errors: { path: string; message: string }[] }[] };
}

export const loadImport = (id: string): Promise<ImportReport | null> =>
  api<ImportReport>('GET', `/v1/operations/license-imports/${encodeURIComponent(id)}`).catch(() => null);

/** The file form: read in the browser, checked with the route's own schema, sent; then to the import's page. */
export function importForm(t: T, lang: Lang, started: (importId: string) => Promise<void>): HTMLElement[] {
  const file = el('input', { id: 'f-file', name: 'file', type: 'file', accept: '.csv,.json,text/csv,application/json', required: '' });
  const error = el('p', { class: 'bad-text', role: 'alert', id: 'import-error' });
  const form = el(
    'form',
    { class: 'action', 'data-action': 'import', novalidate: '' },
    el('p', { class: 'small' }, t('importLead')),
    el('div', { class: 'field', 'data-field': 'content' }, el('label', { for: 'f-file' }, t('importFile')), file),
    error,
    el('button', { type: 'submit' }, t('importSend')),
  );
  form.onsubmit = async (e) => {
    e.preventDefault();
    error.textContent = '';
    const chosen = file.files?.[0];
    if (!chosen) return void (error.textContent = t('importChoose'));
    const body = { source: chosen.name, format: chosen.name.toLowerCase().endsWith('.json') ? 'json' : 'csv', content: await chosen.text() };
    const checked = routes.requestLicenseImport.body.safeParse(body, { error: plainIssue(lang) });
    if (!checked.success)
      return void (error.textContent = fieldErrors(checked.error, '$.body')
        .map((x) => plainMessage(x.message, t('importFile'), lang))
        .join('；'));
    try {
      const accepted = await api<{ importId: string }>('POST', '/v1/operations/license-imports', body);
      await started(accepted.importId);
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      error.textContent = t('failed', { detail: err.problem.detail });
    }
  };
  return [el('h2', { tabindex: '-1' }, t('importTitle')), form];
}

/** How often a running import is asked for its progress. */
const POLL_MS = 1000;

/** An import's progress and, once complete, its rejected rows; a running one asks again until it completes (`changed` repaints). */
export function importPage(r: ImportReport, t: T, lang: Lang, changed: (now: ImportReport) => void): HTMLElement[] {
  const bar = el('progress', {
    id: 'import-progress',
    max: String(Math.max(1, r.rows)),
    value: String(r.processed),
    'aria-labelledby': 'import-progress-label',
  });
  const page = [
    el('h2', { tabindex: '-1', id: 'item-title' }, `${t('importTitle')} · `, identifier(r.register)),
    el(
      'p',
      { id: 'import-progress-label', 'aria-live': 'polite', 'data-status': r.status },
      t(r.status === 'running' ? 'importRunning' : 'importDone', { done: r.processed, rows: r.rows }),
    ),
    bar,
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('importImported')),
      el('dd', { 'data-count': 'imported' }, String(r.imported)),
      el('dt', {}, t('importUnchanged')),
      el('dd', { 'data-count': 'unchanged' }, String(r.unchanged)),
      el('dt', {}, t('importRejected')),
      el('dd', { 'data-count': 'rejected' }, String(r.rejected)),
      el('dt', {}, t('requestedAt')),
      el('dd', {}, shanghaiTime(r.requestedAt)),
      ...(r.completedAt ? [el('dt', {}, t('completedAt')), el('dd', {}, shanghaiTime(r.completedAt))] : []),
    ),
    ...(r.report.rejected.length
      ? [
          el('h3', {}, t('importRejectedRows')),
          el(
            'ul',
            { class: 'rejected' },
            ...r.report.rejected.map((x) =>
              el(
                'li',
                { 'data-row': String(x.row) },
                t('row', { n: x.row }),
                ...(x.formerNo ? [' · ', identifier(x.formerNo)] : []),
                '：',
                // Each problem at its column (the file's own column name) in plain words, as the forms say them.
                ...x.errors.flatMap((e, i) => [i ? '；' : '', t('column'), identifier(e.path), ' ', plainMessage(e.message, t('thisColumn'), lang)]),
              ),
            ),
          ),
        ]
      : []),
  ];
  if (r.status === 'running')
    setTimeout(() => {
      if (bar.isConnected) void loadImport(r.importId).then((now) => now && bar.isConnected && changed(now));
    }, POLL_MS);
  return page;
}
