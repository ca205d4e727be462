import { INSPECTION_LIFECYCLE } from '../../functions/supervision/domain/inspection';
import { allowedActions } from '../../functions/platform/domain/lifecycle';
import { el, identifier, type Lang } from '../shared/i18n';
import { api } from '../shared/sign-in';
import { type ActionForm, actionSection, choices, type Due, selectField, textArea, textField } from '../shared/forms';
import { shanghaiTime } from '../shared/time';
import type { Key, T } from './words';

/** Inspections in the workbench: an inspector's own (S4, S5), the findings, the outcome and the rectification. */
export interface InspectionView {
  inspectionId: string;
  kind: 'random' | 'targeted' | 'post-approval';
  uscc: string;
  name: string;
  licenseNo?: string;
  inspectors: string[];
  mode: 'on-site' | 'off-site';
  openedAt: string;
  dueDate?: string;
  status: 'open' | 'rectifying' | 'closed';
  findings: { checklistItem: string; result: 'pass' | 'fail' | 'not-applicable'; note?: string; by?: string }[];
  outcome?: { outcome: string; facts: string };
  rectification?: { deadline: string; status: 'open' | 'completed'; breachedOn?: string };
}

/** Checklist rows a findings form offers at once (more are added in further rounds). */
const ROWS = 3;
const ROLE_ACTIONS: Record<string, readonly string[]> = {
  inspector: ['record-findings', 'decide-outcome', 'complete-rectification'],
  supervisor: ['record-findings', 'decide-outcome', 'complete-rectification'],
};

export const inspectionDue = (i: InspectionView): Due | undefined => {
  if (i.rectification?.status === 'open') return { dueDate: i.rectification.deadline, breached: !!i.rectification.breachedOn, provisional: false };
  return i.status === 'open' && i.dueDate ? { dueDate: i.dueDate, breached: false, provisional: false } : undefined;
};

function inspectionForms(i: InspectionView): ActionForm<Key>[] {
  const base = `/v1/inspections/${encodeURIComponent(i.inspectionId)}`;
  const str = (f: FormData, k: string) => String(f.get(k) ?? '');
  return [
    {
      action: 'record-findings',
      route: 'recordInspectionFindings',
      path: `${base}/findings`,
      fields: (t) =>
        Array.from({ length: ROWS }, (_, n) =>
          el(
            'fieldset',
            { class: 'deficiency', 'data-field': `items-${n}` },
            el('legend', {}, t('checklistItem', { n: n + 1 })),
            textField(`item-${n}`, t('item')),
            selectField(`result-${n}`, t('result'), [
              ['pass', t('pass')],
              ['fail', t('fail')],
              ['not-applicable', t('not-applicable')],
            ]),
            textField(`note-${n}`, t('note')),
          ),
        ),
      body: (f) => ({
        items: Array.from({ length: ROWS }, (_, n) => n)
          .filter((n) => str(f, `item-${n}`).trim())
          .map((n) => ({ checklistItem: str(f, `item-${n}`), result: str(f, `result-${n}`), ...(str(f, `note-${n}`) ? { note: str(f, `note-${n}`) } : {}) })),
      }),
    },
    {
      action: 'decide-outcome',
      route: 'decideInspectionOutcome',
      path: `${base}/outcome`,
      confirm: (f, t) =>
        f.get('outcome') === 'revocation-referral' || f.get('outcome') === 'penalty'
          ? { consequence: t(f.get('outcome') === 'penalty' ? 'penaltyConsequence' : 'referralConsequence'), button: t('confirmOutcome') }
          : undefined,
      fields: (t) => [
        choices('outcome', t('outcome'), [
          ['compliant', t('compliant')],
          ['rectification', t('rectification')],
          ['penalty', t('penalty')],
          ['revocation-referral', t('revocation-referral')],
        ]),
        textArea('facts', t('facts')),
        el(
          'div',
          { class: 'field', 'data-field': 'deadline' },
          el('label', { for: 'f-deadline' }, t('deadline')),
          el('input', { id: 'f-deadline', name: 'deadline', type: 'date' }),
        ),
      ],
      body: (f) => ({ outcome: f.get('outcome') ?? undefined, facts: str(f, 'facts'), ...(f.get('deadline') ? { deadline: str(f, 'deadline') } : {}) }),
    },
    {
      action: 'complete-rectification',
      route: 'completeInspectionRectification',
      path: `${base}/rectification-completion`,
      fields: (t) => [textArea('note', t('note'))],
      body: (f) => (f.get('note') ? { note: str(f, 'note') } : {}),
    },
  ];
}

export const loadInspection = (id: string): Promise<InspectionView | null> =>
  api<InspectionView>('GET', `/v1/inspections/${encodeURIComponent(id)}`).catch(() => null);

/** The inspection's page: the enterprise and licence, the team, the findings so far, the outcome, the rectification, the actions. */
export function inspectionPage(i: InspectionView, role: string, lang: Lang, t: T, done: () => Promise<void>): HTMLElement[] {
  const allowed = new Set<string>(allowedActions(INSPECTION_LIFECYCLE, i.status));
  const forms = inspectionForms(i).filter((f) => allowed.has(f.action) && (ROLE_ACTIONS[role] ?? []).includes(f.action));
  return [
    el('h2', { tabindex: '-1', id: 'item-title' }, `${i.name} · `, identifier(i.inspectionId)),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('status')),
      el('dd', { 'data-status': i.status }, t(`inspection-${i.status}`)),
      el('dt', {}, t('inspectionKind')),
      el('dd', {}, t(i.kind)),
      el('dt', {}, t('uscc')),
      el('dd', {}, i.uscc),
      ...(i.licenseNo ? [el('dt', {}, t('licence')), el('dd', {}, i.licenseNo)] : []),
      el('dt', {}, t('inspectors')),
      el('dd', {}, ...i.inspectors.flatMap((x, n) => [n ? '、' : '', identifier(x)])),
      el('dt', {}, t('openedAt')),
      el('dd', {}, shanghaiTime(i.openedAt)),
      ...(i.outcome
        ? [el('dt', {}, t('outcome')), el('dd', { 'data-outcome': i.outcome.outcome }, `${t(i.outcome.outcome as 'compliant')}：${i.outcome.facts}`)]
        : []),
      ...(i.rectification
        ? [el('dt', {}, t('rectification')), el('dd', {}, `${i.rectification.deadline} · ${t(i.rectification.status === 'open' ? 'open' : 'met')}`)]
        : []),
    ),
    el('h3', {}, t('findings')),
    i.findings.length
      ? el('ul', { class: 'findings' }, ...i.findings.map((f) => el('li', {}, `${f.checklistItem}：${t(f.result)}${f.note ? `（${f.note}）` : ''}`)))
      : el('p', {}, t('noFindings')),
    actionSection(forms, t, lang, done, 'actions'),
  ];
}
