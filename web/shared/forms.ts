import { calendar } from '../../functions/platform/config';
import { fieldErrors } from '../../functions/platform/http/problem';
import { plainIssue, plainMessage } from './field-messages';
import type { RouteSpec } from '../../functions/platform/http/route';
import { routes } from '../../functions/routes';
import { el, type Lang, translator, withIdentifiers } from './i18n';
import { api, ApiProblem } from './sign-in';
import { today } from './time';

/** A page's translator: the words of its own table (the forms' labels, titles and action names come from it). */
export type Translate<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

/** The forms' own words, the same on every page (the workbench, the portal). */
const FORM_WORDS = {
  confirmTitle: { zh: '请确认：此操作不能撤回', en: 'Please confirm: this cannot be undone' },
  back: { zh: '返回修改', en: 'Go back and change' },
  problems: { zh: '有 {n} 处需要修改', en: 'There is a problem ({n})' },
  thisField: { zh: '此项', en: 'this' },
  send: { zh: '提交', en: 'Submit' },
  failed: { zh: '未能办理：{detail}', en: 'Not done: {detail}' },
  noActions: { zh: '目前没有您可以办理的操作。', en: 'Nothing for you to do here now.' },
  moreActions: { zh: '其他办理事项（{n} 项）', en: 'Other actions ({n})' },
  daysLeft: { zh: '剩 {n} 个工作日', en: '{n} working days left' },
  overdue: { zh: '已超期', en: 'Overdue' },
  provisional: { zh: '（暂定日历）', en: '(provisional calendar)' },
  noDeadline: { zh: '—', en: '—' },
  met: { zh: '已完成', en: 'Met' },
  open: { zh: '计时中', en: 'Running' },
  paused: { zh: '已暂停', en: 'Paused' },
  breached: { zh: '已超期', en: 'Breached' },
  stopped: { zh: '已一次性告知补正：收到补正材料后重新计算', en: 'Correction notice issued: starts again from the supplement' },
  openLink: { zh: '打开材料（5 分钟内有效）', en: 'Open the document (the link works 5 minutes)' },
  extendedBy: { zh: '审查期限延长 {n} 个工作日：{reason}', en: 'Decision period extended by {n} working days: {reason}' },
  pausedFor: { zh: '{id} · {kind}中止计时 · {from}–{to} · {days} 个工作日', en: '{id} · clock paused for {kind} · {from}–{to} · {days} working days' },
  pauseRunning: { zh: '进行中', en: 'running' },
  'expert-review': { zh: '专家评审', en: 'expert review' },
  testing: { zh: '检验检测', en: 'testing' },
  'site-verification': { zh: '现场核查', en: 'site verification' },
};
const formWords = (lang: Lang) => translator(FORM_WORDS, lang);

/**
 * What an irreversible step asks before it is sent: what it will do, in plain words, the button that does it (named
 * by its consequence, never a bare 提交), and where it helps a preview of what it makes (a licence's face, a notice).
 */
export interface Confirmation {
  consequence: string;
  button: string;
  preview?: HTMLElement;
}

/**
 * An action of a work item's transition table as a form: its fields, the body it sends, and the route whose body
 * schema checks it before it is sent. An irreversible one asks for a confirmation first (`confirm`).
 */
export interface ActionForm<K extends string = string> {
  action: string;
  route: keyof typeof routes;
  path: string | ((form: FormData) => string);
  method?: 'POST' | 'PUT' | 'DELETE';
  /** The form's heading and button, when its action is not a word of its own (default: the action's word). */
  title?: (t: Translate<K>) => string;
  /** Identifiers in the title (each NUL of it, in order): a staff account, say, marked as one (`withIdentifiers`). */
  titleIds?: readonly string[];
  /** Ends or refuses something for the person it is about (不予受理): its button looks as grave as it is. */
  destructive?: boolean;
  /** Irreversible (for the form's values): the confirmation it asks before anything is sent. */
  confirm?: (form: FormData, t: Translate<K>, lang: Lang) => Confirmation | undefined;
  /** Which field shows a problem at a body path, when the form's fields are not named as the body is. */
  fieldFor?: (path: string, form: FormData) => string | undefined;
  fields: (t: Translate<K>, lang: Lang) => HTMLElement[];
  body: (form: FormData) => unknown;
  /** What follows the API's answer, when it is not the page's reload (a started draw goes to its page). */
  then?: (answer: unknown) => Promise<void>;
}

