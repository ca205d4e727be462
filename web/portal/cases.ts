import { type ApplicationStatus, FINISHED } from '../../functions/licensing/domain/application';
import type { DeadlineState } from '../../functions/licensing/domain/view';
import { CASE_EVENT_WORDS } from '../shared/case-words';
import { type ActionForm, actionSection, choices, basisIn, clockChangesList, deadlineList, textArea } from '../shared/forms';
import { el, identifier, type Lang, withIdentifiers } from '../shared/i18n';
import { agencyName } from '../shared/provinces';
import { api, ApiProblem } from '../shared/sign-in';
import { shanghaiTime } from '../shared/time';
import { type GuideMatter, materialNames, uploadForm, usableOf, type VaultDocument } from './vault';
import type { Key, T } from './words';

/**
 * The applicant's cases (L4–L6, L9, L11): the list, and a case's page — status, every deadline, what is awaited
 * from whom, the one correction notice with every deficiency answered in one supplement, extensions and pauses
 * with their reasons, the decision with its reasons (and for a denial the rights of reconsideration and
 * litigation), the notifications the platform sent, the waybills, and the service review once it is finished.
 */
export interface PortalCase {
  id: string;
  matterId: string;
  agencyId: string;
  status: ApplicationStatus;
  submittedAt: string;
  path: 'standard' | 'commitment';
  deadlines: { kind: string; dueDate: string; state: DeadlineState; calendarProvisional: boolean; rule: string; basis: string; basisEn?: string }[];
  awaiting: { from: 'applicant' | 'agency' | 'platform' | 'nobody'; dueDate?: string };
  missing: string[];
  correctionNotice?: { issuedAt: string; deficiencies: { materialType?: string; condition?: string; problem: string }[] };
  supplements?: unknown[];
  extension?: { workingDays: number; reason: string; at: string };
  pauses: { pauseId: string; kind: string; expectedWorkingDays: number; reason?: string; startDate: string; endDate?: string; actualWorkingDays?: number }[];
  decision?: { outcome: 'grant' | 'deny'; reasons?: string; at: string; rights?: string };
  refusal?: { reasons: string };
  licenseIssued?: { licenseNo: string };
  deliveries: { kind: string; waybillNo: string; at: string }[];
  timeline: (
    | { type: string; at: string; actor: string }
    | { type: 'Notification'; at: string; notification: { title: string; status: string; deliveries: { channel: string; to: string; status: string }[] } }
  )[];
}

export const loadCases = async (): Promise<PortalCase[]> => (await api<{ items: PortalCase[] }>('GET', '/v1/applications?limit=100')).items;
export const loadCase = (id: string): Promise<PortalCase | null> => api<PortalCase>('GET', `/v1/applications/${encodeURIComponent(id)}`).catch(() => null);

const matterName = (matters: readonly GuideMatter[], id: string, lang: Lang) => {
  const m = matters.find((x) => x.matterId === id);
  return m ? (lang === 'zh' ? m.name : m.nameEn) : id;
};

/** The enterprise's cases, newest first, each with its status and what it waits for. */
export function casesList(
  cases: readonly PortalCase[],
  matters: readonly GuideMatter[],
  t: T,
  lang: Lang,
  link: (href: string, text: string) => HTMLElement,
): HTMLElement {
  return cases.length
    ? el(
        'ul',
        { class: 'cases' },
        ...[...cases]
          .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
          .map((c) =>
            el(
              'li',
              { 'data-case': c.id, 'data-status': c.status },
              link(`/portal/cases/${c.id}`, matterName(matters, c.matterId, lang)),
              ` · ${c.id} · ${t(c.status)}`,
              // The list gives states, not what each waits for: a correction requested is the applicant's turn.
              c.status === 'correction-requested' ? el('strong', { class: 'bad-text' }, ` · ${t('yourTurn')}`) : '',
            ),
          ),
      )
    : el('p', {}, t('noCases'));
}

