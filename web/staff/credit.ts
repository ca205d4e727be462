import { REQUEST_LIFECYCLE, type CreditRequest, type FullRecord, type Measure } from '../../functions/credit/domain/credit';
import type { OpenRequestEntry } from '../../functions/credit/tallies';
import { allowedActions } from '../../functions/platform/domain/lifecycle';
import { el, identifier, type Lang } from '../shared/i18n';
import { api } from '../shared/sign-in';
import { shanghaiTime } from '../shared/time';
import { type ActionForm, actionSection, choices, type Due, documentButton, selectField, textArea, textField } from '../shared/forms';
import type { Key, T } from './words';

/** Credit repairs (C4) and objections (C5) in the workbench: the supervisors' queue of open requests and the enterprise's credit page. */
/** An open request as the agency's list gives it (GET /v1/credit/requests). */
export type OpenRequest = OpenRequestEntry;
export interface CreditView {
  uscc: string;
  name?: string;
  creditClass: string;
  records: FullRecord[];
  measures: Measure[];
  requests: CreditRequest[];
}

/** An accepted request is due 15 working days after its acceptance; a submitted one has no statutory clock yet. */
export const creditDue = (r: OpenRequest): Due | undefined =>
  r.dueDate ? { dueDate: r.dueDate, breached: false, provisional: !!r.calendarProvisional } : undefined;

export const loadCredit = (uscc: string): Promise<CreditView | null> =>
  api<CreditView>('GET', `/v1/enterprises/${encodeURIComponent(uscc)}/credit`).catch(() => null);

/** The forms of one request's actions now (REQUEST_LIFECYCLE), each with field names of its own: one page holds every request's. */
function requestForms(c: CreditView, r: CreditRequest): ActionForm<Key>[] {
  const base = `/v1/enterprises/${encodeURIComponent(c.uscc)}/${r.kind === 'repair' ? 'credit-repairs' : 'credit-objections'}/${r.requestId}`;
  const id = r.requestId;
  const allowed = new Set<string>(allowedActions(REQUEST_LIFECYCLE, r.status));
  const accept: ActionForm<Key> = {
    action: `accept-${id}`,
    route: r.kind === 'repair' ? 'acceptCreditRepair' : 'acceptCreditObjection',
    path: `${base}/acceptance`,
    title: (t) => t('acceptRequest', { id }),
    fields: (t) => [
      choices(
        `decision-${id}`,
        t('acceptRequest', { id }),
        [
          ['accept', t('accept')],
          ['reject', t('notAccept')],
        ],
        undefined,
        'decision',
      ),
      textArea(`reasons-${id}`, t('reasons'), 'reasons'),
    ],
    body: (f) => ({ decision: f.get(`decision-${id}`) ?? undefined, ...(f.get(`reasons-${id}`) ? { reasons: String(f.get(`reasons-${id}`)) } : {}) }),
  };
  const decide: ActionForm<Key> = {
    action: `decide-${id}`,
    route: r.kind === 'repair' ? 'decideCreditRepair' : 'decideCreditObjection',
    path: `${base}/decision`,
    title: (t) => t('decideRequest', { id }),
    // A granted objection changes the record for good (X3): confirmed with reasons.
    confirm: (f, t) =>
      f.get(`outcome-${id}`) === 'granted'
        ? {
            consequence: t(r.kind === 'repair' ? 'repairConsequence' : 'objectionConsequence', { id }),
            button: t(r.kind === 'repair' ? 'confirmRepair' : 'confirmObjection'),
          }
        : undefined,
    fields: (t) => [
      choices(
        `outcome-${id}`,
        t('decideRequest', { id }),
        [
          ['granted', t(r.kind === 'repair' ? 'repairGranted' : 'objectionUpheld')],
          ['refused', t('requestRefused')],
        ],
        undefined,
        'outcome',
      ),
      textArea(`decision-reasons-${id}`, t('reasons'), 'reasons'),
      ...(r.kind === 'objection'
        ? [
            selectField(
              `correction-${id}`,
              t('correction'),
              [
                ['withdraw', t('withdrawRecord')],
                ['minor', t('minor')],
                ['serious', t('serious')],
                ['severe', t('severe')],
              ],
              'correction',
            ),
          ]
        : []),
    ],
    body: (f) => ({
      outcome: f.get(`outcome-${id}`) ?? undefined,
      reasons: String(f.get(`decision-reasons-${id}`) ?? ''),
      ...(r.kind === 'objection' && f.get(`outcome-${id}`) === 'granted' ? { correction: f.get(`correction-${id}`) } : {}),
    }),
  };
  // Submitted: accept or decline; accepted: grant or refuse (the table's own actions).
  return [...(allowed.has('accept') ? [accept] : []), ...(allowed.has('grant') ? [decide] : [])];
}

/** A correction of a record as the API states it (functions/credit/domain/credit.ts), in the page's words. */
function changeSaid(change: string, t: T): string {
  if (change === 'repaired') return t('record-repaired');
  if (change.startsWith('withdrawn')) return t('record-withdrawn');
  const severity = /^severity (\w+) → (\w+)/.exec(change);
  return severity ? `${t(severity[1] as Key)} → ${t(severity[2] as Key)}` : change;
}

/**
 * C3: the interview (约谈) of a serious record — scheduled with its time (Beijing time) and place, moved while it is
 * still to come, then recorded as held with who attended and what was agreed (irreversible: confirmed).
 */