export const textArea = (name: string, label: string, errorKey = name) =>
  el('div', { class: 'field', 'data-field': errorKey }, el('label', { for: `f-${name}` }, label), el('textarea', { id: `f-${name}`, name, rows: '3' }));
export const textField = (name: string, label: string, value = '') =>
  el('div', { class: 'field', 'data-field': name }, el('label', { for: `f-${name}` }, label), el('input', { id: `f-${name}`, name, value, maxlength: '500' }));
export const numberField = (name: string, label: string, max: number) =>
  el(
    'div',
    { class: 'field', 'data-field': name },
    el('label', { for: `f-${name}` }, label),
    el('input', { id: `f-${name}`, name, type: 'number', min: '1', max: String(max), required: '' }),
  );
export const choices = (name: string, legend: string, options: readonly [value: string, label: string][], checked?: string, errorKey = name) =>
  el(
    'fieldset',
    { class: 'outcome', 'data-field': errorKey },
    el('legend', {}, legend),
    ...options.map(([value, label]) =>
      el('label', { class: 'choice' }, el('input', { type: 'radio', name, value, ...(value === checked ? { checked: '' } : {}) }), ` ${label}`),
    ),
  );
export const selectField = (name: string, label: string, options: readonly [value: string, label: string][], errorKey = name) =>
  el(
    'div',
    { class: 'field', 'data-field': errorKey },
    el('label', { for: `f-${name}` }, label),
    el('select', { id: `f-${name}`, name }, ...options.map(([value, text]) => el('option', { value }, text))),
  );
export const checkbox = (name: string, label: string) =>
  el(
    'div',
    { class: 'field confirm', 'data-field': name },
    el('input', { type: 'checkbox', id: `f-${name}`, name }),
    ' ',
    el('label', { for: `f-${name}` }, label),
  );