/** The one supplement: every deficient material, the vault's copy when it holds a valid one, else its upload; sent at once. */
function supplementSection(
  uscc: string,
  c: PortalCase,
  docs: readonly VaultDocument[],
  names: ReadonlyMap<string, string>,
  t: T,
  reload: () => Promise<void>,
): HTMLElement {
  const wanted = (c.correctionNotice?.deficiencies ?? []).flatMap((d) => (d.materialType ? [d.materialType] : []));
  const after = c.correctionNotice!.issuedAt;
  // A document for the notice is one declared after it (what was there before is what the notice found wanting).
  const fresh = (type: string) =>
    usableOf(
      docs.filter((d) => d.declaredAt >= after),
      type,
    );
  const error = el('p', { class: 'bad-text', role: 'alert', id: 'supplement-error' });
  const send = el('button', { type: 'button', class: 'primary', id: 'send-supplement' }, t('sendSupplement'));
  send.onclick = async () => {
    error.textContent = '';
    const missing = wanted.filter((type) => !fresh(type));
    if (missing.length) return void (error.textContent = t('stillMissing', { names: missing.map((m) => names.get(m) ?? m).join('、') }));
    try {
      await api('POST', `/v1/applications/${c.id}/supplements`, { documentIds: wanted.map((type) => fresh(type)!.id) });
      await reload();
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      error.textContent = t('failed', { detail: err.problem.detail });
    }
  };
  return el(
    'section',
    { class: 'supplement', 'aria-labelledby': 'supplement-title' },
    el('h3', { id: 'supplement-title' }, t('supplementTitle')),
    el('p', { class: 'small' }, t('supplementLead')),
    el(
      'ul',
      { class: 'materials' },
      ...wanted.map((type, i) => {
        const doc = fresh(type);
        return el(
          'li',
          { 'data-material': type, 'data-ready': doc ? 'yes' : 'no' },
          el('strong', {}, names.get(type) ?? type),
          ' · ',
          doc
            ? el('span', { class: 'ok-text' }, t('readyToSend', { file: doc.fileName }))
            : uploadForm(uscc, [[type, names.get(type) ?? type]], t, () => reload(), `s${i}`),
        );
      }),
    ),
    error,
    send,
  );
}

/** 1–5 and a comment, under the real name or not (L11); once per finished case. */
function reviewForm(c: PortalCase): ActionForm<Key> {
  return {
    action: 'review',
    route: 'reviewApplication',
    path: `/v1/applications/${c.id}/review`,
    title: (t) => t('reviewTitle'),
    fields: (t) => [
      choices(
        'rating',
        t('rating'),
        ([5, 4, 3, 2, 1] as const).map((n) => [String(n), t(`stars${n}`)]),
      ),
      textArea('comment', t('comment')),
      el(
        'div',
        { class: 'field confirm' },
        el('input', { type: 'checkbox', id: 'f-realName', name: 'realName' }),
        ' ',
        el('label', { for: 'f-realName' }, t('realName')),
      ),
    ],
    body: (f) => ({
      rating: Number(f.get('rating') ?? 0),
      ...(f.get('comment') ? { comment: String(f.get('comment')) } : {}),
      realName: f.get('realName') === 'on',
    }),
  };
}

/** GOV.UK's confirmation: the reference in a panel, then what happens next, with the dates this case has. */
function confirmation(c: PortalCase, matters: readonly GuideMatter[], t: T, lang: Lang): HTMLElement[] {
  const matter = matters.find((m) => m.matterId === c.matterId) as (GuideMatter & { timeLimits?: Record<string, { value: number }> }) | undefined;
  const acceptBy = c.deadlines.find((d) => d.kind === 'acceptance')?.dueDate ?? '';
  return [
    el(
      'section',
      { class: 'panel-confirmation', 'aria-labelledby': 'sent-title', 'data-sent': c.id },
      el('h2', { id: 'sent-title' }, t('sentTitle')),
      el('p', {}, t('sentRef'), el('br'), el('strong', { translate: 'no', class: 'id reference' }, c.id)),
    ),
    el('h3', {}, t('nextTitle')),
    el(
      'ol',
      { class: 'next-steps' },
      el('li', {}, t('nextChecks')),
      el(
        'li',
        {},
        ...withIdentifiers(
          t('nextAccept', { agency: agencyName(c.agencyId, lang), n: matter?.timeLimits?.acceptanceWorkingDays?.value ?? 5, date: '\u0000' }),
          [acceptBy],
        ),
      ),
      el('li', {}, t('nextDecide', { n: matter?.timeLimits?.decisionWorkingDays?.value ?? 20 })),
      el('li', {}, t('nextTold')),
    ),
  ];
}