function interviewForms(c: CreditView, m: Measure): ActionForm<Key>[] {
  if (m.kind !== 'interview' || m.status !== 'open') return [];
  const base = `/v1/enterprises/${encodeURIComponent(c.uscc)}/credit/measures/${m.measureId}/interview`;
  const id = m.measureId;
  const schedule: ActionForm<Key> = {
    action: `schedule-${id}`,
    route: 'scheduleCreditInterview',
    path: base,
    title: (t) => t(m.interview ? 'rescheduleInterview' : 'scheduleInterview'),
    fields: (t) => [
      el(
        'div',
        { class: 'field', 'data-field': 'at' },
        el('label', { for: `f-at-${id}` }, t('interviewAt')),
        el('input', { id: `f-at-${id}`, name: `at-${id}`, type: 'datetime-local', required: '' }),
      ),
      textField(`place-${id}`, t('interviewPlace')),
    ],
    fieldFor: (path) => (path.endsWith('.place') ? `place-${id}` : path.endsWith('.at') ? 'at' : undefined),
    body: (f) => {
      const at = String(f.get(`at-${id}`) ?? '');
      // The input gives the wall-clock time the supervisor chose; the agency keeps Beijing time.
      return { at: at ? `${at.length === 16 ? `${at}:00` : at}+08:00` : '', place: String(f.get(`place-${id}`) ?? '') };
    },
  };
  const record: ActionForm<Key> = {
    action: `record-${id}`,
    route: 'recordCreditInterview',
    path: `${base}/record`,
    title: (t) => t('recordInterview'),
    fields: (t) => [textArea(`attendees-${id}`, t('interviewAttendees'), 'attendees'), textArea(`agreed-${id}`, t('interviewAgreed'), 'agreed')],
    fieldFor: (path) => (path.includes('.attendees') ? 'attendees' : path.endsWith('.agreed') ? 'agreed' : undefined),
    body: (f) => ({
      attendees: String(f.get(`attendees-${id}`) ?? '')
        .split('\n')
        .map((x) => x.trim())
        .filter(Boolean),
      agreed: String(f.get(`agreed-${id}`) ?? ''),
    }),
    confirm: (_f, t) => ({ consequence: t('interviewConsequence'), button: t('confirmInterview') }),
  };
  return m.interview ? [record, schedule] : [schedule];
}

/** A measure as the page lists it: its kind, record and state; an interview with its time, place and what was agreed. */
function measureItem(m: Measure, t: T): HTMLElement {
  const i = m.interview;
  return el(
    'li',
    { 'data-measure': m.measureId, 'data-measure-status': m.status },
    `${t(`measure-${m.kind}` as Key)} · `,
    identifier(m.recordId),
    ` · ${t(m.status === 'open' ? 'measureOpen' : m.status === 'held' ? 'interviewHeld' : 'lifted')}`,
    ...(i ? [el('span', { class: 'basis', 'data-interview': 'scheduled' }, t('interviewWhen', { at: shanghaiTime(i.scheduledFor), place: i.place }))] : []),
    ...(i?.held
      ? [el('span', { class: 'basis', 'data-interview': 'held' }, t('interviewRecord', { attendees: i.held.attendees.join('、'), agreed: i.held.agreed }))]
      : []),
  );
}

/** The enterprise's credit: its class, the records (with what changed them), the measures with the interviews, every request with its evidence and the actions it allows. */
export function creditPage(c: CreditView, lang: Lang, t: T, done: () => Promise<void>): HTMLElement[] {
  const open = c.requests.filter((r) => r.status === 'submitted' || r.status === 'accepted');
  return [
    el('h2', { tabindex: '-1', id: 'item-title' }, `${c.name ?? c.uscc} · ${t('creditTitle')}`),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('uscc')),
      el('dd', {}, c.uscc),
      el('dt', {}, t('creditClass')),
      el('dd', { 'data-class': c.creditClass }, t(`class-${c.creditClass}` as Key)),
    ),
    el('h3', {}, t('records')),
    el(
      'ul',
      { class: 'records' },
      ...c.records.map((r) =>
        el(
          'li',
          { 'data-record': r.recordId, 'data-record-status': r.status },
          identifier(r.recordId),
          ` · ${t(r.severity)} · `,
          identifier(r.sourceRef),
          `：${r.facts} · ${t(`record-${r.status}` as Key)}`,
          ...r.corrections.map((x) =>
            el(
              'span',
              { class: 'basis' },
              `${shanghaiTime(x.at)} ${t(x.requestId.startsWith('RP') ? 'correctedByRepair' : 'correctedByObjection')}（${x.requestId}）：${changeSaid(x.change, t)}`,
            ),
          ),
        ),
      ),
    ),
    el('h3', {}, t('measures')),
    el('ul', {}, ...c.measures.map((m) => measureItem(m, t))),
    el('h3', {}, t('creditRequests')),
    ...c.requests.map((r) =>
      el(
        'section',
        { class: 'request', 'data-request': r.requestId, 'data-request-status': r.status },
        el('h4', {}, identifier(r.requestId), ` · ${t(r.kind)} · `, identifier(r.recordId), ` · ${t(`request-${r.status}` as Key)}`),
        el('p', {}, r.statement),
        r.deadline ? el('p', { class: 'small' }, t('decisionDue', { date: r.deadline.dueDate })) : '',
        r.decision ? el('p', { class: 'small' }, `${shanghaiTime(r.decision.at)} · `, identifier(r.decision.by), `：${r.decision.reasons}`) : '',
        r.evidenceDocumentIds.length
          ? el('p', {}, `${t('evidence')}：`, ...r.evidenceDocumentIds.map((d, i) => documentButton(c.uscc, d, t('document', { n: i + 1 }), lang)))
          : '',
      ),
    ),
    actionSection([...c.measures.flatMap((m) => interviewForms(c, m)), ...open.flatMap((r) => requestForms(c, r))], t, lang, done, 'actions'),
  ];
}
