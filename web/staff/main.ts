import { el, identifier, type Lang, mountPage, translator, withIdentifiers } from '../shared/i18n';
import { agencyName } from '../shared/provinces';
import { appNavigation, arrival, signInPanel } from '../shared/app';
import { COMPLAINT_LIFECYCLE } from '../../functions/complaints/domain/complaint';
import { allowedActions } from '../../functions/platform/domain/lifecycle';
import { allPages, api, ApiProblem, type Claims, signOut } from '../shared/sign-in';
import { CASE_QUEUES, caseDue, casePage, type CaseView, loadCase, type Matter } from './cases';
import { COMPLAINT_QUEUE_ROLES, complaintDue, complaintPage, type ComplaintView, hotlineWord, loadComplaint } from './complaints';
import { creditDue, creditPage, type CreditView, loadCredit, type OpenRequest } from './credit';
import { type Draw, drawPage, drawsPage, type DrawsState, loadDraw, loadDraws } from './draws';
import { type ActionForm, actionSection, type Due, dueCell, textArea, textField } from '../shared/forms';
import { importForm, importPage, type ImportReport, loadImport } from './imports';
import { inspectionDue, inspectionPage, type InspectionView, loadInspection } from './inspections';
import { loadReports, reportsPage, type ReportsState } from './reports';
import { currentQuarter } from '../shared/time';
import { type Key, roleName, type T, WORDS } from './words';
import { pathSegment } from '../shared/paths';

/**
 * The staff workbench (issue 19; ADR 0012): sign-in through the configured provider (code + PKCE), the work queue
 * of one's role — licensing cases for reviewers and decision-makers, 12398 work orders for supervisors and
 * inspectors — ordered by the nearest statutory deadline in working days, and each work item's page with exactly
 * the actions its transition table allows now for the role (cases.ts, complaints.ts; forms checked with the API's
 * own schemas); for supervisors also credit repairs and objections, post-approval verifications, rectification
 * orders and the condition screening's warnings, and the draws (draws.ts); for administrators the register import
 * (imports.ts). One page: its paths (/staff/, /staff/<kind>/<id>, /staff/reports, /staff/draws, /staff/imports) are
 * handled here, so moving around keeps the ID token in memory (a reload resumes the tab's sign-in, ADR 0017).
 */
const ROOT = '/staff/';
/** Rows of the queue per page. */
const QUEUE_PAGE = 50;
const OPEN_COMPLAINTS = ['received', 'accepted', 'assigned', 'handled', 'replied'] as const;

/** A row of the queue, whatever the work item. */
interface QueueItem {
  href: string;
  id: string;
  due?: Due;
  party: string;
  what: string;
  status: Key;
  /** Whose it is (首问负责): cases have an owner once someone acted; work orders their assigned handler. */
  owner?: string;
  /** When it arrived (a case submitted, a work order received, a request filed): the queue sorts by it on request. */
  since?: string;
  /** A work order a supervisor may assign now (its table allows it): the queue offers it for bulk assignment. */
  assignable?: boolean;
}

/** 顶岗补位: a colleague marked away, and who covers (GET /v1/supervision/absences). */
interface Absence {
  sub: string;
  coveredBy: string;
  until?: string;
  reason: string;
}

/** A warning of the monthly condition screening (S6): a personnel shortfall's rectification order, a renewal or safety-assessment reminder. */
interface Warning {
  uscc: string;
  warningId: string;
  kind: string;
  subject: string;
  month: string;
  raisedOn: string;
  resolvedOn?: string;
}

/** The supervisors' open verifications (S7) and rectification orders (S5): GET /v1/supervision/queue. */
interface SupervisionQueue {
  verifications: { count: number; items: { dueDate: string; inspectionId: string; uscc: string }[] };
  rectifications: { count: number; items: { deadline: string; inspectionId: string; uscc: string; name: string }[] };
}

