import { APPLICATION_LIFECYCLE, type ApplicationStatus } from '../../functions/licensing/domain/application';
import type { DeadlineState } from '../../functions/licensing/domain/view';
import { kindRules, type MatterKind } from '../../functions/licensing/domain/guide';
import { levelName } from '../../functions/licensing/domain/levels';
import { validUntilFor } from '../../functions/licensing/domain/license';
import { allowedActions } from '../../functions/platform/domain/lifecycle';
import { agencyById } from '../../functions/platform/regions';
import { el, identifier, type Lang } from '../shared/i18n';
import { api } from '../shared/sign-in';
import {
  type ActionForm,
  actionSection,
  clockChangesList,
  basisIn,
  deadlineList,
  choices,
  documentButton,
  type Due,
  numberField,
  selectField,
  textArea,
  textField,
} from '../shared/forms';
import { shanghaiTime, today } from '../shared/time';
import { actorLabel, AWAITED_STEP_WORDS, CASE_EVENT_WORDS } from '../shared/case-words';
import type { Key, T } from './words';

/** Licensing cases in the workbench: the reviewer's and the decision-maker's queue, and the case page (L4, L5, L6). */
interface Deadline {
  kind: 'acceptance' | 'decision' | 'issuance' | 'publication';
  dueDate: string;
  state: DeadlineState;
  calendarProvisional: boolean;
  rule: string;
  basis: string;
  basisEn?: string;
}
export interface CaseView {
  id: string;
  matterId: string;
  enterpriseName: string;
  uscc: string;
  agencyId: string;
  status: ApplicationStatus;
  submittedAt: string;
  version: number;
  deadlines: Deadline[];
  awaiting: { from: string; step: string; what: string; dueDate?: string; items?: string[]; pause?: { kind: string; expectedWorkingDays: number } };
  materials: { materialType: string; documentId: string; source: string }[];
  missing?: string[];
  correctionNotice?: { issuedAt: string; deficiencies: { materialType?: string; condition?: string; problem: string }[] };
  timeline: { type: string; at: string; actor?: string }[];
  owner?: { sub: string; since: string };
  visits: { reason: string; at: string; by: string }[];
  deliveries: { kind: 'paper-originals' | 'paper-license'; waybillNo: string; at: string }[];
  pauses: { pauseId: string; kind: string; expectedWorkingDays: number; reason?: string; startDate: string; endDate?: string; actualWorkingDays?: number }[];
  extension?: { workingDays: number; reason: string };
}
export interface Matter {
  matterId: string;
  kind: MatterKind;
  name: string;
  nameEn: string;
  className: string;
  classNameEn: string;
  level?: number;
  licenseValidityYears: number;
  /** The official scope wording a grant seals (config/guide.json). */
  scope: string;
  materials: { materialType: string; name: string; nameEn: string }[];
}

/** What each staff role may do to a case (as the routes' roles say), by the lifecycle's action names. */
const ROLE_ACTIONS: Record<string, readonly string[]> = {
  reviewer: ['accept', 'refuse', 'correction-notice', 'extend', 'pause', 'end-pause', 'deliver', 'visit'],
  'decision-maker': ['accept', 'refuse', 'correction-notice', 'extend', 'pause', 'end-pause', 'decide', 'reassign', 'deliver', 'visit'],
};
/** The statuses of a role's case queue. */
export const CASE_QUEUES: Record<string, readonly ApplicationStatus[]> = {
  reviewer: ['submitted', 'correction-requested', 'under-review'],
  'decision-maker': ['under-review', 'submitted', 'correction-requested'],
};

export const caseDue = (c: CaseView): Due | undefined => {
  const d = c.deadlines.filter((x) => x.state === 'open' || x.state === 'breached').sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))[0];
  return d && { dueDate: d.dueDate, breached: d.state === 'breached', provisional: d.calendarProvisional };
};

const materialName = (m: Matter, type: string | undefined, lang: Lang) => {
  const found = m.materials.find((x) => x.materialType === type);
  return found && (lang === 'zh' ? found.name : found.nameEn);
};

