import { licenseClasses } from '../../config/guide.json';
import { usccCharactersOnly, usccCheckCharacter } from '../../functions/enterprises/domain/uscc';
import { levelName } from '../../functions/licensing/domain/levels';
import { el, type Lang, mountPage, translator, type Words } from '../shared/i18n';
import { PROVINCES } from '../shared/provinces';
import { shanghaiDay } from '../shared/time';

/**
 * The public register of licensing decisions and commitment letters (DOMAIN L9, 双公示): search by part of the
 * enterprise's name, its credit code or the licence number, filter by class, province and date of publication,
 * newest first, a page at a time, and the same search as a CSV file. The query lives in the address, so a search
 * can be bookmarked and shared.
 */
const WORDS = {
  title: { zh: '行政许可公示', en: 'Register of licensing decisions' },
  lead: {
    zh: '准予行政许可的决定和告知承诺书，自作出决定之日起七个工作日内公示。',
    en: 'Decisions granting a licence, and the commitment letters behind them, published within seven working days of the decision.',
  },
  search: { zh: '查询', en: 'Search' },
  name: { zh: '企业名称（任意两个以上连续的字）', en: 'Enterprise name (any two or more characters of it)' },
  uscc: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  licenseNo: { zh: '许可证编号', en: 'Licence number' },
  licenseClass: { zh: '许可类别', en: 'Licence class' },
  province: { zh: '省份', en: 'Province' },
  from: { zh: '公示日期 自', en: 'Published from' },
  to: { zh: '至', en: 'to' },
  any: { zh: '全部', en: 'All' },
  submit: { zh: '查询', en: 'Search' },
  clear: { zh: '清空条件', en: 'Clear' },
  csv: { zh: '下载查询结果（CSV，最多 5000 条）', en: 'Download these results (CSV, at most 5,000 rows)' },
  total: { zh: '共 {n} 条', en: '{n} in all' },
  shown: { zh: '已显示 {n} 条', en: '{n} shown' },
  none: { zh: '没有符合条件的公示。', en: 'No published decision matches.' },
  more: { zh: '更多结果', en: 'More results' },
  level: { zh: '等级', en: 'Level' },
  number: { zh: '许可证编号', en: 'Licence number' },
  matter: { zh: '事项', en: 'Matter' },
  decided: { zh: '决定日期', en: 'Decided' },
  published: { zh: '公示日期', en: 'Published' },
  agency: { zh: '决定机关', en: 'Decided by' },
  path: { zh: '审批方式', en: 'Procedure' },
  standard: { zh: '一般程序', en: 'Standard review' },
  commitment: { zh: '告知承诺', en: 'Notification and commitment' },
  letter: { zh: '告知承诺书（{date} 签署）', en: 'Commitment letter (signed {date})' },
  verify: { zh: '核验此许可证', en: 'Verify this licence' },
  failed: { zh: '查询失败：{detail}', en: 'The search failed: {detail}' },
  usccLength: { zh: '统一社会信用代码应为 18 位，您输入了 {n} 位。', en: 'A credit code has 18 characters; you typed {n}.' },
  usccLetters: { zh: '统一社会信用代码只含数字和除 I、O、S、V、Z 以外的大写字母。', en: 'A credit code uses digits and the letters A–Y except I, O, S, V, Z.' },
  usccCheck: {
    zh: '最后一位校验码不对（按 GB 32100-2015 应为 {expected}），请核对。',
    en: 'The last (check) character does not match (GB 32100-2015 gives {expected}): check the code.',
  },
} satisfies Words<string>;

/** What is wrong with a credit code typed into the search, in the page's words; nothing when it is empty or right. */
function usccProblem(code: string, t: ReturnType<typeof translator<keyof typeof WORDS>>): string | undefined {
  if (!code) return undefined;
  if (!usccCharactersOnly(code)) return t('usccLetters');
  if (code.length !== 18) return t('usccLength', { n: code.length });
  const expected = usccCheckCharacter(code.slice(0, 17));
  return expected === code[17] ? undefined : t('usccCheck', { expected });
}

interface Decision {
  caseId: string;
  matter: string;
  enterprise: { name: string; uscc: string; regionCode: string };
  licenseClass: string;
  level?: number;
  licenseNo?: string;
  decidedAt: string;
  publishedAt: string;
  agency: { id: string; name: string };
  path: 'standard' | 'commitment';
  commitmentLetter?: { text: string; signedAt: string };
}

const FIELDS = ['name', 'uscc', 'licenseNo', 'licenseClass', 'province', 'publishedFrom', 'publishedTo'] as const;
const CLASSES = licenseClasses as Record<string, { name: string; nameEn: string }>;

function criteria(): URLSearchParams {
  const asked = new URLSearchParams(location.search);
  const q = new URLSearchParams();
  for (const f of FIELDS) if (asked.get(f)?.trim()) q.set(f, asked.get(f)!.trim());
  return q;
}