async function queueOf(me: Claims, matterNames: ReadonlyMap<string, { zh: string; en: string }>, lang: Lang): Promise<{ items: QueueItem[]; more: boolean }> {
  // A list longer than a queue can show says so (the queue then asks for a filter), rather than losing its tail unsaid.
  let more = false;
  const listed = <I>(p: { items: I[]; more: boolean }): I[] => {
    more ||= p.more;
    return p.items;
  };
  const cases = await Promise.all((CASE_QUEUES[me.role] ?? []).map((s) => allPages<CaseView>(`/v1/applications?status=${s}`).then(listed)));
  const complaints = COMPLAINT_QUEUE_ROLES.has(me.role)
    ? await Promise.all(OPEN_COMPLAINTS.map((s) => allPages<ComplaintView>(`/v1/complaints?status=${s}`).then(listed)))
    : [];
  // A supervisor's credit requests (C4, C5), verifications (S7) and rectification orders (S5).
  const [requests, supervision] =
    me.role === 'supervisor'
      ? await Promise.all([allPages<OpenRequest>('/v1/credit/requests').then(listed), api<SupervisionQueue>('GET', '/v1/supervision/queue')])
      : [[], undefined];
  // An inspector's own inspections (S4: the team the draw matched).
  const inspections =
    me.role === 'inspector' ? listed(await allPages<InspectionView>('/v1/inspections?assignedTo=me')).filter((i) => i.status !== 'closed') : [];
  const items = [
    ...inspections.map((i): QueueItem => ({
      href: `${ROOT}inspections/${i.inspectionId}`,
      id: i.inspectionId,
      due: inspectionDue(i),
      party: i.name,
      what: i.kind,
      status: `inspection-${i.status}`,
    })),
    ...requests.map((r): QueueItem => ({
      href: `${ROOT}credit/${r.uscc}`,
      id: r.requestId,
      due: creditDue(r),
      party: r.name,
      what: r.kind,
      status: `request-${r.status}`,
      since: r.submittedAt,
    })),
    ...(supervision?.verifications.items ?? []).map((v): QueueItem => ({
      href: `${ROOT}inspections/${v.inspectionId}`,
      id: v.inspectionId,
      due: { dueDate: v.dueDate, breached: false, provisional: false },
      party: v.uscc,
      what: 'post-approval',
      status: 'inspection-open',
    })),
    ...(supervision?.rectifications.items ?? []).map((r): QueueItem => ({
      href: `${ROOT}inspections/${r.inspectionId}`,
      id: r.inspectionId,
      due: { dueDate: r.deadline, breached: false, provisional: false },
      party: r.name,
      what: 'rectification',
      status: 'inspection-rectifying',
    })),
    ...cases.flat().map((c): QueueItem => ({
      href: `${ROOT}cases/${c.id}`,
      id: c.id,
      due: caseDue(c),
      party: c.enterpriseName,
      what: matterNames.get(c.matterId)?.[lang] ?? c.matterId,
      status: c.status,
      owner: c.owner?.sub,
      since: c.submittedAt,
    })),
    ...complaints.flat().map((c): QueueItem => ({
      href: `${ROOT}complaints/${c.complaintId}`,
      id: c.complaintId,
      due: complaintDue(c),
      // Who the work order is about: the registered enterprise it was matched to, else the name the hotline took.
      party: c.partyName ?? (lang === 'zh' ? '（未注明被投诉方）' : '(party not named)'),
      what: c.type,
      status: c.status,
      owner: c.assignee?.staffId,
      since: c.receivedAt,
      assignable: me.role === 'supervisor' && allowedActions(COMPLAINT_LIFECYCLE, c.status).includes('assign'),
    })),
  ];
  return { items, more };
}

type Open =
  | { kind: 'case'; item: { c: CaseView; matter: Matter } }
  | { kind: 'complaint'; item: ComplaintView }
  | { kind: 'inspection'; item: InspectionView }
  | { kind: 'credit'; item: CreditView }
  | { kind: 'draws'; item: DrawsState }
  | { kind: 'draw'; item: Draw | { drawId: string; pending: true } }
  | { kind: 'imports' }
  | { kind: 'import'; item: ImportReport }
  | { kind: 'reports' }
  | { kind: 'missing' };