/** The face of the licence a grant will seal, as the paper licence and the verification page will show it. */
function licencePreview(c: CaseView, matter: Matter, t: T, lang: Lang): HTMLElement {
  const from = today();
  const row = (k: Key, v: string, attr: string) => [el('dt', {}, t(k)), el('dd', { [`data-preview-${attr}`]: '' }, v)];
  return el(
    'section',
    { class: 'licence-preview', 'aria-label': t('preview') },
    el('h5', {}, t('preview')),
    el(
      'dl',
      { class: 'facts' },
      ...row('licenceName', `${lang === 'zh' ? matter.className : matter.classNameEn}${matter.level ? ` ${levelName(matter.level, lang)}` : ''}`, 'class'),
      ...row('holder', c.enterpriseName, 'holder'),
      ...row('uscc', c.uscc, 'uscc'),
      ...row('scope', matter.scope, 'scope'),
      ...row('validity', t('validityRange', { from, to: validUntilFor(from, matter.licenseValidityYears), years: matter.licenseValidityYears }), 'validity'),
      ...row('issuer', agencyById(c.agencyId)?.fullName ?? c.agencyId, 'issuer'),
      ...row('licenceNoLater', t('licenceNoAtIssue'), 'number'),
    ),
  );
}

function caseForms(c: CaseView, matter: Matter): ActionForm<Key>[] {
  const base = `/v1/applications/${c.id}`;
  const issuesLicense = kindRules(matter.kind).issuesLicense;
  return [
    { action: 'accept', route: 'acceptApplication', path: `${base}/acceptance`, fields: () => [], body: () => ({ decision: 'accept' }) },
    {
      action: 'refuse',
      destructive: true,
      route: 'acceptApplication',
      path: `${base}/acceptance`,
      confirm: (_f, t) => ({ consequence: t('refuseConsequence'), button: t('confirmRefuse') }),
      fields: (t) => [textArea('reasons', t('reasons'))],
      body: (f) => ({ decision: 'refuse', reasons: String(f.get('reasons') ?? '') }),
    },
    {
      action: 'correction-notice',
      route: 'issueCorrectionNotice',
      path: `${base}/correction-notice`,
      fields: (t, lang) => [
        el('p', { class: 'small' }, t('correctionLead')),
        // A missing material comes ticked, its problem said (the notice lists it in any case); each problem field
        // shows once its material is ticked (site.css), so the form is a checklist, not seven text boxes.
        ...matter.materials.map((m, i) => {
          const absent = missingOf(c, matter).includes(m.materialType);
          const problem = textArea(`problem-${m.materialType}`, t('problem'), `problem-${m.materialType}`);
          if (absent) problem.querySelector('textarea')!.textContent = t('notSubmitted');
          return el(
            'fieldset',
            { class: 'deficiency', 'data-field': `deficiency-${m.materialType}` },
            el(
              'legend',
              {},
              el('input', { type: 'checkbox', id: `pick-${i}`, name: 'pick', value: m.materialType, ...(absent ? { checked: '' } : {}) }),
              ' ',
              el(
                'label',
                { for: `pick-${i}` },
                lang === 'zh' ? m.name : m.nameEn,
                absent ? el('strong', { class: 'bad-text' }, ` · ${t('notSubmitted')}`) : '',
              ),
            ),
            problem,
          );
        }),
      ],
      body: (f) => ({
        deficiencies: f.getAll('pick').map((type) => ({ materialType: String(type), problem: String(f.get(`problem-${String(type)}`) ?? '') })),
      }),
      // The body lists the ticked materials in order; each problem belongs under its own material, not under the
      // material that happens to have the same place in the matter's list.
      fieldFor: (path, f) => {
        const n = /^\$\.body\.deficiencies\[(\d+)\]/.exec(path)?.[1];
        const type = n === undefined ? undefined : f.getAll('pick')[Number(n)];
        return type === undefined ? undefined : `problem-${String(type)}`;
      },
      confirm: (f, t, lang) => ({
        preview: el(
          'section',
          { class: 'notice-preview', 'aria-label': t('noticePreview') },
          el('h5', {}, t('noticePreview')),
          el(
            'ol',
            {},
            ...f
              .getAll('pick')
              .map((type) => el('li', {}, `${materialName(matter, String(type), lang) ?? String(type)}：${String(f.get(`problem-${String(type)}`) ?? '')}`)),
          ),
        ),
        consequence: t('noticeConsequence'),
        button: t('confirmNotice'),
      }),
    },
    {
      action: 'extend',
      route: 'extendDecisionPeriod',
      path: `${base}/extension`,
      fields: (t) => [numberField('workingDays', t('workingDays'), 10), textArea('reason', t('reason'))],
      body: (f) => ({ workingDays: Number(f.get('workingDays')), reason: String(f.get('reason') ?? '') }),
    },
    {
      action: 'pause',
      route: 'pauseReview',
      path: `${base}/pauses`,
      fields: (t) => [
        selectField(
          'pauseKind',
          t('pauseKind'),
          [
            ['expert-review', t('expert-review')],
            ['testing', t('testing')],
            ['site-verification', t('site-verification')],
          ],
          'kind',
        ),
        numberField('expectedWorkingDays', t('expectedWorkingDays'), 120),
        textArea('pauseReason', t('reason'), 'reason'),
      ],
      body: (f) => ({
        kind: String(f.get('pauseKind') ?? ''),
        expectedWorkingDays: Number(f.get('expectedWorkingDays')),
        ...(f.get('pauseReason') ? { reason: String(f.get('pauseReason')) } : {}),
      }),
    },
    // One form per pause still running: its end moves the clock by the working days it took.
    ...c.pauses
      .filter((p) => !p.endDate)
      .map((p): ActionForm<Key> => ({
        action: 'end-pause',
        route: 'endPause',
        path: `${base}/pauses/${p.pauseId}/end`,
        title: (t) => t('endPause', { id: '\u0000' }),
        titleIds: [p.pauseId],
        fields: () => [],
        body: () => undefined,
      })),
    {
      action: 'visit',
      route: 'recordVisit',
      path: `${base}/visits`,
      title: (t) => t('record-visit'),
      fields: (t) => [textArea('visitReason', t('visitReason'), 'reason')],
      body: (f) => ({ reason: String(f.get('visitReason') ?? '') }),
    },
    {
      action: 'deliver',
      route: 'recordDelivery',
      path: `${base}/deliveries`,
      title: (t) => t('record-delivery'),
      fields: (t) => [textField('waybillNo', t('waybill'))],
      body: (f) => ({ kind: 'paper-license', waybillNo: String(f.get('waybillNo') ?? '') }),
    },
    {
      action: 'reassign',
      route: 'reassignApplication',
      path: `${base}/reassignment`,
      // Its own field names: the extension's form, on the same page, has a reason too (ids stay unique).
      fields: (t) => [textField('to', t('to')), textArea('handOverReason', t('reason'), 'reason')],
      body: (f) => ({ to: String(f.get('to') ?? ''), reason: String(f.get('handOverReason') ?? '') }),
    },
    {
      action: 'decide',
      route: 'decideApplication',
      path: `${base}/decision`,
      fields: (t) => [
        // Nothing chosen for the decision-maker: granting is as deliberate as denying.
        choices('outcome', t('decide'), [
          ['grant', t('grant')],
          ['deny', t('deny')],
        ]),
        textArea('reasons', t('reasonsDecision')),
        ...(issuesLicense
          ? [
              el(
                'div',
                { class: 'field', 'data-field': 'scope' },
                el('p', { class: 'label' }, t('scopeOfficial')),
                el('p', { class: 'scope', 'data-scope': '' }, matter.scope),
              ),
            ]
          : []),
      ],
      body: (f) => {
        const reasons = String(f.get('reasons') ?? '').trim();
        return {
          outcome: f.get('outcome') ?? undefined,
          ...(reasons ? { reasons } : {}),
          ...(f.get('outcome') === 'grant' && issuesLicense ? { scope: matter.scope } : {}),
        };
      },
      confirm: (f, t, lang) =>
        f.get('outcome') === 'deny'
          ? { consequence: t('denyConsequence'), button: t('confirmDeny') }
          : issuesLicense
            ? { preview: licencePreview(c, matter, t, lang), consequence: t('grantConsequence'), button: t('confirmGrant') }
            : { consequence: t('grantNoLicenceConsequence'), button: t('confirmGrantNoLicence') },
    },
  ];
}

