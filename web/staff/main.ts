import { APPLICATION_LIFECYCLE, type ApplicationStatus } from '../../functions/licensing/domain/application';
import { calendar } from '../../functions/platform/config';
import { allowedActions } from '../../functions/platform/domain/lifecycle';
import { fieldErrors } from '../../functions/platform/http/problem';
import type { DeadlineState } from '../../functions/licensing/domain/view';
import type { RouteSpec } from '../../functions/platform/http/route';
import { routes } from '../../functions/routes';
import { el, type Lang, mountPage, translator, type Words } from '../shared/i18n';
import { api, ApiProblem, type Claims, completeSignIn, signIn, signOut } from '../shared/sign-in';

/**
 * The staff workbench (issue 19): sign-in through the configured provider, the work queue of one's role ordered by
 * the nearest statutory deadline in working days, and the case page with exactly the actions the case's transition
 * table allows now (APPLICATION_LIFECYCLE) for one's role, each a form checked with the API's own schema (routes.ts)
 * before it is sent, every problem shown at the field it names. One page: its paths (/staff/, /staff/cases/<id>)
 * are handled here, so the tokens stay in memory.
 */
const ROOT = '/staff/';
const WORDS = {
  title: { zh: '工作台', en: 'Workbench' },
  signInLead: { zh: '监管机构工作人员登录后办理审查、决定、监管和检查事务。', en: 'Regulator staff sign in to review, decide, supervise and inspect.' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  who: { zh: '{sub} · {role} · {agency}', en: '{sub} · {role} · {agency}' },
  queue: { zh: '待办', en: 'Work queue' },
  queueLead: { zh: '按最近的法定期限排列（工作日）。', en: 'By the nearest statutory deadline (working days).' },
  filter: { zh: '筛选（企业、案件、事项）', en: 'Filter (enterprise, case, matter)' },
  empty: { zh: '没有待办事项。', en: 'Nothing waiting.' },
  due: { zh: '期限', en: 'Due' },
  case: { zh: '案件', en: 'Case' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  matter: { zh: '事项', en: 'Matter' },
  status: { zh: '状态', en: 'Status' },
  daysLeft: { zh: '剩 {n} 个工作日', en: '{n} working days left' },
  overdue: { zh: '已超期', en: 'Overdue' },
  provisional: { zh: '（暂定日历）', en: '(provisional calendar)' },
  noDeadline: { zh: '—', en: '—' },
  submitted: { zh: '待受理', en: 'Awaiting acceptance' },
  'correction-requested': { zh: '待补正', en: 'Awaiting supplement' },
  'under-review': { zh: '审查中', en: 'Under review' },
  granted: { zh: '准予许可', en: 'Granted' },
  denied: { zh: '不予许可', en: 'Denied' },
  refused: { zh: '不予受理', en: 'Refused' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  back: { zh: '← 待办', en: '← Work queue' },
  deadlines: { zh: '期限', en: 'Deadlines' },
  acceptance: { zh: '受理', en: 'Acceptance' },
  decision: { zh: '审查决定', en: 'Decision' },
  issuance: { zh: '颁发证件', en: 'Issuance' },
  publication: { zh: '结果公示', en: 'Publication' },
  met: { zh: '已完成', en: 'Met' },
  open: { zh: '计时中', en: 'Running' },
  paused: { zh: '已暂停', en: 'Paused' },
  breached: { zh: '已超期', en: 'Breached' },
  awaiting: { zh: '等待', en: 'Awaiting' },
  materials: { zh: '申请材料', en: 'Materials' },
  notice: { zh: '补正通知（{date}）', en: 'Correction notice ({date})' },
  timeline: { zh: '办理过程', en: 'Timeline' },
  actions: { zh: '可办理的操作', en: 'What you can do now' },
  noActions: { zh: '此案件目前没有您可以办理的操作。', en: 'Nothing for you to do on this case now.' },
  accept: { zh: '受理', en: 'Accept' },
  refuse: { zh: '不予受理', en: 'Refuse' },
  'correction-notice': { zh: '一次性告知补正', en: 'Correction notice (all at once)' },
  correctionLead: {
    zh: '勾选需要补正的全部材料并说明问题：依法只能告知一次。',
    en: 'Tick every material to correct and say what is wrong: the law allows one notice.',
  },
  problem: { zh: '问题说明', en: 'What is wrong' },
  extend: { zh: '延长审查期限', en: 'Extend the decision period' },
  workingDays: { zh: '延长工作日数（最多 10）', en: 'Working days (at most 10)' },
  reason: { zh: '理由', en: 'Reason' },
  reasons: { zh: '理由（申请人可见）', en: 'Reasons (the applicant sees them)' },
  decide: { zh: '作出决定', en: 'Decide' },
  grant: { zh: '准予许可', en: 'Grant' },
  deny: { zh: '不予许可', en: 'Deny' },
  scope: { zh: '许可范围', en: 'Scope' },
  confirm: { zh: '我确认此决定不可撤销，并已写明理由。', en: 'I confirm this cannot be undone and the reasons are written.' },
  mustConfirm: { zh: '不可撤销的操作需要确认。', en: 'An irreversible step needs your confirmation.' },
  send: { zh: '提交', en: 'Submit' },
  done: { zh: '已办理。', en: 'Done.' },
  failed: { zh: '未能办理：{detail}', en: 'Not done: {detail}' },
  notFound: { zh: '没有这个案件，或不在您的范围内。', en: 'No such case, or not within your scope.' },
} satisfies Words<string>;
type Key = keyof typeof WORDS;
type T = ReturnType<typeof translator<Key>>;

interface Deadline {
  kind: 'acceptance' | 'decision' | 'issuance' | 'publication';
  dueDate: string;
  state: DeadlineState;
  calendarProvisional: boolean;
  rule: string;
}
interface CaseView {
  id: string;
  matterId: string;
  enterpriseName: string;
  uscc: string;
  status: ApplicationStatus;
  version: number;
  deadlines: Deadline[];
  awaiting: { from: string; what: string; dueDate?: string };
  materials: { materialType: string; documentId: string; source: string }[];
  correctionNotice?: { issuedAt: string; deficiencies: { materialType?: string; condition?: string; problem: string }[] };
  timeline: { type: string; at: string; actor?: string }[];
}
interface Matter {
  matterId: string;
  name: string;
  nameEn: string;
  materials: { materialType: string; name: string; nameEn: string }[];
}

/** What each staff role may do to a case (as the routes' roles say), by the lifecycle's action names. */
const ROLE_ACTIONS: Record<string, readonly string[]> = {
  reviewer: ['accept', 'refuse', 'correction-notice', 'extend'],
  'decision-maker': ['accept', 'refuse', 'correction-notice', 'extend', 'decide'],
};
/** The statuses of a role's queue. */
const QUEUES: Record<string, readonly ApplicationStatus[]> = {
  reviewer: ['submitted', 'correction-requested', 'under-review'],
  'decision-maker': ['under-review', 'submitted', 'correction-requested'],
};

const materialName = (m: Matter, type: string | undefined, lang: Lang) => {
  const found = m.materials.find((x) => x.materialType === type);
  return found && (lang === 'zh' ? found.name : found.nameEn);
};
/** Times as staff read them: Beijing time. */
const shanghaiTime = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const today = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const nextDeadline = (c: CaseView): Deadline | undefined =>
  c.deadlines.filter((d) => d.state === 'open' || d.state === 'breached').sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1))[0];

function dueCell(d: Deadline | undefined, t: T): HTMLElement {
  if (!d) return el('span', {}, t('noDeadline'));
  const left = calendar.workingDaysBetween(today(), d.dueDate);
  const overdue = d.state === 'breached' || d.dueDate < today();
  return el(
    'span',
    { class: overdue ? 'bad-text' : '', 'data-due': d.dueDate },
    `${d.dueDate} `,
    overdue ? el('strong', {}, t('overdue')) : t('daysLeft', { n: left.value }),
    d.calendarProvisional || left.calendarProvisional ? ` ${t('provisional')}` : '',
  );
}

async function start(): Promise<void> {
  // Queues are tables: the workbench takes the width of the screen.
  document.querySelector('main')!.classList.add('wide');
  let me: Claims | undefined;
  let failure: string | undefined;
  try {
    me = await completeSignIn(ROOT);
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  const state: { queue?: CaseView[]; filter: string; open?: CaseView | null; matter?: Matter; message?: { ok: boolean; text: string } } = { filter: '' };

  // The matters' names, once: the queue shows them.
  const matterNames = new Map<string, { zh: string; en: string }>();
  const load = async () => {
    if (!matterNames.size)
      for (const m of (await api<{ items: Matter[] }>('GET', '/v1/guide/matters')).items) matterNames.set(m.matterId, { zh: m.name, en: m.nameEn });
    const m = /^\/staff\/cases\/([^/]+)$/.exec(location.pathname);
    if (m) {
      state.open = await api<CaseView>('GET', `/v1/applications/${encodeURIComponent(m[1]!)}`).catch(() => null);
      if (state.open && state.matter?.matterId !== state.open.matterId)
        state.matter = await api<Matter>('GET', `/v1/guide/matters/${encodeURIComponent(state.open.matterId)}`);
    } else {
      state.open = undefined;
      const pages = await Promise.all(
        (QUEUES[me!.role] ?? []).map((s) => api<{ items: CaseView[] }>('GET', `/v1/applications?status=${s}&limit=100`).then((p) => p.items)),
      );
      state.queue = pages.flat().sort((a, b) => (nextDeadline(a)?.dueDate ?? '9').localeCompare(nextDeadline(b)?.dueDate ?? '9'));
    }
  };
  const go = async (path: string) => {
    history.pushState(null, '', path);
    state.message = undefined;
    await load();
    repaint();
    document.querySelector<HTMLElement>('main h2')?.focus();
  };

  // Handed to the views before mountPage returns it (its first paint runs inside), so called through this.
  let repaint: () => void = () => undefined;
  repaint = mountPage(WORDS.title, (lang, main) => {
    const t = translator(WORDS, lang);
    if (!me) {
      const button = el('button', { type: 'button', class: 'more', id: 'sign-in' }, t('signIn'));
      button.onclick = () => void signIn(ROOT);
      return void main.replaceChildren(
        el('p', { class: 'lead' }, t('signInLead')),
        failure ? el('p', { class: 'bad-text', role: 'alert' }, failure) : '',
        button,
      );
    }
    const out = el('button', { type: 'button', class: 'link', id: 'sign-out' }, t('signOut'));
    out.onclick = () => void signOut(ROOT);
    const bar = el('p', { class: 'who' }, t('who', { sub: me.sub, role: me.role, agency: me.agencyId ?? '' }), ' · ', out);
    if (state.open === null) return void main.replaceChildren(bar, backLink(t, go), el('p', { class: 'bad-text' }, t('notFound')));
    if (state.open) return void main.replaceChildren(bar, ...casePage(state.open, state.matter!, me, lang, t, go, state, repaint, load));
    main.replaceChildren(bar, ...queuePage(state.queue ?? [], state, lang, matterNames, t, go, repaint));
  });
  window.onpopstate = () => void load().then(repaint);
  if (me) {
    await load();
    repaint();
  }
}

const backLink = (t: T, go: (p: string) => Promise<void>) => {
  const a = el('a', { href: ROOT }, t('back'));
  a.onclick = (e) => {
    e.preventDefault();
    void go(ROOT);
  };
  return el('p', {}, a);
};

function queuePage(
  queue: CaseView[],
  state: { filter: string },
  lang: Lang,
  matterNames: ReadonlyMap<string, { zh: string; en: string }>,
  t: T,
  go: (p: string) => Promise<void>,
  repaint: () => void,
): HTMLElement[] {
  const filter = el('input', { id: 'queue-filter', type: 'search', value: state.filter });
  filter.oninput = () => {
    state.filter = filter.value;
    repaint();
    document.querySelector<HTMLInputElement>('#queue-filter')?.focus();
  };
  const shown = queue.filter((c) =>
    `${c.enterpriseName} ${c.id} ${c.matterId} ${matterNames.get(c.matterId)?.[lang] ?? ''}`.toLowerCase().includes(state.filter.toLowerCase()),
  );
  const rows = shown.map((c) => {
    const link = el('a', { href: `${ROOT}cases/${c.id}` }, c.id);
    link.onclick = (e) => {
      e.preventDefault();
      void go(`${ROOT}cases/${c.id}`);
    };
    return el(
      'tr',
      { 'data-case': c.id },
      el('td', {}, dueCell(nextDeadline(c), t)),
      el('td', {}, link),
      el('td', {}, c.enterpriseName),
      el('td', {}, matterNames.get(c.matterId)?.[lang] ?? c.matterId),
      el('td', {}, t(c.status)),
    );
  });
  return [
    el('h2', { tabindex: '-1' }, t('queue')),
    el('p', { class: 'small' }, t('queueLead')),
    el('div', { class: 'field' }, el('label', { for: 'queue-filter' }, t('filter')), filter),
    shown.length
      ? el(
          'table',
          { class: 'queue' },
          el('thead', {}, el('tr', {}, ...(['due', 'case', 'enterprise', 'matter', 'status'] as const).map((k) => el('th', { scope: 'col' }, t(k))))),
          el('tbody', {}, ...rows),
        )
      : el('p', {}, t('empty')),
  ];
}

/** The action forms: each one's fields, the body it sends, and the route whose schema checks it first. */
interface ActionForm {
  action: string;
  route: keyof typeof routes;
  path: string;
  irreversible?: (form: FormData) => boolean;
  fields: (t: T, lang: Lang) => HTMLElement[];
  body: (form: FormData) => unknown;
}

function actionForms(c: CaseView, matter: Matter): ActionForm[] {
  const base = `/v1/applications/${c.id}`;
  return [
    { action: 'accept', route: 'acceptApplication', path: `${base}/acceptance`, fields: () => [], body: () => ({ decision: 'accept' }) },
    {
      action: 'refuse',
      route: 'acceptApplication',
      path: `${base}/acceptance`,
      irreversible: () => true,
      fields: (t) => [textArea('reasons', t('reasons'))],
      body: (f) => ({ decision: 'refuse', reasons: String(f.get('reasons') ?? '') }),
    },
    {
      action: 'correction-notice',
      route: 'issueCorrectionNotice',
      path: `${base}/correction-notice`,
      fields: (t, lang) => [
        el('p', { class: 'small' }, t('correctionLead')),
        ...matter.materials.map((m, i) =>
          el(
            'fieldset',
            { class: 'deficiency' },
            el(
              'legend',
              {},
              el('input', { type: 'checkbox', id: `pick-${i}`, name: 'pick', value: m.materialType }),
              ' ',
              el('label', { for: `pick-${i}` }, lang === 'zh' ? m.name : m.nameEn),
            ),
            textArea(`problem-${m.materialType}`, t('problem'), `deficiencies-${i}`),
          ),
        ),
      ],
      body: (f) => ({
        deficiencies: f.getAll('pick').map((type) => ({ materialType: String(type), problem: String(f.get(`problem-${String(type)}`) ?? '') })),
      }),
    },
    {
      action: 'extend',
      route: 'extendDecisionPeriod',
      path: `${base}/extension`,
      fields: (t) => [numberField('workingDays', t('workingDays')), textArea('reason', t('reason'))],
      body: (f) => ({ workingDays: Number(f.get('workingDays')), reason: String(f.get('reason') ?? '') }),
    },
    {
      action: 'decide',
      route: 'decideApplication',
      path: `${base}/decision`,
      irreversible: (f) => f.get('outcome') === 'deny',
      fields: (t) => [
        el('fieldset', { class: 'outcome' }, el('legend', {}, t('decide')), radio('outcome', 'grant', t('grant'), true), radio('outcome', 'deny', t('deny'))),
        textArea('reasons', t('reasons')),
        el('div', { class: 'field' }, el('label', { for: 'f-scope' }, t('scope')), el('input', { id: 'f-scope', name: 'scope', maxlength: '500' })),
      ],
      body: (f) => ({ outcome: f.get('outcome'), reasons: String(f.get('reasons') ?? ''), ...(f.get('scope') ? { scope: String(f.get('scope')) } : {}) }),
    },
  ];
}

const textArea = (name: string, label: string, errorKey = name) =>
  el('div', { class: 'field', 'data-field': errorKey }, el('label', { for: `f-${name}` }, label), el('textarea', { id: `f-${name}`, name, rows: '3' }));
const numberField = (name: string, label: string) =>
  el(
    'div',
    { class: 'field', 'data-field': name },
    el('label', { for: `f-${name}` }, label),
    el('input', { id: `f-${name}`, name, type: 'number', min: '1', max: '10', required: '' }),
  );
const radio = (name: string, value: string, label: string, checked = false) =>
  el('label', { class: 'choice' }, el('input', { type: 'radio', name, value, ...(checked ? { checked: '' } : {}) }), ` ${label}`);

/** `$.body.deficiencies[0].problem` → the field that shows it (`deficiencies-0`, else the top name). */
const fieldOf = (path: string): string => {
  const p = path.replace(/^\$\.body\.?/, '');
  const indexed = /^(\w+)\[(\d+)\]/.exec(p);
  return indexed ? `${indexed[1]}-${indexed[2]}` : (p.split(/[.[]/)[0] ?? '');
};

function casePage(
  c: CaseView,
  matter: Matter,
  me: Claims,
  lang: Lang,
  t: T,
  go: (p: string) => Promise<void>,
  state: { message?: { ok: boolean; text: string } },
  repaint: () => void,
  load: () => Promise<void>,
): HTMLElement[] {
  const allowed = new Set<string>(allowedActions(APPLICATION_LIFECYCLE, c.status));
  const forms = actionForms(c, matter).filter((f) => allowed.has(f.action) && (ROLE_ACTIONS[me.role] ?? []).includes(f.action));
  const sections = forms.map((f) => {
    const form = el('form', { class: 'action', 'data-action': f.action, novalidate: '' }, el('h3', {}, t(f.action as Key)), ...f.fields(t, lang));
    const confirm = f.irreversible
      ? el(
          'div',
          { class: 'field confirm', 'data-field': 'confirm' },
          el('input', { type: 'checkbox', id: `confirm-${f.action}`, name: 'confirm' }),
          ' ',
          el('label', { for: `confirm-${f.action}` }, t('confirm')),
        )
      : undefined;
    if (confirm) form.append(confirm);
    form.append(el('button', { type: 'submit' }, t(f.fields(t, lang).length ? 'send' : (f.action as Key))));
    form.onsubmit = async (e) => {
      e.preventDefault();
      for (const x of form.querySelectorAll('.error')) x.remove();
      const data = new FormData(form);
      const body = f.body(data);
      const show = (field: string, message: string) => {
        const at = form.querySelector<HTMLElement>(`[data-field="${field}"]`) ?? form;
        const id = `err-${f.action}-${field || 'form'}`;
        at.append(el('p', { class: 'error bad-text', id, role: 'alert' }, message));
        at.querySelector('input, textarea')?.setAttribute('aria-describedby', id);
      };
      // The API's own schema first: the same message the API would give, at the field it names.
      const checked = (routes[f.route] as RouteSpec).body?.safeParse(body);
      if (checked && !checked.success) return void fieldErrors(checked.error, '$.body').forEach((x) => show(fieldOf(x.path), x.message));
      if (f.irreversible?.(data) && !data.get('confirm')) return void show('confirm', t('mustConfirm'));
      try {
        await api('POST', f.path, body);
        state.message = { ok: true, text: t('done') };
        await load();
        repaint();
      } catch (err) {
        if (!(err instanceof ApiProblem)) throw err;
        const errors = err.problem.errors ?? [];
        if (errors.length) errors.forEach((x) => show(fieldOf(x.path), x.message));
        else show('', t('failed', { detail: err.problem.detail }));
      }
    };
    return form;
  });
  const deadlineRows = c.deadlines.map((d) =>
    el(
      'li',
      { 'data-deadline': d.kind },
      `${t(d.kind)}：${d.dueDate} · ${t(d.state)}`,
      d.state === 'open' ? ` · ${t('daysLeft', { n: calendar.workingDaysBetween(today(), d.dueDate).value })}` : '',
      d.calendarProvisional ? ` ${t('provisional')}` : '',
      el('span', { class: 'basis' }, d.rule),
    ),
  );
  return [
    backLink(t, go),
    el('h2', { tabindex: '-1', id: 'case-title' }, `${c.enterpriseName} · ${c.id}`),
    ...(state.message ? [el('p', { role: 'status', class: state.message.ok ? 'ok-text' : 'bad-text' }, state.message.text)] : []),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('matter')),
      el('dd', {}, lang === 'zh' ? matter.name : matter.nameEn),
      el('dt', {}, t('status')),
      el('dd', { 'data-status': c.status }, t(c.status)),
      el('dt', {}, t('awaiting')),
      el('dd', {}, `${c.awaiting.from}: ${c.awaiting.what}${c.awaiting.dueDate ? ` (${c.awaiting.dueDate})` : ''}`),
    ),
    el('h3', {}, t('deadlines')),
    el('ul', { class: 'deadlines' }, ...deadlineRows),
    el('h3', {}, t('materials')),
    el('ul', {}, ...c.materials.map((m) => el('li', {}, `${materialName(matter, m.materialType, lang) ?? m.materialType} · ${m.source}`))),
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
    el(
      'section',
      { class: 'actions', 'aria-labelledby': 'actions-title' },
      el('h3', { id: 'actions-title' }, t('actions')),
      ...(sections.length ? sections : [el('p', {}, t('noActions'))]),
    ),
    el('h3', {}, t('timeline')),
    el('ol', { class: 'timeline' }, ...c.timeline.map((e) => el('li', {}, `${shanghaiTime(e.at)} · ${e.type}${e.actor ? ` · ${e.actor}` : ''}`))),
  ];
}

void start();