async function start(): Promise<void> {
  // Queues are tables: the workbench takes the width of the screen.
  document.querySelector('main')!.classList.add('wide');
  const { me, failure } = await arrival(ROOT);
  const state: QueueState & { open?: Open; done?: string; lang: Lang } = {
    queue: [],
    queueMore: false,
    rows: QUEUE_PAGE,
    absences: [],
    warnings: [],
    filter: '',
    mine: false,
    status: '',
    sort: 'due',
    picked: new Set(),
    lang: 'zh',
  };
  const matterNames = new Map<string, { zh: string; en: string }>();
  const reports: ReportsState = { quarter: currentQuarter() };

  const load = async () => {
    if (!matterNames.size)
      for (const m of (await api<{ items: Matter[] }>('GET', '/v1/guide/matters')).items) matterNames.set(m.matterId, { zh: m.name, en: m.nameEn });
    const [, kind, id] = /^\/staff\/(cases|complaints|inspections|credit|draws|imports)\/([^/]+)$/.exec(location.pathname) ?? [];
    const found = <I>(item: I | null, open: (item: I) => Open): Open => (item ? open(item) : { kind: 'missing' });
    if (location.pathname === `${ROOT}draws`) state.open = { kind: 'draws', item: await loadDraws(me!.agencyId) };
    else if (location.pathname === `${ROOT}imports`) state.open = { kind: 'imports' };
    else if (kind === 'credit') state.open = found(await loadCredit(pathSegment(id!)), (item) => ({ kind: 'credit', item }));
    else if (kind === 'draws') state.open = { kind: 'draw', item: (await loadDraw(pathSegment(id!))) ?? { drawId: pathSegment(id!), pending: true } };
    else if (kind === 'imports') state.open = found(await loadImport(pathSegment(id!)), (item) => ({ kind: 'import', item }));
    else if (location.pathname === `${ROOT}reports`) {
      reports.quarter = new URLSearchParams(location.search).get('quarter') ?? reports.quarter;
      await loadReports(me!.role, reports);
      state.open = { kind: 'reports' };
    } else if (kind === 'cases') {
      const item = await loadCase(id!);
      state.open = item ? { kind: 'case', item } : { kind: 'missing' };
    } else if (kind === 'complaints') {
      const item = await loadComplaint(id!);
      state.open = item ? { kind: 'complaint', item } : { kind: 'missing' };
    } else if (kind === 'inspections') {
      const item = await loadInspection(id!);
      state.open = item ? { kind: 'inspection', item } : { kind: 'missing' };
    } else {
      state.open = undefined;
      const staff = me!.role !== 'admin';
      let queue: { items: QueueItem[]; more: boolean };
      [queue, state.absences, state.warnings] = await Promise.all([
        queueOf(me!, matterNames, state.lang),
        staff ? api<{ items: Absence[] }>('GET', '/v1/supervision/absences').then((p) => p.items) : [],
        me!.role === 'supervisor'
          ? api<{ items: Warning[] }>('GET', '/v1/supervision/warnings?limit=100').then((p) => p.items.filter((w) => !w.resolvedOn))
          : [],
      ]);
      state.queue = queue.items;
      state.queueMore = queue.more;
    }
  };
  const { go, link } = appNavigation(
    load,
    () => repaint(),
    () => (state.done = undefined),
  );
  // After an action: the page again, led by what was done, focus on it (a screen reader hears it, a phone shows it).
  const done = async (what?: string) => {
    state.done = what ?? '';
    await load();
    repaint();
    document.getElementById('outcome')?.focus();
  };

  // Handed to the views before mountPage returns it (its first paint runs inside), so called through this.
  let repaint: () => void = () => undefined;
  repaint = mountPage(WORDS.title, (lang, main) => {
    state.lang = lang;
    const t = translator(WORDS, lang);
    if (!me) return void main.replaceChildren(...signInPanel(ROOT, t('signInLead'), t('signIn'), failure));
    const out = el('button', { type: 'button', class: 'link', id: 'sign-out' }, t('signOut'));
    out.onclick = () => void signOut(ROOT);
    const bar = el(
      'p',
      { class: 'who' },
      // Who is signed in: the account (an identifier), the role and the agency in words.
      identifier(me.sub),
      ` · ${roleName(me.role, t)}`,
      ...(me.agencyId ? [` · ${agencyName(me.agencyId, lang)}`] : []),
      ' · ',
      link(ROOT, t('queue')),
      ...(me.role === 'admin' ? [] : [' · ', link(`${ROOT}reports`, t('reports'))]),
      ...(me.role === 'supervisor' || me.role === 'inspector' ? [' · ', link(`${ROOT}draws`, t('drawsTitle'))] : []),
      ...(me.role === 'admin' ? [' · ', link(`${ROOT}imports`, t('importTitle'))] : []),
      ' · ',
      out,
    );
    const doneNote =
      state.done !== undefined
        ? [el('p', { role: 'status', class: 'ok-text outcome', id: 'outcome', tabindex: '-1' }, state.done ? t('doneWhat', { what: state.done }) : t('done'))]
        : [];
    if (!state.open)
      return void main.replaceChildren(
        bar,
        ...doneNote,
        ...queuePage(state, me, lang, t, link, repaint, done),
        ...(state.warnings.length ? [warningsPanel(state.warnings, t)] : []),
        ...(me.role === 'supervisor' || me.role === 'decision-maker' ? [absencesPanel(state.absences, lang, t, done)] : []),
      );
    const back = el('p', {}, link(ROOT, t('back')));
    const o = state.open;
    main.replaceChildren(
      bar,
      back,
      ...doneNote,
      ...(o.kind === 'missing'
        ? [el('p', { class: 'bad-text' }, t('notFound'))]
        : o.kind === 'reports'
          ? reportsPage(reports, me.role, lang, t, (quarter) => go(`${ROOT}reports?quarter=${encodeURIComponent(quarter)}`))
          : o.kind === 'case'
            ? casePage(o.item, me.role, lang, t, done)
            : o.kind === 'complaint'
              ? complaintPage(o.item, me, lang, t, done)
              : o.kind === 'credit'
                ? creditPage(o.item, lang, t, done)
                : o.kind === 'draws'
                  ? drawsPage(o.item, lang, t, link, go)
                  : o.kind === 'draw'
                    ? drawPage(o.item, t, lang, (now) => {
                        o.item = now;
                        repaint();
                      })
                    : o.kind === 'imports'
                      ? importForm(t, lang, (importId) => go(`${ROOT}imports/${importId}`))
                      : o.kind === 'import'
                        ? importPage(o.item, t, lang, (now) => {
                            o.item = now;
                            repaint();
                          })
                        : inspectionPage(o.item, me.role, lang, t, done)),
    );
  });
  if (me) {
    await load();
    repaint();
  }
}