export async function loadCase(id: string): Promise<{ c: CaseView; matter: Matter } | null> {
  const c = await api<CaseView>('GET', `/v1/applications/${encodeURIComponent(id)}`).catch(() => null);
  return c && { c, matter: await api<Matter>('GET', `/v1/guide/matters/${encodeURIComponent(c.matterId)}`) };
}

/** The guide's materials the case lacks: the platform's own finding (intake, supplements), else what was not attached. */
const missingOf = (c: CaseView, matter: Matter): string[] =>
  c.missing ?? matter.materials.filter((m) => !c.materials.some((x) => x.materialType === m.materialType)).map((m) => m.materialType);

/** The actions that carry out the step the case waits for (its `awaiting.step`): the page leads with them. */
function leadActions(c: CaseView, missing: readonly string[]): string[] {
  switch (c.awaiting.step) {
    case 'acceptance':
      // Materials missing: the one correction notice is the next step; all there: acceptance.
      return missing.length ? ['correction-notice'] : ['accept'];
    case 'pause':
      return ['end-pause'];
    case 'decision':
      return ['decide'];
    case 'issuance':
    case 'publication':
      return ['deliver'];
    default:
      return [];
  }
}

const leadable = (lead: readonly string[], forms: readonly ActionForm<Key>[]): readonly string[] | undefined =>
  lead.some((a) => forms.some((f) => f.action === a)) ? lead : undefined;