async function start(): Promise<void> {
  let items: Decision[] = [];
  let cursor: string | undefined;
  let total: number | undefined;
  let problem: string | undefined;
  const load = async (more: boolean) => {
    const q = criteria();
    q.set('order', 'desc');
    q.set('limit', '20');
    if (more && cursor) q.set('cursor', cursor);
    const res = await fetch(`/v1/public/decisions?${q}`);
    const body = (await res.json()) as { items: Decision[]; cursor?: string; total?: number; detail?: string };
    if (!res.ok) {
      [items, cursor, total, problem] = [[], undefined, undefined, body.detail ?? String(res.status)];
      return;
    }
    problem = undefined;
    items = more ? [...items, ...body.items] : body.items;
    cursor = body.cursor;
    if (!more) total = body.total;
  };

  const render = (lang: Lang, main: HTMLElement) => {
    const t = translator(WORDS, lang);
    const q = criteria();
    const field = (name: (typeof FIELDS)[number], label: string, control: HTMLInputElement | HTMLSelectElement) => {
      control.id = `f-${name}`;
      control.setAttribute('name', name);
      if (q.get(name)) control.value = q.get(name)!;
      return el('div', { class: 'field' }, el('label', { for: control.id }, label), control);
    };
    const select = (options: [string, string][]) =>
      el('select', {}, el('option', { value: '' }, t('any')), ...options.map(([v, l]) => el('option', { value: v }, l)));
    const form = el(
      'form',
      { class: 'search', role: 'search', 'aria-label': t('search') },
      field('name', t('name'), el('input', { type: 'search', minlength: '2', maxlength: '50', autocomplete: 'organization' })),
      field('uscc', t('uscc'), el('input', { type: 'text', maxlength: '18', autocapitalize: 'characters', spellcheck: 'false' })),
      field('licenseNo', t('licenseNo'), el('input', { type: 'text', maxlength: '20', autocapitalize: 'characters', spellcheck: 'false' })),
      field('licenseClass', t('licenseClass'), select(Object.entries(CLASSES).map(([id, c]) => [id, lang === 'zh' ? c.name : c.nameEn]))),
      field('province', t('province'), select(Object.entries(PROVINCES).map(([code, p]) => [code, p[lang]]))),
      field('publishedFrom', t('from'), el('input', { type: 'date' })),
      field('publishedTo', t('to'), el('input', { type: 'date' })),
      el('div', { class: 'actions' }, el('button', { type: 'submit' }, t('submit')), el('a', { href: '/register' }, t('clear'))),
    );
    form.onsubmit = async (event) => {
      event.preventDefault();
      // A mistyped credit code is said at its field, what is wrong with it, before anything is asked of the register.
      const input = form.querySelector<HTMLInputElement>('#f-uscc')!;
      input.closest('.field')!.querySelector('.error')?.remove();
      input.removeAttribute('aria-invalid');
      const wrong = usccProblem(input.value.trim().toUpperCase(), t);
      if (wrong) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', 'uscc-error');
        input.closest('.field')!.append(el('p', { class: 'error bad-text', id: 'uscc-error', role: 'alert' }, wrong));
        return void input.focus();
      }
      const next = new URLSearchParams();
      for (const [k, v] of new FormData(form))
        if (typeof v === 'string' && v.trim()) next.set(k, k === 'uscc' || k === 'licenseNo' ? v.trim().toUpperCase() : v.trim());
      history.replaceState(null, '', `/register${next.size ? `?${next}` : ''}`);
      await load(false);
      render(lang, main);
      main.querySelector<HTMLElement>('#results')?.focus();
    };

    const csv = new URLSearchParams(q);
    csv.set('order', 'desc');
    csv.set('format', 'csv');
    const results = el(
      'section',
      { id: 'results', tabindex: '-1', 'aria-live': 'polite', 'aria-label': t('search') },
      problem
        ? el('p', { class: 'bad-text', role: 'alert' }, t('failed', { detail: problem }))
        : el(
            'p',
            { class: 'count' },
            total !== undefined ? t('total', { n: total }) : t('shown', { n: items.length }),
            ' · ',
            el('a', { href: `/v1/public/decisions?${csv}`, download: 'public-decisions.csv' }, t('csv')),
          ),
      ...(items.length || problem ? items.map((d) => card(d, lang, t)) : [el('p', {}, t('none'))]),
    );
    const more = el('button', { type: 'button', class: 'more' }, t('more'));
    more.onclick = async () => {
      const shown = items.length;
      await load(true);
      render(lang, main);
      // Keyboard users go on from the first new result.
      main.querySelectorAll<HTMLElement>('.entry')[shown]?.focus();
    };
    main.replaceChildren(el('p', { class: 'lead' }, t('lead')), form, results);
    if (cursor) main.append(more);
  };
  await load(false);
  mountPage(WORDS.title, render);
}

function card(d: Decision, lang: Lang, t: ReturnType<typeof translator<keyof typeof WORDS>>): HTMLElement {
  const cls = CLASSES[d.licenseClass];
  return el(
    'article',
    { class: 'entry', tabindex: '-1', 'data-case': d.caseId, 'aria-label': d.enterprise.name },
    el('h2', {}, d.enterprise.name),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t('uscc')),
      el('dd', {}, d.enterprise.uscc),
      el('dt', {}, t('licenseClass')),
      el('dd', {}, cls ? (lang === 'zh' ? cls.name : cls.nameEn) : d.licenseClass, d.level ? ` · ${t('level')} ${levelName(d.level, lang)}` : ''),
      ...(d.licenseNo
        ? [
            el('dt', {}, t('number')),
            el('dd', {}, el('a', { href: `/?licenseNo=${encodeURIComponent(d.licenseNo)}`, 'aria-label': `${t('verify')} ${d.licenseNo}` }, d.licenseNo)),
          ]
        : []),
      el('dt', {}, t('matter')),
      el('dd', {}, d.matter),
      el('dt', {}, t('path')),
      el('dd', {}, t(d.path)),
      el('dt', {}, t('decided')),
      el('dd', {}, shanghaiDay(d.decidedAt)),
      el('dt', {}, t('published')),
      el('dd', {}, shanghaiDay(d.publishedAt)),
      el('dt', {}, t('agency')),
      el('dd', {}, d.agency.name),
    ),
    d.commitmentLetter
      ? el(
          'details',
          {},
          el('summary', {}, t('letter', { date: shanghaiDay(d.commitmentLetter.signedAt) })),
          el('p', { class: 'letter' }, d.commitmentLetter.text),
        )
      : undefined,
  );
}

void start();