interface QueueState {
  queue: QueueItem[];
  /** A list of the queue went on beyond what was read (allPages' cap): said, so a filter narrows it. */
  queueMore: boolean;
  /** How many rows of the queue the table shows (a page at a time). */
  rows: number;
  absences: Absence[];
  warnings: Warning[];
  filter: string;
  /** Only what is mine or nobody's yet. */
  mine: boolean;
  /** Only items in this status ('' all). */
  status: string;
  /** By the nearest deadline, by arrival (newest first), or by status. */
  sort: 'due' | 'since' | 'status';
  /** The work orders ticked for bulk assignment. */
  picked: Set<string>;
}

const SORTS = {
  due: (a: QueueItem, b: QueueItem) => (a.due?.dueDate ?? '9').localeCompare(b.due?.dueDate ?? '9'),
  since: (a: QueueItem, b: QueueItem) => (b.since ?? '').localeCompare(a.since ?? ''),
  status: (a: QueueItem, b: QueueItem) => a.status.localeCompare(b.status) || SORTS.due(a, b),
} as const;

/**
 * The queue (issue 33 item 10): a text filter, "mine", the count of each status (each a button that filters by it), a
 * choice of order, and for supervisors the work orders they may assign ticked and assigned to one handler at once.
 */
function queuePage(
  state: QueueState,
  me: Claims,
  lang: Lang,
  t: T,
  link: (href: string, text: string) => HTMLElement,
  repaint: () => void,
  done: (what: string) => Promise<void>,
): HTMLElement[] {
  const keep = (id: string) => document.querySelector<HTMLElement>(`#${id}`)?.focus();
  const filter = el('input', { id: 'queue-filter', type: 'search', value: state.filter });
  filter.oninput = () => {
    state.filter = filter.value;
    repaint();
    keep('queue-filter');
  };
  const mine = el('input', { id: 'queue-mine', type: 'checkbox', ...(state.mine ? { checked: '' } : {}) });
  mine.onchange = () => {
    state.mine = mine.checked;
    repaint();
    keep('queue-mine');
  };
  const sort = el(
    'select',
    { id: 'queue-sort' },
    ...(['due', 'since', 'status'] as const).map((k) => el('option', { value: k, ...(state.sort === k ? { selected: '' } : {}) }, t(`sort-${k}`))),
  );
  sort.onchange = () => {
    state.sort = sort.value as QueueState['sort'];
    repaint();
    keep('queue-sort');
  };
  const away = new Map(state.absences.map((a) => [a.sub, a]));
  // Mine: what I own, what nobody owns yet, and what I cover for an absent colleague.
  const isMine = (q: QueueItem) => !q.owner || q.owner === me.sub || away.get(q.owner)?.coveredBy === me.sub;
  const matching = state.queue.filter((q) => `${q.party} ${q.id} ${q.what}`.toLowerCase().includes(state.filter.toLowerCase()) && (!state.mine || isMine(q)));
  const counts = new Map<Key, number>();
  for (const q of matching) counts.set(q.status, (counts.get(q.status) ?? 0) + 1);
  const shown = matching.filter((q) => !state.status || q.status === state.status).sort(SORTS[state.sort]);
  const statusButton = (status: string, label: string, n: number) => {
    const b = el(
      'button',
      { type: 'button', class: 'chip', 'data-status-filter': status, 'aria-pressed': String(state.status === status) },
      `${label}（${n}）`,
    );
    b.onclick = () => {
      state.status = state.status === status ? '' : status;
      repaint();
      document.querySelector<HTMLElement>(`[data-status-filter="${status}"]`)?.focus();
    };
    return b;
  };
  const assignable = shown.filter((q) => q.assignable);
  for (const id of state.picked) if (!assignable.some((q) => q.id === id)) state.picked.delete(id);
  const pick = (q: QueueItem) => {
    const box = el('input', {
      type: 'checkbox',
      id: `pick-${q.id}`,
      'aria-label': t('pickItem', { id: q.id }),
      ...(state.picked.has(q.id) ? { checked: '' } : {}),
    });
    box.onchange = () => {
      if (box.checked) state.picked.add(q.id);
      else state.picked.delete(q.id);
      repaint();
      keep(`pick-${q.id}`);
    };
    return box;
  };
  return [
    el('h2', { tabindex: '-1' }, t('queue')),
    el('p', { class: 'small' }, t('queueLead')),
    el('div', { class: 'field' }, el('label', { for: 'queue-filter' }, t('filter')), filter),
    el('div', { class: 'field confirm' }, mine, ' ', el('label', { for: 'queue-mine' }, t('onlyMine'))),
    el(
      'div',
      { class: 'queue-tools' },
      el(
        'div',
        { class: 'status-counts', role: 'group', 'aria-label': t('byStatus') },
        statusButton('', t('allStatuses'), matching.length),
        ...[...counts].map(([status, n]) => statusButton(status, t(status), n)),
      ),
      el('div', { class: 'field' }, el('label', { for: 'queue-sort' }, t('sortBy')), sort),
    ),
    shown.length
      ? el(
          'table',
          { class: 'queue' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              ...(assignable.length ? [el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, t('pick')))] : []),
              ...(['due', 'case', 'enterprise', 'matter', 'status', 'owner'] as const).map((k) => el('th', { scope: 'col' }, t(k))),
            ),
          ),
          el(
            'tbody',
            {},
            ...shown.slice(0, state.rows).map((q) =>
              el(
                'tr',
                { 'data-item': q.id },
                ...(assignable.length ? [el('td', { class: 'pick' }, q.assignable ? pick(q) : '')] : []),
                el('td', {}, dueCell(q.due, lang)),
                // The item's number is an identifier: copied and quoted, never translated.
                el('td', { translate: 'no' }, link(q.href, q.id)),
                el('td', {}, q.party),
                el('td', {}, q.what in WORDS ? t(q.what as Key) : hotlineWord(t, q.what)),
                el('td', {}, t(q.status)),
                el(
                  'td',
                  { 'data-owner': q.owner ?? '' },
                  q.owner ? identifier(q.owner) : t('unowned'),
                  ...(q.owner && away.has(q.owner) ? [' ', ...withIdentifiers(t('awayCovered', { cover: '\u0000' }), [away.get(q.owner)!.coveredBy])] : []),
                ),
              ),
            ),
          ),
        )
      : el('p', {}, t('empty')),
    ...(shown.length > state.rows ? [moreRows(state, shown.length, t, repaint)] : []),
    ...(state.queueMore ? [el('p', { class: 'small', role: 'note' }, t('queueCapped'))] : []),
    ...(assignable.length ? [bulkAssign(state, t, done)] : []),
  ];
}