/** The next step, in words: who it waits for, until when, and what exactly (the notice's items, the pause). */
function nextStep(c: CaseView, matter: Matter, lang: Lang, t: T): HTMLElement {
  const a = c.awaiting;
  const words = AWAITED_STEP_WORDS[a.step];
  const text = (words?.[lang] ?? a.what).replace('{kind}', a.pause ? t(a.pause.kind as Key) : '').replace('{days}', String(a.pause?.expectedWorkingDays ?? ''));
  return el(
    'section',
    { class: 'next-step', 'aria-labelledby': 'next-step-title', 'data-step': a.step, 'data-awaiting': a.from },
    el('h3', { id: 'next-step-title' }, t('nextStep')),
    el('p', {}, text, a.dueDate ? ` · ${t('dueBy', { date: a.dueDate })}` : ''),
    ...(a.items?.length ? [el('ul', {}, ...a.items.map((x) => el('li', {}, materialName(matter, x, lang) ?? x)))] : []),
  );
}

/** A timeline entry's actor in words (a staff account stays its id, marked as one). */
const actorOf = (actor: string, lang: Lang): string | HTMLElement => {
  const said = actorLabel(actor, lang);
  return typeof said === 'string' ? said : identifier(said.staff);
};

/**
 * The case page (issue 33 item 7): what the case waits for first, then its facts and clocks, every material the
 * guide asks for with what is missing said, the actions with the next step's leading and the rest behind one
 * disclosure (the destructive ones styled as such, the irreversible ones confirmed), and the timeline.
 */
