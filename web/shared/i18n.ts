/**
 * The public site's words, Chinese first (the site's language unless one chooses English, kept in
 * localStorage). Each page passes its own table; `t(key)` picks the language.
 */
export type Lang = 'zh' | 'en';
export type Words<K extends string> = Record<K, { zh: string; en: string }>;

const STORE = 'pp.lang';

export function currentLang(): Lang {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'en' || asked === 'zh') return asked;
  return localStorage.getItem(STORE) === 'en' ? 'en' : 'zh';
}

export function translator<K extends string>(words: Words<K>, lang: Lang): (key: K, vars?: Record<string, string | number>) => string {
  return (key, vars = {}) => words[key][lang].replace(/\{(\w+)\}/g, (_, v: string) => String(vars[v] ?? ''));
}

/** The language switch in the header: a real button (keyboard, screen readers), and the document's lang set. */
export function mountLanguageSwitch(button: HTMLButtonElement, lang: Lang, onChange: (lang: Lang) => void): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  button.textContent = lang === 'zh' ? 'English' : '中文';
  button.lang = lang === 'zh' ? 'en' : 'zh-CN';
  button.onclick = () => {
    const next: Lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem(STORE, next);
    onChange(next);
  };
}

/** An element with text and attributes: the pages build their DOM with it (no HTML strings, so nothing is injected). */
export function el<T extends keyof HTMLElementTagNameMap>(
  tag: T,
  attrs: Record<string, string> = {},
  ...children: (Node | string | undefined | false)[]
): HTMLElementTagNameMap[T] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== undefined && c !== false) e.append(c);
  return e;
}

/**
 * An identifier people copy or quote (a staff account, a plan, a case or order number): shown as it is, marked
 * `translate="no"` so that neither a translating browser nor the Chinese-only check reads it as words.
 */
export const identifier = (text: string): HTMLElement => el('span', { translate: 'no', class: 'id' }, text);

/** A sentence with identifiers in it: each NUL of `text` (a placeholder filled with '\u0000') becomes the next identifier. */
export const withIdentifiers = (text: string, ids: readonly string[]): (string | HTMLElement)[] =>
  text.split('\u0000').flatMap((part, i) => (i < ids.length ? [part, identifier(ids[i]!)] : [part]));

/** The site's name, in the header of every page. */
const SITE = { zh: '国家能源局 许可与监管平台', en: 'National Energy Administration · Licensing and supervision' };

/**
 * A page of the site: its title in the header and the document, the language switch, and `render` called now and
 * again whenever the language changes (with the language and the page's main element to fill). `subtitle` names
 * what the page shows (a matter, say) ahead of the title in the document's title. Returns the repaint, for a page
 * whose content arrives later.
 */
export function mountPage(title: { zh: string; en: string }, render: (lang: Lang, main: HTMLElement) => void | { subtitle?: string }): () => void {
  const main = document.querySelector('main')!;
  let lang = currentLang();
  const paint = () => {
    const subtitle = render(lang, main)?.subtitle;
    document.title = `${subtitle ? `${subtitle} · ` : ''}${title[lang]} · ${SITE[lang]}`;
    document.querySelector('#site-title')!.textContent = title[lang];
    document.querySelector('#site-name')!.textContent = SITE[lang];
    // The layout's own words (navigation, skip link, footer) in the page's language only.
    for (const e of document.querySelectorAll<HTMLElement>('[data-zh]')) e.textContent = e.dataset[lang]!;
    for (const e of document.querySelectorAll<HTMLElement>('[data-label-zh]')) e.setAttribute('aria-label', e.dataset[lang === 'zh' ? 'labelZh' : 'labelEn']!);
    mountLanguageSwitch(document.querySelector('#lang')!, lang, (next) => {
      lang = next;
      paint();
    });
  };
  paint();
  return paint;
}
