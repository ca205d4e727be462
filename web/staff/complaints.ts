import complaintsConfig from '../../config/complaints.json';
import { COMPLAINT_LIFECYCLE, type ComplaintStatus, type DeadlineKind } from '../../functions/complaints/domain/complaint';
import { allowedActions } from '../../functions/platform/domain/lifecycle';
import { el, identifier, type Lang } from '../shared/i18n';
import { HOTLINE_WORDS } from '../shared/hotline-words';
import { provinceName } from '../shared/provinces';
import { api } from '../shared/sign-in';
import { type ActionForm, actionSection, deadlineList, checkbox, choices, type Due, numberField, selectField, textArea, textField } from '../shared/forms';
import { shanghaiTime } from '../shared/time';
import type { Key, T } from './words';

/** 12398 work orders in the workbench: the agency's complaints by step and deadline, and the work order's page (P1–P4). */
export interface ComplaintView {
  complaintId: string;
  orderNo: string;
  receivedAt: string;
  type: string;
  businessArea: string;
  channel: string;
  regionCode: string;
  status: ComplaintStatus;
  deadlines: { kind: DeadlineKind; rule: string; dueDate: string; metAt?: string; breachedOn?: string }[];
  complainant: 'confidential' | { anonymous: true } | { anonymous: false; name: string; contact: string };
  facts?: string;
  request?: string;
  assignee?: { staffId: string };
  /** The queue's: who it is about (the matched enterprise's name, else the name the hotline took). */
  partyName?: string;
  /** The page's: the party as the hotline gave it, and the enterprise it was matched to (P3). */
  party?: { name?: string; uscc?: string };
  link?: { matched: true; uscc: string; name: string } | { matched: false };
}

/** Who does what to a work order (the routes' roles): supervisors assign and extend, handlers do the rest. */
const ROLE_ACTIONS: Record<string, readonly string[]> = {
  supervisor: ['accept', 'refuse', 'assign', 'extend', 'find', 'reply', 'call-back'],
  inspector: ['accept', 'refuse', 'find', 'reply', 'call-back'],
};
export const COMPLAINT_QUEUE_ROLES = new Set(Object.keys(ROLE_ACTIONS));

export const complaintDue = (c: { deadlines: ComplaintView['deadlines'] }): Due | undefined => {
  const d = c.deadlines.filter((x) => !x.metAt).sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))[0];
  return d && { dueDate: d.dueDate, breached: !!d.breachedOn, provisional: false };
};

function complaintForms(c: ComplaintView, me: string): ActionForm<Key>[] {
  const base = `/v1/complaints/${c.complaintId}`;
  const str = (f: FormData, k: string) => String(f.get(k) ?? '');
  return [
    {
      action: 'accept',
      route: 'decideComplaintAcceptance',
      path: `${base}/acceptance`,
      fields: () => [],
      body: () => ({ decision: 'accept' }),
    },
    {
      action: 'refuse',
      route: 'decideComplaintAcceptance',
      path: `${base}/acceptance`,
      confirm: (_f, t) => ({ consequence: t('refuseComplaintConsequence'), button: t('confirmRefuseComplaint') }),
      fields: (t, lang) => [
        selectField(
          'ground',
          t('ground'),
          complaintsConfig.refusalGrounds.map((g) => [g.code, lang === 'zh' ? g.title : g.titleEn]),
        ),
        textArea('reasons', t('reasonsToComplainant')),
      ],
      body: (f) => ({ decision: 'refuse', ground: str(f, 'ground'), reasons: str(f, 'reasons') }),
    },
    {
      action: 'assign',
      route: 'assignComplaint',
      path: `${base}/assignment`,
      fields: (t) => [textField('staffId', t('staffId'), me)],
      body: (f) => ({ staffId: str(f, 'staffId') }),
    },
    {
      action: 'extend',
      route: 'extendComplaint',
      path: `${base}/extension`,
      fields: (t) => [numberField('days', t('days'), 30), textArea('reason', t('reason'))],
      body: (f) => ({ days: Number(f.get('days')), reason: str(f, 'reason') }),
    },
    {
      action: 'find',
      route: 'recordComplaintFindings',
      path: `${base}/findings`,
      fields: (t) => [
        choices('substantiated', t('find'), [
          ['true', t('substantiated')],
          ['false', t('notSubstantiated')],
        ]),
        textArea('facts', t('facts')),
        selectField('severity', t('severity'), [['', t('none')], ...(['minor', 'serious', 'severe'] as const).map((s): [string, string] => [s, t(s)])]),
        checkbox('targetedInspection', t('targetedInspection')),
      ],
      body: (f) => ({
        substantiated: f.get('substantiated') === 'true' ? true : f.get('substantiated') === 'false' ? false : undefined,
        facts: str(f, 'facts'),
        ...(f.get('severity') ? { severity: str(f, 'severity') } : {}),
        targetedInspection: f.get('targetedInspection') !== null,
      }),
    },
    {
      action: 'reply',
      route: 'replyToComplaint',
      path: `${base}/reply`,
      fields: (t) => [textArea('text', t('text'))],
      body: (f) => ({ text: str(f, 'text') }),
    },
    {
      action: 'call-back',
      route: 'recordComplaintCallback',
      path: `${base}/callback`,
      fields: (t) => [
        checkbox('reached', t('reached')),
        selectField('satisfaction', t('satisfaction'), [
          ['', t('none')],
          ...(['satisfied', 'basically-satisfied', 'dissatisfied'] as const).map((s): [string, string] => [s, t(s)]),
        ]),
        textArea('note', t('note')),
      ],
      body: (f) => ({
        reached: f.get('reached') !== null,
        ...(f.get('satisfaction') ? { satisfaction: str(f, 'satisfaction') } : {}),
        ...(f.get('note') ? { note: str(f, 'note') } : {}),
      }),
    },
  ];
}