export function casePage({ c, matter }: { c: CaseView; matter: Matter }, role: string, lang: Lang, t: T, done: (what: string) => Promise<void>): HTMLElement[] {
  const allowed = new Set<string>(allowedActions(APPLICATION_LIFECYCLE, c.status));
  const clock = clockChangesList(c, lang);
  const forms = caseForms(c, matter).filter((f) => allowed.has(f.action) && (ROLE_ACTIONS[role] ?? []).includes(f.action));
  const submitted = new Map(c.materials.map((m) => [m.materialType, m]));
  const missing = missingOf(c, matter);
  return [
    el('h2', { tabindex: '-1', id: 'item-title' }, `${c.enterpriseName} · `, identifier(c.id)),
    nextStep(c, matter, lang, t),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('matter')),
      el('dd', {}, lang === 'zh' ? matter.name : matter.nameEn),
      el('dt', {}, t('status')),
      el('dd', { 'data-status': c.status }, t(c.status)),
      el('dt', {}, t('owner')),
      el('dd', { 'data-owner': c.owner?.sub ?? '' }, ...(c.owner ? [identifier(c.owner.sub), `（${shanghaiTime(c.owner.since)}）`] : [t('unowned')])),
    ),
    el('h3', {}, t('deadlines')),
    deadlineList(
      c.deadlines.map((d) => ({
        kind: d.kind,
        label: t(d.kind),
        dueDate: d.dueDate,
        state: d.state,
        provisional: d.calendarProvisional,
        rule: d.rule,
        basis: basisIn(d, lang),
      })),
      lang,
    ),
    el('h3', {}, t('materials')),
    ...(missing.length
      ? [el('p', { class: 'bad-text', 'data-missing-count': String(missing.length) }, t('missingCount', { n: missing.length, of: matter.materials.length }))]
      : []),
    el(
      'ul',
      { class: 'materials' },
      ...matter.materials.map((m) => {
        const got = submitted.get(m.materialType);
        const name = lang === 'zh' ? m.name : m.nameEn;
        return got
          ? el(
              'li',
              { 'data-material': m.materialType },
              `${name} · ${t(`source-${got.source}` as Key)} · `,
              documentButton(c.uscc, got.documentId, t('openDocument'), lang),
            )
          : el('li', { 'data-material': m.materialType, 'data-missing': '' }, `${name} · `, el('strong', { class: 'bad-text' }, t('notSubmitted')));
      }),
    ),
    ...(clock ? [el('h3', {}, t('clockChanges')), clock] : []),
    el('h3', {}, t('visits')),
    c.visits.length
      ? el('ul', { class: 'visits' }, ...c.visits.map((v) => el('li', {}, `${shanghaiTime(v.at)} · `, actorOf(v.by, lang), `：${v.reason}`)))
      : el('p', {}, t('noVisits')),
    el('h3', {}, t('deliveries')),
    c.deliveries.length
      ? el(
          'ul',
          { class: 'deliveries' },
          ...c.deliveries.map((d) =>
            el('li', { 'data-waybill': d.waybillNo }, `${shanghaiTime(d.at)} · ${t(d.kind)} · ${t('waybill')} `, identifier(d.waybillNo)),
          ),
        )
      : el('p', {}, t('noDeliveries')),
    ...(c.correctionNotice
      ? [
          el('h3', {}, t('notice', { date: c.correctionNotice.issuedAt.slice(0, 10) })),
          el(
            'ul',
            { class: 'notice' },
            ...c.correctionNotice.deficiencies.map((d) => el('li', {}, `${materialName(matter, d.materialType, lang) ?? d.condition ?? ''}：${d.problem}`)),
          ),
        ]
      : []),
    // The step's own action leads when this person may take it; otherwise nothing is hidden behind a lead they lack.
    actionSection(forms, t, lang, done, 'actions', leadable(leadActions(c, missing), forms)),
    el('h3', {}, t('timeline')),
    el(
      'ol',
      { class: 'timeline' },
      ...c.timeline.map((e) =>
        el(
          'li',
          { 'data-event': e.type },
          `${shanghaiTime(e.at)} · ${CASE_EVENT_WORDS[e.type]?.[lang] ?? e.type}`,
          ...(e.actor ? [' · ', actorOf(e.actor, lang)] : []),
        ),
      ),
    ),
  ];
}