/** The words a field is known by: its label or legend, without the hints in brackets ("理由（申请人可见）" → "理由"). */
const labelOf = (field: HTMLElement | null): string | undefined => {
  const text = field?.querySelector(':scope > label, :scope > legend, :scope > .label')?.textContent?.trim();
  return text?.replace(/\s*[（(].*$/, '').trim() || undefined;
};

/** `$.body.deficiencies[0].problem` → the field that shows it (`deficiencies-0`, else the top name). */
const fieldOf = (path: string): string => {
  const p = path.replace(/^\$\.body\.?/, '');
  const indexed = /^(\w+)\[(\d+)\]/.exec(p);
  return indexed ? `${indexed[1]}-${indexed[2]}` : (p.split(/[.[]/)[0] ?? '');
};

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * What is typed into a form waits in the tab (sessionStorage, this tab only) until it is sent, so that a reload, a
 * phone discarding the tab or a repaint in the other language loses nothing (ADR 0017); signing out clears it. Files
 * are not kept (the vault keeps uploads).
 */
function keptInTab(form: HTMLFormElement, key: string): { forget: () => void } {
  const storeKey = `pp.form.${key}`;
  const fields = () => [...form.querySelectorAll<Field>('input[name], textarea[name], select[name]')].filter((x) => x.type !== 'file' && x.type !== 'hidden');
  const saved = JSON.parse(sessionStorage.getItem(storeKey) ?? 'null') as Record<string, string[]> | null;
  if (saved) {
    for (const x of fields()) {
      const values = saved[x.name];
      if (!values) continue;
      if (x instanceof HTMLInputElement && (x.type === 'checkbox' || x.type === 'radio')) x.checked = values.includes(x.value);
      else x.value = values[0] ?? '';
    }
    // What reads the fields as they are typed (the credit code's hint, a shown letter) reads them as restored.
    queueMicrotask(() => {
      for (const x of fields())
        x.dispatchEvent(new Event(x instanceof HTMLSelectElement || x.type === 'checkbox' || x.type === 'radio' ? 'change' : 'input', { bubbles: true }));
    });
  }
  let sent = false;
  const keep = () => {
    if (sent) return;
    const values: Record<string, string[]> = {};
    for (const x of fields()) {
      values[x.name] ??= [];
      if (!(x instanceof HTMLInputElement && (x.type === 'checkbox' || x.type === 'radio')) || x.checked) values[x.name]!.push(x.value);
    }
    sessionStorage.setItem(storeKey, JSON.stringify(values));
  };
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);
  return {
    forget: () => {
      sent = true;
      sessionStorage.removeItem(storeKey);
    },
  };
}

/**
 * The forms of the actions allowed now, each checked with the API's own schema first — the same message the API
 * would give, at the field it names — then sent; the API's problems are shown the same way. `done` reloads.
 */
export function actionSection<K extends string>(
  forms: readonly ActionForm<K>[],
  t: Translate<K>,
  lang: Lang,
  done: (what: string) => Promise<void>,
  title: K,
  /** The actions of the next step the item needs: shown; the others wait behind one disclosure. Not given: all shown. */
  lead?: readonly string[],
): HTMLElement {
  const w = formWords(lang);
  const sections = forms.map((f) => {
    const fields = el('div', { class: 'fields' }, ...f.fields(t, lang));
    const title = f.title?.(t) ?? t(f.action as K);
    const said = () => withIdentifiers(title, f.titleIds ?? []);
    const submit = el(
      'button',
      { type: 'submit', ...(f.destructive ? { class: 'danger' } : {}) },
      ...(f.title || f.destructive ? said() : [fields.childElementCount ? w('send') : t(f.action as K)]),
    );
    const form = el('form', { class: 'action', 'data-action': f.action, novalidate: '' }, el('h3', {}, ...said()), fields, submit);
    const kept = keptInTab(form, `${location.pathname}#${f.action}`);
    const clear = () => {
      for (const x of form.querySelectorAll('.error, .error-summary, .confirm-step')) x.remove();
      for (const x of form.querySelectorAll('[aria-invalid]')) {
        x.removeAttribute('aria-invalid');
        x.removeAttribute('aria-describedby');
      }
      fields.inert = false;
      submit.hidden = false;
    };
    form.onsubmit = async (e) => {
      e.preventDefault();
      clear();
      const data = new FormData(form);
      const body = f.body(data);
      // GOV.UK's error pattern: each problem in plain words at its field (the field marked invalid and described by
      // it), and one summary at the top that links to each and takes focus — the only alert.
      const report = (problems: readonly { path: string; message: string; said?: string }[]) => {
        const items = problems.map(({ path, message, said }, n) => {
          const field = f.fieldFor?.(path, data) ?? fieldOf(path);
          const at = (field && form.querySelector<HTMLElement>(`[data-field="${field}"]`)) || null;
          const label = labelOf(at) ?? w('thisField');
          const input = at?.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select') ?? undefined;
          const picked = input?.tagName === 'SELECT' || input?.getAttribute('type') === 'radio' || input?.getAttribute('type') === 'checkbox';
          const text = said ?? plainMessage(message, label, lang, picked);
          const id = `err-${f.action}-${n}`;
          if (at) at.append(el('p', { class: 'error bad-text', id }, text));
          if (input) {
            input.setAttribute('aria-invalid', 'true');
            input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
          }
          return { text, input };
        });
        const heading = el('h4', { id: `problems-${f.action}` }, w('problems', { n: items.length }));
        const summary = el(
          'div',
          { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': heading.id },
          heading,
          el(
            'ul',
            {},
            ...items.map(({ text, input }) => {
              if (!input) return el('li', {}, text);
              const link = el('a', { href: `#${input.id}` }, text);
              link.onclick = (ev) => {
                ev.preventDefault();
                input.focus();
              };
              return el('li', {}, link);
            }),
          ),
        );
        form.querySelector('h3')!.after(summary);
        summary.focus();
      };
      const send = async () => {
        try {
          const answer = await api(f.method ?? 'POST', typeof f.path === 'string' ? f.path : f.path(data), body);
          kept.forget();
          await (f.then ? f.then(answer) : done(title));
        } catch (err) {
          if (!(err instanceof ApiProblem)) throw err;
          clear();
          const errors = err.problem.errors ?? [];
          report(errors.length ? errors : [{ path: '', message: '', said: w('failed', { detail: err.problem.detail }) }]);
        }
      };
      const checked = (routes[f.route] as RouteSpec).body?.safeParse(body, { error: plainIssue(lang) });
      if (checked && !checked.success) return void report(fieldErrors(checked.error, '$.body'));
      const confirmation = f.confirm?.(data, t, lang);
      if (!confirmation) return send();
      // Irreversible: nothing is sent until the person has read what it does and pressed the button that says so.
      fields.inert = true;
      submit.hidden = true;
      const heading = el('h4', { id: `confirm-${f.action}-title`, tabindex: '-1' }, w('confirmTitle'));
      const yes = el('button', { type: 'button', class: 'danger', 'data-confirm': f.action }, confirmation.button);
      const back = el('button', { type: 'button', class: 'secondary', 'data-back': f.action }, w('back'));
      yes.onclick = () => void send();
      back.onclick = () => {
        clear();
        fields.querySelector<HTMLElement>('input, textarea, select')?.focus();
      };
      form.append(
        el(
          'div',
          { class: 'confirm-step', role: 'group', 'aria-labelledby': heading.id },
          heading,
          ...(confirmation.preview ? [confirmation.preview] : []),
          el('p', { class: 'consequence' }, confirmation.consequence),
          el('div', { class: 'confirm-buttons' }, yes, back),
        ),
      );
      heading.focus();
    };
    return form;
  });
  const leading = sections.filter((_, i) => lead?.includes(forms[i]!.action));
  const others = sections.filter((s) => !leading.includes(s));
  // An action of the disclosure that holds what the person typed before a reload opens it again.
  const more = el('details', { class: 'more-actions' }, el('summary', {}, w('moreActions', { n: others.length })), ...others);
  more.open = others.some((s) =>
    [...s.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('textarea, input:not([type="checkbox"]):not([type="radio"])')].some((x) => x.value),
  );
  return el(
    'section',
    { class: 'actions', 'aria-labelledby': `${title}-title` },
    el('h3', { id: `${title}-title` }, t(title)),
    ...(!sections.length ? [el('p', {}, w('noActions'))] : lead && others.length ? [...leading, more] : sections),
  );
}

/** The nearest open statutory deadline of a work item, as its queue row shows it. */
export interface Due {
  dueDate: string;
  breached: boolean;
  provisional: boolean;
}

export function dueCell(d: Due | undefined, lang: Lang): HTMLElement {
  const t = formWords(lang);
  if (!d) return el('span', {}, t('noDeadline'));
  const left = calendar.workingDaysBetween(today(), d.dueDate);
  const overdue = d.breached || d.dueDate < today();
  return el(
    'span',
    { class: overdue ? 'bad-text' : '', 'data-due': d.dueDate },
    el('span', { class: 'nowrap' }, d.dueDate),
    ' ',
    overdue ? el('strong', {}, t('overdue')) : t('daysLeft', { n: left.value }),
    d.provisional || left.calendarProvisional ? ` ${t('provisional')}` : '',
  );
}

/** One statutory deadline as a work item's page lists it: its kind, last day, state and, while open, the working days left. */
export interface DeadlineRow {
  kind: string;
  label: string;
  dueDate: string;
  state: 'open' | 'met' | 'paused' | 'breached' | 'stopped';
  provisional: boolean;
  /** The rule id, kept on the row for tests and operators; people read the legal basis instead. */
  rule: string;
  basis?: string;
}

/** A deadline's legal basis in the page's language (the English reading where the API gives one). */
export const basisIn = (d: { basis: string; basisEn?: string }, lang: Lang): string => (lang === 'en' ? (d.basisEn ?? d.basis) : d.basis);

export function deadlineList(rows: readonly DeadlineRow[], lang: Lang): HTMLElement {
  const t = formWords(lang);
  return el(
    'ul',
    { class: 'deadlines' },
    ...rows.map((d) =>
      el(
        'li',
        { 'data-deadline': d.kind, 'data-rule': d.rule },
        `${d.label}：`,
        el('span', { class: 'nowrap' }, d.dueDate),
        ` · ${t(d.state)}`,
        d.state === 'open' ? ` · ${t('daysLeft', { n: calendar.workingDaysBetween(today(), d.dueDate).value })}` : '',
        d.provisional ? ` ${t('provisional')}` : '',
        d.basis ? el('span', { class: 'basis' }, d.basis) : '',
      ),
    ),
  );
}

/** What moved a case's decision clock (L5, Art. 45): its one extension and its pauses, each with its reason. */
export interface ClockChanges {
  extension?: { workingDays: number; reason: string };
  pauses: readonly {
    pauseId: string;
    kind: string;
    expectedWorkingDays: number;
    reason?: string;
    startDate: string;
    endDate?: string;
    actualWorkingDays?: number;
  }[];
}

/** The extension and the pauses as both case pages (the workbench's, the portal's) list them; nothing when there are none. */
export function clockChangesList(c: ClockChanges, lang: Lang): HTMLElement | undefined {
  if (!c.extension && !c.pauses.length) return undefined;
  const t = formWords(lang);
  return el(
    'ul',
    { class: 'pauses' },
    ...(c.extension ? [el('li', {}, t('extendedBy', { n: c.extension.workingDays, reason: c.extension.reason }))] : []),
    ...c.pauses.map((p) =>
      el(
        'li',
        { 'data-pause': p.pauseId },
        // The pause's number is an identifier (P1 is not a rule of the rulebook).
        ...withIdentifiers(
          t('pausedFor', {
            id: '\u0000',
            kind: p.kind in FORM_WORDS ? t(p.kind as keyof typeof FORM_WORDS) : p.kind,
            from: p.startDate,
            to: p.endDate ?? t('pauseRunning'),
            days: p.actualWorkingDays ?? p.expectedWorkingDays,
          }),
          [p.pauseId],
        ),
        p.reason ? `：${p.reason}` : '',
      ),
    ),
  );
}

/**
 * A vault document: asked for, a link that works five minutes (GET …/documents/{id}/link; the opening is logged)
 * takes the button's place, focused, to follow into a tab of its own — a link the person follows, which no popup
 * blocker holds back, and a fresh one each time the page is shown.
 */
export function documentButton(uscc: string, documentId: string, label: string, lang: Lang): HTMLElement {
  const button = el('button', { type: 'button', class: 'link', 'data-document': documentId }, label);
  button.onclick = async () => {
    const { url } = await api<{ url: string }>('GET', `/v1/enterprises/${encodeURIComponent(uscc)}/documents/${documentId}/link`);
    const link = el(
      'a',
      { href: url, target: '_blank', rel: 'noopener noreferrer', 'data-document-link': documentId },
      `${label} · ${formWords(lang)('openLink')}`,
    );
    button.replaceWith(link);
    link.focus();
  };
  return button;
}