/** A work order's code in words (a code the table does not know yet is shown as it is). */
export const hotlineWord = (t: T, code: string): string => (code in HOTLINE_WORDS ? t(code as keyof typeof HOTLINE_WORDS) : code);

export const loadComplaint = (id: string): Promise<ComplaintView | null> =>
  api<ComplaintView>('GET', `/v1/complaints/${encodeURIComponent(id)}`).catch(() => null);

/** Who a work order is about: the enterprise it was matched to (its code an identifier), else the name as given. */
function partyOf(c: ComplaintView, t: T): (string | HTMLElement)[] {
  if (c.link?.matched) return [`${c.link.name}（`, identifier(c.link.uscc), `）${t('partyMatched')}`];
  return [c.party?.name ?? '—', ...(c.party?.uscc ? ['（', identifier(c.party.uscc), '）'] : []), t('partyUnmatched')];
}

/** The work order's page: what it says, who complained (shown to the routed agency only, the opening logged), every deadline, the actions. */
export function complaintPage(c: ComplaintView, me: { sub: string; role: string }, lang: Lang, t: T, done: () => Promise<void>): HTMLElement[] {
  const allowed = new Set<string>(allowedActions(COMPLAINT_LIFECYCLE, c.status));
  const forms = complaintForms(c, me.sub).filter((f) => allowed.has(f.action) && (ROLE_ACTIONS[me.role] ?? []).includes(f.action));
  const who = c.complainant;
  return [
    el('h2', { tabindex: '-1', id: 'item-title' }, `${t('complaints')} · `, identifier(c.orderNo)),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('status')),
      el('dd', { 'data-status': c.status }, t(c.status)),
      el('dt', {}, t('type')),
      el('dd', {}, hotlineWord(t, c.type)),
      el('dt', {}, t('businessArea')),
      el('dd', {}, hotlineWord(t, c.businessArea)),
      el('dt', {}, t('channel')),
      el('dd', {}, `${hotlineWord(t, c.channel)} · ${provinceName(c.regionCode, lang)}`),
      el('dt', {}, t('partyTitle')),
      el('dd', { 'data-party': c.link?.matched ? c.link.uscc : '' }, ...partyOf(c, t)),
      el('dt', {}, t('receivedAt')),
      el('dd', {}, shanghaiTime(c.receivedAt)),
      el('dt', {}, t('complainant')),
      el('dd', { 'data-complainant': '' }, who === 'confidential' ? '—' : who.anonymous ? t('anonymous') : `${who.name} · ${who.contact}`),
      ...(c.facts ? [el('dt', {}, t('factsText')), el('dd', {}, c.facts)] : []),
      ...(c.request ? [el('dt', {}, t('requestText')), el('dd', {}, c.request)] : []),
    ),
    ...(who !== 'confidential' ? [el('p', { class: 'note', role: 'note' }, t('openingLogged'))] : []),
    el('h3', {}, t('deadlines')),
    deadlineList(
      c.deadlines.map((d) => ({
        kind: d.kind,
        label: t(d.kind),
        dueDate: d.dueDate,
        state: d.metAt ? 'met' : d.breachedOn ? 'breached' : 'open',
        provisional: false,
        rule: d.rule,
      })),
      lang,
    ),
    actionSection(forms, t, lang, done, 'actions'),
  ];
}