export function casePage(
  uscc: string,
  c: PortalCase,
  docs: readonly VaultDocument[],
  matters: readonly GuideMatter[],
  state: { reviewed?: boolean },
  t: T,
  lang: Lang,
  link: (href: string, text: string) => HTMLElement,
  reload: () => Promise<void>,
  justSent = false,
): (HTMLElement | string)[] {
  const names = materialNames(matters, lang);
  const clock = clockChangesList(c, lang);
  const notifications = c.timeline.filter((e): e is Extract<PortalCase['timeline'][number], { notification: unknown }> => e.type === 'Notification');
  return [
    ...(justSent ? confirmation(c, matters, t, lang) : []),
    el('h2', { tabindex: '-1', id: 'item-title' }, `${matterName(matters, c.matterId, lang)} · `, identifier(c.id)),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('status')),
      el('dd', { 'data-status': c.status }, t(c.status)),
      el('dt', {}, t('awaiting')),
      el(
        'dd',
        { 'data-awaiting': c.awaiting.from, class: c.awaiting.from === 'applicant' ? 'bad-text' : '' },
        t(`awaiting-${c.awaiting.from}`),
        c.awaiting.dueDate ? ` · ${t('by', { date: c.awaiting.dueDate })}` : '',
      ),
      el('dt', {}, t('path')),
      el('dd', {}, t(c.path === 'commitment' ? 'commitmentPath' : 'standardPath')),
      el('dt', {}, t('feeLabel')),
      el('dd', {}, t('feeNone')),
    ),
    el('h3', {}, t('deadlines')),
    deadlineList(
      c.deadlines.map((d) => ({
        kind: d.kind,
        label: t(`deadline-${d.kind}` as Key),
        dueDate: d.dueDate,
        state: d.state,
        provisional: d.calendarProvisional,
        rule: d.rule,
        basis: basisIn(d, lang),
      })),
      lang,
    ),
    ...(clock ? [el('h3', {}, t('clockChanges')), clock] : []),
    ...(c.correctionNotice
      ? [
          el('h3', {}, t('notice', { date: c.correctionNotice.issuedAt.slice(0, 10) })),
          el('p', { class: 'small' }, t('noticeLead')),
          el(
            'ul',
            { class: 'notice' },
            ...c.correctionNotice.deficiencies.map((d) =>
              el(
                'li',
                { 'data-deficiency': d.materialType ?? d.condition ?? '' },
                `${(d.materialType && names.get(d.materialType)) ?? d.condition ?? ''}：${d.problem}`,
              ),
            ),
          ),
          ...(c.status === 'correction-requested' ? [supplementSection(uscc, c, docs, names, t, reload)] : []),
        ]
      : []),
    ...(c.refusal ? [el('h3', {}, t('refused')), el('p', { class: 'decision' }, c.refusal.reasons)] : []),
    ...(c.decision
      ? [
          el('h3', {}, t('decisionTitle')),
          el(
            'p',
            { class: 'decision', 'data-outcome': c.decision.outcome },
            `${t(c.decision.outcome === 'grant' ? 'granted' : 'denied')}（${shanghaiTime(c.decision.at)}）${c.decision.reasons ? `：${c.decision.reasons}` : ''}`,
          ),
          c.decision.rights ? el('p', { class: 'rights', 'data-rights': '' }, c.decision.rights) : '',
        ]
      : []),
    ...(c.licenseIssued ? [el('p', {}, link(`/portal/licences/${c.licenseIssued.licenseNo}`, t('openLicence', { no: c.licenseIssued.licenseNo })))] : []),
    el('h3', {}, t('deliveries')),
    c.deliveries.length
      ? el(
          'ul',
          { class: 'deliveries' },
          ...c.deliveries.map((d) =>
            el('li', { 'data-waybill': d.waybillNo }, `${shanghaiTime(d.at)} · ${t(d.kind as Key)} · ${t('waybill')} `, identifier(d.waybillNo)),
          ),
        )
      : el('p', {}, t('noDeliveries')),
    el('h3', {}, t('notifications')),
    notifications.length
      ? el(
          'ul',
          { class: 'notifications' },
          ...notifications.map((n) =>
            el(
              'li',
              {},
              `${shanghaiTime(n.at)} · ${n.notification.title} · `,
              n.notification.deliveries.length
                ? n.notification.deliveries
                    .map((d) => `${t(d.channel === 'sms' ? 'channelSms' : 'channelEmail')} ${d.to} ${t(d.status === 'sent' ? 'sent' : 'notSent')}`)
                    .join('，')
                : t('noContact'),
            ),
          ),
        )
      : el('p', {}, t('noNotifications')),
    ...(FINISHED.includes(c.status)
      ? state.reviewed
        ? [el('p', { class: 'ok-text', role: 'status', id: 'reviewed' }, t('thanks'))]
        : [
            actionSection(
              [reviewForm(c)],
              t,
              lang,
              async () => {
                state.reviewed = true;
                await reload();
              },
              'reviewSection',
            ),
          ]
      : []),
    el('h3', {}, t('timeline')),
    el(
      'ol',
      { class: 'timeline' },
      ...c.timeline
        .filter((e) => e.type !== 'Notification')
        .map((e) => el('li', { 'data-event': e.type }, `${shanghaiTime(e.at)} · ${CASE_EVENT_WORDS[e.type]?.[lang] ?? e.type}`)),
    ),
  ];
}