/** Assigns every ticked work order to one handler: one request each, and what did not go through said by its number. */
function bulkAssign(state: QueueState, t: T, done: (what: string) => Promise<void>): HTMLElement {
  const to = el('input', { id: 'bulk-staff', name: 'staffId', maxlength: '128', autocomplete: 'off' });
  const said = el('p', { id: 'bulk-said', role: 'status', class: 'small' });
  const form = el(
    'form',
    { class: 'action', 'data-action': 'bulk-assign', novalidate: '' },
    el('h3', {}, t('bulkAssign', { n: state.picked.size })),
    el('div', { class: 'field', 'data-field': 'staffId' }, el('label', { for: 'bulk-staff' }, t('staffId')), to),
    el('button', { type: 'submit', ...(state.picked.size ? {} : { disabled: '' }) }, t('assignPicked', { n: state.picked.size })),
    said,
  );
  form.onsubmit = async (e) => {
    e.preventDefault();
    const staffId = to.value.trim();
    if (!staffId) return void (said.textContent = t('bulkNeedsStaff'));
    const ids = [...state.picked];
    const failed: string[] = [];
    for (const id of ids)
      await api('POST', `/v1/complaints/${encodeURIComponent(id)}/assignment`, { staffId }).catch((err: unknown) => {
        if (!(err instanceof ApiProblem)) throw err;
        failed.push(id);
      });
    state.picked.clear();
    await done(
      failed.length ? t('bulkPartly', { n: ids.length - failed.length, failed: failed.join('、') }) : t('bulkDone', { n: ids.length, staff: staffId }),
    );
  };
  return form;
}

/** The next page of the queue's rows, the keyboard's focus kept on the button. */
function moreRows(state: QueueState, total: number, t: T, repaint: () => void): HTMLElement {
  const more = el('button', { type: 'button', class: 'more', id: 'queue-more' }, t('moreRows', { shown: state.rows, total }));
  more.onclick = () => {
    state.rows += QUEUE_PAGE;
    repaint();
    document.querySelector<HTMLButtonElement>('#queue-more')?.focus();
  };
  return more;
}

/** The condition screening's open warnings of the agency's enterprises (S6): what the month's screening found. */
function warningsPanel(warnings: readonly Warning[], t: T): HTMLElement {
  return el(
    'section',
    { class: 'warnings', 'aria-labelledby': 'warnings-title' },
    el('h3', { id: 'warnings-title' }, t('warningsTitle')),
    el(
      'table',
      { class: 'queue' },
      el('thead', {}, el('tr', {}, ...(['uscc', 'warningKind', 'subject', 'month'] as const).map((k) => el('th', { scope: 'col' }, t(k))))),
      el(
        'tbody',
        {},
        ...warnings.map((w) =>
          el(
            'tr',
            { 'data-warning': w.warningId },
            el('td', {}, w.uscc),
            el('td', {}, t(`warning-${w.kind}` as Key)),
            el('td', {}, w.subject),
            el('td', {}, w.month),
          ),
        ),
      ),
    ),
  );
}

/** Supervisors and decision-makers mark a colleague away with who covers, and back again (顶岗补位). */
function absencesPanel(absences: readonly Absence[], lang: Lang, t: T, done: () => Promise<void>): HTMLElement {
  const back = (a: Absence): ActionForm<Key> => ({
    action: `back-${a.sub}`,
    route: 'markBack',
    method: 'DELETE',
    path: `/v1/supervision/absences/${encodeURIComponent(a.sub)}`,
    title: (t) => t('isBack', { sub: '\u0000' }),
    titleIds: [a.sub],
    fields: () => [el('p', {}, identifier(a.sub), ' → ', identifier(a.coveredBy), `${a.until ? `（${a.until}）` : ''}：${a.reason}`)],
    body: () => undefined,
  });
  const mark: ActionForm<Key> = {
    action: 'markAbsent',
    route: 'markAbsent',
    method: 'PUT',
    path: (f) => `/v1/supervision/absences/${encodeURIComponent(String(f.get('absentSub') ?? '').trim())}`,
    fields: () => [
      textField('absentSub', t('absentSub')),
      textField('coveredBy', t('coveredBy')),
      el(
        'div',
        { class: 'field', 'data-field': 'until' },
        el('label', { for: 'f-until' }, t('until')),
        el('input', { id: 'f-until', name: 'until', type: 'date' }),
      ),
      textArea('absenceReason', t('reason'), 'reason'),
    ],
    body: (f) => ({
      coveredBy: String(f.get('coveredBy') ?? ''),
      ...(f.get('until') ? { until: String(f.get('until')) } : {}),
      reason: String(f.get('absenceReason') ?? ''),
    }),
  };
  // The colleagues away stay in view; marking one away is an occasional step, behind a disclosure (item 10).
  return actionSection(
    [mark, ...absences.map(back)],
    t,
    lang,
    done,
    'absences',
    absences.map((a) => `back-${a.sub}`),
  );
}

void start();
